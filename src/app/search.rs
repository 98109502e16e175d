//! Search as you type across every document: `/` opens the prompt, each key narrows
//! the matches and shows the first one from where the search began, Enter keeps the
//! search (n/N then jump between matches, Esc or Ctrl-g clears it), Esc or Ctrl-g in
//! the prompt goes back to where it began.
//!
//! In the coding screen the search runs on a thread of its own
//! (`core::analysis::searcher`, `State::search_async`): each edit of the query asks for it
//! with [`Effect::Search`], and the answer comes back as
//! [`super::Action::SearchFound`]; a
//! key never waits for a search. Without that thread (tests, benchmarks) `update`
//! searches itself.

use super::state::{Effect, Mode, State};
use super::update::{info, warn};
use crate::core::analysis::search::{Hit, Index};
use crate::core::analysis::searcher::{Found, Request};
use std::sync::Arc;

/// A search: its query, the paragraphs that match, and where it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Match case and accents exactly (off: "pemutusan" finds "Pemutusan").
    pub exact: bool,
    /// Matching paragraphs in document order (shared with the search thread).
    pub hits: Arc<[Hit]>,
    /// Occurrences in all documents, and documents with a match.
    counts: (usize, usize),
    /// `narrowed[k]`: the hits of the query's first k + 1 characters, so that
    /// Backspace costs nothing and each new character searches only earlier hits
    /// (when `update` searches itself).
    narrowed: Vec<Arc<[Hit]>>,
    /// Where the search began: Esc goes back there.
    pub origin: (usize, usize),
    /// The query has been asked for and its answer has not come (search thread).
    pub pending: bool,
    /// The request the answer must carry.
    generation: u64,
    /// An edit not asked for yet.
    to_ask: bool,
    /// Enter was pressed before the answer came: show the first match when it does.
    kept_pending: bool,
}

/// What the search prompt's keys do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchAction {
    Input(char),
    Backspace,
    /// Clear the query.
    ClearInput,
    /// Switch between ignoring case and accents, and matching them exactly.
    ToggleExact,
    /// Keep the search and go back to coding (n/N jump between matches).
    Accept,
    /// Drop the search and go back to where it began.
    Cancel,
}

impl Search {
    /// Occurrences in all documents.
    pub fn total(&self) -> usize {
        self.counts.0
    }

    /// Documents with at least one match.
    pub fn documents(&self) -> usize {
        self.counts.1
    }

    /// Position (1-based) of the paragraph (doc, para) among the matching ones.
    pub fn position(&self, doc: usize, para: usize) -> Option<usize> {
        self.hits
            .binary_search_by(|h| (h.doc, h.para).cmp(&(doc, para)))
            .ok()
            .map(|i| i + 1)
    }

    /// Takes `hits` as the matches, counting them once (not on every frame).
    fn set_hits(&mut self, hits: Arc<[Hit]>) {
        let total = hits.iter().map(|h| h.count).sum();
        let mut documents = 0;
        let mut last = None;
        for h in hits.iter() {
            if last != Some(h.doc) {
                documents += 1;
                last = Some(h.doc);
            }
        }
        self.counts = (total, documents);
        self.hits = hits;
    }
}

/// Opens the search prompt (building the search index the first time, when
/// `update` searches itself).
pub fn open(state: &mut State) {
    if !state.search_async && state.search_index.is_none() {
        state.search_index = Some(Index::build(&state.project));
    }
    let exact = state.search.as_ref().is_some_and(|s| s.exact);
    state.search = Some(Search {
        query: String::new(),
        exact,
        hits: Arc::from([]),
        counts: (0, 0),
        narrowed: Vec::new(),
        origin: (state.doc, state.para),
        pending: false,
        generation: 0,
        to_ask: false,
        kept_pending: false,
    });
    state.mode = Mode::Search;
}

/// Applies a key of the search prompt.
pub fn update_search(state: &mut State, a: SearchAction) {
    let Some(mut s) = state.search.take() else {
        state.mode = Mode::Coding;
        return;
    };
    match a {
        SearchAction::Input(c) => {
            push_char(state, &mut s, c);
        }
        SearchAction::Backspace => {
            if s.query.pop().is_none() {
                return cancel(state, s);
            }
            s.narrowed.pop();
        }
        SearchAction::ClearInput => {
            s.query.clear();
            s.narrowed.clear();
        }
        SearchAction::ToggleExact => {
            s.exact = !s.exact;
            // Recompute every prefix so Backspace stays right.
            let query = std::mem::take(&mut s.query);
            s.narrowed.clear();
            for c in query.chars() {
                push_char(state, &mut s, c);
            }
        }
        SearchAction::Accept => {
            state.mode = Mode::Coding;
            if s.query.is_empty() {
                return;
            }
            let summary = summary(&s, state.lang);
            s.kept_pending = s.pending || s.to_ask;
            state.search = Some(s);
            info(state, summary);
            return;
        }
        SearchAction::Cancel => return cancel(state, s),
    }
    show_first(state, s);
}

/// Adds pasted text to the query (one narrowing per character, as if typed, so
/// that Backspace stays right) and shows the first match once.
pub fn insert_str(state: &mut State, text: &str) {
    let Some(mut s) = state.search.take() else {
        return;
    };
    for c in text.chars() {
        push_char(state, &mut s, c);
    }
    show_first(state, s);
}

/// Keeps the hits of the whole query and shows the first match from where the
/// search began; with the search thread, asks for them first.
fn show_first(state: &mut State, mut s: Search) {
    if state.search_async {
        s.to_ask = !s.query.is_empty();
        s.pending = s.to_ask;
        if s.query.is_empty() {
            s.set_hits(Arc::from([]));
        }
    } else {
        let hits = s.narrowed.last().cloned().unwrap_or_else(|| Arc::from([]));
        s.set_hits(hits);
    }
    jump_to_first(state, &s);
    state.search = Some(s);
}

/// Moves to the first match from where the search began (there when none).
fn jump_to_first(state: &mut State, s: &Search) {
    let (doc, para) = s.origin;
    if s.pending {
        return;
    }
    let first = s
        .hits
        .iter()
        .find(|h| (h.doc, h.para) >= (doc, para))
        .or(s.hits.first());
    match first {
        Some(h) => state.go_to(h.doc, h.para),
        None => state.go_to(doc, para),
    }
}

/// The request for the search thread, if an edit has not been asked for yet.
pub fn request(state: &mut State) -> Option<Effect> {
    let s = state.search.as_mut().filter(|s| s.to_ask)?;
    s.to_ask = false;
    state.search_generation += 1;
    s.generation = state.search_generation;
    Some(Effect::Search(Request {
        generation: s.generation,
        query: s.query.clone(),
        exact: s.exact,
    }))
}

/// Takes the search thread's answer, if it is for the query as it stands: shows
/// the first match while typing, or after Enter when the answer came later.
pub fn found(state: &mut State, found: Found) {
    let current = |s: &Search| s.pending && s.generation == found.generation;
    if !state.search.as_ref().is_some_and(current) {
        return;
    }
    let Some(mut s) = state.search.take() else {
        return;
    };
    s.pending = false;
    s.set_hits(found.hits);
    if state.mode == Mode::Search || s.kept_pending {
        jump_to_first(state, &s);
    }
    if std::mem::take(&mut s.kept_pending) && state.mode == Mode::Coding {
        info(state, summary(&s, state.lang));
    }
    state.search = Some(s);
}

/// Adds a character to the query and searches the previous hits only, unless the
/// query so far matched nothing because it folds to nothing (a lone accent).
fn push_char(state: &State, s: &mut Search, c: char) {
    if state.search_async {
        s.query.push(c);
        return;
    }
    let narrow = s.exact || !crate::core::analysis::search::fold(&s.query).is_empty();
    s.query.push(c);
    let within = s.narrowed.last().filter(|_| narrow).cloned();
    let hits = run(state, s, within.as_deref());
    s.narrowed.push(hits);
}

fn run(state: &State, s: &Search, within: Option<&[Hit]>) -> Arc<[Hit]> {
    match &state.search_index {
        Some(index) => index.search(&s.query, s.exact, within).into(),
        None => Arc::from([]),
    }
}

fn cancel(state: &mut State, s: Search) {
    state.mode = Mode::Coding;
    state.go_to(s.origin.0, s.origin.1);
}

/// "12 matches in 7 paragraphs of 3 documents", in `lang`.
pub fn summary(s: &Search, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{count, fill};
    let t = crate::i18n::strings(lang);
    if s.pending {
        return fill(
            t.ui_search_searching,
            &[("query", &format!("{:?}", s.query))],
        );
    }
    if s.hits.is_empty() {
        return fill(
            t.ui_search_none_for,
            &[("query", &format!("{:?}", s.query))],
        );
    }
    fill(
        t.ui_search_summary,
        &[
            (
                "matches",
                &count(s.total(), t.ui_search_match_one, t.ui_search_match_other),
            ),
            (
                "paras",
                &count(s.hits.len(), t.ui_search_paras_one, t.ui_search_paras_other),
            ),
            (
                "docs",
                &count(
                    s.documents(),
                    t.ui_search_documents_one,
                    t.ui_search_documents_other,
                ),
            ),
            ("query", &format!("{:?}", s.query)),
        ],
    )
}

/// n/N while a search is kept: the next (or previous) matching paragraph, across
/// documents, wrapping around.
pub fn jump(state: &mut State, forward: bool) {
    let Some(s) = &state.search else { return };
    if s.pending {
        let text = crate::i18n::fill(
            crate::i18n::strings(state.lang).ui_search_still,
            &[("query", &format!("{:?}", s.query))],
        );
        info(state, text);
        return;
    }
    if s.hits.is_empty() {
        let q = s.query.clone();
        let text = crate::i18n::fill(
            crate::i18n::strings(state.lang).ui_search_none_for,
            &[("query", &format!("{q:?}"))],
        );
        warn(state, text);
        return;
    }
    let here = (state.doc, state.para);
    let found = if forward {
        s.hits.iter().find(|h| (h.doc, h.para) > here)
    } else {
        s.hits.iter().rev().find(|h| (h.doc, h.para) < here)
    };
    let (target, wrapped) = match found {
        Some(h) => (*h, false),
        None if forward => (s.hits[0], true),
        None => (s.hits[s.hits.len() - 1], true),
    };
    let n = s.hits.len();
    state.go_to(target.doc, target.para);
    let pos = state
        .search
        .as_ref()
        .and_then(|s| s.position(target.doc, target.para))
        .unwrap_or(0);
    let t = crate::i18n::strings(state.lang);
    let text = match (wrapped, forward) {
        (false, _) => t.ui_search_at,
        (true, true) => t.ui_search_at_top,
        (true, false) => t.ui_search_at_bottom,
    };
    info(state, crate::i18n::fill(text, &[("pos", &pos), ("n", &n)]));
}

/// Drops a kept search.
pub fn clear(state: &mut State) {
    if state.search.take().is_some() {
        info(state, crate::i18n::strings(state.lang).ui_search_cleared);
    }
}
