use super::*;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("a.txt"), "x").expect("write");
    dir
}

#[test]
fn second_lock_is_busy_and_names_the_holder_then_free_after_drop() {
    let dir = project();
    let Locked::Held(first) = try_lock(dir.path(), "ana") else {
        panic!("first lock")
    };
    match try_lock(dir.path(), "ana") {
        Locked::Busy(who) => assert!(
            who.contains(&format!("(pid {})", std::process::id())),
            "{who}"
        ),
        other => panic!("expected busy, got {other:?}"),
    }
    assert!(
        matches!(try_lock(dir.path(), "budi"), Locked::Held(_)),
        "another coder is independent"
    );
    let path = lock_path(&dir.path().canonicalize().expect("canon"), "ana");
    assert!(path.exists());
    drop(first);
    assert!(!path.exists(), "removed when released");
    assert!(matches!(try_lock(dir.path(), "ana"), Locked::Held(_)));
}

#[test]
fn the_folder_and_another_spelling_of_it_meet_one_lock() {
    let dir = project();
    let inner = dir.path().join("sub");
    std::fs::create_dir(&inner).expect("mkdir");
    let Locked::Held(_held) = try_lock(dir.path(), "ana") else {
        panic!("lock")
    };
    assert!(matches!(
        try_lock(&inner.join(".."), "ana"),
        Locked::Busy(_)
    ));
    let link = tempfile::tempdir().expect("tmp");
    let alias = link.path().join("alias");
    std::os::unix::fs::symlink(dir.path(), &alias).expect("link");
    assert!(matches!(try_lock(&alias, "ana"), Locked::Busy(_)));
}

#[test]
fn git_never_sees_the_lock_folder() {
    let dir = project();
    let Locked::Held(_held) = try_lock(dir.path(), "ana") else {
        panic!("lock")
    };
    let ignore = std::fs::read_to_string(dir.path().join(".tandai/.gitignore")).expect("gitignore");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".lock")), "{names:?}");
}

#[test]
fn a_lock_removed_by_its_holder_is_never_shared() {
    // A waiter that opened the file before the holder removed it locks a file that no
    // longer has a name: it must not count that as holding the lock.
    let dir = project();
    let root = dir.path().canonicalize().expect("canon");
    let Locked::Held(first) = try_lock(&root, "ana") else {
        panic!("lock")
    };
    let stale = File::open(lock_path(&root, "ana")).expect("open before removal");
    drop(first);
    stale.try_lock().expect("the removed file is free");
    assert!(!names(&lock_path(&root, "ana"), &stale));
    let Locked::Held(second) = try_lock(&root, "ana") else {
        panic!("second")
    };
    assert!(
        matches!(try_lock(&root, "ana"), Locked::Busy(_)),
        "the new holder is seen"
    );
    drop(second);
}

#[test]
fn refuses_links_where_the_lock_folder_goes() {
    let dir = project();
    let victim = tempfile::tempdir().expect("tmp");
    std::os::unix::fs::symlink(victim.path(), dir.path().join(".tandai")).expect("link");
    assert!(matches!(try_lock(dir.path(), "ana"), Locked::Failed(m) if m.contains("not a folder")));
    assert_eq!(std::fs::read_dir(victim.path()).expect("dir").count(), 0);
    let dir = project();
    std::fs::create_dir_all(dir.path().join(".tandai/locks")).expect("mkdir");
    let target = dir.path().join("victim");
    std::fs::write(&target, "keep").expect("write");
    std::os::unix::fs::symlink(&target, dir.path().join(".tandai/locks/ana.lock")).expect("link");
    assert!(matches!(try_lock(dir.path(), "ana"), Locked::Failed(_)));
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "keep");
}

#[test]
fn old_lock_files_are_removed_unless_held() {
    let dir = project();
    let old = |name: &str| dir.path().join(name);
    for n in [
        "a.txt.ana.tandai.lock",
        "a.txt.budi.tandai.lock",
        "b.txt.ana.tandai.lock",
    ] {
        std::fs::write(old(n), "someone@host (pid 1)\n").expect("write");
    }
    std::fs::write(old("notes.lock"), "x").expect("not tandai's");
    std::fs::write(old("a.txt.Bad Name.tandai.lock"), "x").expect("not tandai's");
    let held = File::options()
        .read(true)
        .write(true)
        .open(old("b.txt.ana.tandai.lock"))
        .expect("open");
    held.try_lock().expect("an earlier tandai holds it");
    let found = remove_old_locks(dir.path(), "ana");
    assert_eq!(found.removed, 2);
    assert_eq!(found.busy.as_deref(), Some("someone@host (pid 1)"));
    assert!(old("b.txt.ana.tandai.lock").exists());
    assert!(old("notes.lock").exists() && old("a.txt.Bad Name.tandai.lock").exists());
    assert!(!old("a.txt.ana.tandai.lock").exists() && !old("a.txt.budi.tandai.lock").exists());
}

#[test]
fn a_fifo_where_a_lock_goes_never_blocks() {
    let dir = project();
    let fifo = |p: &Path| {
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            p,
            rustix::fs::Mode::from_bits_truncate(0o600),
        )
        .expect("mkfifo");
    };
    std::fs::create_dir_all(dir.path().join(".tandai/locks")).expect("mkdir");
    fifo(&dir.path().join(".tandai/locks/ana.lock"));
    assert!(
        matches!(try_lock(dir.path(), "ana"), Locked::Failed(m) if m.contains("not a regular file"))
    );
    fifo(&dir.path().join("a.txt.ana.tandai.lock"));
    let found = remove_old_locks(dir.path(), "ana");
    assert_eq!((found.removed, found.busy), (0, None));
    assert!(dir.path().join("a.txt.ana.tandai.lock").exists());
}
