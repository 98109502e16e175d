//! Saving the codebook: one save at a time, each merged with what another coder or
//! program wrote meanwhile (RELIABILITY C4).
//!
//! The saver merges `codebook.json` against the version this session's codebook
//! derives from. That version must be exact, so a codebook save waits for the one
//! before it: an edit made meanwhile marks the codebook dirty, and is saved when the
//! outcome (possibly a merged codebook, taken in by `update`) has arrived.

use super::Persister;
use crate::app::{Action, State};
use crate::core::codebook::Codebook;
use crate::core::coding::saver::{MergeFn, Outcome, Target};
use crate::core::coding::store::{Expect, Perms};
use crate::i18n::{fill, strings};
use std::sync::Arc;

/// Where the codebook's save stands.
#[derive(Debug, Default)]
pub(super) struct BookSave {
    /// A save is queued or running.
    in_flight: bool,
    /// The codebook changed while a save was in flight.
    dirty: bool,
}

impl Persister {
    /// Watches the codebook file, with the merge, from what is on disk now. The file
    /// counts as what the session loaded only if it still reads as the same codebook;
    /// otherwise the session's own version is the base, so that a change made between
    /// loading and now is merged in at the first save, not overwritten.
    pub(super) fn watch_codebook(&self, state: &State) {
        let Some(path) = state.codebook_path.clone() else {
            return;
        };
        let ours = state.codebook.to_json().into_bytes();
        let max = crate::core::codebook::MAX_CODEBOOK_BYTES;
        let base = match crate::core::coding::store::read_regular(&path, max) {
            Ok(bytes) if same_codebook(&bytes, &ours) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            _ => Some(ours),
        };
        let merge: MergeFn = Arc::new(crate::core::codebook::merge_json);
        self.saver.watch_merging(path, base, merge);
    }

    /// Performs [`crate::app::state::Effect::SaveCodebook`]: queues `codebook.json`,
    /// or says why it cannot be saved.
    pub fn save_codebook(&mut self, state: &State) -> Option<Action> {
        let generation = state.book_generation;
        let Some(path) = state.codebook_path.clone() else {
            return Some(Action::Saved(Outcome::new(
                Target::Codebook,
                generation,
                Err(crate::i18n::strings(state.lang).ui_book_no_file.into()),
            )));
        };
        if self.book.in_flight {
            self.book.dirty = true;
            return None;
        }
        self.book = BookSave {
            in_flight: true,
            dirty: false,
        };
        let bytes = state.codebook.to_json().into_bytes();
        self.saver.submit(path, Target::Codebook, generation, bytes);
        None
    }

    /// Notes that the codebook save in flight has finished.
    pub(super) fn codebook_done(&mut self) {
        self.book.in_flight = false;
    }

    /// After a codebook outcome has been applied: saves what changed meanwhile.
    pub(super) fn codebook_pending(&mut self, state: &State) -> Option<Action> {
        if self.book.dirty && !self.book.in_flight {
            return self.save_codebook(state);
        }
        None
    }

    /// Performs [`crate::app::state::Effect::CodebookBase`].
    pub(super) fn codebook_base(&self, state: &State, base: Vec<u8>) {
        if let Some(path) = &state.codebook_path {
            self.saver.rewatch(path, Some(base));
        }
    }

    /// Performs [`crate::app::state::Effect::LoadCodebookConflict`]: reads the other
    /// version, keeps the current codebook as a conflict copy of its own, and returns
    /// the replacing action.
    pub(super) fn load_codebook_conflict(&mut self, state: &State) -> Action {
        let fail = |why: String| {
            Action::Saved(Outcome::new(
                Target::Codebook,
                state.book_generation,
                Err(why),
            ))
        };
        let (Some(copy), Some(path)) = (&state.book_conflict, &state.codebook_path) else {
            return fail(crate::i18n::strings(state.lang).ui_book_no_other.into());
        };
        let max = crate::core::codebook::MAX_CODEBOOK_BYTES;
        let shown = copy.display().to_string();
        let theirs = match crate::core::coding::store::read_regular(copy, max)
            .map_err(|e| format!("{shown}: {}", crate::core::coding::store::short_io(&e)))
            .and_then(|b| Codebook::parse(&b, &shown).map_err(|e| e.to_string()))
        {
            Ok(book) => book,
            Err(e) => {
                return fail(fill(
                    strings(state.lang).ui_load_other_failed,
                    &[("why", &e)],
                ));
            }
        };
        let mine = crate::core::coding::store::conflict_path(path);
        let bytes = state.codebook.to_json().into_bytes();
        if let Err(why) =
            crate::core::coding::store::write_checked(&mine, &bytes, Perms::Shared, Expect::Absent)
        {
            return fail(fill(
                strings(state.lang).ui_load_keep_failed,
                &[("why", &why)],
            ));
        }
        let kept = mine
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let note = fill(strings(state.lang).ui_book_loaded_other, &[("name", &kept)]);
        Action::ReplaceCodebook(Box::new(theirs), note)
    }
}

/// Whether `bytes` read as the codebook written as `ours`.
fn same_codebook(bytes: &[u8], ours: &[u8]) -> bool {
    bytes == ours
        || Codebook::parse(bytes, "codebook").is_ok_and(|b| b.to_json().as_bytes() == ours)
}
