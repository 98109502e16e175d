//! The overview screen: this coder's counts per code (paragraphs, documents), coverage
//! per document, and the code x document table, computed when it opens from the
//! decisions in memory (so it includes the last key pressed).

use super::state::{Mode, State};
use crate::core::report::{self, Coded, Report};

/// The overview's tables, in the order Tab shows them.
pub const TABLES: [&str; 3] = ["Codes", "Coverage", "Code x document"];

/// What the overview shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub report: Report,
    /// Index into [`TABLES`].
    pub table: usize,
    /// First row shown.
    pub scroll: usize,
    /// First document column shown in the code x document table.
    pub column: usize,
    /// Whose codings are counted (c switches).
    pub whose: super::team::Whose,
}

/// What the overview's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverviewAction {
    NextTable,
    PrevTable,
    Scroll(isize),
    Columns(isize),
    Close,
}

/// Opens the overview.
pub fn open(state: &mut State) {
    let report = build(state, super::team::Whose::Me);
    state.mode = Mode::Overview(Box::new(Overview {
        report,
        table: 0,
        scroll: 0,
        column: 0,
        whose: super::team::Whose::Me,
    }));
}

/// The report of `whose` codings, from the decisions in memory.
fn build(state: &State, whose: super::team::Whose) -> Report {
    let coded: Vec<Coded> = super::team::sources(state, whose)
        .into_iter()
        .filter(|(_, _, d)| !d.paragraphs.is_empty())
        .map(|(document, coder, d)| Coded {
            document,
            coder: coder.to_owned(),
            decisions: d.clone(),
        })
        .collect();
    report::build(&state.project, &state.codebook, &coded, state.lang)
}

/// Counts another coder's codings (or everyone's).
pub fn show_whose(state: &mut State, whose: super::team::Whose) {
    let report = build(state, whose);
    if let Mode::Overview(o) = &mut state.mode {
        o.report = report;
        o.whose = whose;
        o.scroll = 0;
    }
}

/// Width of a document column in the code x document table.
pub const CELL: usize = 8;

/// Table rows on screen at this terminal size: the screen less the two status lines,
/// the overview's margin and border, and its header and footer lines.
pub fn visible_rows(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(8)).max(1)
}

/// Width of the code column of the code x document table, for a table `width` wide.
pub fn name_width(width: usize) -> usize {
    (width / 3).clamp(12, 30)
}

/// Document columns on screen at this terminal size.
pub fn visible_columns(size: (u16, u16)) -> usize {
    let width = usize::from(size.0.saturating_sub(4));
    (width.saturating_sub(name_width(width)) / CELL).max(1)
}

/// Rows in the table shown.
pub fn rows(o: &Overview) -> usize {
    match o.table {
        1 => o.report.coverage.len(),
        _ => o.report.codes.len(),
    }
}

/// Applies a key of the overview.
pub fn update_overview(state: &mut State, a: OverviewAction) {
    let (rows_shown, columns_shown) = (visible_rows(state.size), visible_columns(state.size));
    let Mode::Overview(o) = &mut state.mode else {
        return;
    };
    match a {
        OverviewAction::NextTable => {
            o.table = (o.table + 1) % TABLES.len();
            o.scroll = 0;
        }
        OverviewAction::PrevTable => {
            o.table = (o.table + TABLES.len() - 1) % TABLES.len();
            o.scroll = 0;
        }
        OverviewAction::Scroll(by) => {
            o.scroll = o
                .scroll
                .saturating_add_signed(by)
                .min(rows(o).saturating_sub(rows_shown));
        }
        OverviewAction::Columns(by) => {
            o.column = o
                .column
                .saturating_add_signed(by)
                .min(o.report.documents.len().saturating_sub(columns_shown));
        }
        OverviewAction::Close => state.mode = Mode::Coding,
    }
}
