//! The spreadsheet export (`tandai export --format xlsx`): one workbook with the
//! codings (the CSV's rows and columns), the code frequencies, the code x document
//! table, the code x attribute table (when the project has attributes) and the
//! codebook, each sheet with a bold, frozen header row and columns as wide as their
//! content (within limits), so it opens readable in LibreOffice or Excel.
//!
//! Text is written as text cells, never as formulas: a paragraph that starts with
//! `=` shows as that text (no `'` needed, unlike `--spreadsheet-safe` CSV). Counts
//! and paragraph numbers are number cells. Excel holds at most 32,767 characters in
//! a cell, counted in UTF-16 units: a longer paragraph or memo is cut there with `[…]`
//! and counted.
//!
//! The tables count codings as the rest of the export does (one per paragraph, code
//! and coder; merged codes as the code they were merged into), over the documents,
//! codes and coder the export selected. The code x document table has a row per
//! document and a column per code, since a spreadsheet has room for a million rows
//! but only 16,384 columns.

use super::Export;
use crate::core::exchange::zipped::deflated_while;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};
use zip::PreparedZipFile;
use zip::write::{SimpleFileOptions, ZipFileBuilder};

/// The most characters (UTF-16 units) a cell holds.
const MAX_CELL_CHARS: usize = 32_767;
/// The most rows and columns a sheet holds.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;
/// Column widths, in characters.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 80;
/// Codings written at a time on one core.
const ROWS_AT_A_TIME: usize = 2048;

/// A workbook and how many cells were cut at the cell limit.
#[derive(Debug)]
pub struct Xlsx {
    pub bytes: Vec<u8>,
    pub truncated: usize,
}

/// The workbook of an export, or why it cannot be written (a table over a
/// spreadsheet's limits).
///
/// The workbook is written here, not by a spreadsheet library: every sheet is plain
/// SpreadsheetML with inline strings (ECMA-376 part 1, 18.3), its rows written on
/// every core, and the zip entries deflated at level 1 while the next sheet is
/// written, as the `.qdpx` export does. A library holding every cell of 400,000
/// codings in memory took 4.5 s and 880 MiB for the 10,000-document bench project.
pub fn to_xlsx(e: &Export) -> Result<Xlsx, String> {
    let mut sheets = vec![codings(e)?, frequencies(e)?, by_document(e)?];
    if !e.attributes.is_empty() {
        sheets.push(by_attribute(e)?);
    }
    sheets.push(codebook(e)?);
    let truncated = sheets.iter().map(|s| s.rows.truncated).sum();
    let bytes = workbook(sheets).map_err(|x| x.to_string())?;
    Ok(Xlsx { bytes, truncated })
}

/// One cell's content.
enum Cell<'a> {
    Text(Cow<'a, str>),
    Number(usize),
    Empty,
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }
}

fn count(n: usize) -> Cell<'static> {
    Cell::Number(n)
}

/// A worksheet: its rows so far, and how many (the header included).
struct Sheet {
    name: &'static str,
    rows: Rows,
    count: usize,
    /// The worksheet part, compressed already (the codings sheet, compressed while
    /// it was written): its rows are then in it, and `rows.xml` is empty.
    prepared: Option<PreparedZipFile>,
}

/// Rows as SpreadsheetML `<row>` elements, the widths their columns need and the
/// cells cut; written in a sheet, or apart from it on another core.
struct Rows {
    xml: String,
    widths: Vec<usize>,
    truncated: usize,
}

impl Rows {
    fn new(columns: usize) -> Rows {
        Rows {
            xml: String::new(),
            widths: vec![MIN_WIDTH; columns],
            truncated: 0,
        }
    }

    /// Row `row` (1-based) with its cells; `style` 1 is bold.
    fn push(&mut self, row: usize, cells: &[Cell<'_>], style: u8) -> Result<(), String> {
        if row > MAX_ROWS {
            return Err(format!("row {row}: over a spreadsheet's 1,048,576 rows"));
        }
        if cells.len() > MAX_COLUMNS {
            return Err(format!(
                "{} columns (one per attribute in project.json on the Codings sheet, one \
                 per code on the tables): over a spreadsheet's 16,384",
                cells.len()
            ));
        }
        let _ = write!(self.xml, "<row r=\"{row}\">");
        let mut gap = false;
        for (col, cell) in cells.iter().enumerate() {
            if let Cell::Empty = cell {
                gap = true;
                continue;
            }
            self.xml.push_str("<c");
            if gap {
                self.xml.push_str(" r=\"");
                column_name(&mut self.xml, col);
                let _ = write!(self.xml, "{row}\"");
                gap = false;
            }
            if style > 0 {
                let _ = write!(self.xml, " s=\"{style}\"");
            }
            match cell {
                Cell::Text(t) => {
                    let t = fit(t, &mut self.truncated);
                    if let Some(w) = self.widths.get_mut(col) {
                        let longest = t.lines().map(width).max().unwrap_or(0);
                        *w = (*w).max(longest.min(MAX_WIDTH));
                    }
                    self.xml.push_str(" t=\"inlineStr\"><is><t");
                    if t.starts_with(char::is_whitespace) || t.ends_with(char::is_whitespace) {
                        self.xml.push_str(" xml:space=\"preserve\"");
                    }
                    self.xml.push('>');
                    escape_into(&mut self.xml, &t);
                    self.xml.push_str("</t></is></c>");
                }
                Cell::Number(n) => {
                    let _ = write!(self.xml, "><v>{n}</v></c>");
                }
                Cell::Empty => {}
            }
        }
        self.xml.push_str("</row>");
        Ok(())
    }
}

impl Sheet {
    /// A sheet named `name` with its header row in bold.
    fn new(name: &'static str, header: &[String]) -> Result<Sheet, String> {
        let cells: Vec<Cell> = header.iter().map(|h| Cell::from(h.as_str())).collect();
        let mut rows = Rows::new(header.len());
        rows.push(1, &cells, 1)
            .map_err(|why| format!("the {name} sheet: {why}"))?;
        Ok(Sheet {
            name,
            rows,
            count: 1,
            prepared: None,
        })
    }

    fn push(&mut self, cells: Vec<Cell<'_>>) -> Result<(), String> {
        self.count += 1;
        self.rows.push(self.count, &cells, 0)
    }

    /// The worksheet part: the frozen header row, the column widths, the rows.
    fn xml(&self) -> (String, &str, &'static str) {
        let mut head = String::from(concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" ",
            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
            "<sheetViews><sheetView tabSelected=\"0\" workbookViewId=\"0\">",
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>",
            "<selection pane=\"bottomLeft\"/></sheetView></sheetViews>",
            "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        ));
        for (col, w) in self.rows.widths.iter().enumerate() {
            // Excel's own conversion (Calibri 11: 7 pixels a digit, 5 of padding).
            let pixels = (*w + 2) * 7 + 5;
            let chars = (pixels * 256 / 7) as f64 / 256.0;
            let _ = write!(
                head,
                "<col min=\"{n}\" max=\"{n}\" width=\"{chars}\" customWidth=\"1\"/>",
                n = col + 1
            );
        }
        head.push_str("</cols><sheetData>");
        (head, &self.rows.xml, "</sheetData></worksheet>\n")
    }
}

/// The text, cut at the cell limit. Excel counts a cell's characters in UTF-16 units
/// (`LEN` of an emoji is 2), so a character outside the Basic Multilingual Plane
/// counts twice here too.
fn fit<'t>(text: &'t str, truncated: &mut usize) -> Cow<'t, str> {
    // A UTF-8 byte never stands for more than one UTF-16 unit.
    if text.len() <= MAX_CELL_CHARS || text.encode_utf16().count() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let mut units = 0;
    let at = text
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > MAX_CELL_CHARS - 3
        })
        .map_or(text.len(), |(at, _)| at);
    *truncated += 1;
    Cow::Owned(format!("{}[…]", &text[..at]))
}

/// Display width of the start of a text: enough to size a column.
fn width(text: &str) -> usize {
    let end = text
        .char_indices()
        .nth(MAX_WIDTH)
        .map_or(text.len(), |(at, _)| at);
    unicode_width::UnicodeWidthStr::width(&text[..end])
}

/// A column's letters: A, B, ..., Z, AA, ... (`col` from 0).
fn column_name(out: &mut String, col: usize) {
    let mut letters = [0u8; 3];
    let mut n = col + 1;
    let mut used = 0;
    while n > 0 && used < letters.len() {
        n -= 1;
        letters[used] = b'A' + (n % 26) as u8;
        n /= 26;
        used += 1;
    }
    for &l in letters[..used].iter().rev() {
        out.push(char::from(l));
    }
}

/// Text for a cell, as Excel writes it: markup escaped, the control characters and
/// U+FFFE/U+FFFF that XML cannot carry as `_xHHHH_`, and the `_` of a literal
/// `_xHHHH_` in the text as `_x005F_` (so a reader shows it as written).
fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (with, len): (Cow<str>, usize) = match b {
            b'&' => ("&amp;".into(), 1),
            b'<' => ("&lt;".into(), 1),
            b'>' => ("&gt;".into(), 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            0..=0x1f => (format!("_x{b:04X}_").into(), 1),
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                let code = if bytes[i + 2] == 0xBE { "FFFE" } else { "FFFF" };
                (format!("_x{code}_").into(), 3)
            }
            b'_' if bytes.get(i + 1) == Some(&b'x')
                && bytes.get(i + 6) == Some(&b'_')
                && bytes[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit) =>
            {
                ("_x005F_".into(), 1)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[run..i]);
        out.push_str(&with);
        i += len;
        run = i;
    }
    out.push_str(&text[run..]);
}

/// The zip: the package parts, then each sheet, deflated on a thread of their own
/// while the next is put together.
fn workbook(sheets: Vec<Sheet>) -> zip::result::ZipResult<Vec<u8>> {
    let options = zip_options();
    let mut types = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    ));
    let mut book = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" ",
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
        "<bookViews><workbookView/></bookViews><sheets>"
    ));
    let mut rels = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    ));
    for (i, sheet) in sheets.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            types,
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        );
        let _ = write!(
            book,
            "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>",
            sheet.name
        );
        let _ = write!(
            rels,
            "<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        );
    }
    types.push_str("</Types>");
    book.push_str("</sheets></workbook>");
    let _ = write!(
        rels,
        "<Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>",
        sheets.len() + 1
    );
    let parts: [(&str, &str); 5] = [
        ("[Content_Types].xml", &types),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", &book),
        ("xl/_rels/workbook.xml.rels", &rels),
        ("xl/styles.xml", STYLES),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.add_prepared_file(PreparedZipFile::from_data(name, options, text.as_bytes())?)?;
    }
    let numbered: Vec<(usize, &Sheet)> = sheets.iter().enumerate().collect();
    let prepared = crate::core::parallel::map_each(&numbered, |&(i, sheet)| {
        if sheet.prepared.is_some() {
            return Ok(None);
        }
        let (head, rows, tail) = sheet.xml();
        let mut file = ZipFileBuilder::new(sheet_part(i), options)?;
        for part in [head.as_str(), rows, tail] {
            file.write_all(part.as_bytes())?;
        }
        file.finish().map(Some)
    });
    for (sheet, made) in sheets.into_iter().zip(prepared) {
        if let Some(file) = sheet.prepared.or(made?) {
            zip.add_prepared_file(file)?;
        }
    }
    Ok(zip.finish()?.into_inner())
}

/// The worksheet part of the `i`-th sheet (from 0).
fn sheet_part(i: usize) -> String {
    format!("xl/worksheets/sheet{}.xml", i + 1)
}

/// Every part deflated at level 1 (see [`to_xlsx`]), with a fixed date and mode so
/// that the same export gives the same bytes.
fn zip_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
}

const PACKAGE_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>",
    "</Relationships>"
);

/// Two cell formats: 0 the default, 1 bold (the header rows).
const STYLES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>",
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>",
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>",
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>",
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>",
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>",
    "</styleSheet>"
);

/// The codings sheet: the CSV's header and rows; the paragraph as a number.
///
/// It is most of a workbook (400,000 rows for the 10,000-document bench project), so
/// it is compressed as it is written: the columns' widths come first (the `<cols>`
/// element precedes the rows), in a pass on every core that stops measuring a
/// column once it is as wide as a column gets; then the rows are written
/// [`ROWS_AT_A_TIME`] at a time on every core, each batch handed to a thread that
/// deflates it while the next is written.
fn codings(e: &Export) -> Result<Sheet, String> {
    let header = e.header();
    let mut sheet = Sheet::new("Codings", &header)?;
    let chunks: Vec<(usize, &[super::Row])> = e
        .rows
        .chunks(ROWS_AT_A_TIME)
        .enumerate()
        .map(|(k, rows)| (sheet.count + 1 + k * ROWS_AT_A_TIME, rows))
        .collect();
    let cells = |r| coding_cells(e, r);
    let widths = crate::core::parallel::map_each(&chunks, |&(_, rows)| {
        let mut widths = vec![0; header.len()];
        let mut cut = 0;
        for r in rows {
            for (col, cell) in cells(r).iter().enumerate() {
                if let (Cell::Text(t), Some(w)) = (cell, widths.get_mut(col))
                    && *w < MAX_WIDTH
                {
                    let longest = fit(t, &mut cut).lines().map(width).max().unwrap_or(0);
                    *w = (*w).max(longest.min(MAX_WIDTH));
                }
            }
        }
        widths
    });
    for chunk in widths {
        for (w, c) in sheet.rows.widths.iter_mut().zip(chunk) {
            *w = (*w).max(c);
        }
    }
    let (head, header_row, tail) = sheet.xml();
    let parts_so_far = vec![head, header_row.to_owned()];
    let (file, failed) = deflated_while(&sheet_part(0), zip_options(), |parts| {
        let mut sent = parts.send(parts_so_far);
        for batch in chunks.chunks(8) {
            if !sent {
                break;
            }
            let written = crate::core::parallel::map_each(batch, |&(first, rows)| {
                let mut out = Rows::new(header.len());
                for (i, r) in rows.iter().enumerate() {
                    out.push(first + i, &cells(r), 0)?;
                }
                Ok::<_, String>((out, rows.len()))
            });
            let mut xml = Vec::with_capacity(written.len());
            for w in written {
                let (rows, n) = w?;
                sheet.rows.truncated += rows.truncated;
                sheet.count += n;
                xml.push(rows.xml);
            }
            sent = parts.send(xml);
        }
        parts.send(vec![tail.to_owned()]);
        Ok::<(), String>(())
    });
    failed?;
    sheet.prepared = Some(file.map_err(|x| x.to_string())?);
    sheet.rows.xml.clear();
    Ok(sheet)
}

/// A coding's cells: the CSV's fields, the paragraph as a number.
fn coding_cells<'r, 'a>(e: &'r Export<'a>, r: &'r super::Row<'a>) -> Vec<Cell<'r>> {
    e.fields(r)
        .into_iter()
        .enumerate()
        .map(|(i, f)| match (i, f) {
            (1, _) => count(r.paragraph + 1),
            (_, Some(text)) => Cell::Text(text),
            (_, None) => Cell::Empty,
        })
        .collect()
}

/// Codings, distinct paragraphs and documents of each code.
fn frequencies(e: &Export) -> Result<Sheet, String> {
    let header = ["code", "label", "codings", "paragraphs", "documents"].map(String::from);
    let mut sheet = Sheet::new("Frequencies", &header)?;
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
    Ok(sheet)
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
fn by_document(e: &Export) -> Result<Sheet, String> {
    let mut sheet = Sheet::new("Code x document", &code_header(e, &["document"]))?;
    let counts = e.counts();
    for (k, &d) in e.documents.iter().enumerate() {
        let mut cells = vec![e.document_name(d).into()];
        cells.extend(counts.matrix.iter().map(|row| count(row[k])));
        sheet.push(cells)?;
    }
    Ok(sheet)
}

/// A row per value of each attribute (documents without one count under
/// `(not set)`), a column per code: its codings in the documents with that value.
fn by_attribute(e: &Export) -> Result<Sheet, String> {
    let header = code_header(e, &["attribute", "value", "documents"]);
    let mut sheet = Sheet::new("Code x attribute", &header)?;
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
    Ok(sheet)
}

/// Every code of the codebook with its texts in the export's language.
fn codebook(e: &Export) -> Result<Sheet, String> {
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
    let mut sheet = Sheet::new("Codebook", &header)?;
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
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        let name = |col| {
            let mut s = String::new();
            column_name(&mut s, col);
            s
        };
        assert_eq!(
            [0, 25, 26, 701, 702, 16_383].map(name),
            ["A", "Z", "AA", "ZZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn the_cell_limit_counts_utf16_units_as_excel_does() {
        let units = |t: &str| t.encode_utf16().count();
        let mut cut = 0;
        // 32,767 units exactly: kept whole, whatever the bytes.
        let full = format!("{}{}", "\u{1F41F}".repeat(16_000), "é".repeat(767));
        assert_eq!(units(&full), MAX_CELL_CHARS);
        assert!(matches!(fit(&full, &mut cut), Cow::Borrowed(_)));
        // One emoji more: 32,769 units although only 16,768 characters.
        let over = format!("{full}\u{1F41F}");
        let fitted = fit(&over, &mut cut);
        assert_eq!(cut, 1);
        assert!(fitted.ends_with("[…]"));
        assert_eq!(units(&fitted), MAX_CELL_CHARS);
        assert!(fitted.starts_with(&"\u{1F41F}".repeat(16_000)));
        // An emoji that would straddle the limit is left out whole (never half a
        // surrogate pair): 32,763 units, the mark, one unit to spare.
        let straddle = format!("{}{}", "a".repeat(32_763), "\u{1F41F}".repeat(10));
        let fitted = fit(&straddle, &mut cut);
        assert_eq!(fitted, format!("{}[…]", "a".repeat(32_763)));
        assert_eq!(units(&fitted), MAX_CELL_CHARS - 1);
        // A long text of one-unit characters: cut at 32,764 of them plus the mark.
        let ascii = "a".repeat(40_000);
        let fitted = fit(&ascii, &mut cut);
        assert_eq!(fitted.chars().count(), MAX_CELL_CHARS);
        assert_eq!(cut, 3);
    }

    #[test]
    fn cell_text_is_escaped_as_excel_escapes_it() {
        let mut out = String::new();
        escape_into(
            &mut out,
            "a&<>\t\n\r\u{1}_x0041_ _x12_ _xZZZZ_ \u{FFFE}\u{FFFF}\u{FFFD}é",
        );
        assert_eq!(
            out,
            "a&amp;&lt;&gt;\t\n_x000D__x0001__x005F_x0041_ _x12_ _xZZZZ_ _xFFFE__xFFFF_\u{FFFD}é"
        );
    }

    #[test]
    fn a_cell_after_an_empty_one_says_where_it_is() {
        let mut rows = Rows::new(3);
        let cells = [Cell::from(" a "), Cell::Empty, count(5)];
        rows.push(3, &cells, 0).expect("row");
        assert_eq!(
            rows.xml,
            "<row r=\"3\"><c t=\"inlineStr\"><is><t xml:space=\"preserve\"> a </t></is></c>\
             <c r=\"C3\"><v>5</v></c></row>"
        );
        assert!(rows.push(MAX_ROWS + 1, &cells, 0).is_err());
        let wide: Vec<String> = (0..=MAX_COLUMNS).map(|n| format!("a{n}")).collect();
        let why = Sheet::new("Codings", &wide).err().unwrap_or_default();
        assert!(
            why.starts_with("the Codings sheet: 16385 columns (one per attribute in project.json"),
            "{why}"
        );
    }
}
