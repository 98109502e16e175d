//! Everything the coding screen knows. Only `update` changes it.

use super::keymap::Keymap;
use crate::core::codebook::{Codebook, Lang};
use crate::core::coding::sidecar::{self, Decisions};
use crate::core::project::{self, Project};
use std::collections::BTreeSet;

/// Where a document's saving stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SaveState {
    /// Nothing changed since it was opened.
    #[default]
    Clean,
    /// A change is being written.
    Saving,
    /// Every change is on disk.
    Saved,
    /// The last write failed: the edits are only in memory.
    Failed(String),
}

/// One document's decisions and their save state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocState {
    pub decisions: Decisions,
    /// Why this document cannot be coded (bad sidecar, unreadable text).
    pub readonly: Option<String>,
    pub save: SaveState,
    /// Counts changes; a save outcome for an older generation is superseded.
    pub generation: u64,
    /// The sidecar's bytes as read when the project was opened.
    pub on_disk: Option<Vec<u8>>,
    /// Another program's version of the sidecar, kept aside when tandai found the file
    /// changed under it (RELIABILITY C2).
    pub conflict: Option<std::path::PathBuf>,
    /// Where the near matches found when the sidecar was read were before (by their
    /// paragraph index now), for the review screen.
    pub moved_from: std::collections::BTreeMap<usize, crate::core::coding::attach::Origin>,
}

impl DocState {
    /// Number of paragraphs with at least one code.
    pub fn coded(&self) -> usize {
        self.decisions
            .paragraphs
            .values()
            .filter(|p| !p.codes.is_empty())
            .count()
    }

    /// What needs review in this document: near matches in paragraph order, then
    /// detached codings.
    pub fn review_items(&self) -> Vec<ReviewItem> {
        let near = self
            .decisions
            .paragraphs
            .iter()
            .filter(|(_, p)| p.review)
            .map(|(&i, _)| ReviewItem::NearMatch(i));
        near.chain((0..self.decisions.detached.len()).map(ReviewItem::Detached))
            .collect()
    }

    /// The codes on paragraph `i`.
    pub fn codes(&self, i: usize) -> Option<&BTreeSet<String>> {
        self.decisions
            .paragraphs
            .get(&i)
            .map(|p| &p.codes)
            .filter(|c| !c.is_empty())
    }
}

/// A change that undo can reverse, in one document; `para` is the paragraph changed
/// (for a document memo, the paragraph that was current).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub doc: usize,
    pub para: usize,
    pub change: Change,
}

/// What an [`Edit`] changed: the value before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The codes of the paragraph.
    Codes {
        before: BTreeSet<String>,
        after: BTreeSet<String>,
    },
    /// The paragraph's memo.
    Memo { before: String, after: String },
    /// The document's memo.
    DocumentMemo { before: String, after: String },
    /// The document's finished mark.
    Finished { before: bool, after: bool },
    /// The consensus coder's decision on the paragraph (settling a disagreement).
    Settle {
        before: crate::core::coding::sidecar::ParagraphDecision,
        after: crate::core::coding::sidecar::ParagraphDecision,
    },
    /// A decision of the review screen (confirm, attach, detach, discard).
    Review(Box<super::review::ReviewChange>),
}

/// The code picker: a query and the selected row of the filtered list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    pub query: String,
    pub selected: usize,
}

/// What the screen is showing.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Coding,
    Help {
        scroll: usize,
    },
    Picker(Picker),
    /// The codings of this document that need review; `armed` after one discard key.
    Review {
        selected: usize,
        armed: bool,
    },
    /// The codebook screen.
    Editor(super::editor::Editor),
    /// Typing a search (the search itself is `State::search`).
    Search,
    /// Writing a memo.
    Memo(super::memo::MemoEditor),
    /// The retrieval list (kept in `State::retrieval`).
    Retrieve,
    /// The overview tables.
    Overview(Box<super::overview::Overview>),
    /// Agreement between coders on the finished documents.
    Agreement(Box<super::team::AgreementView>),
    /// The current document's attributes.
    Attributes(Box<super::attributes::Screen>),
    /// The queue of disagreements to settle.
    Settle(Box<super::team::Queue>),
    /// The last status messages, newest first, from this one.
    Messages {
        scroll: usize,
    },
}

/// Something the coder should look at after the transcript changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewItem {
    /// Codes re-attached to this paragraph by a near match.
    NearMatch(usize),
    /// Entry N of the detached list: its paragraph is gone or changed beyond matching.
    Detached(usize),
}

/// A line for the status bar until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub warning: bool,
}

/// What the loop must do after an update: the I/O that `update` itself never does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write document N's sidecar.
    Save(usize),
    /// Load the version of document N's sidecar kept as a conflict copy, keeping the
    /// current decisions as another copy.
    LoadConflict(usize),
    /// Write the codebook file.
    SaveCodebook,
    /// Count the paragraphs each other coder gave this code (their sidecars), then
    /// act with [`super::editor::EditorAction::UsageCounted`].
    CountUsage(String),
    /// Read the other coders' and the consensus coder's sidecars (for the agreement
    /// view), then act with [`super::Action::TeamLoaded`].
    LoadTeam,
    /// Write the consensus coder's sidecar of document N.
    SaveConsensus(usize),
    /// Read the team's sidecars again if any changed on disk; then act with
    /// [`super::Action::TeamLoaded`] (changed) or [`super::Action::TeamFresh`].
    RefreshTeam,
    /// Take the consensus coder's lock (the queue opened); then act with
    /// [`super::Action::ConsensusLock`].
    LockConsensus,
    /// Give the consensus coder's lock back (the queue closed).
    UnlockConsensus,
    /// Load the version of the codebook kept as a conflict copy, keeping the current
    /// one as another copy.
    LoadCodebookConflict,
    /// The session's codebook derives from this version of the file: the next save
    /// merges what is on disk against it.
    CodebookBase(Vec<u8>),
    /// Write `project.json` (attributes).
    SaveProject,
    /// The session's attributes derive from this version of `project.json`: the
    /// next save merges what is on disk against it.
    ProjectBase(Vec<u8>),
    /// Hand this memo text to the user's external editor (`$VISUAL`, `$EDITOR`).
    ExternalEditor(String),
    /// Keep a choice of the coder (`documents`: the documents pane; `lang`: the
    /// interface language) in the config file as `key = "value"`; then act with
    /// [`super::Action::ConfigWritten`].
    KeepSetting(&'static str, &'static str),
    /// Search on the search thread; the answer comes back as
    /// [`super::Action::SearchFound`].
    Search(crate::core::analysis::searcher::Request),
    /// Save the resume position and leave.
    Quit,
}

/// The whole state of the coding screen.
#[derive(Debug, Clone)]
pub struct State {
    pub project: Project,
    pub codebook: Codebook,
    pub keymap: Keymap,
    pub coder: String,
    pub docs: Vec<DocState>,
    /// Current document and paragraph (0-based).
    pub doc: usize,
    pub para: usize,
    /// Lines scrolled inside the current paragraph.
    pub scroll: usize,
    /// Index into the codebook of the code under the codebook cursor.
    pub code_cursor: usize,
    pub mode: Mode,
    pub undo: Vec<Edit>,
    pub redo: Vec<Edit>,
    pub message: Option<Message>,
    /// The last messages of the session, for the messages screen.
    pub history: super::messages::History,
    /// The coder's choice for the documents pane (the layout may still hide it).
    pub documents_pane: crate::core::config::DocumentsPane,
    /// The user's config file, where that choice is kept (None: not kept).
    pub config_file: Option<std::path::PathBuf>,
    /// Notes from loading (codebook and project warnings), shown in help.
    pub notes: Vec<String>,
    pub lang: Lang,
    /// Terminal size.
    pub size: (u16, u16),
    /// Set when quitting with unsaved edits: the next quit goes through.
    pub quit_armed: bool,
    /// Where tandai's files are (shown in help): what, path.
    pub files: Vec<(String, String)>,
    /// Documents whose decisions changed while loading (merged code ids rewritten):
    /// the loop saves them first.
    pub pending_saves: Vec<usize>,
    /// The codebook file edits are saved to (None: the codebook is not saved).
    pub codebook_path: Option<std::path::PathBuf>,
    pub book_save: SaveState,
    pub book_generation: u64,
    /// Another version of the codebook file, kept aside when it could not be merged
    /// with this session's (RELIABILITY C4).
    pub book_conflict: Option<std::path::PathBuf>,
    pub book_undo: Vec<super::editor::Snapshot>,
    pub book_redo: Vec<super::editor::Snapshot>,
    /// The search kept after Enter: its matches are highlighted and n/N jump.
    pub search: Option<super::search::Search>,
    /// Every paragraph folded for searching, built on the first search (when
    /// `update` searches itself).
    pub search_index: Option<crate::core::analysis::search::Index>,
    /// Searches run on the loop's search thread: `update` asks with
    /// [`Effect::Search`] (the coding screen sets it; tests search in `update`).
    pub search_async: bool,
    /// Counts search requests, so that an answer to an older one is dropped.
    pub search_generation: u64,
    /// The retrieval list, kept so that it can come back after Enter.
    pub retrieval: Option<super::retrieve::Retrieval>,
    /// The other coders' work and the consensus coder's, loaded when the agreement
    /// view first opens (never while only coding: blind coding).
    pub team: Option<Box<super::team::Team>>,
    /// The team is being loaded for retrieval or the overview (not the agreement view).
    pub after_team: bool,
    /// A test-retest session: the sample of paragraphs being coded again.
    pub retest: Option<super::retest::Retest>,
    /// Where the coder last was in each document left (document to paragraph), so
    /// that going back to a document goes back there.
    pub places: std::collections::HashMap<usize, usize>,
    /// The last agreement computed, with what it was computed from.
    pub agreement_cache: Option<super::team_agreement::AgreementCache>,
    /// The disagreements last found, with what they were found from.
    pub queue_cache: Option<super::team::QueueCache>,
    /// Audit-log entries of the changes just made (the time is filled in when the
    /// loop hands them to the saver): see `core::coding::audit`.
    pub audit: Vec<crate::core::coding::audit::Entry>,
    /// The attributes' undo history and `project.json`'s save state.
    pub attributes: super::attributes::Session,
    /// Documents listed but not read yet (read in the background; see `loading`).
    pub pending: usize,
    /// Why every document is read-only: another tandai of this coder holds the folder.
    pub locked_out: Option<String>,
    /// Codings of merged codes moved to their code so far, noted once all are read.
    merged: usize,
}

impl State {
    /// Builds the state and reads every document's sidecar for `coder`.
    pub fn new(project: Project, codebook: Codebook, keymap: Keymap, coder: String) -> State {
        let mut state = State::empty(project, codebook, keymap, coder);
        for doc in 0..state.docs.len() {
            let loaded = project::load_sidecar(&state.project.documents[doc], &state.coder);
            state.adopt_sidecar(doc, loaded);
        }
        state.note_merges();
        state.announce_notes();
        state
    }

    /// The state before any sidecar is read: every document without decisions.
    pub(super) fn empty(
        project: Project,
        codebook: Codebook,
        keymap: Keymap,
        coder: String,
    ) -> State {
        let docs = vec![DocState::default(); project.documents.len()];
        let mut notes: Vec<String> = project.warnings.clone();
        notes.extend(codebook.warnings.iter().cloned());
        let code_cursor = codebook.codes.iter().position(|c| c.active()).unwrap_or(0);
        State {
            project,
            codebook,
            keymap,
            coder,
            docs,
            doc: 0,
            para: 0,
            scroll: 0,
            code_cursor,
            mode: Mode::Coding,
            undo: Vec::new(),
            redo: Vec::new(),
            message: None,
            history: super::messages::History::default(),
            documents_pane: crate::core::config::DocumentsPane::default(),
            config_file: None,
            notes,
            lang: crate::i18n::current(),
            size: (80, 24),
            quit_armed: false,
            files: Vec::new(),
            pending_saves: Vec::new(),
            codebook_path: None,
            book_save: SaveState::Clean,
            book_generation: 0,
            book_conflict: None,
            book_undo: Vec::new(),
            book_redo: Vec::new(),
            search: None,
            search_index: None,
            search_async: false,
            search_generation: 0,
            retrieval: None,
            team: None,
            after_team: false,
            retest: None,
            places: std::collections::HashMap::new(),
            agreement_cache: None,
            queue_cache: None,
            audit: Vec::new(),
            attributes: super::attributes::Session::default(),
            pending: 0,
            locked_out: None,
            merged: 0,
        }
    }

    /// Takes document `doc`'s sidecar as read: its decisions, why it is read-only
    /// (the sidecar, the document, or the folder held by another tandai), a note
    /// when its transcript changed since it was coded; codings of merged codes are
    /// moved to the code they were merged into and the document queued for saving.
    pub(super) fn adopt_sidecar(&mut self, doc: usize, loaded: project::LoadedSidecar) {
        let d = &self.project.documents[doc];
        let readonly = loaded
            .readonly
            .or_else(|| d.content.as_ref().err().cloned())
            .or_else(|| self.locked_out.clone());
        self.docs[doc] = DocState {
            decisions: loaded.decisions,
            readonly,
            on_disk: loaded.on_disk,
            moved_from: loaded.near,
            ..DocState::default()
        };
        let s = &self.docs[doc];
        let near = s.decisions.paragraphs.values().filter(|p| p.review).count();
        let detached = s.decisions.detached.len();
        if near + detached > 0 {
            let t = crate::i18n::strings(self.lang);
            self.notes.push(crate::i18n::fill(
                t.ui_note_transcript_changed,
                &[("name", &d.name), ("near", &near), ("detached", &detached)],
            ));
        }
        self.adopt_merges(doc);
    }

    /// Rewrites this coder's codings of merged codes in document `doc` to the codes
    /// they were merged into (other coders' sidecars are never touched).
    fn adopt_merges(&mut self, doc: usize) {
        let d = &mut self.docs[doc];
        if d.readonly.is_some() {
            return;
        }
        let mut touched = false;
        for (&para, p) in d.decisions.paragraphs.iter_mut() {
            let resolved: BTreeSet<String> = p
                .codes
                .iter()
                .map(|c| self.codebook.resolve(c).to_owned())
                .collect();
            if resolved != p.codes {
                self.merged += p.codes.difference(&resolved).count();
                let mut e =
                    super::audit::note(&self.project, &self.coder, doc, Some(para), "merge");
                e.before = Some(p.codes.iter().cloned().collect());
                e.after = Some(resolved.iter().cloned().collect());
                self.audit.push(e);
                p.codes = resolved;
                touched = true;
            }
        }
        if touched {
            d.generation += 1;
            d.save = SaveState::Saving;
            self.pending_saves.push(doc);
        }
    }

    /// Notes how many codings of merged codes now use the code they were merged
    /// into, once every document is read.
    pub(super) fn note_merges(&mut self) {
        if self.merged > 0 {
            let t = crate::i18n::strings(self.lang);
            self.notes.push(crate::i18n::count(
                self.merged,
                t.ui_note_merged_one,
                t.ui_note_merged_other,
            ));
            self.merged = 0;
        }
    }

    /// Shows the first loading note in the status line, pointing to help for the rest.
    pub fn announce_notes(&mut self) {
        if let Some(first) = self.notes.first() {
            let more = self.notes.len() - 1;
            let text = if more > 0 {
                let t = crate::i18n::strings(self.lang);
                crate::i18n::fill(t.ui_note_more, &[("first", first), ("n", &more)])
            } else {
                first.clone()
            };
            self.message = Some(Message {
                text,
                warning: true,
            });
        }
    }

    /// Says in the status line why the current document is read-only, or else what
    /// its reader left out (footnotes, comments, ...), when anything.
    pub fn announce_left_out(&mut self) {
        let Some(d) = self.project.documents.get(self.doc) else {
            return;
        };
        // A document that cannot be coded says why as soon as it is opened, not
        // after the first key.
        if let Some(why) = self.docs.get(self.doc).and_then(|s| s.readonly.as_ref()) {
            self.message = Some(Message {
                text: super::update::read_only(self, why),
                warning: true,
            });
            return;
        }
        if let Ok(c) = &d.content
            && !c.left_out.is_empty()
        {
            self.message = Some(Message {
                text: format!("{}: {}", d.name, c.left_out.join("; ")),
                warning: false,
            });
        }
    }

    /// Number of paragraphs of the current document.
    pub fn para_count(&self) -> usize {
        self.project.documents.get(self.doc).map_or(0, |d| d.len())
    }

    /// Moves to a document and paragraph, clamped to what exists.
    pub fn go_to(&mut self, doc: usize, para: usize) {
        let (before, before_para) = (self.doc, self.para);
        self.doc = doc.min(self.project.documents.len().saturating_sub(1));
        if self.doc != before {
            self.places.insert(before, before_para);
        }
        if self.doc != before && self.message.is_none() {
            self.announce_left_out();
        }
        self.para = para.min(self.para_count().saturating_sub(1));
        self.scroll = 0;
    }

    /// The sidecar bytes for a document's current decisions, or None when the
    /// document cannot be read.
    pub fn sidecar_bytes(&self, doc: usize) -> Option<Vec<u8>> {
        let d = self.project.documents.get(doc)?;
        let content = d.content.as_ref().ok()?;
        Some(project::to_sidecar(d, content, &self.coder, &self.docs[doc].decisions).to_bytes())
    }

    /// The sidecar path of a document for this coder.
    pub fn sidecar_path(&self, doc: usize) -> std::path::PathBuf {
        sidecar::sidecar_path(&self.project.documents[doc].path, &self.coder)
    }

    /// Overall save state: NOT SAVED if any document failed, else saving, else saved.
    pub fn save_summary(&self) -> SaveState {
        let settled = self.team.iter().flat_map(|t| t.settled.iter());
        let all = || {
            self.docs
                .iter()
                .chain(settled.clone())
                .map(|d| &d.save)
                .chain([&self.book_save, &self.attributes.save])
        };
        if let Some(SaveState::Failed(why)) = all().find(|s| matches!(s, SaveState::Failed(_))) {
            return SaveState::Failed(why.clone());
        }
        if all().any(|s| *s == SaveState::Saving) {
            return SaveState::Saving;
        }
        if all().any(|s| *s == SaveState::Saved) {
            return SaveState::Saved;
        }
        SaveState::Clean
    }
}
