//! The comparison the agreement view shows, kept with what it was computed from.
//!
//! Opening the view again with nothing changed reuses it. After coding changes of
//! this coder (each counts up its document's generation) only the changed documents
//! are counted again ([`agreement::Kept::update`]): a full comparison of 1,000
//! documents takes about 55 ms, one document a fraction of a millisecond. Anything
//! else (the coders compared, the language, the codebook, blind coding, documents
//! still being read, the team's sidecars read again) compares in full.

use super::state::State;
use super::team::{Pair, compared};
use super::update::tr;
use crate::core::analysis::agreement::{self, Agreement, Kept, Read};
use crate::core::codebook::Lang;
use crate::i18n::fill;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// The last agreement computed, with what it was computed from.
#[derive(Debug, Clone)]
pub struct AgreementCache {
    key: Key,
    /// Each document's generation when computed.
    generations: Vec<u64>,
    result: Result<Agreement, String>,
    /// What brings the result up to date after a few documents change.
    kept: Option<Kept>,
}

/// What a computed agreement depends on besides this coder's decisions and the team's
/// sidecars (the cache is dropped when those are read again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    pair: Pair,
    lang: Lang,
    book: u64,
    blind: bool,
    pending: usize,
}

/// The agreement of `pair`: kept, brought up to date, or computed in full.
pub fn result(state: &mut State, pair: Pair) -> Result<Agreement, String> {
    let key = Key {
        pair,
        lang: state.lang,
        book: state.book_generation,
        blind: state.project.blind(),
        pending: state.pending,
    };
    let generations: Vec<u64> = state.docs.iter().map(|d| d.generation).collect();
    let (result, kept) = match state.agreement_cache.take() {
        Some(c) if c.key == key && c.generations == generations => (c.result, c.kept),
        Some(c) if c.key == key && c.generations.len() == generations.len() => {
            let changed: BTreeSet<usize> = (0..generations.len())
                .filter(|&d| c.generations[d] != generations[d])
                .collect();
            match c.kept.and_then(|k| update(state, pair, k, &changed)) {
                Some((a, k)) => (Ok(a), Some(k)),
                None => compute(state, pair),
            }
        }
        _ => compute(state, pair),
    };
    state.agreement_cache = Some(AgreementCache {
        key,
        generations,
        result: result.clone(),
        kept,
    });
    result
}

/// The kept comparison after documents `changed` changed; None to compare in full.
fn update(
    state: &State,
    pair: Pair,
    kept: Kept,
    changed: &BTreeSet<usize>,
) -> Option<(Agreement, Kept)> {
    let team = state.team.as_deref()?;
    let indices = compared(team, pair);
    kept.update(
        &state.project,
        &state.codebook,
        changed,
        reader(state, team, indices),
    )
}

/// The agreement of the chosen coders on the documents they have all finished (and
/// this coder too, when coding blind), and what brings it up to date.
fn compute(state: &State, pair: Pair) -> (Result<Agreement, String>, Option<Kept>) {
    let Some(team) = &state.team else {
        return (Err(tr(state).ui_team_not_loaded.into()), None);
    };
    if team.coders.is_empty() {
        let text = tr(state).ui_team_no_other_consensus;
        return (Err(fill(text, &[("consensus", &team.consensus)])), None);
    }
    let indices = compared(team, pair);
    let names: Vec<String> = indices
        .iter()
        .map(|&i| team.name(&state.coder, i).to_owned())
        .collect();
    let options = agreement::Options {
        coders: names.clone(),
        codes: Vec::new(),
        documents: Vec::new(),
        all: false,
        lang: state.lang,
        units: None,
    };
    let read = reader(state, team, indices);
    match agreement::compare_kept(&state.project, &state.codebook, &options, names, read) {
        Ok((a, kept)) => (Ok(a), Some(kept)),
        Err(e) => (Err(e.to_string()), None),
    }
}

/// A document's reading for the comparison: the compared coders' decisions held in
/// memory (0: this coder), or why it is left out.
fn reader<'s>(
    state: &'s State,
    team: &'s super::team::Team,
    indices: Vec<usize>,
) -> impl FnMut(usize, &[String]) -> Read<'s> + 's {
    let blind = state.project.blind();
    move |d: usize, _: &[String]| -> Read<'s> {
        if let Err(e) = &state.project.documents[d].content {
            return Read {
                coded: Err(fill(tr(state).ui_team_cannot_read, &[("why", e)])),
                problem: false,
            };
        }
        if blind && !state.docs[d].decisions.finished {
            return Read {
                coded: Err(fill(
                    tr(state).ui_team_not_finished,
                    &[("coder", &state.coder)],
                )),
                problem: false,
            };
        }
        let coded = indices
            .iter()
            .map(|&i| {
                if i == 0 {
                    Some(Cow::Borrowed(&state.docs[d].decisions))
                } else {
                    team.decisions[i - 1][d].as_ref().map(Cow::Borrowed)
                }
            })
            .collect();
        Read {
            coded: Ok(coded),
            problem: false,
        }
    }
}
