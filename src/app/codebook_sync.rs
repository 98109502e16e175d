//! The codebook file changed under the session (RELIABILITY C4): another coder in the
//! same folder, a `git pull`, a text editor. The saver merges their version with this
//! session's on every save; here the session takes the merged codebook in (keys
//! re-assigned, the selection kept, undo steps carried over), or, when the versions
//! could not be merged, says where theirs is kept and lets `R` load it.

use super::editor::Snapshot;
use super::state::{Effect, Message, Mode, SaveState, State};
use crate::app::update::tr;
use crate::core::codebook::{self, Codebook};
use crate::core::coding::saver::{Merge, Outcome};
use crate::i18n::fill;

/// Applies the outcome of a codebook save.
pub fn saved(state: &mut State, outcome: Outcome) -> Vec<Effect> {
    match outcome.result {
        Err(why) => {
            let text = fill(tr(state).ui_book_failed, &[("why", &why)]);
            state.book_save = SaveState::Failed(text);
        }
        Ok(()) if outcome.generation == state.book_generation => state.book_save = SaveState::Saved,
        Ok(()) => {}
    }
    match (outcome.merge, outcome.conflict) {
        (
            Some(Merge::Done {
                ours,
                written,
                changes,
            }),
            _,
        ) => adopt(state, &ours, &written, changes),
        (Some(Merge::Refused(why)), Some(copy)) => {
            conflict(state, copy, &format!(": {why}"));
            Vec::new()
        }
        (_, Some(copy)) => {
            conflict(state, copy, "");
            Vec::new()
        }
        (_, None) => Vec::new(),
    }
}

/// Takes in the merged codebook now on disk, keeping any edit made since the save
/// was queued (`ours` is what was queued).
fn adopt(state: &mut State, ours: &[u8], written: &[u8], changes: usize) -> Vec<Effect> {
    let name = file_name(state);
    let parsed = Codebook::parse(ours, "queued")
        .and_then(|o| Codebook::parse(written, &name).map(|w| (o, w)));
    let (queued, disk) = match parsed {
        Ok(pair) => pair,
        Err(e) => {
            let text = fill(
                tr(state).ui_book_unreadable,
                &[("name", &name), ("why", &e)],
            );
            warn(state, text);
            return Vec::new();
        }
    };
    match codebook::merge(&queued, &state.codebook, &disk) {
        Ok(merged) => {
            rebase_history(state, &queued, &disk);
            install(state, merged.book);
            let t = tr(state);
            let counted =
                crate::i18n::count(changes, t.ui_book_changes_one, t.ui_book_changes_other);
            let text = fill(t.ui_book_merged, &[("name", &name), ("changes", &counted)]);
            state.notes.push(text.clone());
            state.message = Some(Message {
                text,
                warning: false,
            });
            Vec::new()
        }
        // An edit made since the save clashes with theirs: the next save goes over the
        // merged file as over any other version, so theirs is kept as a conflict copy.
        Err(_) => vec![Effect::CodebookBase(ours.to_vec()), Effect::SaveCodebook],
    }
}

/// Carries the codebook undo and redo steps over to the merged codebook; steps that
/// clash with theirs are dropped, with all older ones.
fn rebase_history(state: &mut State, queued: &Codebook, disk: &Codebook) {
    for history in [&mut state.book_undo, &mut state.book_redo] {
        let mut rebased: Vec<Snapshot> = Vec::new();
        for snap in history.drain(..).rev() {
            match codebook::merge(queued, &snap.book, disk) {
                Ok(m) => rebased.push(Snapshot {
                    book: m.book,
                    docs: snap.docs,
                }),
                Err(_) => break,
            }
        }
        rebased.reverse();
        *history = rebased;
    }
}

/// Makes `book` the session's codebook: keys assigned, the code under the cursor and
/// the codebook screen's selection kept by id.
fn install(state: &mut State, mut book: Codebook) {
    let cursor = state
        .codebook
        .codes
        .get(state.code_cursor)
        .map(|c| c.id.clone());
    let selected = match &state.mode {
        Mode::Editor(e) => state.codebook.codes.get(e.selected).map(|c| c.id.clone()),
        _ => None,
    };
    let warnings = std::mem::take(&mut book.warnings);
    book.assign_keys(&state.keymap.reserved_chars());
    book.warnings = warnings;
    state.codebook = book;
    let last = state.codebook.codes.len().saturating_sub(1);
    let find = |id: Option<String>, or: usize| {
        id.and_then(|id| state.codebook.index_of(&id))
            .unwrap_or(or.min(last))
    };
    state.code_cursor = find(cursor, state.code_cursor);
    if let Mode::Editor(e) = &state.mode {
        let at = find(selected, e.selected);
        if let Mode::Editor(e) = &mut state.mode {
            e.selected = at;
        }
    }
}

/// Notes a version of the codebook kept aside as `copy`, and how to load it.
fn conflict(state: &mut State, copy: std::path::PathBuf, why: &str) {
    let name = file_name(state);
    let copy_name = copy
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    state.book_conflict = Some(copy);
    let key = state.keymap.key_label("load_other_version");
    // What to do comes first: the status line cuts a long message at its width.
    let text = fill(
        tr(state).ui_book_conflict,
        &[
            ("name", &name),
            ("copy", &copy_name),
            ("key", &key),
            ("why", &why),
        ],
    );
    state.notes.push(text.clone());
    warn(state, text);
}

/// Replaces the codebook with another version (loaded from a conflict copy); undo in
/// the codebook screen brings the old one back.
pub fn replace(state: &mut State, book: Codebook, note: String) -> Vec<Effect> {
    state.book_undo.push(Snapshot {
        book: state.codebook.clone(),
        docs: Vec::new(),
    });
    state.book_redo.clear();
    install(state, book);
    state.book_conflict = None;
    state.book_generation += 1;
    state.book_save = SaveState::Saving;
    state.message = Some(Message {
        text: note,
        warning: false,
    });
    vec![Effect::SaveCodebook]
}

fn file_name(state: &State) -> String {
    state
        .codebook_path
        .as_ref()
        .and_then(|p| p.file_name())
        .map_or_else(
            || tr(state).ui_book_the_codebook.into(),
            |n| n.to_string_lossy().into_owned(),
        )
}

fn warn(state: &mut State, text: String) {
    state.message = Some(Message {
        text,
        warning: true,
    });
}
