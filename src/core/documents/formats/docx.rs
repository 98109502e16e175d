//! Word (`.docx`): the paragraphs of `word/document.xml`.
//!
//! Each non-empty paragraph is a paragraph, headings too; each table row is one
//! paragraph (cells on one line, separated by a tab; in a two-column table whose first
//! column is short, that cell is the speaker); a soft line break stays a line break
//! inside the paragraph; tracked changes read as accepted (`w:ins` kept, `w:del` and
//! `w:moveFrom` dropped, a deleted paragraph mark joins two paragraphs). Footnotes,
//! endnotes, comments, headers and footers live in other parts and are not read; text
//! boxes are left out too; each is counted for the document's info.

use super::build::Builder;
use super::wordproc::{LeftOut, ParaBuf, Tables};
use super::xmlwalk::{Walker, attr, walk_part};
use super::{Limits, Read};
use quick_xml::events::BytesStart;

/// Reads the text of a `.docx` from its bytes.
pub(super) fn read(bytes: &[u8], limits: &Limits) -> Result<Read, String> {
    let mut d = Docx {
        out: Builder::new(*limits),
        ..Docx::default()
    };
    let missing = super::words().core_docx_missing;
    walk_part(bytes, "word/document.xml", missing, limits, &mut d)?;
    d.flush_paragraph()?;
    let left_out = d.left.notes();
    Ok((d.out.text, d.out.paragraphs, left_out))
}

/// The elements whose place matters; all others are `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum El {
    P,
    PPr,
    R,
    RPr,
    T,
    Tbl,
    Tr,
    TrPr,
    Tc,
    Other,
}

#[derive(Debug, Default)]
struct Docx {
    out: Builder,
    stack: Vec<El>,
    /// Depth inside an element whose content is left out (0: none).
    skip: usize,
    para: Option<ParaBuf>,
    run_bold: bool,
    /// The paragraph mark was deleted (a tracked change): join with the next one.
    join_next: bool,
    tables: Tables,
    left: LeftOut,
}

impl Walker for Docx {
    fn start(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), String> {
        if self.skip > 0 {
            self.skip += 1;
            return Ok(());
        }
        let parent = self.stack.last().copied();
        if let Some(el) = self.special(name, e, parent)? {
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
            Some(El::Tc) => {
                self.tables.end_cell();
                Ok(())
            }
            Some(El::Tr) => {
                self.tables.end_row();
                Ok(())
            }
            Some(El::Tbl) => self.tables.end_table(&mut self.out),
            _ => Ok(()),
        }
    }

    fn text(&mut self, text: &str) -> Result<(), String> {
        if self.skip == 0 && self.stack.last() == Some(&El::T) {
            let bold = self.run_bold;
            self.paragraph().push(text, bold);
            self.check_size()?;
        }
        Ok(())
    }
}

impl Docx {
    /// What an element means; None when it opened a left-out part (`skip` is set).
    fn special(
        &mut self,
        name: &str,
        e: &BytesStart<'_>,
        parent: Option<El>,
    ) -> Result<Option<El>, String> {
        let grandparent = self
            .stack
            .len()
            .checked_sub(2)
            .and_then(|i| self.stack.get(i))
            .copied();
        let el = match (name, parent) {
            ("del", Some(El::RPr)) if grandparent == Some(El::PPr) => {
                self.join_next = true;
                return Ok(self.skip_it());
            }
            ("del", Some(El::TrPr)) => {
                self.tables.delete_row();
                self.left.deletions += 1;
                return Ok(self.skip_it());
            }
            ("del" | "moveFrom", _) => {
                self.left.deletions += 1;
                return Ok(self.skip_it());
            }
            ("ins" | "moveTo", _) => {
                self.left.insertions += 1;
                El::Other
            }
            (
                "pPrChange" | "rPrChange" | "tblPrChange" | "trPrChange" | "tcPrChange"
                | "sectPrChange" | "tblGridChange" | "numberingChange" | "Fallback",
                _,
            ) => return Ok(self.skip_it()),
            ("txbxContent", _) => {
                self.left.text_boxes += 1;
                return Ok(self.skip_it());
            }
            ("footnoteReference" | "endnoteReference", _) => {
                self.left.notes += 1;
                El::Other
            }
            ("commentReference", _) => {
                self.left.comments += 1;
                El::Other
            }
            ("headerReference" | "footerReference", _) => {
                self.left.headers = true;
                El::Other
            }
            ("p", _) => {
                self.start_paragraph();
                El::P
            }
            ("pPr", Some(El::P)) => El::PPr,
            ("r", _) => {
                self.run_bold = false;
                El::R
            }
            ("rPr", Some(El::R | El::PPr)) => El::RPr,
            ("b", Some(El::RPr)) if grandparent == Some(El::R) => {
                self.run_bold = is_on(e);
                El::Other
            }
            ("t", Some(El::R)) => El::T,
            ("tab", Some(El::R)) => self.chars("\t")?,
            ("br" | "cr", Some(El::R)) => self.chars("\n")?,
            ("noBreakHyphen", Some(El::R)) => self.chars("-")?,
            ("tbl", _) => {
                self.tables.start_table();
                El::Tbl
            }
            ("tr", Some(El::Tbl)) => {
                self.tables.start_row();
                El::Tr
            }
            ("trPr", Some(El::Tr)) => El::TrPr,
            ("tc", Some(El::Tr)) => {
                self.tables.start_cell();
                El::Tc
            }
            _ => El::Other,
        };
        Ok(Some(el))
    }

    fn skip_it(&mut self) -> Option<El> {
        self.skip = 1;
        None
    }

    fn chars(&mut self, s: &str) -> Result<El, String> {
        self.paragraph().push(s, false);
        self.check_size()?;
        Ok(El::Other)
    }

    fn paragraph(&mut self) -> &mut ParaBuf {
        self.para.get_or_insert_with(ParaBuf::new)
    }

    fn start_paragraph(&mut self) {
        if !std::mem::take(&mut self.join_next) || self.tables.in_table() {
            self.para = Some(ParaBuf::new());
        }
    }

    /// A paragraph in a table cell is a line of the cell; elsewhere it is a paragraph
    /// (unless its mark was deleted: then it continues in the next one).
    fn end_paragraph(&mut self) -> Result<(), String> {
        if self.tables.in_table() {
            self.join_next = false;
            let para = self.para.take().unwrap_or_default();
            self.tables.add_line(&para.raw);
            return Ok(());
        }
        if self.join_next {
            return Ok(());
        }
        self.flush_paragraph()
    }

    fn flush_paragraph(&mut self) -> Result<(), String> {
        if let Some(p) = self.para.take() {
            self.out.push_raw(&p.raw, p.bold_end)?;
        }
        Ok(())
    }

    /// The text read so far, counted against the limit as it grows (one paragraph
    /// can be the whole document).
    fn check_size(&self) -> Result<(), String> {
        let pending = self.para.as_ref().map_or(0, |p| p.raw.len()) + self.tables.len();
        self.out.check_pending(pending)
    }
}

/// `<w:b/>` and `<w:b w:val="true"/>` are on; `"0"`, `"false"`, `"off"` are off.
fn is_on(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}
