use super::*;

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

/// The process umask, from /proc (reading it with umask(2) would change it).
fn umask() -> u32 {
    let status = fs::read_to_string("/proc/self/status").expect("status");
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .expect("Umask line");
    u32::from_str_radix(line.trim(), 8).expect("octal")
}

#[test]
fn shared_files_keep_their_mode_and_new_ones_follow_the_umask() {
    let dir = tempfile::tempdir().expect("tmp");
    let target = dir.path().join("a.txt.ana.tandai.json");
    atomic_write(&target, b"one", Perms::Shared).expect("first");
    assert_eq!(mode(&target), 0o666 & !umask(), "new: the umask decides");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).expect("chmod");
    atomic_write(&target, b"two", Perms::Shared).expect("second");
    assert_eq!(fs::read(&target).expect("read"), b"two");
    assert_eq!(mode(&target), 0o640, "a rewrite keeps the mode");
    assert_eq!(listing(dir.path()), ["a.txt.ana.tandai.json"]);
}

#[test]
fn private_files_are_0600_whatever_was_there() {
    let dir = tempfile::tempdir().expect("tmp");
    let target = dir.path().join("config.toml");
    fs::write(&target, b"x").expect("write");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).expect("chmod");
    atomic_write(&target, b"coder", Perms::Private).expect("write");
    assert_eq!(mode(&target), 0o600);
}

#[test]
fn every_injected_fault_keeps_the_old_file_and_no_temp() {
    for expect in [Expect::Anything, Expect::Exactly(b"old")] {
        for step in [Step::Create, Step::Write, Step::Sync, Step::Rename] {
            let dir = tempfile::tempdir().expect("tmp");
            let target = dir.path().join("s.json");
            atomic_write(&target, b"old", Perms::Shared).expect("old");
            let err = write_with(
                &target,
                b"new",
                Perms::Shared,
                expect,
                Rename::Atomic,
                |s| {
                    if s == step {
                        Err(std::io::Error::other("injected"))
                    } else {
                        Ok(())
                    }
                },
            )
            .expect_err("must fail");
            assert!(err.contains("injected"), "{err}");
            assert!(err.contains(step.describe()), "{err}");
            assert_eq!(fs::read(&target).expect("read"), b"old", "{step:?}");
            assert_eq!(listing(dir.path()), ["s.json"], "{step:?}");
        }
    }
}

#[test]
fn refuses_symlinks_and_leaves_the_target_alone() {
    let dir = tempfile::tempdir().expect("tmp");
    let victim = dir.path().join("victim");
    fs::write(&victim, b"keep").expect("write");
    let link = dir.path().join("s.json");
    std::os::unix::fs::symlink(&victim, &link).expect("link");
    let err = atomic_write(&link, b"x", Perms::Shared).expect_err("refused");
    assert!(err.contains("symbolic link"));
    assert_eq!(fs::read(&victim).expect("read"), b"keep");
    fs::create_dir(dir.path().join("d")).expect("mkdir");
    assert!(
        atomic_write(&dir.path().join("d"), b"x", Perms::Shared)
            .expect_err("dir")
            .contains("not a regular file")
    );
}

/// What each expectation does with what is on disk, for both ways of renaming.
#[test]
fn an_unexpected_file_is_kept_as_a_conflict_copy() {
    for rename in [Rename::Atomic, Rename::Recheck] {
        let dir = tempfile::tempdir().expect("tmp");
        let target = dir.path().join("a.txt.ana.tandai.json");
        let write = |bytes: &[u8], expect| {
            write_with(&target, bytes, Perms::Shared, expect, rename, |_| Ok(()))
                .expect("write")
                .kept
        };
        assert_eq!(write(b"v1", Expect::Absent), None, "{rename:?}: new file");
        assert_eq!(write(b"v2", Expect::Exactly(b"v1")), None, "{rename:?}");
        fs::write(&target, b"theirs").expect("someone else writes");
        let kept = write(b"v3", Expect::Exactly(b"v2")).expect("kept");
        assert_eq!(fs::read(&kept).expect("copy"), b"theirs", "{rename:?}");
        assert_eq!(fs::read(&target).expect("ours"), b"v3", "{rename:?}");
        assert!(
            kept.to_string_lossy()
                .contains("a.txt.ana.tandai.conflict-"),
            "{kept:?}"
        );
        fs::remove_file(&target).expect("someone else removes it");
        assert_eq!(write(b"v4", Expect::Exactly(b"v3")), None, "{rename:?}");
        let kept2 = write(b"v5", Expect::Absent).expect("a file appeared");
        assert_eq!(fs::read(&kept2).expect("copy"), b"v4", "{rename:?}");
        assert_eq!(fs::read(&target).expect("ours"), b"v5");
        assert_eq!(
            listing(dir.path()).len(),
            3,
            "{rename:?}: no temp or swap left"
        );
    }
}

#[test]
fn the_longest_name_a_file_system_takes_can_be_saved() {
    let dir = tempfile::tempdir().expect("tmp");
    let max = name_max(dir.path());
    let target = dir.path().join("x".repeat(max));
    write_checked(&target, b"one", Perms::Shared, Expect::Absent).expect("255 bytes");
    write_checked(&target, b"two", Perms::Shared, Expect::Exactly(b"one")).expect("again");
    fs::write(&target, b"theirs").expect("someone else");
    let kept = write_checked(&target, b"three", Perms::Shared, Expect::Exactly(b"two"))
        .expect("conflict")
        .kept
        .expect("kept");
    assert!(kept.file_name().expect("name").len() <= max);
    assert_eq!(fs::read(&kept).expect("copy"), b"theirs");
    let longer = dir.path().join("x".repeat(max + 1));
    let err = atomic_write(&longer, b"x", Perms::Shared).expect_err("too long");
    assert!(
        err.contains(&format!(
            "its name is {} bytes long; the file system takes at most {max}",
            max + 1
        )),
        "{err}"
    );
}

#[test]
fn reading_to_compare_never_follows_a_link_or_waits_on_a_fifo() {
    let dir = tempfile::tempdir().expect("tmp");
    let fifo = dir.path().join("fifo");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::Mode::from_bits_truncate(0o600),
    )
    .expect("mkfifo");
    let err = read_regular(&fifo, 100).expect_err("a fifo");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let link = dir.path().join("zero");
    std::os::unix::fs::symlink("/dev/zero", &link).expect("link");
    assert!(read_regular(&link, 100).is_err(), "a link is not followed");
    let big = dir.path().join("big");
    fs::write(&big, vec![b'x'; 101]).expect("write");
    let err = read_regular(&big, 100).expect_err("too big");
    assert!(
        err.to_string()
            .contains("101 bytes is larger than the 100-byte limit")
    );
    assert_eq!(read_regular(&big, 101).expect("fits").len(), 101);
}

#[test]
fn a_link_or_fifo_swapped_in_for_the_target_is_kept_not_followed() {
    // What an exchange hands back is judged without following or blocking on it.
    for kind in ["link", "fifo"] {
        let dir = tempfile::tempdir().expect("tmp");
        let target = dir.path().join("s.json");
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep").expect("write");
        let out = dir.path().join(".tandai-1-1-a-b.swp");
        match kind {
            "link" => std::os::unix::fs::symlink(&victim, &out).expect("link"),
            _ => rustix::fs::mkfifoat(
                rustix::fs::CWD,
                &out,
                rustix::fs::Mode::from_bits_truncate(0o600),
            )
            .expect("mkfifo"),
        }
        let kept = swap::judge(&out, &target, Some(b"keep")).expect("kept");
        assert!(
            fs::symlink_metadata(&kept).is_ok_and(|m| !m.is_file()),
            "{kind}"
        );
        assert_eq!(fs::read(&victim).expect("read"), b"keep", "{kind}");
    }
}

#[test]
fn save_errors_a_researcher_meets_read_in_indonesian() {
    use crate::i18n::Lang;
    let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
    assert_eq!(
        short_io_in(Lang::Id, &full),
        "Ruang penyimpanan pada perangkat habis"
    );
    let denied = std::io::Error::from_raw_os_error(13);
    assert_eq!(short_io_in(Lang::Id, &denied), "Izin ditolak");
    assert_eq!(short_io_in(Lang::En, &denied), "Permission denied");
    let other = std::io::Error::other("the file kept changing");
    assert_eq!(short_io_in(Lang::Id, &other), "the file kept changing");
}
