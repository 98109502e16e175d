//! The I/O of team work that `update` asks for: reading the other coders' and the
//! consensus coder's sidecars when the agreement view first opens, and taking the
//! consensus coder's lock so that two coders never settle into the same files.

use super::Persister;
use crate::app::State;
use crate::app::state::DocState;
use crate::app::team::Team;
use crate::core::check::coders_by_document;
use crate::core::project::load_sidecar;
use crate::core::{lock, sidecar};

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
                    && !c.ends_with(crate::core::retest::RETEST_SUFFIX)
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
        let readonly = self.lock_consensus(state, &consensus);
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
        Team {
            consensus,
            coders,
            decisions,
            problems,
            settled,
            readonly,
        }
    }

    /// Takes the consensus coder's lock of the folder (kept to the exit); returns why
    /// settling is not possible here.
    fn lock_consensus(&mut self, state: &State, consensus: &str) -> Option<String> {
        match lock::try_lock(&state.project.root, consensus) {
            lock::Locked::Held(l) => {
                lock::hold_until_exit(l);
                None
            }
            lock::Locked::Busy(who) => Some(format!(
                "{who} is settling disagreements as {consensus}; try again when they are done"
            )),
            // Not lockable here (a read-only folder): each save still keeps another
            // writer's version as a conflict copy.
            lock::Locked::Failed(_) => None,
        }
    }

    /// Performs [`crate::app::state::Effect::SaveConsensus`].
    pub fn save_consensus(&mut self, state: &State, doc: usize) -> Option<crate::app::Action> {
        use crate::core::saver::{Outcome, Target};
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
