//! How the coding screen shares its room (issue 11, item 5): the transcript keeps at
//! least 40 columns of text at 80x24 and 26 at 50x12; the codebook narrows and the
//! documents pane hides before the transcript shrinks; the documents key shows and
//! hides the pane, and the choice is kept.

mod common;

use common::screen::{press, screen};
use common::state_in;
use tandai::app::layout::{Panes, Shown, panes};
use tandai::app::state::Effect;
use tandai::app::{Action, State, update};
use tandai::core::config::DocumentsPane;

/// A document whose one paragraph is a word longer than any screen: it wraps at
/// exactly the transcript's text width.
fn long_word() -> (tempfile::TempDir, State) {
    let dir = common::project_dir(&[
        ("a.txt", &format!("{}\n", "x".repeat(600))),
        ("b.txt", "Peneliti: Halo.\n"),
    ]);
    let s = state_in(dir.path(), "ana");
    (dir, s)
}

/// Columns of transcript text as drawn: the longest run of the long word on a row.
fn drawn_text_width(shown: &str) -> usize {
    shown
        .lines()
        .map(|l| l.split(|c| c != 'x').map(str::len).max().unwrap_or(0))
        .max()
        .unwrap_or(0)
}

fn rules(w: u16, h: u16, documents: DocumentsPane) -> Panes {
    panes(
        (w, h),
        Shown {
            documents,
            message_rows: 1,
        },
    )
}

/// At each size: the transcript's width by the rules and as drawn, and whether the
/// documents pane shows (by default, when there is room).
#[test]
fn transcript_width_and_documents_pane_at_each_size() {
    // (width, height, text columns, documents shown)
    let cases = [
        (50, 12, 26, false),
        (80, 24, 52, false),
        (120, 40, 50, true),
        (200, 60, 122, true),
    ];
    for (w, h, text, documents) in cases {
        let p = rules(w, h, DocumentsPane::Auto);
        assert_eq!(p.text_columns(), text, "{w}x{h}: {p:?}");
        assert_eq!(p.documents_shown(), documents, "{w}x{h}: {p:?}");
        let (_dir, mut s) = long_word();
        let shown = screen(&mut s, w, h);
        assert_eq!(
            drawn_text_width(&shown),
            usize::from(text),
            "{w}x{h}:\n{shown}"
        );
        let first = shown.lines().next().unwrap_or_default();
        assert_eq!(
            first.starts_with("┌Documents"),
            documents,
            "{w}x{h}:\n{shown}"
        );
    }
}

#[test]
fn shown_at_80_columns_the_codebook_narrows_and_the_transcript_keeps_40() {
    let p = rules(80, 24, DocumentsPane::Shown);
    assert!(p.documents_shown());
    assert_eq!((p.codebook, p.text_columns()), (20, 40), "{p:?}");
    let full = rules(80, 24, DocumentsPane::Hidden);
    assert!(
        full.codebook > p.codebook,
        "narrowed for the documents pane"
    );
    let tight = rules(50, 12, DocumentsPane::Shown);
    assert!(
        !tight.documents_shown() && tight.documents_squeezed,
        "too narrow even when asked for: {tight:?}"
    );
    assert_eq!(tight.text_columns(), 26);
    assert!(!rules(200, 60, DocumentsPane::Hidden).documents_shown());
}

#[test]
fn the_documents_key_shows_and_hides_the_pane_and_keeps_the_choice() {
    let (_dir, mut s) = long_word();
    let before = screen(&mut s, 80, 24);
    assert!(
        before.contains("\\ documents"),
        "the key is named: {before}"
    );
    assert!(!before.starts_with("┌Documents"));
    let effects = update(&mut s, Action::ToggleDocuments);
    assert_eq!(effects, [Effect::KeepSetting("documents", "shown")]);
    let shown = screen(&mut s, 80, 24);
    assert!(shown.starts_with("┌Documents"), "{shown}");
    assert!(shown.contains("▶ a"), "{shown}");
    assert_eq!(drawn_text_width(&shown), 40, "{shown}");
    press(&mut s, "\\");
    assert_eq!(s.documents_pane, DocumentsPane::Hidden);
    assert!(
        !screen(&mut s, 120, 40).starts_with("┌Documents"),
        "hidden stays hidden"
    );
    press(&mut s, "\\");
    assert!(screen(&mut s, 120, 40).starts_with("┌Documents"));
}

#[test]
fn asking_for_the_documents_pane_in_a_narrow_terminal_says_what_it_needs() {
    let (_dir, mut s) = long_word();
    update(&mut s, Action::Resize(60, 20));
    update(&mut s, Action::ToggleDocuments);
    assert_eq!(s.documents_pane, DocumentsPane::Shown);
    let text = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        text.contains("needs a terminal 80 columns wide (this one has 60)"),
        "{text}"
    );
    assert!(
        screen(&mut s, 80, 24).starts_with("┌Documents"),
        "it shows once there is room"
    );
}

#[test]
fn a_choice_that_cannot_be_kept_says_so_and_holds_for_the_session() {
    let (_dir, mut s) = long_word();
    update(
        &mut s,
        Action::ConfigWritten(Err("config.toml: a symbolic link".into())),
    );
    let text = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        text.contains("for this session only: config.toml"),
        "{text}"
    );
}

#[test]
fn every_size_from_tiny_to_wide_draws_without_panic() {
    let (_dir, mut s) = long_word();
    for choice in ["", "\\"] {
        press(&mut s, choice);
        for w in (0..=200).step_by(7) {
            for h in [0, 5, 11, 12, 24, 60] {
                screen(&mut s, w, h);
            }
        }
    }
}
