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
use super::ids::derived_guid;
use super::kept_ids::KeptIds;
use super::project_variables::{AttrType, attribute_type};
use super::variables_out::{ExportCase, export_variables, write_cases, write_variables};
use super::words;
use super::{PROJECT_NAMESPACE, RefiError};
use crate::core::analysis::report::Coded;
use crate::core::codebook::{Code, Codebook, Lang, Text};
use crate::core::project::Project;
use crate::i18n::fill;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Cursor, Write};

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

/// One paragraph with something on it, from every coder.
#[derive(Default)]
struct Selection {
    /// Coder to code ids.
    codes: BTreeMap<String, BTreeSet<String>>,
    /// Coder to memo.
    memos: BTreeMap<String, String>,
}

/// A document's selections by paragraph index, and its memos by coder.
#[derive(Default)]
struct DocumentCodings {
    selections: BTreeMap<usize, Selection>,
    memos: BTreeMap<String, String>,
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
    let ids = Ids {
        kept: options.kept,
        codes: book
            .codes
            .iter()
            .map(|c| (c.id.clone(), guid_of(c)))
            .collect(),
    };
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
    let mut texts = Vec::new();
    let mut cases = Vec::new();
    let mut sources = String::new();
    for (i, doc) in project.documents.iter().enumerate() {
        let Ok(content) = &doc.content else {
            warnings.push(fill(
                words().core_qdpx_export_unreadable,
                &[("name", &doc.name)],
            ));
            continue;
        };
        let guid = ids.source(&doc.name);
        let codings = by_doc.get(&i);
        let mut out = SourceOut {
            xml: &mut sources,
            notes: &mut notes,
            stats: &mut stats,
            ids: &ids,
        };
        out.write(doc, &guid, codings);
        texts.push((format!("sources/{guid}.txt"), content.text.as_bytes()));
        cases.push(ExportCase {
            document: &doc.name,
            guid: ids.case(&doc.name),
            source: guid,
        });
        stats.documents += 1;
    }
    write_cases(&mut xml, project, &vars, &cases, &mut warnings);
    if !sources.is_empty() {
        xml.push_str("  <Sources>\n");
        xml.push_str(&sources);
        xml.push_str("  </Sources>\n");
    }
    if !notes.is_empty() {
        xml.push_str("  <Notes>\n");
        xml.push_str(&notes);
        xml.push_str("  </Notes>\n");
    }
    let memo = project.attributes.memo().trim();
    if !memo.is_empty() {
        xml.push_str("  <Description>");
        escape_into(&mut xml, memo, false);
        xml.push_str("</Description>\n");
    }
    xml.push_str("</Project>\n");
    let bytes = zip_archive(&xml, &texts)?;
    Ok(QdpxExport {
        bytes,
        stats,
        warnings,
    })
}

/// The GUIDs of the export: kept ones where an import kept them, else derived.
struct Ids<'a> {
    kept: &'a KeptIds,
    /// Code id to GUID.
    codes: HashMap<String, String>,
}

impl Ids<'_> {
    fn user(&self, coder: &str) -> String {
        self.kept
            .users
            .get(coder)
            .cloned()
            .unwrap_or_else(|| derived_guid("tandai-user", &[coder]))
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

    fn code(&self, id: &str) -> String {
        self.codes
            .get(id)
            .cloned()
            .unwrap_or_else(|| super::ids::code_guid(id))
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
fn gather(
    project: &Project,
    coded: &[Coded],
    warnings: &mut Vec<String>,
) -> BTreeMap<usize, DocumentCodings> {
    let mut by_doc: BTreeMap<usize, DocumentCodings> = BTreeMap::new();
    for c in coded {
        let doc = by_doc.entry(c.document).or_default();
        if !c.decisions.memo.is_empty() {
            doc.memos.insert(c.coder.clone(), c.decisions.memo.clone());
        }
        for (&i, d) in &c.decisions.paragraphs {
            let sel = doc.selections.entry(i).or_default();
            if !d.codes.is_empty() {
                sel.codes.insert(c.coder.clone(), d.codes.clone());
            }
            if !d.memo.is_empty() {
                sel.memos.insert(c.coder.clone(), d.memo.clone());
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

/// Where one source's XML, its notes and the counts go.
struct SourceOut<'a> {
    xml: &'a mut String,
    notes: &'a mut String,
    stats: &'a mut ExportStats,
    ids: &'a Ids<'a>,
}

impl SourceOut<'_> {
    fn write(
        &mut self,
        doc: &crate::core::project::Document,
        guid: &str,
        codings: Option<&DocumentCodings>,
    ) {
        let xml = &mut *self.xml;
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
            push_note_ref(self.xml, &note, 6);
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
        let key = [doc, &i.to_string()];
        let first = sel.codes.keys().chain(sel.memos.keys()).min();
        let ids = self.ids;
        let xml = &mut *self.xml;
        xml.push_str("      <PlainTextSelection");
        push_attr(xml, "guid", &derived_guid("tandai-selection", &key));
        push_attr(xml, "name", &format!("{doc} paragraph {}", i + 1));
        push_attr(xml, "startPosition", &p.chars().start.to_string());
        push_attr(xml, "endPosition", &p.chars().end.to_string());
        if let Some(coder) = first {
            push_attr(xml, "creatingUser", &ids.user(coder));
        }
        xml.push_str(">\n");
        self.stats.selections += 1;
        for (coder, codes) in &sel.codes {
            for id in codes {
                xml.push_str("        <Coding");
                push_attr(
                    xml,
                    "guid",
                    &derived_guid("tandai-coding", &[key[0], key[1], coder, id]),
                );
                push_attr(xml, "creatingUser", &ids.user(coder));
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
            push_note_ref(self.xml, &note, 8);
        }
        self.xml.push_str("      </PlainTextSelection>\n");
    }

    fn note(&mut self, guid: &str, name: &str, coder: &str, memo: &str) {
        let notes = &mut *self.notes;
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

fn push_note_ref(xml: &mut String, guid: &str, indent: usize) {
    xml.push_str(&" ".repeat(indent));
    xml.push_str("<NoteRef");
    push_attr(xml, "targetGUID", guid);
    xml.push_str("/>\n");
}

/// `project.qde` and the texts in a zip with fixed dates and permissions, so that
/// the archive's bytes depend on the content only.
fn zip_archive(xml: &str, texts: &[(String, &[u8])]) -> Result<Vec<u8>, RefiError> {
    let fail = |e: &dyn std::fmt::Display| RefiError::Zip {
        name: "export".to_owned(),
        message: e.to_string(),
    };
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("project.qde", options)
        .map_err(|e| fail(&e))?;
    zip.write_all(xml.as_bytes()).map_err(|e| fail(&e))?;
    for (name, bytes) in texts {
        zip.start_file(name.as_str(), options)
            .map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_get_a_code_with_their_id() {
        let mut by_doc = BTreeMap::new();
        let mut doc = DocumentCodings::default();
        let mut sel = Selection::default();
        sel.codes
            .insert("ana".into(), BTreeSet::from(["lost.code".to_owned()]));
        doc.selections.insert(0, sel);
        by_doc.insert(0, doc);
        let book = with_unknown_codes(&Codebook::default(), &by_doc);
        assert_eq!(book.codes.len(), 1);
        let desc = super::super::marker::description(&book.codes[0], Lang::En);
        assert!(desc.contains("[tandai id=lost.code "), "{desc}");
    }
}
