//! Pure state transitions: `update(&mut State, Action)` with no terminal and no I/O.

mod common;

use common::{code, codes, state_in, toggle, two_docs};
use tandai::app::state::{Effect, Mode, SaveState};
use tandai::app::{Action, update};
use tandai::core::coding::saver::{Outcome, Target};

#[test]
fn navigation_stays_in_bounds() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    assert_eq!((s.doc, s.para), (0, 0));
    update(&mut s, Action::PrevParagraph);
    assert_eq!(s.para, 0);
    update(&mut s, Action::NextParagraph);
    update(&mut s, Action::NextParagraph);
    assert_eq!(s.para, 2);
    update(&mut s, Action::LastParagraph);
    assert_eq!(s.para, 3);
    update(&mut s, Action::NextParagraph);
    assert_eq!(s.para, 3);
    update(&mut s, Action::FirstParagraph);
    assert_eq!(s.para, 0);
    update(&mut s, Action::PageDown);
    assert_eq!(s.para, 3, "a page is several paragraphs, clamped");
    update(&mut s, Action::PageUp);
    assert_eq!(s.para, 0);
}

#[test]
fn documents_wrap_around_and_each_keeps_its_place() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::LastParagraph);
    update(&mut s, Action::NextDocument);
    assert_eq!(
        (s.doc, s.para),
        (1, 0),
        "a document not visited starts at the top"
    );
    update(&mut s, Action::NextParagraph);
    update(&mut s, Action::NextDocument);
    assert_eq!((s.doc, s.para), (0, 3), "back where it was left");
    update(&mut s, Action::PrevDocument);
    assert_eq!((s.doc, s.para), (1, 1));
}

#[test]
fn toggling_a_code_asks_for_a_save_and_toggles_back() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let contact = code(&s, "devito.contact");
    assert_eq!(
        update(&mut s, Action::ToggleCode(contact)),
        [Effect::Save(0)]
    );
    assert_eq!(codes(&s, 0, 0), ["devito.contact"]);
    assert_eq!(s.docs[0].save, SaveState::Saving);
    assert_eq!(
        s.code_cursor, contact,
        "the codebook cursor follows the code"
    );
    assert_eq!(
        update(&mut s, Action::ToggleCode(contact)),
        [Effect::Save(0)]
    );
    assert!(codes(&s, 0, 0).is_empty());
    assert!(
        s.docs[0].decisions.paragraphs.is_empty(),
        "empty entries are dropped"
    );
}

#[test]
fn exclusive_group_replaces_the_other_stage_and_says_so() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    toggle(&mut s, "devito.contact");
    toggle(&mut s, "devito.intimacy");
    assert_eq!(codes(&s, 0, 0), ["devito.intimacy"]);
    let msg = s.message.clone().expect("a note in the status line").text;
    assert!(msg.starts_with("Contact → Intimacy"), "{msg}");
    update(&mut s, Action::Undo);
    assert_eq!(
        codes(&s, 0, 0),
        ["devito.contact"],
        "undo restores the replaced stage"
    );
}

#[test]
fn category_headings_cannot_be_applied() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    assert!(toggle(&mut s, "devito").is_empty());
    assert!(codes(&s, 0, 0).is_empty());
    assert!(s.message.as_ref().is_some_and(|m| m.warning));
}

#[test]
fn undo_and_redo_work_across_documents_and_go_to_the_change() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let contact = code(&s, "devito.contact");
    update(&mut s, Action::NextParagraph);
    update(&mut s, Action::ToggleCode(contact));
    update(&mut s, Action::NextDocument);
    update(&mut s, Action::LastParagraph);
    toggle(&mut s, "devito.repair");
    assert_eq!(codes(&s, 1, 2), ["devito.repair"]);
    update(&mut s, Action::Undo);
    update(&mut s, Action::FirstParagraph);
    assert_eq!(update(&mut s, Action::Undo), [Effect::Save(0)]);
    assert_eq!((s.doc, s.para), (0, 1), "undo shows where it changed");
    assert!(codes(&s, 0, 1).is_empty());
    assert!(codes(&s, 1, 2).is_empty());
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("−Contact"))
    );
    update(&mut s, Action::Redo);
    update(&mut s, Action::Redo);
    assert_eq!(codes(&s, 0, 1), ["devito.contact"]);
    assert_eq!(codes(&s, 1, 2), ["devito.repair"]);
    assert_eq!((s.doc, s.para), (1, 2));
    update(&mut s, Action::Redo);
    assert_eq!(
        s.message.as_ref().map(|m| m.text.as_str()),
        Some("Nothing to redo.")
    );
}

#[test]
fn a_new_change_clears_redo() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    toggle(&mut s, "devito.contact");
    update(&mut s, Action::Undo);
    toggle(&mut s, "devito.repair");
    update(&mut s, Action::Redo);
    assert_eq!(codes(&s, 0, 0), ["devito.repair"]);
}

#[test]
fn next_uncoded_skips_coded_paragraphs_and_moves_on_to_later_documents() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let contact = code(&s, "devito.contact");
    for p in 0..4 {
        s.go_to(0, p);
        if p != 2 {
            update(&mut s, Action::ToggleCode(contact));
        }
    }
    s.go_to(0, 0);
    update(&mut s, Action::NextUncoded);
    assert_eq!((s.doc, s.para), (0, 2));
    update(&mut s, Action::NextUncoded);
    assert_eq!((s.doc, s.para), (1, 0));
    update(&mut s, Action::PrevUncoded);
    assert_eq!((s.doc, s.para), (0, 2));
}

#[test]
fn next_uncoded_says_when_everything_is_coded() {
    let dir = common::project_dir(&[("a.txt", "satu\n")]);
    let mut s = state_in(dir.path(), "ana");
    toggle(&mut s, "devito.contact");
    update(&mut s, Action::NextUncoded);
    assert_eq!(s.para, 0);
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("Every paragraph"))
    );
}

#[test]
fn save_outcomes_drive_the_status() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    toggle(&mut s, "devito.contact");
    let generation = s.docs[0].generation;
    let ok = |generation| {
        Action::Saved(Outcome {
            target: Target::Sidecar(0),
            generation,
            result: Ok(()),
            conflict: None,
            merge: None,
        })
    };
    update(&mut s, ok(generation - 1));
    assert_eq!(
        s.save_summary(),
        SaveState::Saving,
        "an older write does not count"
    );
    update(&mut s, ok(generation));
    assert_eq!(s.save_summary(), SaveState::Saved);
    let fail = Action::Saved(Outcome {
        target: Target::Sidecar(0),
        generation,
        result: Err("disk full".into()),
        conflict: None,
        merge: None,
    });
    update(&mut s, fail);
    assert_eq!(s.save_summary(), SaveState::Failed("disk full".into()));
}

#[test]
fn quitting_with_unsaved_edits_asks_twice() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    assert_eq!(
        update(&mut s, Action::Quit),
        [Effect::Quit],
        "nothing to confirm when saved"
    );
    toggle(&mut s, "devito.contact");
    let generation = s.docs[0].generation;
    update(
        &mut s,
        Action::Saved(Outcome {
            target: Target::Sidecar(0),
            generation,
            result: Err("read-only".into()),
            conflict: None,
            merge: None,
        }),
    );
    assert!(update(&mut s, Action::Quit).is_empty());
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("NOT SAVED"))
    );
    assert_eq!(update(&mut s, Action::Quit), [Effect::Quit]);
}

#[test]
fn picker_filters_and_applies() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::CodePicker);
    for c in "pemutus".chars() {
        update(&mut s, Action::PickerInput(c));
    }
    assert_eq!(update(&mut s, Action::PickerAccept), [Effect::Save(0)]);
    assert_eq!(s.mode, Mode::Coding);
    assert_eq!(codes(&s, 0, 0), ["devito.dissolution"]);
}

#[test]
fn picker_moves_closes_on_backspace_and_reports_no_match() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::CodePicker);
    update(&mut s, Action::PickerMove(1));
    update(&mut s, Action::PickerMove(100));
    assert!(
        matches!(&s.mode, Mode::Picker(p) if p.selected == 5),
        "clamped to the 6 stages"
    );
    update(&mut s, Action::PickerInput('z'));
    update(&mut s, Action::PickerInput('z'));
    assert!(update(&mut s, Action::PickerAccept).is_empty());
    assert_eq!(
        s.message.as_ref().map(|m| m.text.as_str()),
        Some("No code matches.")
    );
    update(&mut s, Action::CodePicker);
    update(&mut s, Action::PickerInput('x'));
    update(&mut s, Action::PickerBackspace);
    update(&mut s, Action::PickerBackspace);
    assert_eq!(s.mode, Mode::Coding);
}

#[test]
fn codebook_cursor_moves_over_codable_codes_and_toggles() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    assert_eq!(
        s.codebook.codes[s.code_cursor].id, "devito.contact",
        "starts on the first codable code"
    );
    update(&mut s, Action::PrevCode);
    assert_eq!(
        s.codebook.codes[s.code_cursor].id, "devito.dissolution",
        "wraps, skipping the heading"
    );
    update(&mut s, Action::NextCode);
    update(&mut s, Action::NextCode);
    update(&mut s, Action::ToggleSelectedCode);
    assert_eq!(codes(&s, 0, 0), ["devito.involvement"]);
}

#[test]
fn help_and_language() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Help);
    update(&mut s, Action::HelpScroll(3));
    assert_eq!(s.mode, Mode::Help { scroll: 3 });
    update(&mut s, Action::Close);
    assert_eq!(s.mode, Mode::Coding);
    assert_eq!(s.codebook.codes[1].label.get(s.lang), "Contact");
    update(&mut s, Action::SwitchLanguage);
    assert_eq!(s.codebook.codes[1].label.get(s.lang), "Kontak");
}

#[test]
fn unreadable_document_is_read_only_and_others_open() {
    let dir = common::project_dir(&[("a.txt", "satu\n"), ("b.txt", "")]);
    std::fs::write(dir.path().join("b.txt"), b"caf\xe9\n").expect("write latin-1");
    let mut s = state_in(dir.path(), "ana");
    assert_eq!(s.project.documents.len(), 2);
    let why = s.docs[1].readonly.clone().expect("read-only");
    assert!(
        why.contains("b.txt") && why.contains("not valid UTF-8 at byte 3"),
        "{why}"
    );
    s.message = None;
    update(&mut s, Action::NextDocument);
    let said = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(
        said.starts_with("Read-only:") && said.contains("not valid UTF-8"),
        "said as soon as the document opens: {said}"
    );
    assert!(toggle(&mut s, "devito.contact").is_empty());
    s.go_to(0, 0);
    assert_eq!(toggle(&mut s, "devito.contact"), [Effect::Save(0)]);
}

#[test]
fn bad_sidecar_makes_the_document_read_only_and_is_never_touched() {
    let dir = common::project_dir(&[
        ("a.txt", "satu\n"),
        ("a.txt.ana.tandai.json", "{\"format\": \"tandai-sidecar\","),
    ]);
    let mut s = state_in(dir.path(), "ana");
    let why = s.docs[0].readonly.clone().expect("read-only");
    assert!(why.contains("a.txt.ana.tandai.json: line 1"), "{why}");
    assert!(toggle(&mut s, "devito.contact").is_empty());
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.starts_with("Read-only:"))
    );
    let newer = common::project_dir(&[
        ("a.txt", "satu\n"),
        (
            "a.txt.ana.tandai.json",
            "{\"format\":\"tandai-sidecar\",\"version\":2}",
        ),
    ]);
    let s = state_in(newer.path(), "ana");
    assert!(
        s.docs[0]
            .readonly
            .as_deref()
            .is_some_and(|w| w.contains("version 2 is newer"))
    );
}

#[test]
fn merged_codes_are_rewritten_in_this_coders_sidecars_only() {
    let dir = common::project_dir(&[("a.txt", "satu\n\ndua\n")]);
    let book = r#"{"format":"tandai-codebook","version":1,"codes":[
        {"id":"old","label":"Old","merged_into":"new"},{"id":"new","label":"New"},{"id":"gone","label":"Gone","retired":true}]}"#;
    std::fs::write(dir.path().join("codebook.json"), book).expect("write");
    let sidecar = |coder: &str| {
        format!(
            "{{\"format\":\"tandai-sidecar\",\"version\":1,\"document\":\"a.txt\",\"document_fingerprint\":\"sha256:00\",\"coder\":\"{coder}\",\
             \"paragraphs\":[{{\"paragraph\":1,\"fingerprint\":\"{}\",\"start\":0,\"end\":4,\"codes\":[\"gone\",\"old\"]}}]}}",
            tandai::core::coding::sidecar::paragraph_fingerprint("satu")
        )
    };
    std::fs::write(dir.path().join("a.txt.ana.tandai.json"), sidecar("ana")).expect("write");
    std::fs::write(dir.path().join("a.txt.budi.tandai.json"), sidecar("budi")).expect("write");
    let project = tandai::core::project::Project::open(dir.path()).expect("open");
    let codebook =
        tandai::core::codebook::Codebook::load(&dir.path().join("codebook.json")).expect("book");
    let keymap = tandai::app::keymap::Keymap::load(None).expect("keymap");
    let s = tandai::app::State::new(project, codebook, keymap, "ana".into());
    assert_eq!(
        common::codes(&s, 0, 0),
        ["gone", "new"],
        "merged id rewritten, retired kept"
    );
    assert_eq!(s.pending_saves, [0], "saved at start");
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("1 coding of merged codes now uses"))
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt.budi.tandai.json")).expect("budi"),
        sidecar("budi"),
        "another coder's sidecar is never rewritten"
    );
}
