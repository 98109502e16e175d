//! The overview screen: this coder's counts per code (paragraphs, documents), coverage
//! per document, the code x document table and the code x attribute-value table
//! (`a` chooses the attribute, `d` counts documents instead of paragraphs), computed
//! when it opens from the decisions in memory (so it includes the last key pressed).

use super::state::{Mode, State};
use crate::core::analysis::report::{self, Coded, Report};
use crate::core::attributes::crosstab::{self, CrossTab};

/// The overview's tables, in the order Tab shows them.
pub const TABLES: [&str; 4] = ["Codes", "Coverage", "Code x document", "Code x attribute"];

/// The index of the code x attribute table in [`TABLES`].
pub const BY_TABLE: usize = 3;

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
    /// The code x attribute-value table of the attribute chosen (None: the project
    /// has no attributes).
    pub by: Option<CrossTab>,
    /// Index of that attribute in the project's attributes (a switches).
    pub attribute: usize,
    /// The code x attribute table counts documents instead of paragraphs (d).
    pub by_documents: bool,
}

/// What the overview's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverviewAction {
    NextTable,
    PrevTable,
    Scroll(isize),
    Columns(isize),
    /// The code x attribute table: the next attribute.
    NextAttribute,
    /// The code x attribute table: documents or paragraphs.
    ToggleCount,
    Close,
}

/// Opens the overview.
pub fn open(state: &mut State) {
    let (report, by) = build(state, super::team::Whose::Me, 0);
    state.mode = Mode::Overview(Box::new(Overview {
        report,
        table: 0,
        scroll: 0,
        column: 0,
        whose: super::team::Whose::Me,
        by,
        attribute: 0,
        by_documents: false,
    }));
}

/// The report of `whose` codings, from the decisions in memory, and the code x
/// value table of attribute number `attribute`.
fn build(state: &State, whose: super::team::Whose, attribute: usize) -> (Report, Option<CrossTab>) {
    let coded = coded(state, whose);
    let report = report::build(&state.project, &state.codebook, &coded, state.lang);
    let by = state
        .project
        .attributes
        .all_names()
        .get(attribute)
        .map(|a| crosstab::for_report(&state.project, &state.codebook, &coded, &report, a));
    (report, by)
}

/// `whose` codings in memory.
fn coded(state: &State, whose: super::team::Whose) -> Vec<Coded> {
    super::team::sources(state, whose)
        .into_iter()
        .filter(|(_, _, d)| !d.paragraphs.is_empty())
        .map(|(document, coder, d)| Coded {
            document,
            coder: coder.to_owned(),
            decisions: d.clone(),
        })
        .collect()
}

/// Counts another coder's codings (or everyone's).
pub fn show_whose(state: &mut State, whose: super::team::Whose) {
    let attribute = match &state.mode {
        Mode::Overview(o) => o.attribute,
        _ => 0,
    };
    let (report, by) = build(state, whose, attribute);
    if let Mode::Overview(o) = &mut state.mode {
        o.report = report;
        o.by = by;
        o.whose = whose;
        o.scroll = 0;
    }
}

/// Shows the code x value table of the next attribute.
fn next_attribute(state: &mut State) {
    let Mode::Overview(o) = &state.mode else {
        return;
    };
    let n = state.project.attributes.all_names().len().max(1);
    let (whose, attribute) = (o.whose, (o.attribute + 1) % n);
    let (_, by) = build(state, whose, attribute);
    if let Mode::Overview(o) = &mut state.mode {
        o.by = by;
        o.attribute = attribute;
        o.table = BY_TABLE;
        o.scroll = 0;
        o.column = 0;
    }
}

/// Width of a document column in the code x document table.
pub const CELL: usize = 8;

/// Lines of the overview's foot (where the table is, and the keys).
pub const FOOT_LINES: u16 = 2;

/// Table rows on screen at this terminal size: the screen less the two status lines,
/// the overview's margin and border, and its header and foot lines.
pub fn visible_rows(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(7 + FOOT_LINES)).max(1)
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

/// Short column headings for documents: the names without their extension and
/// without the start they all share (cut back to a `-`, `_`, `.` or space), and when
/// still too long for a `cell` columns wide, their end (where names usually differ) after a `…`.
pub fn short_names(names: &[String], cell: usize) -> Vec<String> {
    let stems: Vec<&str> = names
        .iter()
        .map(|n| n.rsplit_once('.').map_or(n.as_str(), |(stem, _)| stem))
        .collect();
    let shared = stems.first().map_or(0, |first| {
        let common = stems[1..].iter().fold(first.len(), |n, s| {
            first
                .char_indices()
                .zip(s.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, c), _)| i + c.len_utf8())
                .min(n)
        });
        first[..common]
            .rfind(['-', '_', '.', ' '])
            .map_or(0, |i| i + 1)
    });
    let shared = if stems.len() < 2 { 0 } else { shared };
    stems
        .iter()
        .map(|s| {
            let rest = &s[shared.min(s.len())..];
            let chars: Vec<char> = rest.chars().collect();
            if chars.len() < cell {
                rest.to_owned()
            } else {
                let tail: String = chars[chars.len() - (cell.max(3) - 2)..].iter().collect();
                format!("…{tail}")
            }
        })
        .collect()
}

/// Width of a document column of the code x document table: wide enough for the
/// documents' short names when the table has room for all of them, else [`CELL`].
pub fn matrix_cell(documents: &[String], width: usize) -> usize {
    let room = width.saturating_sub(name_width(width)) / documents.len().max(1);
    let widest = short_names(documents, usize::MAX)
        .iter()
        .map(|n| crate::core::display::width(n))
        .max()
        .unwrap_or(0);
    (widest + 1).min(room).clamp(CELL, 24)
}

/// Width of a value column of the code x attribute table: its widest value (or
/// count), between [`CELL`] and 16.
pub fn value_cell(t: &CrossTab) -> usize {
    let widest = t
        .values
        .iter()
        .map(|v| {
            v.as_deref()
                .map_or_else(none_width, crate::core::display::width)
        })
        .max()
        .unwrap_or(0);
    (widest + 1).clamp(CELL, 16)
}

/// Width of the "(none)" value heading in the wider of the two languages, so that
/// the columns (and what h/l scroll by) do not change with the language.
fn none_width() -> usize {
    [crate::i18n::Lang::En, crate::i18n::Lang::Id]
        .map(|l| crate::core::display::width(crate::i18n::strings(l).ui_overview_none))
        .into_iter()
        .max()
        .unwrap_or(0)
}

/// Columns on screen of the table shown, for a table `width` wide.
pub fn shown_columns(o: &Overview, width: usize) -> usize {
    let cell = match (o.table, &o.by) {
        (BY_TABLE, Some(t)) => value_cell(t),
        (2, _) => matrix_cell(&o.report.documents, width),
        _ => CELL,
    };
    (width.saturating_sub(name_width(width)) / cell).max(1)
}

/// Rows in the table shown.
pub fn rows(o: &Overview) -> usize {
    match o.table {
        1 => o.report.coverage.len(),
        BY_TABLE => o.by.as_ref().map_or(0, |t| t.codes.len() + 1),
        _ => o.report.codes.len(),
    }
}

/// Columns of the table shown that scroll sideways (documents, or values).
pub fn columns(o: &Overview) -> usize {
    match o.table {
        BY_TABLE => o.by.as_ref().map_or(0, |t| t.values.len()),
        _ => o.report.documents.len(),
    }
}

/// Applies a key of the overview.
pub fn update_overview(state: &mut State, a: OverviewAction) {
    if a == OverviewAction::NextAttribute {
        next_attribute(state);
        return;
    }
    let rows_shown = visible_rows(state.size);
    let Mode::Overview(o) = &mut state.mode else {
        return;
    };
    let columns_shown = shown_columns(o, usize::from(state.size.0.saturating_sub(4)));
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
                .min(columns(o).saturating_sub(columns_shown));
        }
        OverviewAction::ToggleCount => {
            o.by_documents = !o.by_documents;
            o.table = BY_TABLE;
        }
        OverviewAction::NextAttribute => {}
        OverviewAction::Close => state.mode = Mode::Coding,
    }
}

#[cfg(test)]
mod tests {
    use super::{CELL, short_names};

    #[test]
    fn document_headings_keep_what_differs() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            short_names(&names(&["wawancara-0001.txt", "wawancara-0999.txt"]), CELL),
            ["0001", "0999"]
        );
        assert_eq!(
            short_names(&names(&["informan-a.txt", "informant-d.md"]), CELL),
            ["…rman-a", "…mant-d"]
        );
        assert_eq!(short_names(&names(&["satu.txt"]), CELL), ["satu"]);
        assert_eq!(
            short_names(&names(&["ä-é.txt", "ä-ü.txt"]), CELL),
            ["é", "ü"]
        );
    }
}
