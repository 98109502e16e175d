//! The real binary in an 80x24 terminal (tmux): the transcript gets its room, the
//! documents key shows and hides the documents pane, and the choice is kept in the
//! config for the next start.

mod common;

use common::tmux::{Tmux, sample_copy};

/// Widths of the panes on the screen's first row, left to right.
fn panes(screen: &str) -> Vec<usize> {
    let row: Vec<char> = screen.lines().next().unwrap_or_default().chars().collect();
    let starts: Vec<usize> = (0..row.len()).filter(|&i| row[i] == '┌').collect();
    let mut ends = starts[1..].to_vec();
    ends.push(row.len());
    starts.iter().zip(ends).map(|(a, b)| b - a).collect()
}

/// Columns of transcript text in a transcript pane `width` wide: its two borders and
/// the current paragraph's bar with a space are not text.
fn text(width: usize) -> usize {
    width - 4
}

#[test]
fn at_80x24_the_transcript_has_its_room_and_the_documents_key_is_kept() {
    let dir = sample_copy();
    let path = dir.path().to_str().expect("utf8");
    let t = Tmux::start(&[path, "--coder", "ana"], 80, 24);
    let s = t.wait_text("informan-a.txt ¶1/57");
    assert!(s.contains("\\ documents"), "the key is named:\n{s}");
    let widths = panes(&s);
    assert_eq!(widths.len(), 2, "transcript and codebook only:\n{s}");
    assert!(text(widths[0]) >= 40, "{widths:?}:\n{s}");
    t.type_text("\\");
    let s = t.wait_text("┌Documents");
    let widths = panes(&s);
    assert_eq!(widths.len(), 3, "{s}");
    assert!(
        text(widths[1]) >= 40,
        "still room for the text: {widths:?}\n{s}"
    );
    assert!(s.contains("▶ inf"), "the current document marked: {s}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    let config = std::fs::read_to_string(t.config_home().join("tandai/config.toml"))
        .expect("config written");
    assert!(config.contains("documents = \"shown\""), "{config}");
    // The next start shows it at once; the key hides it again.
    let again = Tmux::start_env(
        &[path, "--coder", "ana"],
        80,
        24,
        &[("XDG_CONFIG_HOME", t.config_home().to_str().expect("utf8"))],
    );
    again.wait_text("┌Documents");
    again.type_text("\\");
    let s = again.wait_for("the documents pane hidden", |s| {
        s.contains("¶1/57") && !s.contains("┌Documents")
    });
    assert_eq!(panes(&s).len(), 2, "{s}");
    again.keys(&["q"]);
    assert_eq!(again.exit_status(), 0);
}
