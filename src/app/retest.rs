//! A test-retest session (`tandai retest`): the coder codes again, blind, a sample of
//! paragraphs they coded before, under the name `<coder>-retest`. The paragraph keys
//! move through the sample only, and only sampled paragraphs can be coded, so the
//! retest sidecars hold exactly the sample.

use super::state::State;
use super::update::warn;

/// The sampled paragraphs, as (document, paragraph) in project order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retest {
    pub units: Vec<(usize, usize)>,
    /// The coder whose codings were sampled.
    pub of: String,
}

impl Retest {
    /// The place of (doc, para) in the sample, or where it would go.
    fn search(&self, doc: usize, para: usize) -> Result<usize, usize> {
        self.units.binary_search(&(doc, para))
    }
}

/// Moves to sample unit `i` (clamped).
fn go(state: &mut State, i: usize) {
    let Some(r) = &state.retest else { return };
    if let Some(&(doc, para)) = r.units.get(i.min(r.units.len().saturating_sub(1))) {
        state.go_to(doc, para);
    }
}

/// Where the current paragraph is in the sample: its index, or the index of the next
/// unit after it (Err).
fn here(state: &State) -> Option<Result<usize, usize>> {
    Some(state.retest.as_ref()?.search(state.doc, state.para))
}

/// "retest 3/20" for the status line, when in a retest session.
pub fn status(state: &State) -> Option<String> {
    let r = state.retest.as_ref()?;
    let coded = r
        .units
        .iter()
        .filter(|&&(d, p)| state.docs[d].codes(p).is_some())
        .count();
    let at = match here(state)? {
        Ok(i) => format!("{}/{}", i + 1, r.units.len()),
        Err(_) => format!("-/{}", r.units.len()),
    };
    let t = crate::i18n::strings(state.lang);
    Some(crate::i18n::fill(
        t.ui_retest_status,
        &[("at", &at), ("n", &coded)],
    ))
}

/// Moves `by` units through the sample.
pub fn step(state: &mut State, by: isize) {
    let Some(at) = here(state) else { return };
    let i = match at {
        Ok(i) => i.saturating_add_signed(by),
        // Between units: forward lands on the next one, backward on the one before.
        Err(i) if by > 0 => i.saturating_add_signed(by - 1),
        Err(i) => i.saturating_add_signed(by),
    };
    go(state, i);
}

/// The first (or last) unit of the sample.
pub fn end(state: &mut State, last: bool) {
    let n = state.retest.as_ref().map_or(0, |r| r.units.len());
    go(state, if last { n.saturating_sub(1) } else { 0 });
}

/// The next (or previous) sampled paragraph without codes, wrapping around.
pub fn next_uncoded(state: &mut State, forward: bool) {
    let (Some(r), Some(at)) = (&state.retest, here(state)) else {
        return;
    };
    let n = r.units.len();
    let start = match at {
        Ok(i) | Err(i) => i,
    };
    let found = (1..=n)
        .map(|k| {
            if forward {
                (start + k) % n
            } else {
                (start + n * 2 - k) % n
            }
        })
        .find(|&i| {
            let (d, p) = r.units[i];
            state.docs[d].codes(p).is_none()
        });
    match found {
        Some(i) => go(state, i),
        None => super::update::info(state, super::update::tr(state).ui_retest_done),
    }
}

/// The first sampled paragraph of the next (or previous) document with one.
pub fn switch_document(state: &mut State, forward: bool) {
    let Some(r) = &state.retest else { return };
    let doc = state.doc;
    let target = if forward {
        r.units.iter().position(|&(d, _)| d > doc)
    } else {
        let before = r.units.iter().rposition(|&(d, _)| d < doc);
        before.and_then(|i| {
            let d = r.units[i].0;
            r.units.iter().position(|&(x, _)| x == d)
        })
    };
    match target {
        Some(i) => go(state, i),
        None => super::update::info(state, super::update::tr(state).ui_retest_no_more),
    }
}

/// Whether the current paragraph may be coded: always, except outside the sample of
/// a retest session (then a message says so).
pub fn allows(state: &mut State) -> bool {
    let Some(Err(_)) = here(state) else {
        return true;
    };
    let n = state.retest.as_ref().map_or(0, |r| r.units.len());
    let text = crate::i18n::fill(super::update::tr(state).ui_retest_outside, &[("n", &n)]);
    warn(state, text);
    false
}
