//! What the Word and OpenDocument readers share: the paragraph being read (with its
//! leading bold text), tables (rows to paragraphs, a speaker column), and the count
//! of what was left out for the document's info.

use super::build::{Builder, tidy};
use super::{left_out, words};

#[derive(Debug, Default)]
pub(super) struct LeftOut {
    pub(super) notes: usize,
    pub(super) comments: usize,
    pub(super) headers: bool,
    pub(super) insertions: usize,
    pub(super) deletions: usize,
    pub(super) text_boxes: usize,
    pub(super) contents: usize,
}

impl LeftOut {
    /// The document's info lines, in a fixed order.
    pub(super) fn notes(&self) -> Vec<String> {
        let t = words();
        let mut out = Vec::new();
        if self.notes > 0 {
            out.push(left_out(self.notes, t.core_notes_one, t.core_notes_other));
        }
        if self.comments > 0 {
            out.push(left_out(
                self.comments,
                t.core_comments_one,
                t.core_comments_other,
            ));
        }
        if self.headers {
            out.push(t.core_headers_left_out.into());
        }
        if self.insertions + self.deletions > 0 {
            let ins = crate::i18n::count(
                self.insertions,
                t.core_insertions_one,
                t.core_insertions_other,
            );
            let del =
                crate::i18n::count(self.deletions, t.core_deletions_one, t.core_deletions_other);
            out.push(crate::i18n::fill(
                t.core_tracked_changes,
                &[("insertions", &ins), ("deletions", &del)],
            ));
        }
        if self.text_boxes > 0 {
            out.push(left_out(
                self.text_boxes,
                t.core_text_boxes_one,
                t.core_text_boxes_other,
            ));
        }
        if self.contents > 0 {
            out.push(t.core_contents_left_out.into());
        }
        out
    }
}

/// The paragraph being read: its raw text, and how much of its start is bold.
#[derive(Debug, Default)]
pub(super) struct ParaBuf {
    pub(super) raw: String,
    pub(super) bold_end: usize,
    /// Still at the start: only bold text (or white space) so far.
    pub(super) bold_open: bool,
}

impl ParaBuf {
    pub(super) fn new() -> ParaBuf {
        ParaBuf {
            raw: String::new(),
            bold_end: 0,
            bold_open: true,
        }
    }

    pub(super) fn push(&mut self, text: &str, bold: bool) {
        self.raw.push_str(text);
        if !self.bold_open {
            return;
        }
        if bold && !text.contains(['\n', '\t']) {
            self.bold_end = self.raw.len();
        } else if self.bold_end > 0 || !text.trim().is_empty() {
            self.bold_open = false;
        }
    }
}

/// The tables being read, outermost first. A table inside a cell becomes lines of
/// that cell.
#[derive(Debug, Default)]
pub(super) struct Tables {
    open: Vec<Table>,
    /// Bytes held in open tables, counted against the text limit.
    bytes: usize,
}

#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: String,
    row_deleted: bool,
}

/// A first column this short (one line, at most 40 characters, like a name) in a
/// two-column table holds the speaker.
const MAX_SPEAKER_CELL_CHARS: usize = 40;

impl Tables {
    pub(super) fn in_table(&self) -> bool {
        !self.open.is_empty()
    }

    pub(super) fn len(&self) -> usize {
        self.bytes
    }

    pub(super) fn start_table(&mut self) {
        self.open.push(Table::default());
    }

    pub(super) fn start_row(&mut self) {
        if let Some(t) = self.open.last_mut() {
            t.row.clear();
            t.row_deleted = false;
        }
    }

    pub(super) fn start_cell(&mut self) {
        if let Some(t) = self.open.last_mut() {
            t.cell.clear();
        }
    }

    /// A paragraph inside the current cell: one more line of it.
    pub(super) fn add_line(&mut self, raw: &str) {
        let line = tidy(raw);
        let Some(t) = self.open.last_mut() else {
            return;
        };
        if line.is_empty() {
            return;
        }
        if !t.cell.is_empty() {
            t.cell.push('\n');
        }
        t.cell.push_str(&line);
        self.bytes += line.len() + 1;
    }

    pub(super) fn end_cell(&mut self) {
        if let Some(t) = self.open.last_mut() {
            let cell = std::mem::take(&mut t.cell);
            t.row.push(cell);
        }
    }

    /// A tracked change deleted the current row.
    pub(super) fn delete_row(&mut self) {
        if let Some(t) = self.open.last_mut() {
            t.row_deleted = true;
        }
    }

    pub(super) fn end_row(&mut self) {
        if let Some(t) = self.open.last_mut() {
            let row = std::mem::take(&mut t.row);
            if !t.row_deleted && row.iter().any(|c| !c.is_empty()) {
                t.rows.push(row);
            }
        }
    }

    /// The outermost table's rows become paragraphs; an inner table's rows become
    /// lines of the cell around it.
    pub(super) fn end_table(&mut self, out: &mut Builder) -> Result<(), String> {
        let Some(table) = self.open.pop() else {
            return Ok(());
        };
        if let Some(outer) = self.open.last_mut() {
            for row in &table.rows {
                if !outer.cell.is_empty() {
                    outer.cell.push('\n');
                }
                outer.cell.push_str(&row.join("\t"));
            }
            return Ok(());
        }
        self.bytes = 0;
        let speakers = table.rows.iter().all(|r| r.len() == 2 && short(&r[0]))
            && table.rows.iter().any(|r| !r[0].is_empty());
        for row in &table.rows {
            if speakers {
                out.push_turn(&row[0], &row[1])?;
            } else {
                out.push_raw(&row.join("\t"), 0)?;
            }
        }
        Ok(())
    }
}

fn short(cell: &str) -> bool {
    !cell.contains('\n') && cell.chars().count() <= MAX_SPEAKER_CELL_CHARS
}
