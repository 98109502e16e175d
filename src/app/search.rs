//! Search as you type across every document: `/` opens the prompt, each key narrows
//! the matches and shows the first one from where the search began, Enter keeps the
//! search (n/N then jump between matches, Esc or Ctrl-g clears it), Esc or Ctrl-g in
//! the prompt goes back to where it began.

use super::state::{Mode, State};
use super::update::{info, warn};
use crate::core::search::{Hit, Index};

/// A search: its query, the paragraphs that match, and where it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    /// Match case and accents exactly (off: "pemutusan" finds "Pemutusan").
    pub exact: bool,
    /// Matching paragraphs in document order.
    pub hits: Vec<Hit>,
    /// `narrowed[k]`: the hits of the query's first k + 1 characters, so that
    /// Backspace costs nothing and each new character searches only earlier hits.
    narrowed: Vec<Vec<Hit>>,
    /// Where the search began: Esc goes back there.
    pub origin: (usize, usize),
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
        self.hits.iter().map(|h| h.count).sum()
    }

    /// Documents with at least one match.
    pub fn documents(&self) -> usize {
        let mut n = 0;
        let mut last = None;
        for h in &self.hits {
            if last != Some(h.doc) {
                n += 1;
                last = Some(h.doc);
            }
        }
        n
    }

    /// Position (1-based) of the paragraph (doc, para) among the matching ones.
    pub fn position(&self, doc: usize, para: usize) -> Option<usize> {
        self.hits
            .binary_search_by(|h| (h.doc, h.para).cmp(&(doc, para)))
            .ok()
            .map(|i| i + 1)
    }
}

/// Opens the search prompt (building the search index the first time).
pub fn open(state: &mut State) {
    if state.search_index.is_none() {
        state.search_index = Some(Index::build(&state.project));
    }
    let exact = state.search.as_ref().is_some_and(|s| s.exact);
    state.search = Some(Search {
        query: String::new(),
        exact,
        hits: Vec::new(),
        narrowed: Vec::new(),
        origin: (state.doc, state.para),
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
/// search began.
fn show_first(state: &mut State, mut s: Search) {
    s.hits = s.narrowed.last().cloned().unwrap_or_default();
    // Show the first match from where the search began.
    let (doc, para) = s.origin;
    let first = s
        .hits
        .iter()
        .find(|h| (h.doc, h.para) >= (doc, para))
        .or(s.hits.first());
    match first {
        Some(h) => state.go_to(h.doc, h.para),
        None => state.go_to(doc, para),
    }
    state.search = Some(s);
}

/// Adds a character to the query and searches the previous hits only, unless the
/// query so far matched nothing because it folds to nothing (a lone accent).
fn push_char(state: &State, s: &mut Search, c: char) {
    let narrow = s.exact || !crate::core::search::fold(&s.query).is_empty();
    s.query.push(c);
    let within = s.narrowed.last().filter(|_| narrow).map(Vec::as_slice);
    let hits = run(state, s, within);
    s.narrowed.push(hits);
}

fn run(state: &State, s: &Search, within: Option<&[Hit]>) -> Vec<Hit> {
    match &state.search_index {
        Some(index) => index.search(&state.project, &s.query, s.exact, within),
        None => Vec::new(),
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
