//! Saving `project.json` (the attributes): one save at a time, each merged value by
//! value with what another coder or program wrote meanwhile (RELIABILITY C4), like
//! the codebook (see `codebook_save`): the saver merges against the version this
//! session's attributes derive from, so a save waits for the one before it.

use super::Persister;
use crate::app::{Action, State};
use crate::core::attributes::{merge, to_bytes};
use crate::core::coding::saver::{MergeFn, Outcome, Target};
use crate::core::project::PROJECT_FILE;
use std::sync::Arc;

/// Where the save of `project.json` stands.
#[derive(Debug, Default)]
pub(super) struct ProjectSave {
    /// A save is queued or running.
    in_flight: bool,
    /// The attributes changed while a save was in flight.
    dirty: bool,
}

impl Persister {
    /// Watches `project.json`, with the merge, from the version the project was
    /// opened with (a file that could not be read is never written).
    pub(super) fn watch_project(&self, state: &State) {
        let a = &state.project.attributes;
        if a.readonly.is_some() {
            return;
        }
        let merge: MergeFn = Arc::new(merge::merge_json);
        self.saver.watch_merging(
            state.project.root.join(PROJECT_FILE),
            a.on_disk.clone(),
            merge,
        );
    }

    /// Performs [`crate::app::state::Effect::SaveProject`]: queues `project.json`,
    /// or says why it cannot be saved.
    pub fn save_project(&mut self, state: &State) -> Option<Action> {
        let generation = state.attributes.generation;
        if let Some(why) = &state.project.attributes.readonly {
            return Some(Action::Saved(Outcome::new(
                Target::Project,
                generation,
                Err(why.clone()),
            )));
        }
        if self.project.in_flight {
            self.project.dirty = true;
            return None;
        }
        self.project = ProjectSave {
            in_flight: true,
            dirty: false,
        };
        let bytes = to_bytes(&state.project.attributes);
        let path = state.project.root.join(PROJECT_FILE);
        self.saver.submit(path, Target::Project, generation, bytes);
        None
    }

    /// Notes that the save in flight has finished.
    pub(super) fn project_done(&mut self) {
        self.project.in_flight = false;
    }

    /// After an outcome has been applied: saves what changed meanwhile.
    pub(super) fn project_pending(&mut self, state: &State) -> Option<Action> {
        if self.project.dirty && !self.project.in_flight {
            return self.save_project(state);
        }
        None
    }

    /// Performs [`crate::app::state::Effect::ProjectBase`].
    pub(super) fn project_base(&self, state: &State, base: Vec<u8>) {
        self.saver
            .rewatch(&state.project.root.join(PROJECT_FILE), Some(base));
    }
}
