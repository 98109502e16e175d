//! The spreadsheet export (`tandai export --format xlsx`): one workbook with the
//! codings (the CSV's rows and columns), the code frequencies, the code x document
//! table, the code x attribute table (when the project has attributes) and the
//! codebook, each sheet with a bold, frozen header row and columns as wide as their
//! content (within limits), so it opens readable in LibreOffice or Excel.
//!
//! Text is written as text cells, never as formulas: a paragraph that starts with
//! `=` shows as that text (no `'` needed, unlike `--spreadsheet-safe` CSV). Counts
//! and paragraph numbers are number cells. Excel holds at most 32,767 characters in
//! a cell: a longer paragraph or memo is cut there with `[…]` and counted.
//!
//! The tables count codings as the rest of the export does (one per paragraph, code
//! and coder; merged codes as the code they were merged into), over the documents,
//! codes and coder the export selected. The code x document table has a row per
//! document and a column per code, since a spreadsheet has room for a million rows
//! but only 16,384 columns.

use super::Export;
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The most characters a cell holds.
const MAX_CELL_CHARS: usize = 32_767;
/// Column widths, in characters.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 80;

/// A workbook and how many cells were cut at the cell limit.
#[derive(Debug)]
pub struct Xlsx {
    pub bytes: Vec<u8>,
    pub truncated: usize,
}

/// The workbook of an export, or why it cannot be written (a table over a
/// spreadsheet's limits).
pub fn to_xlsx(e: &Export) -> Result<Xlsx, String> {
    let mut book = Workbook::new();
    let mut truncated = 0;
    truncated += codings(e, book.add_worksheet())?;
    truncated += frequencies(e, book.add_worksheet())?;
    truncated += by_document(e, book.add_worksheet())?;
    if !e.attributes.is_empty() {
        truncated += by_attribute(e, book.add_worksheet())?;
    }
    truncated += codebook(e, book.add_worksheet())?;
    let bytes = book.save_to_buffer().map_err(|x| x.to_string())?;
    Ok(Xlsx { bytes, truncated })
}

/// One cell's content.
enum Cell<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    Empty,
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }
}

fn count(n: usize) -> Cell<'static> {
    Cell::Number(n as f64)
}

/// A worksheet being filled row by row, measuring its columns as it goes.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    widths: Vec<usize>,
    row: u32,
    truncated: usize,
}

impl<'w> Sheet<'w> {
    /// A sheet named `name` with its header row in bold.
    fn new(ws: &'w mut Worksheet, name: &str, header: &[String]) -> Result<Sheet<'w>, String> {
        ws.set_name(name).map_err(|x| x.to_string())?;
        let mut sheet = Sheet {
            ws,
            widths: vec![MIN_WIDTH; header.len()],
            row: 0,
            truncated: 0,
        };
        let bold = Format::new().set_bold();
        for (col, name) in header.iter().enumerate() {
            let col = column(col)?;
            sheet
                .ws
                .write_string_with_format(0, col, name.as_str(), &bold)
                .map_err(|x| x.to_string())?;
        }
        sheet.measure(header.iter().map(String::as_str));
        sheet.row = 1;
        Ok(sheet)
    }

    fn measure<'s>(&mut self, texts: impl Iterator<Item = &'s str>) {
        for (w, text) in self.widths.iter_mut().zip(texts) {
            let longest = text.lines().map(width).max().unwrap_or(0);
            *w = (*w).max(longest.min(MAX_WIDTH));
        }
    }

    fn push(&mut self, cells: Vec<Cell<'_>>) -> Result<(), String> {
        for (col, cell) in cells.iter().enumerate() {
            let c = column(col)?;
            let done = match cell {
                Cell::Text(t) => {
                    let t = self.fit(t);
                    if col < self.widths.len() {
                        let longest = t.lines().map(width).max().unwrap_or(0);
                        self.widths[col] = self.widths[col].max(longest.min(MAX_WIDTH));
                    }
                    self.ws.write_string(self.row, c, t.as_ref())
                }
                Cell::Number(n) => self.ws.write_number(self.row, c, *n),
                Cell::Empty => continue,
            };
            done.map_err(|x| format!("row {}: {x}", self.row + 1))?;
        }
        self.row = self.row.saturating_add(1);
        Ok(())
    }

    /// The text, cut at the cell limit.
    fn fit<'t>(&mut self, text: &'t str) -> Cow<'t, str> {
        match text.char_indices().nth(MAX_CELL_CHARS - 3) {
            Some((at, _)) => {
                self.truncated += 1;
                Cow::Owned(format!("{}[…]", &text[..at]))
            }
            None => Cow::Borrowed(text),
        }
    }

    /// Column widths, the header row frozen; returns the cells cut.
    fn finish(self) -> Result<usize, String> {
        for (col, w) in self.widths.iter().enumerate() {
            self.ws
                .set_column_width(column(col)?, (*w + 2) as f64)
                .map_err(|x| x.to_string())?;
        }
        self.ws.set_freeze_panes(1, 0).map_err(|x| x.to_string())?;
        Ok(self.truncated)
    }
}

/// Display width of the start of a text: enough to size a column.
fn width(text: &str) -> usize {
    let head: String = text.chars().take(MAX_WIDTH).collect();
    unicode_width::UnicodeWidthStr::width(head.as_str())
}

fn column(col: usize) -> Result<u16, String> {
    u16::try_from(col)
        .ok()
        .filter(|&c| c < 16_384)
        .ok_or_else(|| format!("{col} columns: over a spreadsheet's 16,384"))
}

/// The codings sheet: the CSV's header and rows; the paragraph as a number.
fn codings(e: &Export, ws: &mut Worksheet) -> Result<usize, String> {
    let mut sheet = Sheet::new(ws, "Codings", &e.header())?;
    for r in &e.rows {
        let cells = e
            .fields(r)
            .into_iter()
            .enumerate()
            .map(|(i, f)| match (i, f) {
                (1, _) => count(r.paragraph + 1),
                (_, Some(text)) => Cell::Text(text),
                (_, None) => Cell::Empty,
            })
            .collect();
        sheet.push(cells)?;
    }
    sheet.finish()
}

/// Codings, distinct paragraphs and documents of each code.
fn frequencies(e: &Export, ws: &mut Worksheet) -> Result<usize, String> {
    let header = ["code", "label", "codings", "paragraphs", "documents"].map(String::from);
    let mut sheet = Sheet::new(ws, "Frequencies", &header)?;
    let coded = |c: usize| e.rows.iter().filter(move |r| r.code == Some(c));
    for (c, code) in e.codes.iter().enumerate() {
        let paragraphs: HashSet<(usize, usize)> =
            coded(c).map(|r| (r.document, r.paragraph)).collect();
        let documents: HashSet<usize> = coded(c).map(|r| r.document).collect();
        sheet.push(vec![
            code.id.as_str().into(),
            label(e, c),
            count(coded(c).count()),
            count(paragraphs.len()),
            count(documents.len()),
        ])?;
    }
    sheet.finish()
}

fn label<'a>(e: &Export<'a>, c: usize) -> Cell<'a> {
    e.label(c).map_or(Cell::Empty, Cell::from)
}

/// The code ids as column headers after `first`.
fn code_header(e: &Export, first: &[&str]) -> Vec<String> {
    first
        .iter()
        .map(|s| (*s).to_owned())
        .chain(e.codes.iter().map(|c| c.id.clone()))
        .collect()
}

/// A row per document, a column per code: its codings there.
fn by_document(e: &Export, ws: &mut Worksheet) -> Result<usize, String> {
    let mut sheet = Sheet::new(ws, "Code x document", &code_header(e, &["document"]))?;
    let counts = e.counts();
    for (k, &d) in e.documents.iter().enumerate() {
        let mut cells = vec![e.document_name(d).into()];
        cells.extend(counts.matrix.iter().map(|row| count(row[k])));
        sheet.push(cells)?;
    }
    sheet.finish()
}

/// A row per value of each attribute (documents without one count under
/// `(not set)`), a column per code: its codings in the documents with that value.
fn by_attribute(e: &Export, ws: &mut Worksheet) -> Result<usize, String> {
    let header = code_header(e, &["attribute", "value", "documents"]);
    let mut sheet = Sheet::new(ws, "Code x attribute", &header)?;
    for name in &e.attributes {
        let mut groups: BTreeMap<&str, (BTreeSet<usize>, Vec<usize>)> = BTreeMap::new();
        for &d in &e.documents {
            let value = e.attribute(d, name).unwrap_or("(not set)");
            groups
                .entry(value)
                .or_insert_with(|| (BTreeSet::new(), vec![0; e.codes.len()]))
                .0
                .insert(d);
        }
        let of: HashMap<usize, &str> = groups
            .iter()
            .flat_map(|(v, (docs, _))| docs.iter().map(move |&d| (d, *v)))
            .collect();
        for r in &e.rows {
            if let (Some(c), Some(v)) = (r.code, of.get(&r.document))
                && let Some((_, counts)) = groups.get_mut(v)
            {
                counts[c] += 1;
            }
        }
        for (value, (docs, counts)) in &groups {
            let mut cells = vec![name.as_str().into(), (*value).into(), count(docs.len())];
            cells.extend(counts.iter().map(|&n| count(n)));
            sheet.push(cells)?;
        }
    }
    sheet.finish()
}

/// Every code of the codebook with its texts in the export's language.
fn codebook(e: &Export, ws: &mut Worksheet) -> Result<usize, String> {
    let header = [
        "code",
        "parent",
        "label",
        "definition",
        "use when",
        "not when",
        "example",
        "key",
        "colour",
        "codable",
        "exclusive",
        "retired",
        "merged into",
        "memo",
    ]
    .map(String::from);
    let mut sheet = Sheet::new(ws, "Codebook", &header)?;
    let lang = e.lang;
    let yes = |b: bool| Cell::from(if b { "yes" } else { "no" });
    for code in &e.book.codes {
        let parent = code.parent.map(|p| e.book.codes[p].id.as_str());
        let colour = code
            .hex
            .clone()
            .or_else(|| code.own_color.map(|c| c.name().to_owned()));
        sheet.push(vec![
            code.id.as_str().into(),
            parent.map_or(Cell::Empty, Cell::from),
            code.label.get(lang).into(),
            code.definition.get(lang).into(),
            code.include.get(lang).into(),
            code.exclude.get(lang).into(),
            code.example.get(lang).into(),
            code.own_key
                .map_or(Cell::Empty, |k| Cell::Text(Cow::Owned(k.to_string()))),
            colour.map_or(Cell::Empty, |c| Cell::Text(Cow::Owned(c))),
            yes(code.codable),
            yes(code.exclusive),
            yes(code.retired),
            code.merged_into.as_deref().map_or(Cell::Empty, Cell::from),
            code.memo.as_str().into(),
        ])?;
    }
    sheet.finish()
}
