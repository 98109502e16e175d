//! Export: a whole tandai project as a REFI-QDA project (`.qdpx`): the codebook
//! (code memos as notes), the attributes as variables and one case per document
//! ([`super::project_variables`]), every readable document as a text source, each
//! coded paragraph as one `PlainTextSelection` at the paragraph's code-point
//! offsets, one `Coding` per (coder, code), coders as users, memos as notes, the
//! project memo as the project's description.
//!
//! The plain text of a source is the document's decoded text (byte-order mark
//! dropped, line ends kept as in the file), which is exactly what tandai's
//! paragraph offsets count in. Deterministic: GUIDs are the ones another program
//! gave (kept by an import: the codebook's `guid`, [`KeptIds`]) or derived from
//! names ([`derived_guid`]), no timestamps are written, and zip entries carry a
//! fixed date, so the same project gives the same bytes.

use super::export::{code_memo_guid, escape_into, guid_of, push_attr, write_codes};
use super::ids::{Guid, derived_guid};
use super::kept_ids::KeptIds;
use super::project_variables::{AttrType, attribute_type};
use super::variables_out::{ExportCase, export_variables, write_cases, write_variables};
use super::words;
use super::{PROJECT_NAMESPACE, RefiError};
use crate::core::analysis::report::Coded;
use crate::core::codebook::{Code, Codebook, Lang, Text};
use crate::core::exchange::zipped::deflated_while;
use crate::core::project::Project;
use crate::i18n::fill;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Cursor;
use zip::PreparedZipFile;

/// What [`export_qdpx`] wrote.
#[derive(Debug, Clone)]
pub struct QdpxExport {
    /// The `.qdpx` archive.
    pub bytes: Vec<u8>,
    pub stats: ExportStats,
    /// What was left out, and why (unreadable documents, detached codings).
    pub warnings: Vec<String>,
}

/// Counts of what a `.qdpx` export holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportStats {
    pub documents: usize,
    pub users: usize,
    pub codes: usize,
    pub selections: usize,
    pub codings: usize,
    pub notes: usize,
}

impl ExportStats {
    /// Adds one source's selections, codings and notes.
    fn add(&mut self, source: &ExportStats) {
        self.selections += source.selections;
        self.codings += source.codings;
        self.notes += source.notes;
    }
}

/// One paragraph with something on it, from every coder (borrowed from what
/// [`crate::core::analysis::report::collect`] read).
#[derive(Default)]
struct Selection<'a> {
    /// Coder to code ids.
    codes: BTreeMap<&'a str, &'a BTreeSet<String>>,
    /// Coder to memo.
    memos: BTreeMap<&'a str, &'a str>,
}

/// A document's selections by paragraph index, and its memos by coder.
#[derive(Default)]
struct DocumentCodings<'a> {
    selections: BTreeMap<usize, Selection<'a>>,
    memos: BTreeMap<&'a str, &'a str>,
}

/// How [`export_qdpx_with`] exports.
pub struct QdpxOptions<'a> {
    /// The language of code names and descriptions.
    pub lang: Lang,
    /// GUIDs kept from another program ([`KeptIds::load`]).
    pub kept: &'a KeptIds,
    /// The type of each attribute ([`attribute_type`]).
    pub kind_of: &'a dyn Fn(&str) -> AttrType,
}

/// The project as a `.qdpx`, code names and descriptions in `lang`. `coded` is what
/// [`crate::core::analysis::report::collect`] read (one coder's sidecars or everyone's). The
/// project's kept GUIDs are read from its `tandai-refi.json`; attributes are typed
/// by [`attribute_type`].
pub fn export_qdpx(
    project: &Project,
    book: &Codebook,
    coded: &[Coded],
    lang: Lang,
) -> Result<QdpxExport, RefiError> {
    let (kept, problems) = KeptIds::load(project);
    let kind_of = |name: &str| attribute_type(project, name);
    let options = QdpxOptions {
        lang,
        kept: &kept,
        kind_of: &kind_of,
    };
    let mut export = export_qdpx_with(project, book, coded, &options)?;
    export.warnings.extend(problems);
    Ok(export)
}

/// [`export_qdpx`] with the GUIDs and attribute types given.
///
/// The work is a pipeline, because a large project's `project.qde` runs to hundreds
/// of megabytes: documents are written [`BATCH`] at a time on every core, and each
/// batch's XML goes to a thread that compresses it while the next is written; the
/// source texts are compressed on every core once the XML is done. The bytes do not
/// depend on the number of cores: batches are fixed and put together in order.
pub fn export_qdpx_with(
    project: &Project,
    book: &Codebook,
    coded: &[Coded],
    options: &QdpxOptions<'_>,
) -> Result<QdpxExport, RefiError> {
    let mut warnings = Vec::new();
    let by_doc = gather(project, coded, &mut warnings);
    let book = with_unknown_codes(book, &by_doc);
    let coders: BTreeSet<&str> = coded.iter().map(|c| c.coder.as_str()).collect();
    let ids = Ids::new(options.kept, &book, &coders);
    let mut stats = ExportStats {
        users: coders.len(),
        codes: book.codes.len(),
        ..ExportStats::default()
    };
    let mut xml = String::with_capacity(4096);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"");
    xml.push_str(PROJECT_NAMESPACE);
    xml.push('"');
    push_attr(&mut xml, "name", &project_name(project));
    push_attr(
        &mut xml,
        "origin",
        &format!("tandai {}", env!("CARGO_PKG_VERSION")),
    );
    xml.push_str(">\n");
    write_users(&mut xml, &coders, &ids);
    let mut notes = String::new();
    if !book.codes.is_empty() {
        xml.push_str("  <CodeBook>\n    <Codes>\n");
        write_codes(&mut xml, &book, options.lang, 6);
        xml.push_str("    </Codes>\n  </CodeBook>\n");
        stats.notes += write_code_memos(&mut notes, &book, options.lang);
    }
    let names = crate::core::exchange::export::attribute_names(project);
    let vars = export_variables(project, &names, options.kind_of, &options.kept.variables);
    write_variables(&mut xml, &vars);
    let mut sources: Vec<SourceDoc<'_>> = Vec::new();
    for (i, doc) in project.documents.iter().enumerate() {
        match &doc.content {
            Ok(content) => sources.push(SourceDoc {
                index: i,
                doc,
                text: content.text.as_bytes(),
                guid: ids.source(&doc.name),
            }),
            Err(_) => warnings.push(fill(
                words().core_qdpx_export_unreadable,
                &[("name", &doc.name)],
            )),
        }
    }
    let cases: Vec<ExportCase<'_>> = sources
        .iter()
        .map(|s| ExportCase {
            document: &s.doc.name,
            guid: ids.case(&s.doc.name),
            source: s.guid.clone(),
        })
        .collect();
    write_cases(&mut xml, project, &vars, &cases, &mut warnings);
    drop(cases);
    stats.documents = sources.len();
    if !sources.is_empty() {
        xml.push_str("  <Sources>\n");
    }
    let memo = project.attributes.memo().trim();
    let zip_options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(LEVEL))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let (qde, texts) = deflated_while("project.qde", zip_options, |parts| {
        let mut sent = parts.send(vec![xml]);
        for batch in sources.chunks(BATCH) {
            if !sent {
                break;
            }
            let built = crate::core::parallel::map(batch, |s| {
                SourceOut::build(s.doc, &s.guid, by_doc.get(&s.index), &ids)
            });
            let mut chunk = Vec::with_capacity(built.len());
            for b in built {
                notes.push_str(&b.notes);
                stats.add(&b.stats);
                chunk.push(b.xml);
            }
            sent = parts.send(chunk);
        }
        let mut tail = String::new();
        if !sources.is_empty() {
            tail.push_str("  </Sources>\n");
        }
        if !notes.is_empty() {
            tail.push_str("  <Notes>\n");
            tail.push_str(&notes);
            tail.push_str("  </Notes>\n");
        }
        if !memo.is_empty() {
            tail.push_str("  <Description>");
            escape_into(&mut tail, memo, false);
            tail.push_str("</Description>\n");
        }
        tail.push_str("</Project>\n");
        parts.send(vec![tail]);
        // project.qde is finished on its thread while the texts are compressed.
        parts.close();
        crate::core::parallel::map(&sources, |s| {
            PreparedZipFile::from_data(format!("sources/{}.txt", s.guid), zip_options, s.text)
        })
    });
    let bytes = zip_archive(qde, texts).map_err(|e| RefiError::Zip {
        name: "export".to_owned(),
        message: e.to_string(),
    })?;
    Ok(QdpxExport {
        bytes,
        stats,
        warnings,
    })
}

/// Documents written at a time before their XML goes to the compressing thread.
const BATCH: usize = 256;

/// The deflate level of every entry. A large project's `project.qde` is hundreds of
/// megabytes of repetitive markup: level 1 takes a third of the time of the default
/// 6 for an archive about a fifth larger (BENCHMARKS.md, issue 12).
const LEVEL: i64 = 1;

/// A readable document the export writes as a source.
struct SourceDoc<'a> {
    index: usize,
    doc: &'a crate::core::project::Document,
    text: &'a [u8],
    guid: String,
}

/// The GUIDs of the export: kept ones where an import kept them, else derived.
struct Ids<'a> {
    kept: &'a KeptIds,
    /// Code id to GUID.
    codes: HashMap<String, String>,
    /// Coder to GUID, made once: every selection and coding names its coder.
    users: HashMap<String, String>,
}

impl<'a> Ids<'a> {
    fn new(kept: &'a KeptIds, book: &Codebook, coders: &BTreeSet<&str>) -> Ids<'a> {
        let users = coders
            .iter()
            .map(|&coder| (coder.to_owned(), Self::user_guid(kept, coder)))
            .collect();
        Ids {
            kept,
            codes: book
                .codes
                .iter()
                .map(|c| (c.id.clone(), guid_of(c)))
                .collect(),
            users,
        }
    }

    fn user_guid(kept: &KeptIds, coder: &str) -> String {
        kept.users
            .get(coder)
            .cloned()
            .unwrap_or_else(|| derived_guid("tandai-user", &[coder]))
    }

    fn user(&self, coder: &str) -> Cow<'_, str> {
        match self.users.get(coder) {
            Some(guid) => Cow::Borrowed(guid),
            None => Cow::Owned(Self::user_guid(self.kept, coder)),
        }
    }

    fn source(&self, document: &str) -> String {
        self.kept
            .sources
            .get(document)
            .cloned()
            .unwrap_or_else(|| derived_guid("tandai-source", &[document]))
    }

    fn case(&self, document: &str) -> String {
        self.kept
            .cases
            .get(document)
            .cloned()
            .unwrap_or_else(|| derived_guid("tandai-case", &[document]))
    }

    fn code(&self, id: &str) -> Cow<'_, str> {
        match self.codes.get(id) {
            Some(guid) => Cow::Borrowed(guid),
            None => Cow::Owned(super::ids::code_guid(id)),
        }
    }
}

/// A note for each code memo; returns how many.
fn write_code_memos(notes: &mut String, book: &Codebook, lang: Lang) -> usize {
    let mut n = 0;
    for code in book.codes.iter().filter(|c| !c.memo.trim().is_empty()) {
        let title = format!("Memo on code {}", code.label.get(lang));
        notes.push_str("    <Note");
        push_attr(notes, "guid", &code_memo_guid(code));
        push_attr(notes, "name", &title);
        notes.push_str(">\n      <PlainTextContent>");
        escape_into(notes, &code.memo, false);
        notes.push_str("</PlainTextContent>\n    </Note>\n");
        n += 1;
    }
    n
}

/// The project's title from `project.json`, else its folder's name.
fn project_name(project: &Project) -> String {
    if !project.attributes.title.trim().is_empty() {
        return project.attributes.title.clone();
    }
    project
        .root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "tandai project".to_owned())
}

/// Every coder's codings and memos by document and paragraph. Detached codings
/// (their paragraph changed beyond recognition) have no offsets, so they are named
/// in a warning and left out.
fn gather<'a>(
    project: &Project,
    coded: &'a [Coded],
    warnings: &mut Vec<String>,
) -> BTreeMap<usize, DocumentCodings<'a>> {
    let mut by_doc: BTreeMap<usize, DocumentCodings<'a>> = BTreeMap::new();
    for c in coded {
        let doc = by_doc.entry(c.document).or_default();
        if !c.decisions.memo.is_empty() {
            doc.memos.insert(&c.coder, &c.decisions.memo);
        }
        for (&i, d) in &c.decisions.paragraphs {
            let sel = doc.selections.entry(i).or_default();
            if !d.codes.is_empty() {
                sel.codes.insert(&c.coder, &d.codes);
            }
            if !d.memo.is_empty() {
                sel.memos.insert(&c.coder, &d.memo);
            }
        }
        if !c.decisions.detached.is_empty() {
            let name = project
                .documents
                .get(c.document)
                .map_or("?", |d| d.name.as_str());
            warnings.push(fill(
                words().core_qdpx_export_detached,
                &[
                    ("name", &name),
                    ("n", &c.decisions.detached.len()),
                    ("coder", &c.coder),
                ],
            ));
        }
    }
    by_doc
}

/// The codebook plus a top-level code for every applied id it does not know, so
/// that no coding points at a code the file lacks.
fn with_unknown_codes(book: &Codebook, by_doc: &BTreeMap<usize, DocumentCodings>) -> Codebook {
    let unknown: BTreeSet<&str> = by_doc
        .values()
        .flat_map(|d| d.selections.values())
        .flat_map(|s| s.codes.values())
        .copied()
        .flatten()
        .map(String::as_str)
        .filter(|id| book.get(id).is_none())
        .collect();
    let mut book = book.clone();
    for id in unknown {
        let label = Text {
            en: id.to_owned(),
            id: id.to_owned(),
        };
        book.codes.push(Code {
            id: id.to_owned(),
            label,
            codable: true,
            ..Code::default()
        });
    }
    book.reindex();
    book
}

fn write_users(xml: &mut String, coders: &BTreeSet<&str>, ids: &Ids<'_>) {
    if coders.is_empty() {
        return;
    }
    xml.push_str("  <Users>\n");
    for coder in coders {
        xml.push_str("    <User");
        push_attr(xml, "guid", &ids.user(coder));
        push_attr(xml, "name", coder);
        xml.push_str("/>\n");
    }
    xml.push_str("  </Users>\n");
}

/// One source's XML, its notes and their counts, written on any thread.
struct SourceOut<'a> {
    xml: String,
    notes: String,
    stats: ExportStats,
    ids: &'a Ids<'a>,
}

impl<'a> SourceOut<'a> {
    fn build(
        doc: &crate::core::project::Document,
        guid: &str,
        codings: Option<&DocumentCodings>,
        ids: &'a Ids<'a>,
    ) -> SourceOut<'a> {
        let mut out = SourceOut {
            xml: String::new(),
            notes: String::new(),
            stats: ExportStats::default(),
            ids,
        };
        out.write(doc, guid, codings);
        out
    }

    fn write(
        &mut self,
        doc: &crate::core::project::Document,
        guid: &str,
        codings: Option<&DocumentCodings>,
    ) {
        let xml = &mut self.xml;
        xml.push_str("    <TextSource");
        push_attr(xml, "guid", guid);
        push_attr(xml, "name", &doc.name);
        push_attr(xml, "plainTextPath", &format!("internal://{guid}.txt"));
        let Some(codings) = codings.filter(|c| !c.selections.is_empty() || !c.memos.is_empty())
        else {
            xml.push_str("/>\n");
            return;
        };
        xml.push_str(">\n");
        let content = doc.content.as_ref().ok();
        for (&i, sel) in &codings.selections {
            if let Some(p) = content.and_then(|c| c.paragraphs.get(i)) {
                self.selection(&doc.name, i, p, sel);
            }
        }
        for (coder, memo) in &codings.memos {
            let note = derived_guid("tandai-note", &[&doc.name, "document", coder]);
            let title = format!("Memo by {coder} on {}", doc.name);
            self.note(&note, &title, coder, memo);
            push_note_ref(&mut self.xml, &note, 6);
        }
        self.xml.push_str("    </TextSource>\n");
    }

    fn selection(
        &mut self,
        doc: &str,
        i: usize,
        p: &crate::core::documents::segment::Paragraph,
        sel: &Selection,
    ) {
        let number = i.to_string();
        let key = [doc, number.as_str()];
        let first = sel.codes.keys().chain(sel.memos.keys()).min();
        let ids = self.ids;
        let xml = &mut self.xml;
        let chars = p.chars();
        xml.push_str("      <PlainTextSelection");
        push_guid(xml, "guid", &Guid::derive("tandai-selection", &key));
        xml.push_str(" name=\"");
        escape_into(xml, doc, true);
        let _ = write!(
            xml,
            " paragraph {}\" startPosition=\"{}\" endPosition=\"{}\"",
            i + 1,
            chars.start,
            chars.end
        );
        if let Some(coder) = first {
            push_attr(xml, "creatingUser", &ids.user(coder));
        }
        xml.push_str(">\n");
        self.stats.selections += 1;
        for (coder, codes) in &sel.codes {
            let user = ids.user(coder);
            for id in *codes {
                xml.push_str("        <Coding");
                push_guid(
                    xml,
                    "guid",
                    &Guid::derive("tandai-coding", &[key[0], key[1], coder, id]),
                );
                push_attr(xml, "creatingUser", &user);
                xml.push_str(">\n          <CodeRef");
                push_attr(xml, "targetGUID", &ids.code(id));
                xml.push_str("/>\n        </Coding>\n");
                self.stats.codings += 1;
            }
        }
        for (coder, memo) in &sel.memos {
            let note = derived_guid("tandai-note", &[key[0], key[1], coder]);
            let title = format!("Memo by {coder} on {doc} paragraph {}", i + 1);
            self.note(&note, &title, coder, memo);
            push_note_ref(&mut self.xml, &note, 8);
        }
        self.xml.push_str("      </PlainTextSelection>\n");
    }

    fn note(&mut self, guid: &str, name: &str, coder: &str, memo: &str) {
        let notes = &mut self.notes;
        notes.push_str("    <Note");
        push_attr(notes, "guid", guid);
        push_attr(notes, "name", name);
        push_attr(notes, "creatingUser", &self.ids.user(coder));
        notes.push_str(">\n      <PlainTextContent>");
        escape_into(notes, memo, false);
        notes.push_str("</PlainTextContent>\n    </Note>\n");
        self.stats.notes += 1;
    }
}

/// An attribute whose value is a derived GUID: hex digits and dashes, nothing to
/// escape.
fn push_guid(xml: &mut String, name: &str, guid: &Guid) {
    xml.push(' ');
    xml.push_str(name);
    xml.push_str("=\"");
    xml.push_str(guid.as_str());
    xml.push('"');
}

fn push_note_ref(xml: &mut String, guid: &str, indent: usize) {
    xml.push_str(&" ".repeat(indent));
    xml.push_str("<NoteRef");
    push_attr(xml, "targetGUID", guid);
    xml.push_str("/>\n");
}

/// `project.qde` and the texts, compressed already, in a zip with fixed dates and
/// permissions, so that the archive's bytes depend on the content only.
fn zip_archive(
    qde: zip::result::ZipResult<PreparedZipFile>,
    texts: Vec<zip::result::ZipResult<PreparedZipFile>>,
) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.add_prepared_file(qde?)?;
    for text in texts {
        zip.add_prepared_file(text?)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_get_a_code_with_their_id() {
        let mut by_doc = BTreeMap::new();
        let mut doc = DocumentCodings::default();
        let mut sel = Selection::default();
        let codes = BTreeSet::from(["lost.code".to_owned()]);
        sel.codes.insert("ana", &codes);
        doc.selections.insert(0, sel);
        by_doc.insert(0, doc);
        let book = with_unknown_codes(&Codebook::default(), &by_doc);
        assert_eq!(book.codes.len(), 1);
        let desc = super::super::marker::description(&book.codes[0], Lang::En);
        assert!(desc.contains("[tandai id=lost.code "), "{desc}");
    }
}
