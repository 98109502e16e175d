//! End-to-end: the real binary in a real pseudo-terminal (tmux), keys pressed, files
//! checked on disk.

mod common;

use common::tmux::{BIN, Tmux, sample_copy, signal};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

fn sidecar(dir: &Path, doc: &str, coder: &str) -> Value {
    let path = dir.join(format!("{doc}.{coder}.tandai.json"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("sidecar parses")
}

fn coded(v: &Value) -> Vec<(u64, Vec<String>)> {
    v["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| {
            let codes = p["codes"].as_array().map(|c| {
                c.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            });
            (
                p["paragraph"].as_u64().expect("n"),
                codes.unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn code_paragraphs_and_quit() {
    let dir = sample_copy();
    let t = Tmux::start(
        &[dir.path().to_str().expect("utf8"), "--coder", "e2e"],
        80,
        24,
    );
    t.wait_text("informan-a");
    t.keys(&["j", "1", "j", "j", "3", "BTab", "Enter", "Down"]);
    t.wait_for("second code shown as saved", |s| {
        s.contains("¶5/57") && s.contains("✓ saved") && s.contains("[Involvement]")
    });
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    let v = sidecar(dir.path(), "informan-a.txt", "e2e");
    assert_eq!(
        coded(&v),
        [
            (2, vec!["devito.contact".to_string()]),
            (4, vec!["devito.involvement".into()])
        ],
        "Involvement replaced Intimacy: one stage per paragraph"
    );
    assert_eq!(v["coder"], "e2e");
    assert!(
        !dir.path().join("informan-b.txt.e2e.tandai.json").exists(),
        "untouched documents get no sidecar"
    );
}

#[test]
fn sigkill_right_after_a_change_shown_as_saved_keeps_it() {
    let dir = sample_copy();
    let t = Tmux::start(
        &[dir.path().to_str().expect("utf8"), "--coder", "k"],
        80,
        24,
    );
    t.wait_text("informan-a");
    t.keys(&["]", "j", "j", "5"]);
    t.wait_for("saved Repair", |s| {
        s.contains("[Repair]") && s.contains("✓ saved")
    });
    signal(t.pid(), "KILL");
    assert_eq!(t.exit_status(), 137);
    assert_eq!(
        coded(&sidecar(dir.path(), "informan-b.txt", "k")),
        [(3, vec!["devito.repair".to_string()])]
    );
    assert!(
        common::temp_files(dir.path()) == 0,
        "no temp file left once the save completed"
    );
}

#[test]
fn hangup_flushes_and_exits_129_and_the_position_is_resumed() {
    let dir = sample_copy();
    let path = dir.path().to_str().expect("utf8");
    let t = Tmux::start(&[path, "--coder", "h"], 80, 24);
    t.wait_text("informan-a");
    t.keys(&["]", "]", "G", "6", "k"]);
    t.wait_for("moved after coding", |s| {
        s.contains("informan-c.txt ¶46/47")
    });
    signal(t.pid(), "HUP");
    assert_eq!(t.exit_status(), 129);
    assert_eq!(
        coded(&sidecar(dir.path(), "informan-c.txt", "h")),
        [(47, vec!["devito.dissolution".to_string()])]
    );
    let positions = std::fs::read_to_string(t.state_home().join("tandai/positions.json"))
        .expect("positions kept");
    assert!(positions.contains("\"paragraph\": 46"), "{positions}");
}

#[test]
fn reopening_restores_codings_and_position() {
    let dir = sample_copy();
    let path = dir.path().to_str().expect("utf8");
    let t = Tmux::start(&[path, "--coder", "r"], 80, 24);
    t.wait_text("informan-a");
    t.keys(&["]", "j", "j", "j", "j", "2"]);
    t.wait_for("saved", |s| {
        s.contains("[Involvement]") && s.contains("✓ saved")
    });
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    // Same config and state folders, new process; wide enough for the documents
    // pane and its coverage counts.
    let t2 = Tmux::start_env(
        &[path, "--coder", "r"],
        100,
        24,
        &[
            ("XDG_CONFIG_HOME", t.config_home().to_str().expect("utf8")),
            ("XDG_STATE_HOME", t.state_home().to_str().expect("utf8")),
        ],
    );
    let s = t2.wait_text("informan-b.txt ¶5/48");
    assert!(s.contains("[Involvement]") && s.contains("1/48"), "{s}");
}

#[test]
fn each_document_keeps_its_place_across_sessions() {
    let dir = sample_copy();
    let path = dir.path().to_str().expect("utf8");
    let t = Tmux::start(&[path, "--coder", "p"], 80, 24);
    t.wait_text("informan-a");
    t.keys(&["j", "j", "j", "]", "j"]);
    t.wait_text("informan-b.txt ¶2/48");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    let t2 = Tmux::start_env(
        &[path, "--coder", "p"],
        80,
        24,
        &[
            ("XDG_CONFIG_HOME", t.config_home().to_str().expect("utf8")),
            ("XDG_STATE_HOME", t.state_home().to_str().expect("utf8")),
        ],
    );
    t2.wait_text("informan-b.txt ¶2/48");
    t2.keys(&["["]);
    t2.wait_text("informan-a.txt ¶4/57");
    t2.keys(&["q"]);
    assert_eq!(t2.exit_status(), 0);
}

#[test]
fn hostile_transcript_sends_no_foreign_escape_sequences() {
    let dir = tempfile::tempdir().expect("tmp");
    let evil = "Informan: judul\u{1b}]0;PWNED\u{7} klip\u{1b}]52;c;ZXZpbA==\u{7} tautan\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\ \
                dcs\u{1b}P1$qm\u{1b}\\ tanya\u{1b}[6n c1\u{9b}2J akhir \u{202e}balik\u{202c}\n";
    std::fs::write(dir.path().join("evil.txt"), evil).expect("write");
    let t = Tmux::start(
        &[
            dir.path().to_str().expect("utf8"),
            "--coder",
            "x",
            "--pack",
            "sor",
        ],
        100,
        24,
    );
    let s = t.wait_text("akhir");
    assert!(s.contains("judul␛]0;PWNED␇"), "{s}");
    assert!(
        s.contains("‹9B›2J") && s.contains("‹202E›balik‹202C›"),
        "{s}"
    );
    assert_ne!(
        t.pane_title(),
        "PWNED",
        "the OSC 0 title payload was not executed"
    );
}

#[test]
fn first_run_asks_for_the_coder_and_a_codebook() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("wawancara.txt"), "P: halo\n\nI: iya\n").expect("write");
    let t = Tmux::start(&[dir.path().to_str().expect("utf8")], 60, 30);
    let s = t.wait_text("Coder name");
    // The welcome wraps at word boundaries in 60 columns.
    assert!(
        s.lines()
            .all(|l| !l.ends_with("fi") && !l.starts_with("le names")),
        "{s}"
    );
    t.type_text("王芳");
    t.keys(&["Enter"]);
    // The prompt again, not only the message: typing before it appears would mix the
    // echo into the message's line.
    t.wait_for("the second prompt", |s| {
        s.matches("Coder name").count() >= 2
    });
    t.type_text("Sari Dewi");
    t.keys(&["Enter"]);
    t.wait_text("Use sari-dewi instead? [Y/n]");
    t.keys(&["Enter"]);
    let s = t.wait_text("Choose 1-6");
    // The menu's descriptions wrap at word boundaries too, under their own column.
    assert!(
        s.contains("  1) devito           DeVito's stages of interpersonal")
            && s.lines().any(
                |l| l.trim_start().starts_with("relationships (communication")
                    && l.starts_with(&" ".repeat(22))
            ),
        "{s}"
    );
    t.type_text("2");
    t.keys(&["Enter"]);
    let s = t.wait_text("wawancara.txt ¶1/2");
    assert!(s.contains("Mind"), "the Mead pack is loaded: {s}");
    let config = t.config_home().join("tandai/config.toml");
    assert_eq!(
        std::fs::read_to_string(&config).expect("config"),
        "coder = \"sari-dewi\"\n"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&config)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let book = std::fs::read_to_string(dir.path().join("codebook.json")).expect("codebook written");
    assert!(book.contains("\"id\": \"mead\""));
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn bad_keymap_is_reported_before_the_screen_opens() {
    let dir = sample_copy();
    let home = tempfile::tempdir().expect("home");
    let cfg = home.path().join("tandai");
    std::fs::create_dir_all(&cfg).expect("mkdir");
    std::fs::write(
        cfg.join("keymap.toml"),
        "undo = \"u\"\nnext_paragraf = \"x\"\n",
    )
    .expect("write");
    let t = Tmux::start_env(
        &[dir.path().to_str().expect("utf8"), "--coder", "z"],
        100,
        24,
        &[("XDG_CONFIG_HOME", home.path().to_str().expect("utf8"))],
    );
    assert_eq!(t.exit_status(), 1);
    let s = t.screen();
    assert!(
        s.contains("keymap.toml: line 2: unknown action \"next_paragraf\""),
        "{s}"
    );
}

#[test]
fn not_a_terminal_or_dumb_terminal_exits_2_with_a_message() {
    let dir = sample_copy();
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg(dir.path())
        .args(["--coder", "n"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs an interactive terminal"));
    assert!(out.stdout.is_empty(), "no escape codes written");
    let t = Tmux::start_env(
        &[dir.path().to_str().expect("utf8"), "--coder", "n"],
        80,
        24,
        &[("TERM", "dumb")],
    );
    assert_eq!(t.exit_status(), 2);
    let screen = t.screen();
    assert!(
        screen.contains("terminal type is the problem") && screen.contains("TERM=xterm-256color"),
        "{screen}"
    );
}

#[test]
fn version_and_help() {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("--version")
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("tandai {}", env!("CARGO_PKG_VERSION"))
    );
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("--help")
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--coder", "--codebook", "--pack", "[PATH]"] {
        assert!(help.contains(flag), "{flag} in --help");
    }
    assert!(!help.contains("exit-after-first-frame"));
}

#[test]
fn missing_folder_is_a_clear_error() {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .args(["/nonexistent/tandai-x", "--coder", "a"])
        .output()
        .expect("runs");
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs an interactive terminal") || err.contains("no such file"),
        "{err}"
    );
}
