//! RELIABILITY C4: `codebook.json` edited by two sessions in one folder, or rewritten
//! under a session by another program. Edits to different codes are merged and both
//! survive; edits to one code keep their version as a conflict copy that `R` loads.

mod common;

use common::{state_in, two_docs};
use std::path::Path;
use std::time::Duration;
use tandai::app::editor::{EditorAction as E, Field};
use tandai::app::state::SaveState;
use tandai::app::{Action, State};
use tandai::core::codebook::Codebook;
use tandai::core::coding::saver::Saver;
use tandai::tui::{Persister, dispatch};

/// One coder's session: its state and its persister, as `main` builds them.
struct Session {
    state: State,
    persister: Persister,
}

impl Session {
    fn open(dir: &Path, coder: &str) -> Session {
        let mut state = state_in(dir, coder);
        state.codebook = Codebook::load(&dir.join("codebook.json")).expect("codebook");
        state.codebook.assign_keys(&common::reserved());
        state.codebook_path = Some(dir.join("codebook.json"));
        let persister = Persister::new(&state, Saver::start(), None);
        Session { state, persister }
    }

    fn act(&mut self, a: Action) {
        dispatch(&mut self.state, &mut self.persister, a);
    }

    fn ed(&mut self, a: E) {
        self.act(Action::Editor(a));
    }

    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.ed(E::Input(c));
        }
        self.ed(E::Accept);
    }

    /// Opens the codebook screen on code `id`.
    fn select(&mut self, id: &str) {
        self.act(Action::CodebookScreen);
        let i = self.state.codebook.index_of(id).expect("code");
        self.ed(E::Move(-1000));
        self.ed(E::Move(i as isize));
    }

    /// Adds a top-level code after `after` with this label.
    fn add_code(&mut self, after: &str, label: &str) {
        self.select(after);
        self.ed(E::Add { child: false });
        self.typed(label);
        self.ed(E::Cancel);
    }

    fn set_label(&mut self, id: &str, label: &str) {
        self.select(id);
        self.ed(E::Edit(Field::Label));
        self.ed(E::ClearInput);
        self.typed(label);
        self.ed(E::Cancel);
    }

    /// Waits for the saves and applies their outcomes (which may save again).
    fn settle(&mut self) {
        for _ in 0..5 {
            assert!(
                self.persister
                    .saver
                    .flusher()
                    .flush(Duration::from_secs(10))
            );
            let outcomes = self.persister.saver.outcomes();
            if outcomes.is_empty() {
                return;
            }
            for o in outcomes {
                self.act(Action::Saved(o));
            }
        }
    }

    fn message(&self) -> String {
        self.state
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }
}

/// A folder with the DeVito pack as its codebook.
fn project() -> tempfile::TempDir {
    let dir = two_docs();
    let pack = tandai::core::codebook::packs::find("devito")
        .expect("pack")
        .json;
    let book = Codebook::parse(pack.as_bytes(), "pack").expect("pack");
    std::fs::write(dir.path().join("codebook.json"), book.to_json()).expect("write");
    dir
}

fn on_disk(dir: &Path) -> Codebook {
    Codebook::load(&dir.join("codebook.json")).expect("the file is a valid codebook")
}

fn copies(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("codebook.conflict-"))
        .collect();
    v.sort();
    v
}

#[test]
fn codes_added_by_two_sessions_both_survive() {
    let dir = project();
    let mut ana = Session::open(dir.path(), "ana");
    let mut budi = Session::open(dir.path(), "budi");
    ana.add_code("devito", "From Ana");
    ana.settle();
    assert!(on_disk(dir.path()).get("from-ana").is_some());
    // Budi's session still has the codebook from before Ana's code.
    budi.add_code("devito", "From Budi");
    budi.settle();
    let disk = on_disk(dir.path());
    assert!(
        disk.get("from-ana").is_some() && disk.get("from-budi").is_some(),
        "both codes are in the file: {:?}",
        disk.codes.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
    assert_eq!(
        budi.message(),
        "Merged codebook.json: 1 change from another coder/program."
    );
    assert!(
        budi.state.codebook.get("from-ana").is_some(),
        "the merged codebook is the session's now"
    );
    let key = budi.state.codebook.get("from-ana").and_then(|c| c.key);
    assert!(key.is_some(), "keys are assigned to merged codes");
    assert_eq!(budi.state.book_save, SaveState::Saved);
    // Ana's next edit merges Budi's code in too, and nothing is left over.
    ana.set_label("from-ana", "Ana's code");
    ana.settle();
    assert!(ana.state.codebook.get("from-budi").is_some());
    let disk = on_disk(dir.path());
    assert_eq!(disk.get("from-ana").expect("code").label.en, "Ana's code");
    assert!(disk.get("from-budi").is_some());
    assert!(copies(dir.path()).is_empty(), "{:?}", copies(dir.path()));
    assert_eq!(common::temp_files(dir.path()), 0);
    // Undo in Budi's session removes Budi's code, not Ana's.
    budi.act(Action::CodebookScreen);
    budi.ed(E::Undo);
    budi.settle();
    let disk = on_disk(dir.path());
    assert!(disk.get("from-budi").is_none() && disk.get("from-ana").is_some());
}

#[test]
fn one_code_changed_by_both_keeps_theirs_as_a_copy_that_r_loads() {
    let dir = project();
    let mut ana = Session::open(dir.path(), "ana");
    let mut budi = Session::open(dir.path(), "budi");
    ana.set_label("devito.contact", "Ana's label");
    ana.settle();
    budi.set_label("devito.contact", "Budi's label");
    budi.settle();
    let msg = budi.message();
    assert!(
        msg.starts_with("Kept the other version of codebook.json as codebook.conflict-")
            && msg.contains("(R on the coding screen loads it; yours is saved)")
            && msg.ends_with(
                "cannot be merged with yours: both versions changed code devito.contact."
            ),
        "{msg}"
    );
    let kept = copies(dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    let theirs = Codebook::load(&dir.path().join(&kept[0])).expect("copy");
    assert_eq!(
        theirs.get("devito.contact").expect("code").label.en,
        "Ana's label"
    );
    assert_eq!(
        on_disk(dir.path())
            .get("devito.contact")
            .expect("code")
            .label
            .en,
        "Budi's label",
        "ours is written"
    );
    budi.act(Action::Close);
    budi.act(Action::LoadOtherVersion);
    budi.settle();
    assert_eq!(
        on_disk(dir.path())
            .get("devito.contact")
            .expect("code")
            .label
            .en,
        "Ana's label",
        "R loaded theirs"
    );
    assert_eq!(copies(dir.path()).len(), 2, "ours is kept as a copy too");
    assert!(
        budi.message()
            .starts_with("Loaded the other version of the codebook")
    );
}

#[test]
fn a_text_editor_rewriting_the_file_under_a_session_is_merged() {
    let dir = project();
    let mut ana = Session::open(dir.path(), "ana");
    // Another program writes the file in its own layout, with a code added by hand.
    let path = dir.path().join("codebook.json");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    value["codes"]
        .as_array_mut()
        .expect("codes")
        .push(serde_json::json!({"id": "by-hand", "label": "Added by hand"}));
    std::fs::write(&path, serde_json::to_vec(&value).expect("json")).expect("rewrite");
    ana.add_code("devito", "In tandai");
    ana.settle();
    let disk = on_disk(dir.path());
    assert!(disk.get("by-hand").is_some() && disk.get("in-tandai").is_some());
    assert!(ana.message().starts_with("Merged codebook.json: 1 change"));
    // A file the editor left broken is never overwritten unseen: it is kept.
    std::fs::write(&path, b"{ \"format\": \"tandai-codebook\", ").expect("broken");
    ana.set_label("in-tandai", "Renamed");
    ana.settle();
    let kept = copies(dir.path());
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read(dir.path().join(&kept[0])).expect("copy"),
        b"{ \"format\": \"tandai-codebook\", "
    );
    assert!(
        ana.message().contains("not a codebook tandai can merge"),
        "{}",
        ana.message()
    );
    assert!(on_disk(dir.path()).get("by-hand").is_some());
}

#[test]
fn two_sessions_saving_at_the_same_time_lose_no_code() {
    let dir = project();
    let mut ana = Session::open(dir.path(), "ana");
    let mut budi = Session::open(dir.path(), "budi");
    for i in 0..15 {
        // Both saves are in flight at once, on two saver threads.
        ana.add_code("devito", &format!("Ana {i}"));
        budi.add_code("devito", &format!("Budi {i}"));
        ana.settle();
        budi.settle();
    }
    ana.set_label("ana-0", "last");
    ana.settle();
    let disk = on_disk(dir.path());
    for i in 0..15 {
        for who in ["ana", "budi"] {
            let id = format!("{who}-{i}");
            assert!(disk.get(&id).is_some(), "{id} is lost");
            assert!(
                ana.state.codebook.get(&id).is_some(),
                "{id} not in ana's session"
            );
        }
    }
    assert!(copies(dir.path()).is_empty(), "{:?}", copies(dir.path()));
}
