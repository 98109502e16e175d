//! Real faults under the real binary (RELIABILITY S4): a full disk and a read-only
//! folder. The previous sidecar stays byte-identical, no temp file is left, the edits
//! stay in memory with a persistent NOT SAVED, and the next change after the fault is
//! gone saves everything.

mod common;

use common::tmux::Tmux;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

fn temps(dir: &Path) -> usize {
    common::temp_files(dir)
}

const DOC: &str = "Peneliti: satu?\n\nInforman: dua.\n\nPeneliti: tiga?\n\nInforman: empat.\n";

/// A tiny tmpfs, unmounted when dropped.
struct TinyDisk {
    dir: tempfile::TempDir,
    mnt: PathBuf,
}

impl TinyDisk {
    fn mount() -> TinyDisk {
        let dir = tempfile::tempdir().expect("tmp");
        let mnt = dir.path().join("disk");
        std::fs::create_dir(&mnt).expect("mkdir");
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs"])
            .arg(&mnt)
            .status()
            .expect("mount");
        assert!(ok.success(), "mount tmpfs");
        TinyDisk { dir, mnt }
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.mnt).status();
        let _ = &self.dir;
    }
}

/// Fills the filesystem until a write fails with ENOSPC.
fn fill(dir: &Path) -> PathBuf {
    let filler = dir.join("filler");
    let mut f = std::fs::File::create(&filler).expect("filler");
    let block = vec![0u8; 4096];
    use std::io::Write;
    while f.write_all(&block).is_ok() && f.sync_all().is_ok() {}
    filler
}

#[test]
fn disk_full_keeps_the_old_sidecar_shows_not_saved_and_retries() {
    if !is_root() {
        eprintln!("disk_full test needs root to mount a tmpfs; CI runs it as root");
        return;
    }
    let disk = TinyDisk::mount();
    let project = &disk.mnt;
    std::fs::write(project.join("doc.txt"), DOC).expect("write");
    let t = Tmux::start(
        &[
            project.to_str().expect("utf8"),
            "--coder",
            "df",
            "--pack",
            "devito",
        ],
        120,
        24,
    );
    t.wait_text("doc.txt");
    t.keys(&["1"]);
    t.wait_for("first save", |s| {
        s.contains("[Contact]") && s.contains("✓ saved")
    });
    let sidecar = project.join("doc.txt.df.tandai.json");
    let before = std::fs::read(&sidecar).expect("saved");
    let filler = fill(project);
    t.keys(&["j", "2"]);
    let s = t.wait_text("NOT SAVED");
    assert!(s.contains("No space left on device"), "{s}");
    assert_eq!(
        std::fs::read(&sidecar).expect("still there"),
        before,
        "previous sidecar byte-identical"
    );
    assert_eq!(temps(project), 0, "temp file removed");
    t.keys(&["j"]);
    let s = t.wait_text("¶3/4");
    assert!(
        s.contains("NOT SAVED"),
        "persistent until a save succeeds: {s}"
    );
    std::fs::remove_file(filler).expect("free space");
    t.keys(&["3"]);
    t.wait_for("saved again", |s| {
        s.contains("[Intimacy]") && s.contains("✓ saved")
    });
    let text = std::fs::read_to_string(&sidecar).expect("saved");
    for id in ["devito.contact", "devito.involvement", "devito.intimacy"] {
        assert!(text.contains(id), "{id} in {text}");
    }
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn read_only_folder_keeps_the_old_sidecar_journals_and_retries() {
    let dir = tempfile::tempdir().expect("tmp");
    let project = dir.path().join("p");
    std::fs::create_dir(&project).expect("mkdir");
    std::fs::write(project.join("doc.txt"), DOC).expect("write");
    std::fs::write(
        project.join("codebook.json"),
        tandai::core::codebook::packs::find("devito")
            .expect("pack")
            .json,
    )
    .expect("write");
    let sidecar = project.join("doc.txt.ro.tandai.json");
    // An earlier session's sidecar, readable by the user who codes now.
    let earlier = "{\n  \"format\": \"tandai-sidecar\",\n  \"version\": 1,\n  \"document\": \"doc.txt\",\n  \"document_fingerprint\": \"sha256:00\",\n  \"coder\": \"ro\",\n  \"paragraphs\": []\n}\n";
    std::fs::write(&sidecar, earlier).expect("write");
    std::fs::set_permissions(&sidecar, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let nobody = is_root();
    let home = tempfile::tempdir().expect("home");
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let (cfg, state) = (home.path().join("c"), home.path().join("s"));
    let mut env: Vec<(&str, String)> = vec![
        ("XDG_CONFIG_HOME", cfg.to_string_lossy().into_owned()),
        ("XDG_STATE_HOME", state.to_string_lossy().into_owned()),
    ];
    if nobody {
        // Root ignores permission bits: code as an ordinary user on a root-owned folder.
        env.push((
            "TANDAI_TEST_PREFIX",
            "setpriv --reuid=65534 --regid=65534 --clear-groups --".into(),
        ));
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    } else {
        std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let t = Tmux::start_env(
        &[project.to_str().expect("utf8"), "--coder", "ro"],
        130,
        24,
        &env,
    );
    t.wait_text("doc.txt");
    t.keys(&["1"]);
    let s = t.wait_text("NOT SAVED");
    assert!(s.contains("Permission denied"), "{s}");
    assert_eq!(
        std::fs::read_to_string(&sidecar).expect("intact"),
        earlier,
        "byte-identical"
    );
    assert_eq!(temps(&project), 0);
    let journal = state.join("tandai/recovery");
    let entries: Vec<_> = std::fs::read_dir(&journal)
        .expect("journal written")
        .filter_map(|e| e.ok())
        .collect();
    assert_eq!(entries.len(), 1);
    let mode = std::fs::metadata(entries[0].path())
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "journal is private");
    // The folder becomes writable: the next change saves both.
    std::fs::set_permissions(&project, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    t.keys(&["j", "2"]);
    t.wait_for("saved", |s| {
        s.contains("[Involvement]") && s.contains("✓ saved")
    });
    let text = std::fs::read_to_string(&sidecar).expect("saved");
    assert!(
        text.contains("devito.contact") && text.contains("devito.involvement"),
        "{text}"
    );
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(
        std::fs::read_dir(&journal).expect("dir").next().is_none(),
        "journal cleared"
    );
}

#[test]
fn an_audit_log_append_that_fills_the_disk_leaves_whole_lines() {
    if !is_root() {
        eprintln!("disk_full test needs root to mount a tmpfs; CI runs it as root");
        return;
    }
    let disk = TinyDisk::mount();
    let log = tandai::core::coding::audit::log_path(&disk.mnt, "ana");
    tandai::core::coding::audit::append(&log, b"{\"n\":1}\n").expect("first line");
    let filler = fill(&disk.mnt);
    // Room for a little, not for a long line: the append fails part-way.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .expect("filler");
    let len = f.metadata().expect("meta").len();
    f.set_len(len.saturating_sub(2048))
        .expect("make a little room");
    drop(f);
    let long = format!("{{\"memo\":\"{}\"}}\n", "x".repeat(64 * 1024));
    assert!(tandai::core::coding::audit::append(&log, long.as_bytes()).is_err());
    assert_eq!(
        std::fs::read(&log).expect("log"),
        b"{\"n\":1}\n",
        "the cut line is taken off again"
    );
    std::fs::remove_file(&filler).expect("room again");
    tandai::core::coding::audit::append(&log, b"{\"n\":2}\n").expect("appends again");
    assert_eq!(std::fs::read(&log).expect("log"), b"{\"n\":1}\n{\"n\":2}\n");
}
