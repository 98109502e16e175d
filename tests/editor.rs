//! The codebook screen: every editing operation through `update`, saved with the save
//! protocol, undoable; merge and retire never rewrite another coder's sidecar.

mod common;

use common::{codes, state_in, toggle, two_docs};
use std::time::Duration;
use tandai::app::editor::{EditorAction as E, Field, Prompt};
use tandai::app::state::{Mode, SaveState};
use tandai::app::{Action, State, update};
use tandai::core::codebook::{Codebook, Lang};
use tandai::core::coding::saver::Saver;
use tandai::tui::{Persister, dispatch};

fn ed(s: &mut State, a: E) {
    update(s, Action::Editor(a));
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        ed(s, E::Input(c));
    }
    ed(s, E::Accept);
}

fn open_at(s: &mut State, id: &str) {
    update(s, Action::CodebookScreen);
    let i = s.codebook.index_of(id).expect("code");
    ed(s, E::Move(-1000));
    ed(s, E::Move(i as isize));
}

fn selected_id(s: &State) -> String {
    match &s.mode {
        Mode::Editor(e) => s.codebook.codes[e.selected].id.clone(),
        other => panic!("not in the editor: {other:?}"),
    }
}

/// A project with a codebook file, as tandai opens it.
fn project() -> (tempfile::TempDir, State) {
    let dir = two_docs();
    std::fs::write(
        dir.path().join("codebook.json"),
        tandai::core::codebook::packs::find("devito")
            .expect("pack")
            .json,
    )
    .expect("write");
    let mut s = state_in(dir.path(), "ana");
    s.codebook_path = Some(dir.path().join("codebook.json"));
    (dir, s)
}

#[test]
fn add_rename_edit_texts_key_colour_and_reorder() {
    let (_dir, mut s) = project();
    open_at(&mut s, "devito.repair");
    s.lang = Lang::Id;
    ed(&mut s, E::Add { child: false });
    typed(&mut s, "Rekonsiliasi Ulang");
    assert_eq!(
        selected_id(&s),
        "devito.rekonsiliasi-ulang",
        "a new sibling after the selected code, id from the label"
    );
    let i = s
        .codebook
        .index_of("devito.rekonsiliasi-ulang")
        .expect("added");
    assert_eq!(s.codebook.codes[i - 1].id, "devito.repair");
    assert!(s.codebook.codes[i].key.is_some(), "gets a free key");
    assert_eq!(
        s.codebook.codes[i].label.en, "",
        "named in Indonesian only: the English label is left to be written"
    );
    s.lang = Lang::En;
    ed(&mut s, E::Edit(Field::Label));
    ed(&mut s, E::ClearInput);
    typed(&mut s, "Reconciliation");
    assert_eq!(s.codebook.codes[i].label.en, "Reconciliation");
    assert_eq!(
        s.codebook.codes[i].label.id, "Rekonsiliasi Ulang",
        "only the current language changes"
    );
    assert_eq!(
        s.codebook.codes[i].id, "devito.rekonsiliasi-ulang",
        "renaming never changes the id"
    );
    for (field, text) in [
        (Field::Definition, "Mending after a break."),
        (Field::Include, "apologies"),
        (Field::Exclude, "fading"),
        (Field::Example, "We made up."),
    ] {
        ed(&mut s, E::Edit(field));
        typed(&mut s, text);
    }
    let c = &s.codebook.codes[i];
    assert_eq!(
        (
            c.definition.en.as_str(),
            c.include.en.as_str(),
            c.exclude.en.as_str(),
            c.example.en.as_str()
        ),
        (
            "Mending after a break.",
            "apologies",
            "fading",
            "We made up."
        )
    );
    ed(&mut s, E::AskKey);
    typed(&mut s, "j");
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("command key")),
        "j is refused"
    );
    ed(&mut s, E::AskKey);
    typed(&mut s, "z");
    assert_eq!(s.codebook.codes[i].own_key, Some('z'));
    ed(&mut s, E::CycleColour);
    assert!(s.codebook.codes[i].own_color.is_some());
    ed(&mut s, E::Reorder(-1));
    assert_eq!(
        s.codebook.codes[i - 1].id,
        "devito.rekonsiliasi-ulang",
        "moved up before Repair"
    );
    let saved =
        Codebook::parse(s.codebook.to_json().as_bytes(), "x").expect("still a valid codebook");
    assert_eq!(
        saved
            .get("devito.rekonsiliasi-ulang")
            .and_then(|c| c.own_key),
        Some('z')
    );
}

#[test]
fn move_under_another_parent_and_not_under_itself() {
    let (_dir, mut s) = project();
    open_at(&mut s, "devito");
    ed(&mut s, E::Add { child: false });
    typed(&mut s, "Other");
    open_at(&mut s, "devito.repair");
    ed(&mut s, E::MoveUnder);
    typed(&mut s, "other");
    let repair = s
        .codebook
        .index_of("devito.repair")
        .expect("still there, same id");
    assert_eq!(
        s.codebook.codes[repair].parent,
        s.codebook.index_of("other")
    );
    open_at(&mut s, "other");
    ed(&mut s, E::MoveUnder);
    typed(&mut s, "devito.repair");
    assert_eq!(
        s.message.as_ref().map(|m| m.text.as_str()),
        Some("No code matches."),
        "its own sub-codes are not offered"
    );
    assert_eq!(
        s.codebook.codes[s.codebook.index_of("devito.repair").expect("x")].parent,
        s.codebook.index_of("other")
    );
}

#[test]
fn merge_rewrites_this_coder_only_and_records_the_merge() {
    let (dir, mut s) = project();
    s.go_to(0, 0);
    toggle(&mut s, "devito.repair");
    let _ = &dir;
    std::fs::write(s.sidecar_path(0), s.sidecar_bytes(0).expect("bytes")).expect("ana saves");
    let budi_path = dir.path().join("informan-1.txt.budi.tandai.json");
    std::fs::copy(s.sidecar_path(0), &budi_path).expect("budi has the same coding");
    let budi_before = std::fs::read(&budi_path).expect("read");
    open_at(&mut s, "devito.repair");
    ed(&mut s, E::MergeInto);
    typed(&mut s, "deterioration");
    assert_eq!(codes(&s, 0, 0), ["devito.deterioration"]);
    let repair = s
        .codebook
        .get("devito.repair")
        .expect("kept in the codebook");
    assert_eq!(repair.merged_into.as_deref(), Some("devito.deterioration"));
    assert!(!repair.active());
    assert_eq!(
        std::fs::read(&budi_path).expect("read"),
        budi_before,
        "budi's sidecar is never rewritten"
    );
    let saved = Codebook::parse(s.codebook.to_json().as_bytes(), "codebook.json").expect("valid");
    assert_eq!(
        saved.resolve("devito.repair"),
        "devito.deterioration",
        "anyone opening the codebook reads the merge"
    );
    ed(&mut s, E::Undo);
    assert_eq!(
        codes(&s, 0, 0),
        ["devito.repair"],
        "undo restores the codebook and the codings"
    );
    assert!(
        s.codebook
            .get("devito.repair")
            .expect("x")
            .merged_into
            .is_none()
    );
}

#[test]
fn retire_keeps_old_codings_and_blocks_new_ones() {
    let (_dir, mut s) = project();
    toggle(&mut s, "devito.repair");
    open_at(&mut s, "devito.repair");
    ed(&mut s, E::ToggleRetire);
    assert!(s.codebook.get("devito.repair").expect("x").retired);
    assert_eq!(codes(&s, 0, 0), ["devito.repair"], "old codings stay");
    ed(&mut s, E::Cancel);
    s.go_to(0, 1);
    toggle(&mut s, "devito.repair");
    assert!(codes(&s, 0, 1).is_empty());
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("retired"))
    );
}

#[test]
fn delete_in_use_asks_with_counts_first() {
    let (_dir, mut s) = project();
    for (doc, para) in [(0, 0), (0, 2), (1, 1)] {
        s.go_to(doc, para);
        toggle(&mut s, "devito.intimacy");
    }
    open_at(&mut s, "devito.intimacy");
    // Delete asks the loop to count the other coders' codings first (none here).
    let counted = || E::UsageCounted("devito.intimacy".into(), Vec::new());
    let effects = update(&mut s, Action::Editor(E::Delete));
    assert_eq!(
        effects,
        [tandai::app::state::Effect::CountUsage(
            "devito.intimacy".into()
        )]
    );
    ed(&mut s, counted());
    match &s.mode {
        Mode::Editor(e) => match &e.prompt {
            Some(Prompt::ConfirmDelete { message, others }) => {
                assert!(message.contains("3 paragraphs in 2 documents"), "{message}");
                assert!(!others);
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    ed(&mut s, E::Cancel);
    assert!(s.codebook.get("devito.intimacy").is_some(), "Esc keeps it");
    ed(&mut s, E::Delete);
    ed(&mut s, counted());
    ed(&mut s, E::Accept);
    assert!(s.codebook.get("devito.intimacy").is_none());
    assert!(codes(&s, 0, 0).is_empty() && codes(&s, 1, 1).is_empty());
    ed(&mut s, E::Undo);
    assert!(s.codebook.get("devito.intimacy").is_some());
    assert_eq!(codes(&s, 1, 1), ["devito.intimacy"]);
    ed(&mut s, E::Redo);
    assert!(s.codebook.get("devito.intimacy").is_none());
}

#[test]
fn split_creates_a_sub_code_and_moves_the_chosen_paragraphs() {
    let (_dir, mut s) = project();
    let contact = common::code(&s, "devito.contact");
    update(&mut s, Action::Close);
    // Make Contact a parent-capable code: paragraphs coded with it, then split.
    for para in 0..3 {
        s.go_to(0, para);
        update(&mut s, Action::ToggleCode(contact));
    }
    open_at(&mut s, "devito.contact");
    ed(&mut s, E::Split);
    typed(&mut s, "Profile photo");
    let Mode::Editor(e) = &s.mode else {
        panic!("editor")
    };
    assert!(matches!(&e.prompt, Some(Prompt::Split { rows, .. }) if rows.len() == 3));
    ed(&mut s, E::ToggleRow);
    ed(&mut s, E::PromptMove(2));
    ed(&mut s, E::ToggleRow);
    ed(&mut s, E::Accept);
    assert_eq!(codes(&s, 0, 0), ["devito.contact.profile-photo"]);
    assert_eq!(codes(&s, 0, 1), ["devito.contact"]);
    assert_eq!(codes(&s, 0, 2), ["devito.contact.profile-photo"]);
    let sub = s
        .codebook
        .get("devito.contact.profile-photo")
        .expect("sub-code");
    assert_eq!(sub.parent, s.codebook.index_of("devito.contact"));
}

#[test]
fn changes_are_saved_to_codebook_json_with_the_save_protocol() {
    let (dir, mut s) = project();
    let mut p = Persister::new(&s, Saver::start(), None);
    dispatch(&mut s, &mut p, Action::CodebookScreen);
    dispatch(&mut s, &mut p, Action::Editor(E::Edit(Field::Definition)));
    for c in "Definisi baru".chars() {
        dispatch(&mut s, &mut p, Action::Editor(E::Input(c)));
    }
    dispatch(&mut s, &mut p, Action::Editor(E::Accept));
    assert!(p.saver.flusher().flush(Duration::from_secs(10)));
    for o in p.saver.outcomes() {
        dispatch(&mut s, &mut p, Action::Saved(o));
    }
    assert_eq!(s.book_save, SaveState::Saved);
    let on_disk = Codebook::load(&dir.path().join("codebook.json")).expect("valid file");
    assert!(
        on_disk
            .get("devito.contact")
            .expect("x")
            .definition
            .en
            .ends_with("Definisi baru")
    );
    let text = std::fs::read_to_string(dir.path().join("codebook.json")).expect("read");
    assert_eq!(text, s.codebook.to_json(), "deterministic, the same bytes");
    let temps = common::temp_files(dir.path());
    assert_eq!(temps, 0);
}

#[test]
fn a_merge_in_the_codebook_screen_and_its_undo_are_in_the_audit_log() {
    let (dir, mut s) = project();
    s.go_to(0, 0);
    toggle(&mut s, "devito.repair");
    s.audit.clear();
    open_at(&mut s, "devito.repair");
    ed(&mut s, E::MergeInto);
    typed(&mut s, "deterioration");
    ed(&mut s, E::Undo);
    type Seen = (String, Option<Vec<String>>, Option<Vec<String>>);
    let seen: Vec<Seen> = s
        .audit
        .iter()
        .map(|e| (e.action.clone(), e.before.clone(), e.after.clone()))
        .collect();
    let one = |id: &str| Some(vec![id.to_string()]);
    assert_eq!(
        seen,
        [
            (
                "codebook-edit".into(),
                one("devito.repair"),
                one("devito.deterioration")
            ),
            (
                "codebook-undo".into(),
                one("devito.deterioration"),
                one("devito.repair")
            ),
        ]
    );
    assert!(s.audit.iter().all(|e| e.paragraph == Some(1)));
    drop(dir);
}

#[test]
fn a_code_other_coders_use_is_retired_unless_deleted_anyway() {
    let (dir, mut s) = project();
    // budi coded with Intimacy in his own session.
    let mut budi = state_in(dir.path(), "budi");
    for para in [0, 1] {
        budi.go_to(0, para);
        toggle(&mut budi, "devito.intimacy");
    }
    std::fs::write(budi.sidecar_path(0), budi.sidecar_bytes(0).expect("bytes")).expect("write");
    let mut p = Persister::new(&s, Saver::start(), None);
    s.go_to(1, 1);
    toggle(&mut s, "devito.intimacy");
    open_at(&mut s, "devito.intimacy");
    dispatch(&mut s, &mut p, Action::Editor(E::Delete));
    let Mode::Editor(e) = &s.mode else {
        panic!("editor")
    };
    let Some(Prompt::ConfirmDelete { message, others }) = &e.prompt else {
        panic!("{:?}", e.prompt)
    };
    assert!(others);
    assert!(
        message.contains(
            "You applied it to 1 paragraph in 1 document; also applied by budi (2 paragraphs)"
        ),
        "{message}"
    );
    dispatch(&mut s, &mut p, Action::Editor(E::Accept));
    let code = s.codebook.get("devito.intimacy").expect("kept");
    assert!(code.retired, "Enter retires a code others use");
    assert_eq!(codes(&s, 1, 1), ["devito.intimacy"], "codings stay");
    dispatch(&mut s, &mut p, Action::Editor(E::Delete));
    dispatch(&mut s, &mut p, Action::Editor(E::ForceDelete));
    assert!(
        s.codebook.get("devito.intimacy").is_none(),
        "D deletes it anyway"
    );
    assert!(codes(&s, 1, 1).is_empty());
}

#[test]
fn a_key_taken_from_a_code_that_had_it_automatically_is_announced() {
    let (_dir, mut s) = project();
    open_at(&mut s, "devito.repair");
    ed(&mut s, E::Add { child: false });
    typed(&mut s, "Fresh");
    let fresh = s.codebook.index_of("devito.fresh").expect("added");
    let auto = &s.codebook.codes[fresh];
    assert_eq!(auto.own_key, None, "a new code's key is automatic");
    let key = auto.key.expect("an automatic key");
    open_at(&mut s, "devito.repair");
    let repair = s.codebook.index_of("devito.repair").expect("repair");
    ed(&mut s, E::AskKey);
    typed(&mut s, &key.to_string());
    assert_eq!(s.codebook.codes[repair].own_key, Some(key));
    let fresh = s.codebook.index_of("devito.fresh").expect("still there");
    let now = s.codebook.codes[fresh].key;
    assert_ne!(now, Some(key), "the new code gave up the key");
    let msg = s.message.as_ref().expect("a message").text.clone();
    assert!(
        msg.contains("devito.fresh") && msg.contains("automatically"),
        "says which code gave up the key: {msg}"
    );
    match now {
        Some(k) => assert!(msg.contains(&format!("{k:?}")), "names its new key: {msg}"),
        None => assert!(msg.contains("no key"), "{msg}"),
    }
}
