//! OpenDocument text (`.odt`): the paragraphs of `content.xml`.
//!
//! The same rules as Word ([`super::docx`]): each non-empty paragraph or heading
//! (`text:p`, `text:h`) is a paragraph; each table row is one; a line break
//! (`text:line-break`) stays inside the paragraph; tracked changes read as accepted
//! (the body already holds the accepted text; the deleted text waits in
//! `text:tracked-changes`, which is skipped). Footnotes and endnotes (`text:note`),
//! comments (`office:annotation`), frames and text boxes, and generated indexes are
//! left out; headers and footers are in `styles.xml`, which is read only to count them
//! and to learn which named styles are bold.

use super::build::Builder;
use super::wordproc::{LeftOut, ParaBuf, Tables};
use super::xmlwalk::{Walker, attr, walk_optional, walk_part};
use super::{Limits, Read};
use quick_xml::events::BytesStart;
use std::collections::HashSet;

/// Reads the text of an `.odt` from its bytes.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Read, String> {
    let mut styles = Styles::default();
    walk_optional(bytes, "styles.xml", limits, &mut styles)?;
    let mut d = Odt {
        bold_styles: styles.bold,
        ..Odt::default()
    };
    d.out = Builder::new(*limits);
    d.left.headers = styles.headers;
    let missing = super::words().core_odt_missing;
    walk_part(bytes, "content.xml", missing, limits, &mut d)?;
    Ok((d.out.text, d.out.paragraphs, d.left.notes()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum El {
    P,
    Span(bool),
    Table,
    Row,
    Cell,
    Style,
    Other,
}

/// How a left-out element is skipped: some are counted on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Skip {
    #[default]
    Plain,
    /// `text:tracked-changes`: count insertions and deletions.
    Tracked,
    /// A frame or shape: count its text boxes.
    Frame,
}

#[derive(Debug, Default)]
struct Odt {
    out: Builder,
    stack: Vec<El>,
    skip: usize,
    skip_kind: Skip,
    para: Option<ParaBuf>,
    /// Open paragraphs (a note or frame inside one is skipped).
    in_p: usize,
    bold_styles: HashSet<String>,
    /// The automatic style being read, when its definition is open.
    style: Option<String>,
    tables: Tables,
    left: LeftOut,
}

impl Walker for Odt {
    fn start(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), String> {
        if self.skip > 0 {
            self.skip += 1;
            self.count_skipped(name);
            return Ok(());
        }
        let el = self.special(name, e)?;
        if let Some(el) = el {
            self.stack.push(el);
        }
        Ok(())
    }

    fn end(&mut self, _name: &str) -> Result<(), String> {
        if self.skip > 0 {
            self.skip -= 1;
            return Ok(());
        }
        match self.stack.pop() {
            Some(El::P) => self.end_paragraph(),
            Some(El::Cell) => {
                self.tables.end_cell();
                Ok(())
            }
            Some(El::Row) => {
                self.tables.end_row();
                Ok(())
            }
            Some(El::Table) => self.tables.end_table(&mut self.out),
            Some(El::Style) => {
                self.style = None;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn text(&mut self, text: &str) -> Result<(), String> {
        if self.skip > 0 || self.in_p == 0 {
            return Ok(());
        }
        let bold = self.bold();
        let para = self.paragraph();
        // ODF collapses white space in text like HTML; text:s and text:tab are the
        // spaces and tabs that count.
        let mut collapsed = String::with_capacity(text.len());
        let mut space = para.raw.ends_with(' ') || para.raw.is_empty();
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !space {
                    collapsed.push(' ');
                }
                space = true;
            } else {
                collapsed.push(c);
                space = false;
            }
        }
        para.push(&collapsed, bold);
        self.check_size()
    }
}

/// Most spaces one `text:s` stands for.
const MAX_SPACES: usize = 1000;

impl Odt {
    fn special(&mut self, name: &str, e: &BytesStart<'_>) -> Result<Option<El>, String> {
        let el = match name {
            "p" | "h" => {
                self.in_p += 1;
                self.para = Some(ParaBuf::new());
                El::P
            }
            "span" => {
                let bold = attr(e, "style-name").is_some_and(|s| self.bold_styles.contains(&s));
                El::Span(bold || self.bold())
            }
            "s" if self.in_p > 0 => {
                let n = attr(e, "c")
                    .and_then(|c| c.trim().parse().ok())
                    .unwrap_or(1);
                self.chars(&" ".repeat(n.clamp(1, MAX_SPACES)))?
            }
            "tab" if self.in_p > 0 => self.chars("\t")?,
            "line-break" if self.in_p > 0 => self.chars("\n")?,
            "note" => {
                self.left.notes += 1;
                return Ok(self.skip_it(Skip::Plain));
            }
            "annotation" => {
                self.left.comments += 1;
                return Ok(self.skip_it(Skip::Plain));
            }
            "tracked-changes" => return Ok(self.skip_it(Skip::Tracked)),
            "frame" | "custom-shape" => return Ok(self.skip_it(Skip::Frame)),
            "table-of-content" | "illustration-index" | "alphabetical-index" | "bibliography"
            | "user-index" | "table-index" | "object-index" => {
                self.left.contents += 1;
                return Ok(self.skip_it(Skip::Plain));
            }
            "table" => {
                self.tables.start_table();
                El::Table
            }
            "table-row" => {
                self.tables.start_row();
                El::Row
            }
            "table-cell" => {
                self.tables.start_cell();
                El::Cell
            }
            "style" => {
                self.style = attr(e, "name");
                El::Style
            }
            "text-properties" => {
                if let Some(style) = &self.style
                    && is_bold(e)
                {
                    self.bold_styles.insert(style.clone());
                }
                El::Other
            }
            _ => El::Other,
        };
        Ok(Some(el))
    }

    fn bold(&self) -> bool {
        self.stack
            .iter()
            .rev()
            .find_map(|el| match el {
                El::Span(b) => Some(*b),
                El::P => Some(false),
                _ => None,
            })
            .unwrap_or(false)
    }

    fn skip_it(&mut self, kind: Skip) -> Option<El> {
        self.skip = 1;
        self.skip_kind = kind;
        None
    }

    fn count_skipped(&mut self, name: &str) {
        match (self.skip_kind, name) {
            (Skip::Tracked, "insertion") => self.left.insertions += 1,
            (Skip::Tracked, "deletion") => self.left.deletions += 1,
            (Skip::Frame, "text-box") => self.left.text_boxes += 1,
            _ => {}
        }
    }

    fn chars(&mut self, s: &str) -> Result<El, String> {
        self.paragraph().push(s, false);
        self.check_size()?;
        Ok(El::Other)
    }

    fn paragraph(&mut self) -> &mut ParaBuf {
        self.para.get_or_insert_with(ParaBuf::new)
    }

    fn end_paragraph(&mut self) -> Result<(), String> {
        self.in_p = self.in_p.saturating_sub(1);
        let Some(para) = self.para.take() else {
            return Ok(());
        };
        if self.tables.in_table() {
            self.tables.add_line(&para.raw);
            return Ok(());
        }
        self.out.push_raw(&para.raw, para.bold_end)
    }

    fn check_size(&self) -> Result<(), String> {
        let pending = self.para.as_ref().map_or(0, |p| p.raw.len()) + self.tables.len();
        self.out.check_pending(pending)
    }
}

fn is_bold(e: &BytesStart<'_>) -> bool {
    matches!(
        attr(e, "font-weight").as_deref(),
        Some("bold" | "600" | "700" | "800" | "900")
    )
}

/// From `styles.xml`: the named text styles that are bold, and whether any header or
/// footer has text.
#[derive(Debug, Default)]
struct Styles {
    bold: HashSet<String>,
    headers: bool,
    style: Option<String>,
    in_header: usize,
    /// Inside a page number or count: a header with only that has no text to lose.
    in_field: usize,
}

impl Walker for Styles {
    fn start(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), String> {
        match name {
            "style" => self.style = attr(e, "name"),
            "text-properties" => {
                if let Some(style) = &self.style
                    && is_bold(e)
                {
                    self.bold.insert(style.clone());
                }
            }
            "header" | "footer" | "header-left" | "footer-left" | "header-first"
            | "footer-first" => self.in_header += 1,
            "page-number" | "page-count" => self.in_field += 1,
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), String> {
        match name {
            "style" => self.style = None,
            "header" | "footer" | "header-left" | "footer-left" | "header-first"
            | "footer-first" => self.in_header = self.in_header.saturating_sub(1),
            "page-number" | "page-count" => self.in_field = self.in_field.saturating_sub(1),
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), String> {
        if self.in_header > 0 && self.in_field == 0 && !text.trim().is_empty() {
            self.headers = true;
        }
        Ok(())
    }
}
