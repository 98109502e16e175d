//! Input as state transitions (RELIABILITY I2 and issue 13, 8c): a paste is text in
//! every prompt and editor and never commands; Esc and the next key read as Alt-key
//! act as Esc and then the key, unless Alt-key is bound.

mod common;

use common::{code, codes, state_in, two_docs};
use tandai::app::editor::{EditorAction, Field, Prompt};
use tandai::app::keymap::{Key, KeyCode, Keymap};
use tandai::app::keys::press;
use tandai::app::memo::MemoAction;
use tandai::app::paste::{LINE_LIMIT, Paste};
use tandai::app::retrieve::RetrieveAction;
use tandai::app::state::{Effect, Mode, State};
use tandai::app::{Action, update};

fn paste(s: &mut State, text: &str) -> Vec<Effect> {
    update(s, Action::Paste(Paste::from(text)))
}

fn no_codes_anywhere(s: &State) -> bool {
    s.docs.iter().all(|d| d.decisions.paragraphs.is_empty())
}

fn message(s: &State) -> String {
    s.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn alt(c: char) -> Key {
    Key {
        alt: true,
        ..Key::char(c)
    }
}

#[test]
fn a_paste_into_the_search_is_its_query_not_commands() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Search);
    let effects = paste(&mut s, "Kendari\n1j2j3");
    assert!(effects.is_empty());
    assert_eq!(s.mode, Mode::Search, "the newline did not end the search");
    assert_eq!(
        s.search.as_ref().map(|q| q.query.as_str()),
        Some("Kendari 1j2j3")
    );
    assert!(no_codes_anywhere(&s), "no paragraph was coded");
    assert_eq!((s.doc, s.para), (0, 0), "nothing moved");
}

#[test]
fn a_paste_into_a_memo_keeps_its_lines_as_lf_and_drops_escape_codes() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Memo);
    paste(&mut s, "satu\r\ndua\rtiga\n\tempat \u{1b}[31mmerah");
    update(&mut s, Action::MemoEdit(MemoAction::Insert('!')));
    let effects = update(&mut s, Action::MemoEdit(MemoAction::Save));
    assert_eq!(effects, [Effect::Save(0)]);
    let memo = &s.docs[0].decisions.paragraphs[&0].memo;
    assert_eq!(memo, "satu\ndua\ntiga\n\tempat [31mmerah!");
}

#[test]
fn a_paste_in_the_coding_screen_is_ignored_with_a_message() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let effects = paste(&mut s, "1j2j3");
    assert!(effects.is_empty());
    assert!(no_codes_anywhere(&s));
    assert_eq!((s.doc, s.para), (0, 0));
    assert!(message(&s).contains("Paste ignored"), "{}", message(&s));
    // The same in the other screens that take keys.
    for open in [Action::Help, Action::Review, Action::CodebookScreen] {
        let mut s = state_in(dir.path(), "ana");
        update(&mut s, open);
        let before = s.mode.clone();
        paste(&mut s, "q");
        assert_eq!(s.mode, before);
    }
}

#[test]
fn one_line_prompts_take_a_paste_with_spaces_for_line_breaks() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::CodePicker);
    paste(&mut s, "kon\ntak");
    assert!(matches!(&s.mode, Mode::Picker(p) if p.query == "kon tak"));

    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Retrieve);
    update(&mut s, Action::RetrieveEdit(RetrieveAction::New));
    paste(&mut s, "devito.contact\r\nor devito.repair");
    let r = s.retrieval.as_ref().expect("retrieval");
    assert_eq!(r.input, "devito.contact or devito.repair");
    assert!(r.editing);

    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::CodebookScreen);
    update(
        &mut s,
        Action::Editor(EditorAction::Edit(Field::Definition)),
    );
    update(&mut s, Action::Editor(EditorAction::ClearInput));
    paste(&mut s, "Baris satu.\nBaris dua.");
    let Mode::Editor(e) = &s.mode else {
        panic!("codebook screen")
    };
    assert!(
        matches!(&e.prompt, Some(Prompt::Text { buffer, .. }) if buffer == "Baris satu. Baris dua.")
    );
}

#[test]
fn the_key_prompt_and_over_long_one_line_pastes_are_refused_with_a_message() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::CodebookScreen);
    update(&mut s, Action::Editor(EditorAction::AskKey));
    paste(&mut s, "z");
    let Mode::Editor(e) = &s.mode else {
        panic!("codebook screen")
    };
    assert!(matches!(&e.prompt, Some(Prompt::Text { buffer, .. }) if buffer.is_empty()));
    assert!(message(&s).contains("type the key"), "{}", message(&s));

    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Search);
    paste(&mut s, &"x".repeat(LINE_LIMIT + 1));
    assert_eq!(s.search.as_ref().map(|q| q.query.as_str()), Some(""));
    assert!(message(&s).contains("more than"), "{}", message(&s));
}

#[test]
fn a_cut_paste_says_so() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Memo);
    update(
        &mut s,
        Action::Paste(Paste {
            text: "awal".into(),
            cut: 12,
        }),
    );
    assert!(matches!(&s.mode, Mode::Memo(m) if m.text == "awal"));
    assert!(message(&s).contains("last 12 bytes"), "{}", message(&s));
}

#[test]
fn esc_and_q_in_one_packet_leave_the_search_and_then_quit() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::NextParagraph);
    update(&mut s, Action::Search);
    update(
        &mut s,
        Action::SearchEdit(tandai::app::search::SearchAction::Input('L')),
    );
    let effects = press(&mut s, alt('q'));
    assert_eq!(effects, [Effect::Quit], "q quit after Esc left the search");
    assert_eq!(s.mode, Mode::Coding);
    assert_eq!(
        (s.doc, s.para),
        (0, 1),
        "Esc went back to where the search began"
    );
}

#[test]
fn esc_and_a_key_in_one_packet_on_the_main_screen_is_the_key() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    assert_eq!(press(&mut s, alt('q')), [Effect::Quit]);
    let mut s = state_in(dir.path(), "ana");
    let contact = s.codebook.codes[code(&s, "devito.contact")].key;
    let key = contact.expect("contact has a key");
    assert_eq!(press(&mut s, alt(key)), [Effect::Save(0)]);
    assert_eq!(codes(&s, 0, 0), ["devito.contact"]);
}

#[test]
fn esc_and_a_key_in_the_memo_editor_saves_the_memo_and_then_acts() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Memo);
    update(&mut s, Action::MemoEdit(MemoAction::Insert('m')));
    let effects = press(&mut s, alt('j'));
    assert_eq!(effects, [Effect::Save(0)], "Esc saved the memo");
    assert_eq!(s.mode, Mode::Coding);
    assert_eq!(s.para, 1, "then j moved on");
}

#[test]
fn alt_backspace_in_the_memo_editor_deletes_a_word_and_keeps_it_open() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Memo);
    for c in "dua kata".chars() {
        update(&mut s, Action::MemoEdit(MemoAction::Insert(c)));
    }
    let effects = press(
        &mut s,
        Key {
            code: KeyCode::Backspace,
            ctrl: false,
            alt: true,
        },
    );
    assert!(effects.is_empty(), "not saved and closed: {effects:?}");
    let Mode::Memo(e) = &s.mode else {
        panic!("the memo editor stays open")
    };
    assert_eq!(e.text, "dua ");
}

#[test]
fn a_bound_alt_key_keeps_its_binding() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    s.keymap =
        Keymap::load(Some(("next_document = [\"alt-d\"]\n", "keymap.toml"))).expect("keymap");
    press(&mut s, alt('d'));
    assert_eq!(s.doc, 1, "Alt-d is bound: not Esc and d");
    let effects = press(&mut s, Key::plain(KeyCode::F(9)));
    assert!(
        effects.is_empty(),
        "an unbound key without Alt does nothing"
    );
}
