//! The I/O of team work that `update` asks for: reading the other coders' and the
//! consensus coder's sidecars when the agreement view first opens, and taking the
//! consensus coder's lock so that two coders never settle into the same files.

use super::Persister;
use crate::app::State;
use crate::app::state::DocState;
use crate::app::team::Team;
use crate::core::analysis::check::coders_by_document;
use crate::core::project::load_sidecar;
use crate::core::{coding::lock, coding::sidecar};

impl Persister {
    /// Performs [`crate::app::state::Effect::LoadTeam`].
    pub fn load_team(&mut self, state: &State) -> Team {
        let consensus = state.project.consensus_coder().to_owned();
        let by_document = coders_by_document(&state.project);
        let mut coders: Vec<String> = by_document
            .iter()
            .flatten()
            .filter(|c| {
                **c != state.coder
                    && **c != consensus
                    && !c.ends_with(crate::core::analysis::retest::RETEST_SUFFIX)
            })
            .cloned()
            .collect();
        coders.sort();
        coders.dedup();
        let mut problems = Vec::new();
        let decisions = coders
            .iter()
            .map(|coder| {
                state
                    .project
                    .documents
                    .iter()
                    .zip(&by_document)
                    .map(|(doc, has)| {
                        if !has.contains(coder) {
                            return None;
                        }
                        let loaded = load_sidecar(doc, coder);
                        if let Some(why) = loaded.readonly {
                            problems.push(format!("{} ({coder}): {why}", doc.name));
                            return None;
                        }
                        loaded.on_disk.is_some().then_some(loaded.decisions)
                    })
                    .collect()
            })
            .collect();
        let settled = state
            .project
            .documents
            .iter()
            .zip(&by_document)
            .map(|(doc, has)| {
                if !has.contains(&consensus) {
                    return DocState {
                        readonly: doc.content.as_ref().err().cloned(),
                        ..DocState::default()
                    };
                }
                let loaded = load_sidecar(doc, &consensus);
                let path = sidecar::sidecar_path(&doc.path, &consensus);
                self.saver.watch(path, loaded.on_disk.clone());
                DocState {
                    decisions: loaded.decisions,
                    readonly: loaded.readonly,
                    on_disk: loaded.on_disk,
                    ..DocState::default()
                }
            })
            .collect();
        for (doc, d) in state.project.documents.iter().enumerate() {
            if !by_document[doc].contains(&consensus) {
                self.saver
                    .watch(sidecar::sidecar_path(&d.path, &consensus), None);
            }
        }
        self.team_stamps = stamps(state, &by_document);
        Team {
            consensus,
            coders,
            decisions,
            problems,
            settled,
            readonly: None,
        }
    }

    /// Performs [`crate::app::state::Effect::RefreshTeam`]: the team's sidecars
    /// read again when any of them changed on disk since they were read (a `git
    /// pull`, a coder still coding in a shared folder), else nothing. A consensus
    /// save under way is let finish first.
    pub fn refresh_team(&mut self, state: &State) -> Option<Team> {
        let by_document = coders_by_document(&state.project);
        if stamps(state, &by_document) == self.team_stamps {
            return None;
        }
        if self.saver.busy() {
            self.saver.flusher().flush(super::FLUSH_LIMIT);
        }
        Some(self.load_team(state))
    }

    /// Performs [`crate::app::state::Effect::LockConsensus`]: takes the consensus
    /// coder's lock of the folder while the queue is open; returns why settling is
    /// not possible here.
    pub fn lock_consensus(&mut self, state: &State) -> Option<String> {
        let consensus = state.project.consensus_coder();
        match lock::try_lock(&state.project.root, consensus) {
            lock::Locked::Held(l) => {
                lock::hold_until_exit(l);
                None
            }
            lock::Locked::Busy(who) => Some(crate::i18n::fill(
                crate::i18n::strings(state.lang).ui_consensus_busy,
                &[("who", &who), ("consensus", &consensus)],
            )),
            // Not lockable here (a read-only folder): each save still keeps another
            // writer's version as a conflict copy.
            lock::Locked::Failed(_) => None,
        }
    }

    /// Performs [`crate::app::state::Effect::UnlockConsensus`]: the queue closed, so
    /// another coder may settle now (what is queued is written first).
    pub fn unlock_consensus(&mut self, state: &State) {
        self.saver.flusher().flush(super::FLUSH_LIMIT);
        lock::release_held_of(&state.project.root, state.project.consensus_coder());
    }

    /// Performs [`crate::app::state::Effect::SaveConsensus`].
    pub fn save_consensus(&mut self, state: &State, doc: usize) -> Option<crate::app::Action> {
        use crate::core::coding::saver::{Outcome, Target};
        let team = state.team.as_deref()?;
        let d = state.project.documents.get(doc)?;
        let content = d.content.as_ref().ok()?;
        let settled = team.settled.get(doc)?;
        let bytes =
            crate::core::project::to_sidecar(d, content, &team.consensus, &settled.decisions)
                .to_bytes();
        let generation = settled.generation;
        if self.last_consensus.get(&doc) == Some(&bytes) {
            return Some(crate::app::Action::Saved(Outcome::new(
                Target::Consensus(doc),
                generation,
                Ok(()),
            )));
        }
        self.last_consensus.insert(doc, bytes.clone());
        self.saver.submit(
            sidecar::sidecar_path(&d.path, &team.consensus),
            Target::Consensus(doc),
            generation,
            bytes,
        );
        None
    }
}

/// What each sidecar of the project looks like on disk (size and time of change), to
/// tell whether the team's sidecars changed since they were read. Checked each time
/// the agreement view opens: 2,000 sidecars of a 1,000-document team project are
/// 2,000 `stat` calls, so they run on every core.
fn stamps(
    state: &State,
    by_document: &[Vec<String>],
) -> Vec<(String, Option<(u64, std::time::SystemTime)>)> {
    let paths: Vec<std::path::PathBuf> = state
        .project
        .documents
        .iter()
        .zip(by_document)
        .flat_map(|(doc, coders)| {
            coders
                .iter()
                .filter(|c| **c != state.coder)
                .map(|coder| sidecar::sidecar_path(&doc.path, coder))
        })
        .collect();
    crate::core::parallel::map(&paths, |path| {
        let meta = std::fs::symlink_metadata(path)
            .ok()
            .and_then(|m| Some((m.len(), m.modified().ok()?)));
        (path.to_string_lossy().into_owned(), meta)
    })
}

impl Persister {
    /// Performs [`crate::app::state::Effect::CountUsage`]: the paragraphs each other
    /// coder (the consensus and retest coders too) gave code `id`, from their
    /// sidecars, merged codes counting as the code they were merged into. Coders who
    /// never applied it are left out.
    pub fn count_usage(&self, state: &State, id: &str) -> Vec<(String, usize)> {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for (doc, coders) in state
            .project
            .documents
            .iter()
            .zip(coders_by_document(&state.project))
        {
            for coder in coders.iter().filter(|c| **c != state.coder) {
                let loaded = load_sidecar(doc, coder);
                let n = loaded
                    .decisions
                    .paragraphs
                    .values()
                    .filter(|p| p.codes.iter().any(|c| state.codebook.resolve(c) == id))
                    .count();
                if n > 0 {
                    *counts.entry(coder.clone()).or_default() += n;
                }
            }
        }
        counts.into_iter().collect()
    }
}
