//! Writing what the coding screen decided: sidecars and the codebook through the
//! saver (which skips writes that would change nothing), the resume position, the
//! recovery journal for edits that cannot be saved, conflict copies.

use crate::app::Action;
use crate::app::State;
use crate::core::coding::saver::{Outcome, Saver, Target};
use crate::core::config::{Position, Positions};
use crate::i18n::{fill, strings};
use std::path::PathBuf;

/// Writes sidecars through the saver, which skips writes that would change nothing.
pub struct Persister {
    pub saver: Saver,
    positions: Option<(PathBuf, Positions)>,
    /// Where edits that cannot be saved are journaled (None: nowhere).
    recovery: Option<PathBuf>,
    journaled: Vec<bool>,
    /// A memo to hand to the external editor: the loop runs it (it needs the terminal).
    pub external: Option<String>,
    pub(super) book: super::codebook_save::BookSave,
    pub(super) project: super::project_save::ProjectSave,
    /// The consensus sidecars as last submitted, by document.
    pub(super) last_consensus: std::collections::HashMap<usize, Vec<u8>>,
    /// Size and time of change of the team's sidecars when last read.
    pub(super) team_stamps: Vec<(String, Option<(u64, std::time::SystemTime)>)>,
    /// The time of the last audit-log stamp.
    last_stamp: std::time::SystemTime,
    /// The search thread, started by the first search.
    searcher: Option<crate::core::analysis::searcher::Searcher>,
    /// What other threads wake the loop with.
    waker: Option<crate::core::wake::Waker>,
}

impl Persister {
    /// `positions_file`: where resume positions are kept; `recovery`: the journal
    /// folder for edits that cannot be saved (None: not kept).
    pub fn new(state: &State, saver: Saver, positions_file: Option<PathBuf>) -> Persister {
        for (doc, d) in state.docs.iter().enumerate() {
            if !state.project.documents[doc].is_pending() {
                saver.watch(state.sidecar_path(doc), d.on_disk.clone());
            }
        }
        let positions = positions_file.map(|p| {
            let loaded = Positions::load(&p);
            (p, loaded)
        });
        let journaled = vec![false; state.docs.len()];
        let persister = Persister {
            saver,
            positions,
            recovery: None,
            journaled,
            external: None,
            book: super::codebook_save::BookSave::default(),
            project: super::project_save::ProjectSave::default(),
            last_consensus: std::collections::HashMap::new(),
            team_stamps: Vec::new(),
            last_stamp: std::time::UNIX_EPOCH,
            searcher: None,
            waker: None,
        };
        persister.watch_codebook(state);
        persister.watch_project(state);
        persister
    }

    /// Wakes `waker` when a save finishes or a search is answered.
    pub fn set_waker(&mut self, waker: crate::core::wake::Waker) {
        self.saver.set_waker(waker.clone());
        self.waker = Some(waker);
    }

    /// Performs [`crate::app::state::Effect::Search`] on the search thread, started
    /// over the documents the first time.
    pub fn search(&mut self, state: &State, request: crate::core::analysis::searcher::Request) {
        let waker = self.waker.clone();
        self.searcher
            .get_or_insert_with(|| {
                let contents = state
                    .project
                    .documents
                    .iter()
                    .map(|d| d.content.as_ref().ok().cloned())
                    .collect();
                crate::core::analysis::searcher::Searcher::start(contents, waker)
            })
            .ask(request);
    }

    /// The search thread's newest answer, if one has come.
    pub fn found(&self) -> Option<crate::core::analysis::searcher::Found> {
        self.searcher.as_ref()?.found()
    }

    /// Lets the saver know what document `doc`'s sidecar held when it was read (None:
    /// there was none): each write goes only over that version (RELIABILITY C2).
    pub fn watch_document(&mut self, state: &State, doc: usize, on_disk: Option<Vec<u8>>) {
        self.saver.watch(state.sidecar_path(doc), on_disk);
    }

    /// Hands the audit-log entries of the changes just made to the saver, stamped
    /// with the time now; they are on disk before the sidecars that hold the changes.
    pub fn log_audit(&mut self, state: &mut State) {
        if state.audit.is_empty() {
            return;
        }
        // Strictly later than the last stamp of this session, so that its lines in
        // several logs (a coder's, the consensus coder's) sort into the order made.
        let now =
            std::time::SystemTime::now().max(self.last_stamp + std::time::Duration::from_millis(1));
        self.last_stamp = now;
        let time = crate::core::time::Utc::of(now).iso_millis();
        let mut by_log: std::collections::BTreeMap<PathBuf, Vec<u8>> = Default::default();
        for mut e in state.audit.drain(..) {
            e.time.clone_from(&time);
            let path = crate::core::coding::audit::log_path(&state.project.root, &e.coder);
            by_log.entry(path).or_default().extend(e.to_line());
        }
        for (path, lines) in by_log {
            self.saver.log(path, &lines);
        }
    }

    /// Journals edits that cannot be saved into `dir` (RELIABILITY S4).
    pub fn with_recovery(mut self, dir: PathBuf) -> Persister {
        self.recovery = Some(dir);
        self
    }

    /// Marks a document as having a journal entry (offered and loaded at start), so
    /// it is cleared once the document saves.
    pub fn mark_journaled(&mut self, doc: usize) {
        if let Some(j) = self.journaled.get_mut(doc) {
            *j = true;
        }
    }

    /// Performs [`Effect::LoadConflict`]: reads the other version, keeps the current
    /// decisions as a conflict copy of their own, and returns the replacing action.
    pub fn load_conflict(&mut self, state: &State, doc: usize) -> Action {
        let fail = |why: String| {
            Action::Saved(Outcome::new(
                Target::Sidecar(doc),
                state.docs[doc].generation,
                Err(why),
            ))
        };
        let (Some(copy), Ok(content)) = (
            state.docs[doc].conflict.clone(),
            state.project.documents[doc].content.as_ref(),
        ) else {
            return fail(crate::i18n::strings(state.lang).ui_no_other_to_load.into());
        };
        let shown = copy.display().to_string();
        let max = crate::core::coding::sidecar::MAX_SIDECAR_BYTES;
        let file = match crate::core::coding::store::read_regular(&copy, max)
            .map_err(|e| format!("{shown}: {}", crate::core::coding::store::short_io(&e)))
            .and_then(|b| {
                crate::core::coding::sidecar::SidecarFile::parse(&b, &shown)
                    .map_err(|e| e.to_string())
            }) {
            Ok(f) => f,
            Err(why) => {
                return fail(fill(
                    strings(state.lang).ui_load_other_failed,
                    &[("why", &why)],
                ));
            }
        };
        let mine = crate::core::coding::saver::conflict_path(&state.sidecar_path(doc));
        if let Some(bytes) = state.sidecar_bytes(doc)
            && let Err(why) = crate::core::coding::store::atomic_write(
                &mine,
                &bytes,
                crate::core::coding::store::Perms::Shared,
            )
        {
            return fail(fill(
                strings(state.lang).ui_load_keep_failed,
                &[("why", &why)],
            ));
        }
        let (decisions, _) = crate::core::project::attach(file, content);
        let kept = mine
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let note = fill(strings(state.lang).ui_loaded_other, &[("name", &kept)]);
        Action::ReplaceDecisions(doc, decisions, note)
    }

    /// The position saved for this project and coder, if any.
    pub fn resume(&self, state: &State) -> Option<(usize, usize)> {
        let (_, positions) = self.positions.as_ref()?;
        let pos = positions.get(&state.project.root, &state.coder)?;
        let doc = state
            .project
            .documents
            .iter()
            .position(|d| d.name == pos.document)?;
        Some((doc, pos.paragraph.saturating_sub(1)))
    }

    /// Where the coder was in the other documents last time, by document index.
    pub fn resume_places(&self, state: &State) -> std::collections::HashMap<usize, usize> {
        let Some(pos) = self
            .positions
            .as_ref()
            .and_then(|(_, p)| p.get(&state.project.root, &state.coder))
        else {
            return std::collections::HashMap::new();
        };
        let by_name = state.project.index_by_name();
        pos.places
            .iter()
            .filter_map(|(name, &p)| Some((*by_name.get(name.as_str())?, p.saturating_sub(1))))
            .collect()
    }

    /// Performs a save effect: the sidecar is made on the saver thread (fingerprinting
    /// a paragraph of megabytes is no work for a key) and written unless it is what
    /// the file holds already. Returns an action when the document cannot be saved.
    pub fn save(&mut self, state: &State, doc: usize) -> Option<Action> {
        let d = state.project.documents.get(doc)?;
        let content = std::sync::Arc::clone(d.content.as_ref().ok()?);
        let document = crate::core::project::Document {
            path: d.path.clone(),
            name: d.name.clone(),
            content: Ok(std::sync::Arc::clone(&content)),
        };
        let coder = state.coder.clone();
        let decisions = state.docs[doc].decisions.clone();
        self.saver.submit_made(
            state.sidecar_path(doc),
            Target::Sidecar(doc),
            state.docs[doc].generation,
            Box::new(move || {
                crate::core::project::to_sidecar(&document, &content, &coder, &decisions).to_bytes()
            }),
        );
        None
    }

    /// Notes a finished write. After a failure the latest decisions go to the
    /// recovery journal (the reason says so) and the next change must write again;
    /// after a success the journal entry goes.
    pub fn outcome(&mut self, state: &State, outcome: &mut Outcome) {
        if outcome.target == Target::Codebook {
            self.codebook_done();
        }
        if outcome.target == Target::Project {
            self.project_done();
        }
        if let Target::Consensus(doc) = outcome.target {
            self.consensus_outcome(state, doc, outcome);
            return;
        }
        let Target::Sidecar(doc) = outcome.target else {
            return;
        };
        match &mut outcome.result {
            Err(why) => {
                if let (Some(dir), Some(bytes)) = (&self.recovery, state.sidecar_bytes(doc)) {
                    match crate::core::coding::recovery::record(
                        dir,
                        &state.sidecar_path(doc),
                        &bytes,
                    ) {
                        Ok(_) => {
                            self.journaled[doc] = true;
                            why.push_str(strings(state.lang).ui_journal_kept);
                        }
                        Err(e) => why.push_str(&journal_failed(state, &e)),
                    }
                }
            }
            Ok(())
                if self.journaled.get(doc) == Some(&true)
                    && outcome.generation == state.docs[doc].generation =>
            {
                if let Some(dir) = &self.recovery {
                    crate::core::coding::recovery::clear(dir, &state.sidecar_path(doc));
                }
                self.journaled[doc] = false;
            }
            Ok(()) => {}
        }
    }

    /// A consensus save finished: as for a coder's own sidecar, settled decisions that
    /// cannot be saved go to the recovery journal (offered at the next start), and the
    /// journal entry goes once they are saved.
    fn consensus_outcome(&mut self, state: &State, doc: usize, outcome: &mut Outcome) {
        let (Some(team), Some(d)) = (state.team.as_deref(), state.project.documents.get(doc))
        else {
            return;
        };
        let path = crate::core::coding::sidecar::sidecar_path(&d.path, &team.consensus);
        match &mut outcome.result {
            Err(why) => {
                let latest = self.last_consensus.remove(&doc);
                if let (Some(dir), Some(bytes)) = (&self.recovery, latest) {
                    match crate::core::coding::recovery::record(dir, &path, &bytes) {
                        Ok(_) => why.push_str(strings(state.lang).ui_journal_kept_settled),
                        Err(e) => why.push_str(&journal_failed(state, &e)),
                    }
                }
            }
            Ok(()) if team.settled.get(doc).map(|s| s.generation) == Some(outcome.generation) => {
                if let Some(dir) = &self.recovery {
                    crate::core::coding::recovery::clear(dir, &path);
                }
            }
            Ok(()) => {}
        }
    }

    /// Keeps the current position, written at exit (or on a signal).
    pub fn park_position(&mut self, state: &State) {
        let Some((path, positions)) = self.positions.as_mut() else {
            return;
        };
        let Some(doc) = state.project.documents.get(state.doc) else {
            return;
        };
        let places = state
            .places
            .iter()
            .filter(|&(&d, _)| d != state.doc)
            .filter_map(|(&d, &p)| Some((state.project.documents.get(d)?.name.clone(), p + 1)))
            .collect();
        let pos = Position {
            document: doc.name.clone(),
            paragraph: state.para + 1,
            places,
        };
        if positions.get(&state.project.root, &state.coder) == Some(&pos) {
            return;
        }
        positions.set(&state.project.root, &state.coder, pos);
        self.saver.park(path.clone(), positions.to_bytes());
    }
}

/// " (and the recovery journal failed: why)", after a save's error.
fn journal_failed(state: &State, why: &dyn std::fmt::Display) -> String {
    fill(strings(state.lang).ui_journal_failed, &[("why", why)])
}
