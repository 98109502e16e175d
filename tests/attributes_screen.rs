//! The attributes screen (`@`): its state through the real keymap, its saves to
//! project.json through the real saver (merged with another coder's), and its look
//! at 80x24.

mod common;

use common::screen::screen;
use common::state_in;
use std::path::Path;
use std::time::Duration;
use tandai::app::keymap::Key;
use tandai::app::keys::action_for;
use tandai::app::state::{Effect, Mode, SaveState};
use tandai::app::{Action, State, update};
use tandai::core::attributes::{AttrType, Attributes};
use tandai::core::coding::saver::Saver;
use tandai::tui::{Persister, dispatch};

const PROJECT: &str = r#"{"format":"tandai-project","version":1,"title":"Uji",
  "attributes":["role","city"],
  "documents":{"informan-1.txt":{"role":"polisi","city":"Kupang"},
               "informan-2.txt":{"role":"pekerja"}},
  "team":{"supervisor":"dewi"}}"#;

fn project() -> tempfile::TempDir {
    let dir = common::two_docs();
    std::fs::write(dir.path().join("project.json"), PROJECT).expect("write");
    dir
}

/// Presses keys: characters, or names in angle brackets (`<enter>`, `<ctrl-u>`);
/// returns the effects.
fn press(state: &mut State, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let (key, used) = if c == '<' && rest.len() > 1 {
            let end = rest.find('>').expect("closing >");
            (Key::parse(&rest[1..end]).expect("key name"), end + 1)
        } else {
            (Key::char(c), c.len_utf8())
        };
        rest = &rest[used..];
        if let Some(action) = action_for(state, key) {
            effects.extend(update(state, action));
        }
    }
    effects
}

fn message(state: &State) -> String {
    state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

fn prompt_error(state: &State) -> Option<String> {
    use tandai::app::attributes::Prompt;
    match &state.mode {
        Mode::Attributes(s) => match &s.prompt {
            Some(Prompt::Value { error, .. } | Prompt::Name { error, .. }) => error.clone(),
            Some(Prompt::Type { error, .. }) => error.clone(),
            None => None,
        },
        _ => None,
    }
}

#[test]
fn a_value_is_edited_checked_and_undone() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "@");
    assert!(matches!(s.mode, Mode::Attributes(_)), "@ opens the screen");
    // city is the second row.
    let effects = press(&mut s, "j<enter><ctrl-u>Manado<enter>");
    assert_eq!(effects, [Effect::SaveProject]);
    let a = &s.project.attributes;
    assert_eq!(a.value("informan-1.txt", "city"), Some("Manado"));
    assert_eq!(s.attributes.save, SaveState::Saving);
    assert_eq!(message(&s), "city of informan-1.txt: Manado");
    press(&mut s, "u");
    assert_eq!(
        s.project.attributes.value("informan-1.txt", "city"),
        Some("Kupang")
    );
    press(&mut s, "<ctrl-r>");
    assert_eq!(
        s.project.attributes.value("informan-1.txt", "city"),
        Some("Manado")
    );
    // ] goes to the next document, x clears its role.
    let effects = press(&mut s, "]kx");
    assert_eq!(effects, [Effect::SaveProject]);
    assert_eq!(s.project.attributes.value("informan-2.txt", "role"), None);
    press(&mut s, "u");
    assert_eq!(
        s.project.attributes.value("informan-2.txt", "role"),
        Some("pekerja")
    );
    press(&mut s, "<esc>");
    assert_eq!(s.mode, Mode::Coding);
    // Coding undo does not touch attributes.
    press(&mut s, "u");
    assert_eq!(
        s.project.attributes.value("informan-2.txt", "role"),
        Some("pekerja")
    );
}

#[test]
fn a_new_attribute_gets_a_type_and_its_values_are_checked() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "@aumur<enter>");
    assert!(prompt_error(&s).is_none());
    let effects = press(&mut s, "n");
    assert_eq!(effects, [Effect::SaveProject], "n picks number at once");
    assert_eq!(
        s.project.attributes.declared("umur"),
        Some(AttrType::Number)
    );
    // The new row is selected: Enter edits its value.
    press(&mut s, "<enter>tiga puluh<enter>");
    let e = prompt_error(&s).expect("refused");
    assert!(e.contains("is not a number"), "{e}");
    assert_eq!(s.project.attributes.value("informan-1.txt", "umur"), None);
    press(&mut s, "<ctrl-u>34.50<enter>");
    assert_eq!(prompt_error(&s), None);
    assert_eq!(
        s.project.attributes.value("informan-1.txt", "umur"),
        Some("34.5")
    );
    // A date attribute refuses what is not YYYY-MM-DD.
    press(&mut s, "atanggal<enter>d<enter>14/03/2026<enter>");
    let e = prompt_error(&s).expect("refused");
    assert!(e.contains("YYYY-MM-DD"), "{e}");
    press(&mut s, "<ctrl-u>2026-03-14<enter>");
    assert_eq!(
        s.project.attributes.value("informan-1.txt", "tanggal"),
        Some("2026-03-14")
    );
    // Names already there, or with = and braces, are refused.
    press(&mut s, "arole<enter>");
    assert!(prompt_error(&s).expect("taken").contains("already"));
    press(&mut s, "<ctrl-u>a=b<enter>");
    assert!(prompt_error(&s).is_some());
    press(&mut s, "<esc>");
    // Undo walks back: the value, then the declaration.
    press(&mut s, "uu");
    assert_eq!(s.project.attributes.declared("tanggal"), None);
    assert_eq!(
        s.project.attributes.declared("umur"),
        Some(AttrType::Number)
    );
}

#[test]
fn a_type_change_must_fit_every_value() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "@tn");
    let e = prompt_error(&s).expect("polisi is no number");
    assert!(e.starts_with("2 values are not a number"), "{e}");
    assert_eq!(s.project.attributes.type_of("role"), AttrType::Text);
    press(&mut s, "<esc><esc>");
    assert_eq!(s.mode, Mode::Coding);
}

#[test]
fn a_project_file_that_cannot_be_read_is_never_edited() {
    let dir = common::two_docs();
    std::fs::write(
        dir.path().join("project.json"),
        r#"{"format":"tandai-project","version":9}"#,
    )
    .expect("write");
    let mut s = state_in(dir.path(), "ana");
    let effects = press(&mut s, "@a");
    assert!(effects.is_empty());
    assert!(message(&s).starts_with("Read-only:"), "{}", message(&s));
    assert!(message(&s).contains("version 9"), "{}", message(&s));
}

#[test]
fn a_paste_goes_into_the_value_as_one_line() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "@j<enter><ctrl-u>");
    update(&mut s, Action::Paste("Kota\r\nKupang".into()));
    press(&mut s, "<enter>");
    assert_eq!(
        s.project.attributes.value("informan-1.txt", "city"),
        Some("Kota Kupang")
    );
    // Outside a prompt a paste is refused, never read as keys.
    let before = s.project.attributes.clone();
    update(&mut s, Action::Paste("xxxx".into()));
    assert_eq!(s.project.attributes, before);
}

/// A coding session with the real saver.
struct Session {
    state: State,
    persister: Persister,
}

impl Session {
    fn open(dir: &Path, coder: &str) -> Session {
        let state = state_in(dir, coder);
        let persister = Persister::new(&state, Saver::start(), None);
        Session { state, persister }
    }

    fn keys(&mut self, keys: &str) {
        let effects = press(&mut self.state, keys);
        tandai::tui::perform(&mut self.state, &mut self.persister, effects);
    }

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
                dispatch(&mut self.state, &mut self.persister, Action::Saved(o));
            }
        }
    }
}

fn on_disk(dir: &Path) -> Attributes {
    let bytes = std::fs::read(dir.join("project.json")).expect("read");
    tandai::core::attributes::file::from_bytes(&bytes, "project.json").expect("parses")
}

#[test]
fn edits_are_saved_and_two_coders_on_different_informants_both_survive() {
    let dir = project();
    let mut ana = Session::open(dir.path(), "ana");
    let mut budi = Session::open(dir.path(), "budi");
    ana.keys("@j<enter><ctrl-u>Manado<enter>");
    ana.settle();
    assert_eq!(ana.state.attributes.save, SaveState::Saved);
    let disk = on_disk(dir.path());
    assert_eq!(disk.value("informan-1.txt", "city"), Some("Manado"));
    assert_eq!(
        disk.rest["team"]["supervisor"], "dewi",
        "unknown fields kept"
    );
    // Budi, who read the file before Ana's change, sets informan-2's city.
    budi.keys("@]j<enter>Bitung<enter>");
    budi.settle();
    let disk = on_disk(dir.path());
    assert_eq!(
        disk.value("informan-1.txt", "city"),
        Some("Manado"),
        "Ana's"
    );
    assert_eq!(
        disk.value("informan-2.txt", "city"),
        Some("Bitung"),
        "Budi's"
    );
    assert!(
        message(&budi.state).starts_with("Merged project.json: 1 change"),
        "{}",
        message(&budi.state)
    );
    assert_eq!(
        budi.state
            .project
            .attributes
            .value("informan-1.txt", "city"),
        Some("Manado"),
        "Budi's session takes Ana's change in"
    );
    // Both change the same value: theirs is kept as a copy, never lost.
    ana.keys("k<enter><ctrl-u>polisi lalu lintas<enter>");
    ana.settle();
    budi.keys("[k<enter><ctrl-u>reserse<enter>");
    budi.settle();
    let copies: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("project.conflict-"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let kept = std::fs::read_to_string(dir.path().join(&copies[0])).expect("copy");
    assert!(kept.contains("polisi lalu lintas"), "{kept}");
    assert_eq!(
        on_disk(dir.path()).value("informan-1.txt", "role"),
        Some("reserse")
    );
    assert!(message(&budi.state).contains("Kept the other version of project.json"));
}

#[test]
fn a_failed_save_shows_and_the_next_change_retries() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    let saver = Saver::with_writer(Box::new(|_, _, _| Err("disk full".into())));
    let mut persister = Persister::new(&s, saver, None);
    let effects = press(&mut s, "@j<enter><ctrl-u>Manado<enter>");
    tandai::tui::perform(&mut s, &mut persister, effects);
    assert!(persister.saver.flusher().flush(Duration::from_secs(10)));
    for o in persister.saver.outcomes() {
        dispatch(&mut s, &mut persister, Action::Saved(o));
    }
    assert_eq!(
        s.save_summary(),
        SaveState::Failed("project.json: disk full".into())
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("project.json")).expect("read"),
        PROJECT,
        "the file is untouched"
    );
}

#[test]
fn the_screen_at_80x24() {
    let dir = common::tmux::sample_copy();
    let mut s = state_in(dir.path(), "ana");
    s.project.attributes.citation = Some("{role}, {city}, {date} ¶{paragraph}".into());
    press(&mut s, "@aumur<enter>n<enter>tiga puluh<enter>");
    insta::assert_snapshot!("attributes_screen", screen(&mut s, 80, 24));
}

#[test]
fn the_screen_in_small_and_odd_sizes_never_panics() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "@");
    for (w, h) in [(50, 12), (51, 13), (80, 24), (200, 60), (0, 0), (20, 5)] {
        let shown = screen(&mut s, w, h);
        if (w, h) == (80, 24) {
            assert!(
                shown.contains("Attributes of informan-1.txt (1/2)"),
                "{shown}"
            );
            assert!(
                shown.contains("polisi") && shown.contains("Kupang"),
                "{shown}"
            );
        }
    }
}

#[test]
fn the_overview_has_a_code_x_attribute_table() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    // Contact on two paragraphs of informan-1 (polisi), one of informan-2 (pekerja).
    for (doc, para) in [(0, 0), (0, 1), (1, 2)] {
        s.go_to(doc, para);
        common::toggle(&mut s, "devito.contact");
    }
    press(&mut s, "o<tab><tab><tab>");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("[Code x attribute]"), "{shown}");
    assert!(shown.contains("Code \\ role (¶)"), "{shown}");
    let line = |name: &str| {
        shown
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Columns in natural order: pekerja, polisi.
    assert!(line("Code \\ role").contains("pekerja polisi"), "{shown}");
    assert!(line("(all)").contains("(all) 3 4"), "{shown}");
    assert!(line("Contact").contains("Contact 1 2"), "{shown}");
    press(&mut s, "d");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("Code \\ role (documents)"), "{shown}");
    press(&mut s, "a");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("Code \\ city (documents)"), "{shown}");
    assert!(
        shown.contains("Kupang  (none)"),
        "informan-2 has no city: {shown}"
    );
}

#[test]
fn retrieval_narrowed_by_a_where_clause() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    for (doc, para, id) in [
        (0, 0, "devito.contact"),
        (0, 1, "devito.involvement"),
        (1, 2, "devito.contact"),
    ] {
        s.go_to(doc, para);
        common::toggle(&mut s, id);
    }
    let results = |s: &State| {
        s.retrieval
            .as_ref()
            .map(|r| r.results.clone())
            .unwrap_or_default()
    };
    let error = |s: &State| s.retrieval.as_ref().and_then(|r| r.error.clone());
    press(&mut s, "f/Contact where role=polisi<enter>");
    assert_eq!(results(&s), [(0, 0)], "{:?}", error(&s));
    let shown = s
        .retrieval
        .as_ref()
        .and_then(tandai::app::retrieve::Retrieval::shown);
    assert_eq!(shown.as_deref(), Some("Contact where role=polisi"));
    press(&mut s, "/Contact where role=polisi role=PEKERJA<enter>");
    assert_eq!(
        results(&s),
        [(0, 0), (1, 2)],
        "same attribute: either value"
    );
    press(&mut s, "/where role=polisi<enter>");
    assert_eq!(results(&s), [(0, 0), (0, 1)], "any code in those documents");
    press(&mut s, "/Contact where city=Kupang role=pekerja<enter>");
    assert_eq!(results(&s), Vec::<(usize, usize)>::new(), "different: both");
    press(&mut s, "/Contact where rol=polisi<enter>");
    let e = error(&s).expect("unknown attribute");
    assert!(
        e.contains("no attribute \"rol\"; attributes: role, city"),
        "{e}"
    );
    assert_eq!(
        results(&s),
        [(0, 0), (1, 2)],
        "the last valid query (\"Contact\", typed on the way) stays"
    );
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("no attribute"), "{shown}");
}

#[test]
fn a_project_file_that_is_a_link_is_read_but_never_written() {
    let dir = project();
    let d = dir.path();
    std::fs::rename(d.join("project.json"), d.join("real.json")).expect("mv");
    std::os::unix::fs::symlink("real.json", d.join("project.json")).expect("link");
    let mut s = state_in(d, "ana");
    assert_eq!(
        s.project.attributes.value("informan-1.txt", "role"),
        Some("polisi")
    );
    let effects = press(&mut s, "@x");
    assert!(effects.is_empty());
    assert!(
        message(&s).contains("is a symbolic link"),
        "{}",
        message(&s)
    );
}
