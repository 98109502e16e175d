//! `project.json` changed under the session (RELIABILITY C4): another coder's tandai,
//! `tandai attributes import`, a `git pull`. The saver merges their version with
//! this session's value by value on every save; here the session takes the merged
//! attributes in, or says where theirs is kept when they could not be merged.

use super::super::state::{Effect, Message, SaveState, State};
use super::super::update::{tr, warn};
use crate::core::attributes::merge;
use crate::core::coding::saver::{Merge, Outcome};

/// Applies the outcome of a save of `project.json`: the save state, and another
/// coder's changes merged in (or their version kept aside when it could not be).
pub fn saved(state: &mut State, outcome: Outcome) -> Vec<Effect> {
    match outcome.result {
        Err(why) => state.attributes.save = SaveState::Failed(format!("project.json: {why}")),
        Ok(()) if outcome.generation == state.attributes.generation => {
            state.attributes.save = SaveState::Saved;
        }
        Ok(()) => {}
    }
    let refused = match outcome.merge {
        Some(Merge::Done {
            ours,
            written,
            changes,
        }) => return adopt(state, &ours, &written, changes),
        Some(Merge::Refused(why)) => format!(": {why}"),
        None => String::new(),
    };
    if let Some(copy) = outcome.conflict {
        let name = copy
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = crate::i18n::fill(
            tr(state).ui_project_conflict,
            &[("name", &name), ("why", &refused)],
        );
        state.notes.push(text.clone());
        warn(state, text);
    }
    Vec::new()
}

/// Takes in the merged `project.json` now on disk, keeping any change made since the
/// save was queued (`ours` is what was queued).
fn adopt(state: &mut State, ours: &[u8], written: &[u8], changes: usize) -> Vec<Effect> {
    use crate::core::attributes::file::from_bytes;
    let pair = from_bytes(ours, "queued")
        .and_then(|o| from_bytes(written, "project.json").map(|w| (o, w)));
    let (queued, disk) = match pair {
        Ok(p) => p,
        Err(e) => {
            let text = crate::i18n::fill(
                tr(state).ui_book_unreadable,
                &[("name", &"project.json"), ("why", &e)],
            );
            warn(state, text);
            return Vec::new();
        }
    };
    match merge::merge(&queued, &state.project.attributes, &disk) {
        Ok((mut merged, _)) => {
            merged.on_disk = state.project.attributes.on_disk.take();
            state.project.attributes = merged;
            let t = tr(state);
            let counted =
                crate::i18n::count(changes, t.ui_book_changes_one, t.ui_book_changes_other);
            let text = crate::i18n::fill(
                t.ui_book_merged,
                &[("name", &"project.json"), ("changes", &counted)],
            );
            state.notes.push(text.clone());
            state.message = Some(Message {
                text,
                warning: false,
            });
            Vec::new()
        }
        // A change made since the save clashes with theirs: the next save goes over
        // the merged file as over any other version, keeping theirs as a copy.
        Err(_) => vec![Effect::ProjectBase(ours.to_vec()), Effect::SaveProject],
    }
}
