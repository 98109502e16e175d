//! Nothing on screen is cut without a way to read it (issue 11, item 6): help lines,
//! the codebook screen's keys, a paragraph's code tags, the retrieval and overview
//! titles and keys wrap or fit; the overview's document headings use the room.

mod common;

use common::screen::{press, screen, words};
use tandai::app::State;
use tandai::app::action::COMMANDS;
use tandai::app::keymap::Keymap;
use tandai::core::codebook::Codebook;
use tandai::core::project::Project;

fn sample() -> (tempfile::TempDir, State) {
    let dir = common::tmux::sample_copy();
    let s = common::state_in(dir.path(), "ana");
    (dir, s)
}

#[test]
fn every_help_line_is_whole_at_80_columns() {
    let (_dir, mut s) = sample();
    press(&mut s, "?");
    // Tall enough for all of it: what is tested is the width.
    let help = words(&screen(&mut s, 80, 150));
    for c in COMMANDS {
        assert!(help.contains(c.help), "{:?} cut:\n{help}", c.help);
    }
    for whole in [
        "x detaches / discards (twice), g goes there, u / Ctrl-r undo and redo",
        "c another coder's codings or everyone's (blind: on documents you finished), Esc closes.",
    ] {
        assert!(help.contains(whole), "{whole:?} cut:\n{help}");
    }
}

#[test]
fn help_scrolls_to_its_last_wrapped_line_at_50x12() {
    let (_dir, mut s) = sample();
    press(&mut s, "?G");
    let end = screen(&mut s, 50, 12);
    assert!(words(&end).contains("saved / saving / NOT SAVED."), "{end}");
}

#[test]
fn every_key_of_the_codebook_screen_shows_at_80x24() {
    let (_dir, mut s) = sample();
    press(&mut s, "b");
    let shown = words(&screen(&mut s, 80, 24));
    for item in [
        "a add",
        "A sub-code",
        "E example",
        "J/K reorder",
        "X one-per-paragraph",
        "D delete",
        "u undo",
        "L language",
        "Esc close",
    ] {
        assert!(shown.contains(item), "{item:?} missing:\n{shown}");
    }
}

/// Six codes with long labels that can all be on one paragraph.
fn long_labels() -> (tempfile::TempDir, State) {
    let dir = common::project_dir(&[("a.txt", "Informan: satu dua tiga.\n\nPeneliti: lalu?\n")]);
    let codes: Vec<String> = (1..=6)
        .map(|i| {
            format!(
                r#"{{"id": "c{i}", "label": {{"en": "Pengalaman bekerja nomor {i}", "id": "Pengalaman {i}"}}}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{"format": "tandai-codebook", "version": 1, "codes": [{}]}}"#,
        codes.join(",")
    );
    let keymap = Keymap::load(None).expect("keymap");
    let mut book = Codebook::parse(json.as_bytes(), "codebook.json").expect("codebook");
    book.assign_keys(&keymap.reserved_chars());
    let project = Project::open(dir.path()).expect("project");
    let s = State::new(project, book, keymap, "ana".into());
    (dir, s)
}

#[test]
fn a_paragraphs_code_tags_wrap_under_it() {
    let (_dir, mut s) = long_labels();
    press(&mut s, "123456");
    // Tall enough for all six: what is tested is the width.
    let shown = screen(&mut s, 50, 30);
    // The transcript pane only: the 30 columns left of the codebook.
    let pane: Vec<String> = shown
        .lines()
        .map(|l| l.chars().take(30).collect())
        .collect();
    let all = words(&pane.join("\n"));
    for i in 1..=6 {
        let tag = format!("[Pengalaman bekerja nomor {i}]");
        assert!(all.contains(&tag), "{tag} cut:\n{shown}");
    }
}

#[test]
fn retrieval_title_and_keys_fit_at_50x12_and_80x24() {
    let (_dir, mut s) = sample();
    press(&mut s, "jjj1f");
    for (w, h) in [(50, 12), (80, 24)] {
        let shown = screen(&mut s, w, h);
        let title = shown.lines().nth(1).unwrap_or_default();
        assert!(title.contains("Retrieval (ana): 1 passage "), "{shown}");
        assert!(!title.contains('…'), "{shown}");
        let all = words(&shown);
        assert!(all.contains("Enter shows one in context"), "{shown}");
        assert!(all.contains("Esc closes"), "{shown}");
    }
}

#[test]
fn overview_titles_fit_and_its_keys_show() {
    let (_dir, mut s) = sample();
    press(&mut s, "o");
    let wide = screen(&mut s, 80, 24);
    assert!(
        wide.contains("Overview (ana) · [Codes] Coverage Code x document Code x attribute"),
        "{wide}"
    );
    let narrow = screen(&mut s, 50, 12);
    let title = narrow.lines().nth(1).unwrap_or_default();
    assert!(title.contains("Overview (ana) · [Codes] 1/4"), "{narrow}");
    assert!(!title.contains('…'), "{narrow}");
    assert!(words(&narrow).contains("Esc closes"), "{narrow}");
}

#[test]
fn overview_document_headings_use_the_room_there_is() {
    let (_dir, mut s) = sample();
    press(&mut s, "o<tab><tab>");
    let shown = screen(&mut s, 80, 24);
    let heading = shown.lines().nth(2).unwrap_or_default();
    for name in ["informan-a", "informan-b", "informan-c", "informant-d"] {
        assert!(heading.contains(name), "{name} cut: {heading}");
    }
    // Where there is no room, the end of the name still tells them apart.
    let narrow = screen(&mut s, 50, 12);
    assert!(narrow.contains("…rman-a"), "{narrow}");
}
