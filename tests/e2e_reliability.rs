//! RELIABILITY.md end to end: the real binary in tmux, with two instances, faults,
//! hangups and leftovers of killed runs.

mod common;

use common::tmux::{Tmux, sample_copy, signal};
use std::time::{Duration, Instant};

fn path(dir: &tempfile::TempDir) -> &str {
    dir.path().to_str().expect("utf8")
}

#[test]
fn second_instance_opens_read_only_and_names_the_holder_until_the_first_dies() {
    let dir = sample_copy();
    let first = Tmux::start(&[path(&dir), "--coder", "ana"], 100, 24);
    first.wait_text("informan-a");
    let second = Tmux::start(&[path(&dir), "--coder", "ana"], 100, 24);
    let s = second.wait_text("READ-ONLY");
    assert!(
        s.contains(&format!("(pid {})", first.pid())),
        "names the holder: {s}"
    );
    second.keys(&["1"]);
    second.wait_text("Read-only:");
    let other_coder = Tmux::start(&[path(&dir), "--coder", "budi"], 100, 24);
    other_coder.wait_text("informan-a");
    other_coder.keys(&["1"]);
    other_coder.wait_for("budi codes freely", |s| {
        s.contains("[Contact]") && s.contains("✓ saved")
    });
    signal(first.pid(), "KILL");
    assert_eq!(first.exit_status(), 137);
    let third = Tmux::start(&[path(&dir), "--coder", "ana"], 100, 24);
    third.wait_text("informan-a");
    third.keys(&["2"]);
    let s = third.wait_for("coding allowed again", |s| {
        s.contains("[Involvement]") && s.contains("✓ saved")
    });
    assert!(
        !s.contains("READ-ONLY"),
        "a killed holder's lock is free at once: {s}"
    );
}

#[test]
fn unsaved_edits_are_journaled_and_offered_on_the_next_start() {
    let dir = sample_copy();
    let sidecar = dir.path().join("informan-a.txt.ana.tandai.json");
    let t = Tmux::start(&[path(&dir), "--coder", "ana"], 120, 24);
    t.wait_text("informan-a");
    std::fs::create_dir(&sidecar).expect("a folder in the sidecar's place makes saving fail");
    t.keys(&["j", "3"]);
    let s = t.wait_text("NOT SAVED");
    assert!(s.contains("not a regular file"), "{s}");
    t.keys(&["q"]);
    t.wait_text("Press quit again to quit");
    t.keys(&["q"]);
    assert_eq!(
        t.exit_status(),
        1,
        "exits non-zero when edits were not saved"
    );
    std::fs::remove_dir(&sidecar).expect("fault gone");
    let env = [
        (
            "XDG_CONFIG_HOME",
            t.config_home().to_string_lossy().into_owned(),
        ),
        (
            "XDG_STATE_HOME",
            t.state_home().to_string_lossy().into_owned(),
        ),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let again = Tmux::start_env(&[path(&dir), "--coder", "ana"], 120, 24, &env);
    again.wait_text("Load them now?");
    again.keys(&["Enter"]);
    again.wait_for("recovered and saved", |s| {
        s.contains("[Intimacy]") && s.contains("✓ saved")
    });
    let saved = std::fs::read_to_string(&sidecar).expect("saved now");
    assert!(saved.contains("devito.intimacy"), "{saved}");
    let journal = t.state_home().join("tandai/recovery");
    let left: Vec<_> = std::fs::read_dir(&journal)
        .expect("journal dir")
        .filter_map(|e| e.ok())
        .collect();
    assert!(left.is_empty(), "journal cleared after the save: {left:?}");
}

#[test]
fn stray_temp_files_of_a_killed_run_are_removed_and_others_survive() {
    let dir = sample_copy();
    let stray = dir
        .path()
        .join("informan-a.txt.ana.tandai.json.tmp-4194303-0");
    let not_ours = dir.path().join("informan-a.txt.ana.tandai.json.tmp-backup");
    std::fs::write(&stray, b"{\"half").expect("write");
    std::fs::write(&not_ours, b"keep").expect("write");
    let t = Tmux::start(&[path(&dir), "--coder", "ana"], 120, 24);
    t.wait_text("Removed 1 temp file left by an interrupted save");
    assert!(!stray.exists());
    assert_eq!(std::fs::read(&not_ours).expect("survives"), b"keep");
}

fn cpu_ticks(pid: i32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    fields
        .get(11)
        .and_then(|u| u.parse::<u64>().ok())
        .unwrap_or(0)
        + fields
            .get(12)
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0)
}

#[test]
fn hangup_of_the_terminal_ends_within_a_second_without_spinning() {
    let dir = sample_copy();
    let t = Tmux::start(&[path(&dir), "--coder", "hup"], 100, 24);
    t.wait_text("informan-a");
    let pid = t.pid();
    t.keys(&["j", "4"]);
    t.wait_for("saved", |s| {
        s.contains("[Deterioration]") && s.contains("✓ saved")
    });
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        cpu_ticks(pid) - before <= 2,
        "idle means idle: no busy loop"
    );
    // Closing the pane hangs up its terminal, as a dropped SSH connection does.
    let start = Instant::now();
    t.kill_pane();
    // Exited means gone, or a zombie (its parent shell died with the pane).
    let running = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        !stat.is_empty()
            && !stat
                .rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
    };
    while running() {
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "still running 1 s after the hangup"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let saved =
        std::fs::read_to_string(dir.path().join("informan-a.txt.hup.tandai.json")).expect("saved");
    assert!(saved.contains("devito.deterioration"));
}

#[test]
fn a_resize_storm_ends_in_a_correct_frame() {
    let dir = sample_copy();
    let t = Tmux::start(&[path(&dir), "--coder", "rs"], 80, 24);
    t.wait_text("informan-a");
    for i in 0..60u16 {
        t.resize(20 + (i * 37) % 180, 5 + (i * 13) % 55);
    }
    t.resize(110, 30);
    let s = t.wait_for("a frame for 110x30", |s| {
        let lines: Vec<&str> = s.lines().collect();
        lines.len() == 30
            && lines[0].starts_with("┌Documents")
            && lines[0].chars().count() == 110
            && lines[28].contains("¶1/57")
    });
    let lines: Vec<&str> = s.lines().collect();
    for (i, line) in lines.iter().enumerate().take(28) {
        assert!(
            line.starts_with('┌') || line.starts_with('│') || line.starts_with('└'),
            "row {i}: {line}"
        );
        assert_eq!(
            line.chars().count(),
            110,
            "row {i} is exactly as wide as the terminal"
        );
    }
    t.resize(30, 8);
    t.wait_text("(now 30x8)");
    t.resize(80, 24);
    t.wait_text("informan-a.txt ¶1/57");
}

/// Lock files beside the transcripts (earlier versions made one per document).
fn locks_beside(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".lock"))
        })
        .count()
}

#[test]
fn a_project_larger_than_the_open_file_limit_opens_locked_and_leaves_no_lock_files() {
    let dir = tempfile::tempdir().expect("tmp");
    for i in 0..300 {
        std::fs::write(
            dir.path().join(format!("w-{i:03}.txt")),
            format!("P: halo {i}\n\nI: iya\n"),
        )
        .expect("write");
    }
    // A limit of 200 open files (soft and hard): one lock file for the folder, not one
    // per document, so every document is locked.
    let t = Tmux::start_env(
        &[path(&dir), "--coder", "ana", "--pack", "devito"],
        120,
        24,
        &[("TANDAI_TEST_PREFIX", "prlimit --nofile=200:200 --")],
    );
    t.wait_text("w-000");
    let lock = dir.path().join(".tandai/locks/ana.lock");
    assert!(lock.exists(), "the folder's lock for ana");
    t.keys(&["G", "1"]);
    let s = t.wait_for("coding works", |s| {
        s.contains("[Contact]") && s.contains("✓ saved")
    });
    assert!(
        !s.contains("not locked") && !s.contains("Not locked"),
        "{s}"
    );
    let second = Tmux::start(&[path(&dir), "--coder", "ana"], 120, 24);
    second.wait_text("READ-ONLY");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(!lock.exists(), "removed at exit");
    assert_eq!(locks_beside(dir.path()), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".tandai/.gitignore")).expect("gitignore"),
        "# tandai's own files (locks): not part of the project\n*\n"
    );
}

#[test]
fn one_transcript_and_its_folder_meet_one_lock_and_old_lock_files_go() {
    let dir = sample_copy();
    // Lock files of an earlier version: one free, one held by a running old tandai of
    // another coder (here: this test holding it).
    let free = dir.path().join("informan-a.txt.ana.tandai.lock");
    let held = dir.path().join("informan-b.txt.budi.tandai.lock");
    std::fs::write(&free, "old@host (pid 1)\n").expect("write");
    std::fs::write(&held, "old@host (pid 2)\n").expect("write");
    let holder = std::fs::File::options()
        .read(true)
        .write(true)
        .open(&held)
        .expect("open");
    holder.try_lock().expect("held");
    let folder = Tmux::start(&[path(&dir), "--coder", "ana"], 100, 24);
    folder.wait_text("informan-a");
    assert!(!free.exists(), "a free old lock file is removed");
    assert!(held.exists(), "a held one stays");
    let one = dir.path().join("informan-c.txt");
    let file = Tmux::start(&[one.to_str().expect("utf8"), "--coder", "ana"], 100, 24);
    let s = file.wait_text("READ-ONLY");
    assert!(s.contains(&format!("(pid {})", folder.pid())), "{s}");
    signal(folder.pid(), "TERM");
    assert_eq!(folder.exit_status(), 143);
    assert!(
        !dir.path().join(".tandai/locks/ana.lock").exists(),
        "removed on a signal too"
    );
}
