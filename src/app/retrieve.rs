//! Retrieval: every paragraph carrying a code, or a combination of codes, across all
//! documents, to read in a row. Enter shows one in context; the retrieval key brings
//! the list back where it was. A `where` clause narrows it to documents by their
//! attributes, as `--where` does on the command line: `Kontak where role=polisi
//! role=pendamping city=Kupang` (the same attribute twice: either value); `where
//! role=polisi` alone lists every coded paragraph of those documents.

use super::state::{Mode, State};
use super::update::info;
use crate::core::analysis::query::{self, Query};
use crate::core::attributes::filter::{Where, clause_conditions, split_where};

/// The retrieval list. It stays in the state after Enter so that it can come back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retrieval {
    /// The query as typed.
    pub input: String,
    /// Typing a new query.
    pub editing: bool,
    /// The query the results are for (None with a `where` clause alone: any code).
    pub query: Option<Query>,
    /// The documents the `where` clause keeps.
    pub filter: Option<Where>,
    /// Why the typed query does not parse.
    pub error: Option<String>,
    /// (document, paragraph) of every match, in document order.
    pub results: Vec<(usize, usize)>,
    pub selected: usize,
    /// Whose codings are searched (c switches).
    pub whose: super::team::Whose,
}

/// What the retrieval view's keys do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetrieveAction {
    Move(isize),
    /// Show the selected paragraph in context.
    Open,
    /// Start typing a new query (the old one cleared).
    New,
    /// Change the query typed before.
    Edit,
    Input(char),
    Backspace,
    ClearInput,
    /// Stop typing (the results already follow the query).
    EndEdit,
    Close,
}

/// Opens retrieval: the list as it was left, or for the code under the codebook
/// cursor the first time.
pub fn open(state: &mut State) {
    if let Some(r) = state.retrieval.take() {
        let keep = r.results.get(r.selected).copied();
        let mut r = r;
        refresh(state, &mut r);
        if let Some(k) = keep {
            r.selected = r.results.iter().position(|&x| x == k).unwrap_or(r.selected);
        }
        r.selected = r.selected.min(r.results.len().saturating_sub(1));
        state.retrieval = Some(r);
    } else {
        // By id: labels can repeat ("Other" under several parents) or hold quotes.
        let input = state
            .codebook
            .codes
            .get(state.code_cursor)
            .map(|c| c.id.clone())
            .unwrap_or_default();
        let mut r = Retrieval {
            input,
            editing: false,
            query: None,
            filter: None,
            error: None,
            results: Vec::new(),
            selected: 0,
            whose: super::team::Whose::Me,
        };
        reparse(state, &mut r);
        state.retrieval = Some(r);
    }
    state.mode = Mode::Retrieve;
}

/// Adds pasted text to the query being typed, and parses it once.
pub fn insert_str(state: &mut State, text: &str) {
    let Some(mut r) = state.retrieval.take() else {
        return;
    };
    r.input.push_str(text);
    reparse(state, &mut r);
    state.retrieval = Some(r);
}

/// Parses the typed query; a valid one replaces the results.
fn reparse(state: &State, r: &mut Retrieval) {
    match parse(state, &r.input) {
        Ok((q, filter)) => {
            r.query = q;
            r.filter = filter;
            r.error = None;
            refresh(state, r);
            r.selected = 0;
        }
        Err(e) => r.error = Some(e),
    }
}

/// The codes part and the `where` clause of a query.
fn parse(state: &State, input: &str) -> Result<(Option<Query>, Option<Where>), String> {
    let (codes, clause) = split_where(input);
    let filter = clause
        .map(|c| clause_conditions(c).and_then(|w| Where::parse(&w, &state.project.attributes)))
        .transpose()?;
    if codes.trim().is_empty() && filter.is_some() {
        return Ok((None, filter));
    }
    let q = query::parse(&state.codebook, codes, state.lang).map_err(|e| e.to_string())?;
    Ok((Some(q), filter))
}

impl Retrieval {
    /// The query in words, in English: its codes (or "any code") and its `where`
    /// clause.
    pub fn shown(&self) -> Option<String> {
        self.shown_in(crate::i18n::Lang::En)
    }

    /// [`Retrieval::shown`] in `lang`.
    pub fn shown_in(&self, lang: crate::i18n::Lang) -> Option<String> {
        let t = crate::i18n::strings(lang);
        let codes = match (&self.query, &self.filter) {
            (Some(q), _) => q.shown.clone(),
            (None, Some(_)) => t.ui_retrieve_any_code.to_owned(),
            (None, None) => return None,
        };
        Some(match &self.filter {
            Some(w) => crate::i18n::fill(
                t.ui_retrieve_where,
                &[("codes", &codes), ("filter", &w.describe())],
            ),
            None => codes,
        })
    }
}

/// Recomputes the results of the current query from the current codings.
fn refresh(state: &State, r: &mut Retrieval) {
    if r.query.is_none() && r.filter.is_none() {
        r.results.clear();
        return;
    }
    let attrs = &state.project.attributes;
    let docs = &state.project.documents;
    let (q, w) = (&r.query, &r.filter);
    let found: std::collections::BTreeSet<(usize, usize)> = super::team::sources(state, r.whose)
        .into_iter()
        .filter(|(d, _, _)| w.as_ref().is_none_or(|w| w.matches(attrs, &docs[*d].name)))
        .flat_map(|(d, _, dec)| {
            dec.paragraphs
                .iter()
                .filter(|(_, p)| {
                    !p.codes.is_empty() && q.as_ref().is_none_or(|q| q.matches(&p.codes))
                })
                .map(move |(&p, _)| (d, p))
        })
        .collect();
    r.results = found.into_iter().collect();
}

/// Shows the results for another coder (or everyone), keeping the query.
pub fn show_whose(state: &mut State, whose: super::team::Whose) {
    let Some(mut r) = state.retrieval.take() else {
        return;
    };
    r.whose = whose;
    refresh(state, &mut r);
    r.selected = 0;
    state.retrieval = Some(r);
}

/// Applies a key of the retrieval view.
pub fn update_retrieve(state: &mut State, a: RetrieveAction) {
    let Some(mut r) = state.retrieval.take() else {
        state.mode = Mode::Coding;
        return;
    };
    match a {
        RetrieveAction::Move(by) => {
            r.selected = r
                .selected
                .saturating_add_signed(by)
                .min(r.results.len().saturating_sub(1));
        }
        RetrieveAction::Open => {
            if let Some(&(doc, para)) = r.results.get(r.selected) {
                state.mode = Mode::Coding;
                state.go_to(doc, para);
                let back = state.keymap.key_label("retrieve");
                let n = r.results.len();
                let pos = r.selected + 1;
                state.retrieval = Some(r);
                let text = crate::i18n::fill(
                    crate::i18n::strings(state.lang).ui_retrieve_opened,
                    &[("pos", &pos), ("n", &n), ("key", &back)],
                );
                info(state, text);
                return;
            }
        }
        RetrieveAction::Edit => r.editing = true,
        RetrieveAction::New => {
            r.editing = true;
            r.input.clear();
            r.error = None;
        }
        RetrieveAction::EndEdit => r.editing = false,
        RetrieveAction::Input(c) => {
            r.input.push(c);
            reparse(state, &mut r);
        }
        RetrieveAction::Backspace => {
            r.input.pop();
            reparse(state, &mut r);
        }
        RetrieveAction::ClearInput => {
            r.input.clear();
            reparse(state, &mut r);
        }
        RetrieveAction::Close => state.mode = Mode::Coding,
    }
    state.retrieval = Some(r);
}
