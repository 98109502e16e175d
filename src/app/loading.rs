//! A project whose documents are read in the background (`core::documents::loader`): the
//! state starts with every document listed, and each one joins it, with this
//! coder's sidecar, when it has been read. The document on screen is always read;
//! what needs every document (search, retrieval, the overview, agreement, the
//! codebook screen's counts, the next uncoded paragraph in another document) waits
//! until all are, and the screen says how far reading has come.

use super::Action;
use super::keymap::Keymap;
use super::state::State;
use crate::core::codebook::Codebook;
use crate::core::documents::loader::Loaded;
use crate::core::project::Project;

impl State {
    /// The state of a project listed with [`Project::list`]: no document is read
    /// yet. `locked_out`: why every document must be read-only (another tandai of
    /// this coder holds the folder).
    pub fn listed(
        project: Project,
        codebook: Codebook,
        keymap: Keymap,
        coder: String,
        locked_out: Option<String>,
    ) -> State {
        let mut state = State::empty(project, codebook, keymap, coder);
        state.pending = state
            .project
            .documents
            .iter()
            .filter(|d| d.is_pending())
            .count();
        state.locked_out = locked_out;
        state
    }

    /// Takes a document read in the background into the state. Returns the sidecar's
    /// bytes as read (None: there is none), for the saver to compare writes against;
    /// or None when the document was in the state already, and this reading is
    /// dropped.
    pub fn install(&mut self, loaded: Loaded) -> Option<Option<Vec<u8>>> {
        let doc = loaded.index;
        if !self.project.documents.get(doc)?.is_pending() {
            return None;
        }
        self.project.documents[doc] = loaded.document;
        self.adopt_sidecar(doc, loaded.sidecar);
        self.pending -= 1;
        if self.pending == 0 {
            self.note_merges();
        }
        Some(self.docs[doc].on_disk.take())
    }

    /// Whether every document has been read.
    pub fn all_read(&self) -> bool {
        self.pending == 0
    }
}

/// Whether `action` needs every document read before it can run: what searches,
/// counts or compares all of them, and a move to the next (or previous) uncoded
/// paragraph that may lie in another document.
pub fn needs_all(state: &State, action: &Action) -> bool {
    match action {
        Action::Search
        | Action::Retrieve
        | Action::Overview
        | Action::Agreement
        | Action::CodebookScreen
        | Action::ShowCoder => true,
        Action::NextUncoded | Action::PrevUncoded if state.search.is_some() => false,
        Action::NextUncoded => !uncoded_here(state, true),
        Action::PrevUncoded => !uncoded_here(state, false),
        _ => false,
    }
}

/// Whether the current document has an uncoded paragraph after (or before) the
/// current one.
fn uncoded_here(state: &State, forward: bool) -> bool {
    let Some(doc) = state.docs.get(state.doc) else {
        return false;
    };
    let len = state.para_count();
    let uncoded = |i: &usize| doc.codes(*i).is_none();
    if forward {
        (state.para + 1..len).any(|i| uncoded(&i))
    } else {
        (0..state.para).any(|i| uncoded(&i))
    }
}
