//! `tandai export`: every coding of a project as data (CSV, JSON Lines) or as a
//! document (Markdown for a thesis appendix, one self-contained HTML file).
//!
//! The unit is a coding: one paragraph, one code, one coder. Codes merged into another
//! count as the code they were merged into (as in `tandai report`). A paragraph that
//! carries only a memo is one row with no code, so that no memo is lost; a `--code`
//! filter leaves such rows out. Codings detached from changed text have no paragraph
//! and are counted, not exported.

mod cite;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod xlsx;

pub use html::to_html;
pub use markdown::to_markdown;
pub use xlsx::{Xlsx, to_xlsx};

use crate::core::analysis::report::{Coded, collect_where};
use crate::core::attributes::citation::Template;
use crate::core::attributes::filter::Where;
use crate::core::codebook::{Code, Codebook, Lang};
use crate::core::exchange::csv::Csv;
use crate::core::project::Project;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// What to export: empty lists mean everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Code ids; each includes its sub-codes.
    pub codes: Vec<String>,
    /// Document file names (a path counts by its file name).
    pub documents: Vec<String>,
    /// One coder (default: every coder).
    pub coder: Option<String>,
    /// `--where ATTR=VALUE` conditions on the documents' attributes.
    pub wheres: Vec<String>,
}

/// A filter that names something the project does not have.
#[derive(Debug, PartialEq, Eq)]
pub enum ExportError {
    UnknownCode { given: String, known: String },
    UnknownDocument { given: String, known: String },
    UnknownCoder { given: String, known: String },
    Where(String),
    NoneMatch(String),
}

impl ExportError {
    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::fill;
        let t = crate::i18n::strings(lang);
        match self {
            ExportError::UnknownCode { given, known } => fill(
                t.core_sel_unknown_code,
                &[("given", given), ("known", known)],
            ),
            ExportError::UnknownDocument { given, known } => fill(
                t.core_sel_unknown_document,
                &[("given", given), ("known", known)],
            ),
            ExportError::UnknownCoder { given, known } => fill(
                t.core_sel_unknown_coder,
                &[("option", &"--coder"), ("given", given), ("known", known)],
            ),
            ExportError::Where(why) => format!("--where {why}"),
            ExportError::NoneMatch(condition) => {
                fill(t.core_where_none, &[("condition", condition)])
            }
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::current()))
    }
}

impl std::error::Error for ExportError {}

/// The fixed columns of the CSV and the keys of the JSON Lines, in order; document
/// attributes follow.
pub const COLUMNS: [&str; 8] = [
    "document",
    "paragraph",
    "speaker",
    "code",
    "label",
    "coder",
    "memo",
    "text",
];

/// A code that appears in the export.
#[derive(Debug, Clone)]
pub struct ExportCode<'a> {
    pub id: String,
    /// None for a code used in the sidecars but missing from the codebook.
    pub code: Option<&'a Code>,
}

/// One coding (or one memo-only paragraph).
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// Index into the project's documents.
    pub document: usize,
    /// Paragraph index, from 0 (cited from 1).
    pub paragraph: usize,
    pub speaker: Option<&'a str>,
    /// Index into [`Export::codes`]; None for a paragraph with only a memo.
    pub code: Option<usize>,
    /// Shared by the coder's rows (one allocation per sidecar, not per coding).
    pub coder: Arc<str>,
    /// This coder's memo on the paragraph.
    pub memo: String,
    /// The paragraph's text after the speaker prefix.
    pub text: &'a str,
}

/// The selected codings, ready to write in any format.
#[derive(Debug)]
pub struct Export<'a> {
    pub project: &'a Project,
    pub book: &'a Codebook,
    pub lang: Lang,
    pub filter: Filter,
    /// Indices of the selected documents, in project order.
    pub documents: Vec<usize>,
    /// Coders whose sidecars were read, sorted.
    pub coders: Vec<String>,
    /// Selected codes that can be applied or were applied: codebook order, then codes
    /// missing from the codebook.
    pub codes: Vec<ExportCode<'a>>,
    /// Sorted by document, paragraph, coder, code.
    pub rows: Vec<Row<'a>>,
    /// Attribute column names: the project file's order, then any others by name.
    pub attributes: Vec<String>,
    /// Unreadable sidecars and documents, each naming its file.
    pub problems: Vec<String>,
    /// Codings of the selected sidecars that are detached from the current text.
    pub detached: usize,
    /// The `--where` conditions in words (empty: none).
    pub where_shown: String,
    /// How quotes are cited (project.json's `"citation"`, or the default).
    pub citation: Template,
    /// Document memos of the selected documents: (document, coder, memo), in
    /// document and coder order.
    pub document_memos: Vec<(usize, String, String)>,
    /// Code x attribute-value tables for the Markdown and HTML documents (`--by`).
    pub by: Vec<crate::core::attributes::crosstab::CrossTab>,
}

/// At most 20 names of a list, for a message.
fn known(names: &[String]) -> String {
    crate::core::display::some_names(names)
}

/// Selects the codings: checks the filter against the project, reads the sidecars.
pub fn build<'a>(
    project: &'a Project,
    book: &'a Codebook,
    filter: &Filter,
    lang: Lang,
) -> Result<Export<'a>, ExportError> {
    let mut documents = select_documents(project, &filter.documents)?;
    let mut where_shown = String::new();
    if !filter.wheres.is_empty() {
        let w = Where::parse(&filter.wheres, &project.attributes).map_err(ExportError::Where)?;
        documents.retain(|&d| w.matches(&project.attributes, &project.documents[d].name));
        where_shown = w.describe();
        if documents.is_empty() {
            return Err(ExportError::NoneMatch(where_shown));
        }
    }
    let all = crate::core::analysis::check::coders_by_document(project);
    if let Some(c) = &filter.coder {
        let coders: BTreeSet<&String> = all.iter().flatten().collect();
        if !coders.contains(c) {
            let names: Vec<String> = coders.into_iter().cloned().collect();
            return Err(ExportError::UnknownCoder {
                given: c.clone(),
                known: known(&names),
            });
        }
    }
    let keep: HashSet<usize> = documents.iter().copied().collect();
    let (coded, mut problems) =
        collect_where(project, filter.coder.as_deref(), |i| keep.contains(&i));
    for &d in &documents {
        let doc = &project.documents[d];
        let has_sidecar = all[d]
            .iter()
            .any(|c| filter.coder.as_ref().is_none_or(|f| f == c));
        if let (Err(e), true) = (&doc.content, has_sidecar) {
            let t = crate::i18n::strings(crate::i18n::current());
            problems.push(crate::i18n::fill(t.core_export_left_out, &[("error", e)]));
        }
    }
    let used: BTreeSet<&str> = coded
        .iter()
        .flat_map(|c| c.decisions.paragraphs.values())
        .flat_map(|p| p.codes.iter().map(|id| book.resolve(id)))
        .collect();
    let selected = select_codes(book, &used, &filter.codes)?;
    let codes = export_codes(book, &used, selected.as_ref());
    let rows = rows(project, book, &coded, &codes, filter.codes.is_empty());
    let coders = coded
        .iter()
        .map(|c| c.coder.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut document_memos: Vec<(usize, String, String)> = coded
        .iter()
        .filter(|c| !c.decisions.memo.trim().is_empty())
        .map(|c| (c.document, c.coder.clone(), c.decisions.memo.clone()))
        .collect();
    document_memos.sort();
    Ok(Export {
        project,
        book,
        lang,
        filter: filter.clone(),
        documents,
        coders,
        codes,
        rows,
        attributes: attribute_names(project),
        problems,
        detached: coded.iter().map(|c| c.decisions.detached.len()).sum(),
        where_shown,
        citation: Template::of(&project.attributes),
        document_memos,
        by: Vec::new(),
    })
}

fn select_documents(project: &Project, names: &[String]) -> Result<Vec<usize>, ExportError> {
    if names.is_empty() {
        return Ok((0..project.documents.len()).collect());
    }
    let mut out = BTreeSet::new();
    for name in names {
        // A path (from tab completion) names the document by its file name.
        let file = std::path::Path::new(name)
            .file_name()
            .map(|f| f.to_string_lossy());
        let matches = |d: &&crate::core::project::Document| {
            &d.name == name || file.as_deref() == Some(d.name.as_str())
        };
        match project.documents.iter().position(|d| matches(&d)) {
            Some(i) => {
                out.insert(i);
            }
            None => {
                let all: Vec<String> = project.documents.iter().map(|d| d.name.clone()).collect();
                return Err(ExportError::UnknownDocument {
                    given: name.clone(),
                    known: known(&all),
                });
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// The ids selected by `--code` (each with its sub-codes), or None for all codes.
fn select_codes(
    book: &Codebook,
    used: &BTreeSet<&str>,
    given: &[String],
) -> Result<Option<HashSet<String>>, ExportError> {
    book.select_with_subcodes(given, |id| used.contains(id))
        .map_err(|id| {
            let mut all: Vec<String> = book.codes.iter().map(|c| c.id.clone()).collect();
            all.extend(
                used.iter()
                    .filter(|u| book.get(u).is_none())
                    .map(|u| (*u).to_owned()),
            );
            ExportError::UnknownCode {
                given: id,
                known: known(&all),
            }
        })
}

fn export_codes<'a>(
    book: &'a Codebook,
    used: &BTreeSet<&str>,
    selected: Option<&HashSet<String>>,
) -> Vec<ExportCode<'a>> {
    let wanted = |id: &str| selected.is_none_or(|s| s.contains(id));
    let mut out: Vec<ExportCode> = book
        .codes
        .iter()
        .filter(|c| (c.active() || used.contains(c.id.as_str())) && wanted(&c.id))
        .map(|c| ExportCode {
            id: c.id.clone(),
            code: Some(c),
        })
        .collect();
    out.extend(
        used.iter()
            .filter(|id| book.get(id).is_none() && wanted(id))
            .map(|id| ExportCode {
                id: (*id).to_owned(),
                code: None,
            }),
    );
    out
}

fn rows<'a>(
    project: &'a Project,
    book: &Codebook,
    coded: &[Coded],
    codes: &[ExportCode],
    keep_memos: bool,
) -> Vec<Row<'a>> {
    let position: HashMap<&str, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for c in coded {
        let Ok(content) = &project.documents[c.document].content else {
            continue;
        };
        let coder: Arc<str> = Arc::from(c.coder.as_str());
        for (&i, p) in &c.decisions.paragraphs {
            let Some(para) = content.paragraphs.get(i) else {
                continue;
            };
            let here: BTreeSet<usize> = p
                .codes
                .iter()
                .filter_map(|id| position.get(book.resolve(id)).copied())
                .collect();
            let row = |code| Row {
                document: c.document,
                paragraph: i,
                speaker: para.speaker(&content.text),
                code,
                coder: Arc::clone(&coder),
                memo: p.memo.clone(),
                text: para.body(&content.text),
            };
            if here.is_empty() && keep_memos && !p.memo.trim().is_empty() {
                out.push(row(None));
            }
            out.extend(here.into_iter().map(|k| row(Some(k))));
        }
    }
    let order = |a: &Row, b: &Row| {
        (a.document, a.paragraph, &a.coder, a.code).cmp(&(
            b.document,
            b.paragraph,
            &b.coder,
            b.code,
        ))
    };
    // The codings come document by document: sorting each document's rows is the
    // same as sorting them all, and 10,000 small sorts are far cheaper than one.
    if out.is_sorted_by_key(|r| r.document) {
        out.chunk_by_mut(|a, b| a.document == b.document)
            .for_each(|rows| rows.sort_by(order));
    } else {
        out.sort_by(order);
    }
    out
}

/// The attribute names of a project: declared ones in order, then any others.
pub(crate) fn attribute_names(project: &Project) -> Vec<String> {
    project.attributes.all_names()
}

/// Line ends inside a field as `\n`: the record separator is CRLF, and a lone `\r`
/// inside a field trips some readers.
fn lf(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

impl<'a> Export<'a> {
    /// A document's file name.
    pub fn document_name(&self, document: usize) -> &'a str {
        &self.project.documents[document].name
    }

    /// The value of an attribute of a document, if set.
    pub fn attribute(&self, document: usize, name: &str) -> Option<&'a str> {
        self.project
            .attributes
            .by_document
            .get(&self.project.documents[document].name)?
            .get(name)
            .map(String::as_str)
    }

    /// A code's label in the export's language; None when it is not in the codebook.
    pub fn label(&self, code: usize) -> Option<&'a str> {
        self.codes[code].code.map(|c| c.label.get(self.lang))
    }

    /// The header names: [`COLUMNS`], then the attributes. An attribute named like a
    /// fixed column is written as `attribute_<name>`.
    pub fn header(&self) -> Vec<String> {
        let mut out: Vec<String> = COLUMNS.iter().map(|c| (*c).to_owned()).collect();
        out.extend(self.attributes.iter().map(|a| {
            if COLUMNS.contains(&a.as_str()) || a.is_empty() {
                format!("attribute_{a}")
            } else {
                a.clone()
            }
        }));
        out
    }

    /// Codings per code (summed over coders) and documents per code, and the code x
    /// document matrix over [`Export::documents`].
    pub fn counts(&self) -> Counts {
        let column: HashMap<usize, usize> = self
            .documents
            .iter()
            .enumerate()
            .map(|(k, &d)| (d, k))
            .collect();
        let mut matrix = vec![vec![0; self.documents.len()]; self.codes.len()];
        for r in &self.rows {
            if let (Some(c), Some(&d)) = (r.code, column.get(&r.document)) {
                matrix[c][d] += 1;
            }
        }
        Counts { matrix }
    }

    /// One line for the top of a document: documents, coders, filters.
    pub fn summary(&self) -> String {
        use crate::i18n::{count, fill};
        let t = crate::i18n::strings(self.lang);
        let codings = self.rows.iter().filter(|r| r.code.is_some()).count();
        let docs = count(
            self.documents.len(),
            t.cmd_documents_one,
            t.cmd_documents_other,
        );
        let mut parts = vec![if self.coders.is_empty() {
            fill(t.cmd_export_no_codings, &[("documents", &docs)])
        } else {
            let codings = count(codings, t.cmd_codings_one, t.cmd_codings_other);
            let coders = self.coders.join(", ");
            let values: [(&str, &dyn std::fmt::Display); 3] = [
                ("documents", &docs),
                ("coders", &coders),
                ("codings", &codings),
            ];
            fill(t.cmd_export_summary, &values)
        }];
        let (codes, documents) = (
            self.filter.codes.join(", "),
            self.filter.documents.join(", "),
        );
        if !codes.is_empty() {
            parts.push(fill(t.cmd_export_only_codes, &[("codes", &codes)]));
        }
        if !documents.is_empty() {
            parts.push(fill(
                t.cmd_export_only_documents,
                &[("documents", &documents)],
            ));
        }
        if !self.where_shown.is_empty() {
            parts.push(fill(
                t.cmd_export_only_where,
                &[("where", &self.where_shown)],
            ));
        }
        parts.join("; ")
    }

    pub(crate) fn fields<'r>(&'r self, r: &'r Row<'a>) -> Vec<Option<Cow<'r, str>>> {
        let code = r.code;
        let mut out: Vec<Option<Cow<str>>> = vec![
            Some(Cow::Borrowed(self.document_name(r.document))),
            Some(Cow::Owned((r.paragraph + 1).to_string())),
            r.speaker.map(Cow::Borrowed),
            code.map(|c| Cow::Borrowed(self.codes[c].id.as_str())),
            code.and_then(|c| self.label(c)).map(Cow::Borrowed),
            Some(Cow::Borrowed(&*r.coder)),
            Some(lf(&r.memo)),
            Some(lf(r.text)),
        ];
        out.extend(
            self.attributes
                .iter()
                .map(|a| self.attribute(r.document, a).map(|v| lf(v))),
        );
        out
    }
}

/// Counts for the tables of the Markdown and HTML documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// `matrix[code][k]`: codings of the code in the k-th selected document.
    pub matrix: Vec<Vec<usize>>,
}

impl Counts {
    /// Codings of a code, summed over coders and documents.
    pub fn codings(&self, code: usize) -> usize {
        self.matrix[code].iter().sum()
    }

    /// Documents in which a code was applied.
    pub fn documents(&self, code: usize) -> usize {
        self.matrix[code].iter().filter(|&&n| n > 0).count()
    }
}

/// `write` of every item, in order, into one string: on every core, a chunk of
/// items each (10,000 documents make 400,000 rows to format).
pub(crate) fn in_parallel<T: Sync>(items: &[T], write: impl Fn(&T, &mut String) + Sync) -> String {
    let chunks: Vec<&[T]> = items.chunks(1024).collect();
    crate::core::parallel::map(&chunks, |chunk| {
        let mut s = String::new();
        for item in *chunk {
            write(item, &mut s);
        }
        s
    })
    .concat()
}

/// CSV (RFC 4180): a header row, one record per coding, CRLF between records, fields
/// quoted when they hold a comma, quote or line end. UTF-8 without a byte-order mark
/// (a BOM would become part of the first column's name in R and pandas).
pub fn to_csv(e: &Export, csv: Csv) -> String {
    let mut out = String::with_capacity(e.rows.len() * 160 + 256);
    let header = e.header();
    out.push_str(&csv.record(header.iter().map(String::as_str)));
    out.push_str(&in_parallel(&e.rows, |r, out| {
        let fields = e.fields(r);
        csv.record_into(
            out,
            fields.iter().map(|f| f.as_ref().map_or("", |v| v.as_ref())),
        );
    }));
    out
}

/// JSON Lines: one object per coding with the CSV's column names as keys, in the same
/// order; `paragraph` is a number, a missing speaker, code, label or attribute is null.
pub fn to_jsonl(e: &Export) -> String {
    let header = e.header();
    in_parallel(&e.rows, |r, out| {
        out.push('{');
        for (i, (key, value)) in header.iter().zip(e.fields(r)).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&json_string(key));
            out.push(':');
            match value {
                Some(v) if i == 1 => out.push_str(&v),
                Some(v) => out.push_str(&json_string(&v)),
                None => out.push_str("null"),
            }
        }
        out.push_str("}\n");
    })
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The rows of each code, grouped by paragraph: for each code, a list of quotes, each
/// the indices of the rows of one paragraph (one per coder).
pub(crate) fn quotes_by_code(e: &Export) -> Vec<Vec<Vec<usize>>> {
    let mut out: Vec<Vec<Vec<usize>>> = vec![Vec::new(); e.codes.len()];
    let mut by_code: Vec<Vec<usize>> = vec![Vec::new(); e.codes.len()];
    for (i, r) in e.rows.iter().enumerate() {
        if let Some(c) = r.code {
            by_code[c].push(i);
        }
    }
    for (c, rows) in by_code.into_iter().enumerate() {
        for i in rows {
            let r = &e.rows[i];
            match out[c].last_mut() {
                Some(q)
                    if e.rows[q[0]].document == r.document
                        && e.rows[q[0]].paragraph == r.paragraph =>
                {
                    q.push(i);
                }
                _ => out[c].push(vec![i]),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_inside_fields_become_lf() {
        assert_eq!(lf("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert!(matches!(lf("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn long_lists_are_shortened_in_messages() {
        let names: Vec<String> = (0..25).map(|i| format!("d{i}")).collect();
        let shown = known(&names);
        assert!(shown.starts_with("d0, d1, "), "{shown}");
        assert!(shown.ends_with("d19 and 5 more"), "{shown}");
        assert_eq!(known(&[]), "(none)");
    }
}
