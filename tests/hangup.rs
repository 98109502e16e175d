//! The terminal goes away right after a key (RELIABILITY T2, T3), in a pty the test
//! opens itself so that it controls the exact moment of the close:
//! - with the hang-up signal (tandai leads the session, as under sshd): a key tandai
//!   read reaches the sidecar, the exit is clean (129 or the input-closed 1, never an
//!   abort), no temp file is left, the resume position is written;
//! - with the signal kept from tandai (a shell that ignores SIGHUP): end of input
//!   ends tandai after the flush, without spinning.
//!
//! `TANDAI_DEBUG_KEYLOG` tells the keys tandai read from those the kernel discarded
//! at the hang-up. `TANDAI_HANGUP_RUNS=100` for the long run (10 by default).

mod common;

use common::pty::{Pty, Rng, spin, wait_exit};
use common::tmux::bin;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const TRANSCRIPT: &str = "P: Kapan pertama bertemu?\n\nI: Di pasar, tahun lalu.\n\nP: Lalu?\n";

/// What one run left behind.
#[derive(Debug, Default)]
struct Figures {
    runs: usize,
    aborted: usize,
    other_exit: Vec<String>,
    hung: usize,
    temp_left: usize,
    no_position: usize,
    key_read: usize,
    key_read_not_saved: usize,
    key_on_disk: usize,
    /// Distinct lines tandai wrote to stderr (in the runs that keep it in a file).
    stderr: std::collections::BTreeSet<String>,
}

fn runs() -> usize {
    std::env::var("TANDAI_HANGUP_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10)
}

/// `tandai DIR --coder hup --pack devito` with private config and state folders.
fn tandai(dir: &Path, home: &Path) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env("LC_ALL", "C.UTF-8");
    cmd.arg(dir)
        .args(["--coder", "hup", "--pack", "devito"])
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("TANDAI_DEBUG_KEYLOG", home.join("keys.log"))
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR");
    cmd
}

fn sidecar_codes(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("wawancara.txt.hup.tandai.json")).unwrap_or_default()
}

fn one_run(rng: &mut Rng, f: &mut Figures) {
    let dir = common::project_dir(&[("wawancara.txt", TRANSCRIPT)]);
    let home = tempfile::tempdir().expect("home");
    let mut pty = Pty::open(80, 24);
    // Half the runs keep stderr in a file (`2>log`), half leave it on the terminal.
    let log = (f.runs % 2 == 1)
        .then(|| std::fs::File::create(home.path().join("stderr")).expect("stderr file"));
    let mut child = pty.spawn_with_stderr(tandai(dir.path(), home.path()), log);
    pty.wait_for("¶1/3");
    // Key 4 codes the first paragraph; the terminal closes 0-1 ms later.
    pty.write(b"4");
    spin(rng.below(1001));
    pty.close();
    f.runs += 1;
    let Some(status) = wait_exit(&mut child, Duration::from_secs(30)) else {
        f.hung += 1;
        return;
    };
    match (status.code(), status.signal()) {
        (_, Some(6)) => f.aborted += 1,
        (Some(129 | 1), _) => {}
        other => f.other_exit.push(format!("{other:?}")),
    }
    let err = std::fs::read_to_string(home.path().join("stderr")).unwrap_or_default();
    f.stderr.extend(err.lines().take(3).map(String::from));
    f.temp_left += common::temp_files(dir.path());
    let positions = std::fs::read_to_string(home.path().join("state/tandai/positions.json"))
        .unwrap_or_default();
    if !positions.contains("wawancara.txt") {
        f.no_position += 1;
    }
    let log = std::fs::read_to_string(home.path().join("keys.log")).unwrap_or_default();
    let read = log.lines().any(|l| l == "key 4");
    let saved = sidecar_codes(dir.path()).contains("devito.deterioration");
    f.key_read += usize::from(read);
    f.key_on_disk += usize::from(saved);
    f.key_read_not_saved += usize::from(read && !saved);
}

#[test]
fn a_key_read_just_before_the_hangup_is_saved_and_the_exit_is_clean() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut f = Figures::default();
    for _ in 0..runs() {
        one_run(&mut rng, &mut f);
    }
    eprintln!("hang-up 0-1 ms after a key: {f:?}");
    assert_eq!(f.aborted, 0, "aborts: {f:?}");
    assert_eq!(f.hung, 0, "still running 30 s after the hang-up: {f:?}");
    assert!(f.other_exit.is_empty(), "exit codes: {f:?}");
    assert_eq!(f.temp_left, 0, "temp files left: {f:?}");
    assert_eq!(f.no_position, 0, "resume position not written: {f:?}");
    assert_eq!(f.key_read_not_saved, 0, "keys read but lost: {f:?}");
}

/// Seconds of CPU that the shell's children used, from `times` (second line).
fn children_cpu(times: &str) -> f64 {
    let line = times.lines().nth(1).unwrap_or_default();
    line.split_whitespace()
        .map(|t| {
            let (m, s) = t.split_once('m').unwrap_or(("0", t));
            m.parse::<f64>().unwrap_or(0.0) * 60.0
                + s.trim_end_matches('s').parse::<f64>().unwrap_or(0.0)
        })
        .sum()
}

#[test]
fn end_of_input_without_the_hangup_signal_ends_tandai_after_the_flush() {
    let dir = common::project_dir(&[("wawancara.txt", TRANSCRIPT)]);
    let home = tempfile::tempdir().expect("home");
    let times = home.path().join("times");
    // The shell leads the session and ignores SIGHUP, so the kernel's hang-up
    // signal never reaches tandai (as under `trap "" HUP` or nohup-like parents):
    // tandai only sees the end of its input.
    let script = r#"trap "" HUP; "$0" "$@"; code=$?; times > "$TANDAI_TEST_TIMES"; echo "$code" >> "$TANDAI_TEST_TIMES""#;
    let inner = tandai(dir.path(), home.path());
    let mut cmd = Command::new("sh");
    cmd.env("LC_ALL", "C.UTF-8");
    cmd.arg("-c").arg(script).arg(inner.get_program());
    cmd.args(inner.get_args());
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    cmd.env("TANDAI_TEST_TIMES", &times);
    let mut pty = Pty::open(80, 24);
    let mut shell = pty.spawn(cmd);
    pty.wait_for("¶1/3");
    let pid = common::pty::first_child(shell.id()).expect("tandai runs under the shell");
    pty.write(b"j4");
    let start = std::time::Instant::now();
    while !sidecar_codes(dir.path()).contains("devito.deterioration") {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the code was saved"
        );
        pty.drain();
        std::thread::sleep(Duration::from_millis(5));
    }
    pty.close();
    let status = wait_exit(&mut shell, Duration::from_secs(20));
    let report = std::fs::read_to_string(&times).unwrap_or_default();
    if status.is_none() {
        common::tmux::signal(pid, "KILL");
    }
    assert!(
        status.is_some(),
        "tandai still runs 20 s after its input ended (spinning on end-of-file)"
    );
    let cpu = children_cpu(&report);
    eprintln!(
        "end of input with SIGHUP ignored: tandai used {cpu:.2} s of CPU in all ({report:?})"
    );
    assert!(
        cpu < 5.0,
        "tandai used {cpu} s of CPU: it spun after its input ended"
    );
    assert_eq!(
        report.lines().last(),
        Some("1"),
        "the input-closed exit code: {report:?}"
    );
    assert!(sidecar_codes(dir.path()).contains("devito.deterioration"));
    assert_eq!(common::temp_files(dir.path()), 0);
    // The lock is free again: a second tandai codes this document writable.
    let lock = dir.path().join("wawancara.txt.hup.tandai.lock");
    if lock.exists() {
        let f = std::fs::File::open(&lock).expect("lock file");
        assert!(f.try_lock().is_ok(), "the lock is released");
    }
}
