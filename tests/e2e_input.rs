//! Input through a real terminal (tmux): pastes of 5 KB, 100 KB and 1 MB arrive
//! whole in the memo editor and a key typed right after acts at once (RELIABILITY
//! I1); a paste into the search is text, not commands (I2); Esc and a key in one
//! write act as Esc and then the key (issue 13, 8c).

mod common;

use common::tmux::{Tmux, sample_copy};
use std::path::Path;
use std::time::{Duration, Instant};

fn path(dir: &tempfile::TempDir) -> &str {
    dir.path().to_str().expect("utf8")
}

/// Synthetic memo text of `len` bytes: numbered lines, some Indonesian.
fn memo_text(len: usize) -> String {
    let mut s = String::with_capacity(len + 80);
    let mut i = 0;
    while s.len() < len {
        s.push_str(&format!(
            "baris {i:06}: catatan peneliti tentang pertemuan di pasar Kendari.\n"
        ));
        i += 1;
    }
    s.truncate(len - 1);
    s.push('.');
    s
}

/// The memo on the first paragraph of informan-a.txt, once the sidecar holds one.
fn memo_on_disk(dir: &Path, coder: &str, limit: Duration) -> Option<String> {
    let file = dir.join(format!("informan-a.txt.{coder}.tandai.json"));
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(bytes) = std::fs::read(&file)
            && let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
            && let Some(memo) = v["paragraphs"][0]["memo"].as_str()
        {
            return Some(memo.to_owned());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn paste_into_a_memo(len: usize) {
    let dir = sample_copy();
    let coder = format!("p{len}");
    let t = Tmux::start(&[path(&dir), "--coder", &coder], 100, 30);
    t.wait_text("informan-a");
    t.keys(&["m"]);
    t.wait_text("Ctrl-s saves");
    let text = memo_text(len);
    t.paste(&text);
    // Right after the paste, in the same stream: save the memo.
    t.send_burst(&["C-s"]);
    let memo = memo_on_disk(dir.path(), &coder, Duration::from_secs(120));
    let Some(memo) = memo else {
        panic!(
            "the memo of {len} bytes was never saved: the key after the paste did not act; screen:\n{}",
            t.screen()
        );
    };
    assert_eq!(memo.len(), text.len(), "every byte of the paste arrived");
    assert!(memo == text, "the memo is the pasted text, line for line");
    t.wait_text("Memo updated");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn a_5_kb_paste_arrives_whole_and_the_next_key_acts() {
    paste_into_a_memo(5 * 1024);
}

#[test]
fn a_100_kb_paste_arrives_whole_and_the_next_key_acts() {
    paste_into_a_memo(100 * 1024);
}

#[test]
fn a_1_mb_paste_arrives_whole_and_the_next_key_acts() {
    paste_into_a_memo(1024 * 1024);
}

#[test]
fn a_paste_into_the_search_is_searched_for_not_run_as_keys() {
    let dir = sample_copy();
    let t = Tmux::start(&[path(&dir), "--coder", "ps"], 100, 30);
    t.wait_text("informan-a");
    t.keys(&["/"]);
    t.paste("Kendari\n1j2j3");
    let s = t.wait_text("Kendari 1j2j3");
    assert!(!s.contains("[Contact]"), "nothing coded:\n{s}");
    t.keys(&["C-g", "q"]);
    assert_eq!(t.exit_status(), 0);
    let sidecar = dir.path().join("informan-a.txt.ps.tandai.json");
    assert!(
        !sidecar.exists(),
        "no paragraph was coded: {}",
        std::fs::read_to_string(&sidecar).unwrap_or_default()
    );
}

#[test]
fn a_paste_on_the_coding_screen_is_ignored_with_a_message() {
    let dir = sample_copy();
    let t = Tmux::start(&[path(&dir), "--coder", "pc"], 100, 30);
    t.wait_text("informan-a");
    t.paste("1j2j3");
    t.wait_text("Paste ignored");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(!dir.path().join("informan-a.txt.pc.tandai.json").exists());
}

#[test]
fn esc_and_q_in_one_write_leave_the_search_and_quit() {
    let dir = sample_copy();
    let t = Tmux::start(&[path(&dir), "--coder", "eq"], 100, 30);
    t.wait_text("informan-a");
    t.keys(&["/", "L"]);
    t.wait_text("/L");
    t.send_hex(&["1b", "71"]);
    assert_eq!(t.exit_status(), 0, "Esc left the search, q quit");
    // On the main screen too.
    let t = Tmux::start(&[path(&dir), "--coder", "eq"], 100, 30);
    t.wait_text("informan-a");
    t.send_hex(&["1b", "71"]);
    assert_eq!(t.exit_status(), 0, "q quit");
}

/// Whether bracketed paste was last turned on (`ESC [?2004h`) rather than off.
fn paste_mode_left_on(out: &[u8]) -> Option<bool> {
    let text = String::from_utf8_lossy(out);
    let on = text.rfind("\u{1b}[?2004h")?;
    Some(text.rfind("\u{1b}[?2004l").is_none_or(|off| off < on))
}

#[test]
fn bracketed_paste_is_turned_off_when_the_terminal_is_given_back() {
    let dir = sample_copy();
    for how in ["q", "TERM", "editor"] {
        let (t, out) = Tmux::start_recorded(
            &[path(&dir), "--coder", "bp"],
            100,
            30,
            // The "editor" appends a word to the memo file it is given.
            &[("EDITOR", "printf catatan >>")],
        );
        t.wait_text("informan-a");
        match how {
            "q" => t.keys(&["q"]),
            "TERM" => common::tmux::signal(t.pid(), "TERM"),
            _ => {
                t.keys(&["m", "C-o"]);
                t.wait_text("Memo updated");
                let seen = Tmux::recorded_until(&out, "bracketed paste on again", |s| {
                    s.matches("\u{1b}[?2004h").count() >= 2
                });
                assert_eq!(
                    paste_mode_left_on(&seen),
                    Some(true),
                    "turned off for $EDITOR and on again after it"
                );
                assert!(
                    String::from_utf8_lossy(&seen)
                        .matches("\u{1b}[?2004l")
                        .count()
                        >= 1,
                    "off while $EDITOR ran"
                );
                t.keys(&["q"]);
            }
        }
        let code = t.exit_status();
        assert!(code == 0 || code == 143, "{how}: exit {code}");
        let seen = Tmux::recorded_through(&out, "[exit ");
        assert_eq!(paste_mode_left_on(&seen), Some(false), "{how}: left on");
    }
}
