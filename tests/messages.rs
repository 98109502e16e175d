//! The message history (issue 11, item 6): status messages the next key replaced, or
//! too long for the status line, can be read again, newest first; a long message
//! takes a second status line, a longer one names the key that shows it whole.

mod common;

use common::screen::{press, screen, words};
use common::{state_in, two_docs};
use tandai::app::messages::KEPT;
use tandai::app::state::Mode;
use tandai::app::{Action, State, update};
use tandai::core::coding::saver::{Outcome, Target};

fn history(s: &State) -> Vec<String> {
    s.history.newest_first().map(|m| m.text.clone()).collect()
}

/// A message as long as `words` words, through a real path (a config that cannot be
/// written).
fn long_message(s: &mut State, words: usize) -> String {
    let why: Vec<String> = (0..words).map(|i| format!("kata{i}")).collect();
    update(s, Action::ConfigWritten(Err(why.join(" "))));
    s.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn messages_are_kept_newest_first_each_time_they_show() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Undo);
    // A message still on screen after an action that keeps it is not counted again.
    update(&mut s, Action::Resize(100, 30));
    update(&mut s, Action::Redo);
    update(&mut s, Action::NextParagraph);
    update(&mut s, Action::Undo);
    assert_eq!(
        history(&s),
        ["Nothing to undo.", "Nothing to redo.", "Nothing to undo."]
    );
    for _ in 0..KEPT {
        update(&mut s, Action::Redo);
        update(&mut s, Action::NextParagraph);
    }
    assert_eq!(s.history.len(), KEPT, "only the last {KEPT} are kept");
}

#[test]
fn a_failed_save_is_kept_with_its_whole_reason() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    common::toggle(&mut s, "devito.contact");
    let why = "/very/long/path/to/the/project/informan-1.txt.ana.tandai.json: writing failed: No space left on device (os error 28)";
    let generation = s.docs[0].generation;
    update(
        &mut s,
        Action::Saved(Outcome::new(
            Target::Sidecar(0),
            generation,
            Err(why.into()),
        )),
    );
    assert_eq!(history(&s)[0], format!("NOT SAVED: {why}"));
    update(&mut s, Action::NextParagraph);
    assert_eq!(
        history(&s)
            .iter()
            .filter(|m| m.starts_with("NOT SAVED"))
            .count(),
        1,
        "recorded when it starts, not on every key"
    );
}

#[test]
fn a_long_message_wraps_to_a_second_status_line() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let text = long_message(&mut s, 10);
    assert!(text.len() > 80 && text.len() < 150, "{text}");
    let shown = screen(&mut s, 80, 24);
    let rows: Vec<&str> = shown.lines().collect();
    assert!(
        rows[21].contains("¶1/4"),
        "the position line moves up: {shown}"
    );
    let status = words(&rows[22..].join("\n"));
    assert_eq!(status, text, "the whole message on two lines:\n{shown}");
}

#[test]
fn a_longer_message_names_the_key_and_the_messages_screen_shows_it_whole() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let text = long_message(&mut s, 60);
    let shown = screen(&mut s, 80, 24);
    let last = shown.lines().nth(23).unwrap_or_default();
    assert!(last.contains("… ! shows all"), "{shown}");
    press(&mut s, "!");
    assert_eq!(s.mode, Mode::Messages { scroll: 0 });
    let list = screen(&mut s, 80, 24);
    assert!(list.contains("Messages, newest first"), "{list}");
    assert!(words(&list).contains(&text), "whole:\n{list}");
    press(&mut s, "<esc>");
    assert_eq!(s.mode, Mode::Coding);
}

#[test]
fn the_messages_screen_scrolls_and_says_when_there_are_none() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "!");
    assert_eq!(s.mode, Mode::Coding, "nothing to show yet");
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("No messages yet"))
    );
    update(&mut s, Action::NextParagraph);
    update(&mut s, Action::Undo);
    update(&mut s, Action::NextParagraph);
    press(&mut s, "!jjj");
    assert_eq!(s.mode, Mode::Messages { scroll: 1 }, "kept within the list");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("from message 2 of 2"), "{shown}");
    press(&mut s, "!");
    assert_eq!(s.mode, Mode::Coding);
}
