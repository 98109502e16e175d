//! Import, a `.qdpx` to a tandai project in memory: text sources become documents,
//! `PlainTextSelection`s become paragraph codings, users become coders, notes and
//! descriptions become memos. Nothing is written here ([`super::write_project`]
//! does that).
//!
//! Offsets are Unicode code points with an exclusive end, counted in the text as
//! stored in the archive after decoding: a UTF-8 byte-order mark is not a character
//! of the text, line ends count as they are (CRLF is two). The text is written out
//! unchanged, so tandai's paragraphs of the written file are the paragraphs the
//! selections are mapped to here.
//!
//! A selection codes every paragraph it overlaps. It is *exact* when, leading and
//! trailing white space aside, it starts where its first paragraph starts and ends
//! where its last one ends; *partial* otherwise; *unmapped* when it overlaps no
//! paragraph, its offsets are not numbers or lie past the end, or its source could
//! not be read.

use super::archive::{unpack_project, utf8};
use super::build::{build, normal_guid};
use super::import::parse_document;
use super::not_taken::NotTaken;
use super::project_names::{Users, safe_file_name};
use super::project_notes::{code_memos, note_text, project_memo, referred};
use super::project_offsets::{Mapping, char_to_byte, map_selection};
use super::project_read::{RawProject, RawSelection, RawSource, parse_project};
use super::project_variables::{ImportedAttribute, map_variables};
use super::selection_names::NameCheck;
use super::words;
use super::{Imported, Limits, RefiError};
use crate::core::coding::sidecar::Decisions;
use crate::core::documents::decode::decode;
use crate::core::documents::segment::segment;
use crate::i18n::fill;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

/// A `.qdpx` read into tandai's terms.
#[derive(Debug, Clone, Default)]
pub struct ImportedProject {
    /// The text sources that could be read, in file order.
    pub documents: Vec<ImportedDocument>,
    /// The codebook, when the project has one.
    pub codebook: Option<Imported>,
    /// Every user and the coder name it became, plus any coder made up for codings
    /// without a user.
    pub coders: Vec<CoderMapping>,
    /// Sources not imported, each with the reason.
    pub skipped: Vec<String>,
    /// Selections that could not be mapped, each with the reason (file order).
    pub unmapped: Vec<String>,
    /// Other problems; the import went ahead.
    pub warnings: Vec<String>,
    pub stats: ProjectImportStats,
    /// The program that wrote the file.
    pub origin: Option<String>,
    /// The project's name: the title of the tandai project.
    pub title: Option<String>,
    /// The project's description and notes: the project memo.
    pub memo: String,
    /// The variables, as document attributes (in file order).
    pub attributes: Vec<ImportedAttribute>,
    /// What the file holds that tandai has no place for.
    pub not_taken: NotTaken,
    /// Selection names checked against the text at their offsets.
    pub names: NameCheck,
}

/// One text source as a tandai document.
#[derive(Debug, Clone, Default)]
pub struct ImportedDocument {
    /// The source's name in the project (or its text file's name).
    pub source_name: String,
    /// A safe file name for it ([`safe_file_name`]); the writer may add `-2`...
    pub file_name: String,
    /// The decoded text, as it will be written (UTF-8, no byte-order mark).
    pub text: String,
    /// Each coder's codings and memos on it.
    pub decisions: BTreeMap<String, Decisions>,
    /// The source's GUID as written, kept for re-export.
    pub guid: String,
    /// Its attribute values, from its case(s) and its own variable values.
    pub attributes: BTreeMap<String, String>,
    /// The GUID of its case, when the case is its alone.
    pub case_guid: Option<String>,
}

/// How a REFI user became a tandai coder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoderMapping {
    /// The user's name as written (or its id or GUID when it has no name).
    pub user: String,
    pub guid: String,
    pub coder: String,
}

/// Counts for the one-screen summary of an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectImportStats {
    pub documents: usize,
    pub sources_skipped: usize,
    pub codes: usize,
    pub coders: usize,
    /// Selections in text sources, by how they map to paragraphs.
    pub exact: usize,
    pub partial: usize,
    pub unmapped: usize,
    /// Selections in picture, PDF, audio or video sources: not imported.
    pub non_text: usize,
    /// `Coding` elements on text selections.
    pub codings: usize,
    /// (document, coder, paragraph, code) codings that resulted.
    pub paragraph_codings: usize,
    /// Paragraph and document memos that resulted.
    pub memos: usize,
}

/// Reads a `.qdpx` with the default [`Limits`]; `name` is used in messages only.
pub fn read_qdpx(bytes: &[u8], name: &str) -> Result<ImportedProject, RefiError> {
    read_qdpx_with(bytes, name, &Limits::DEFAULT)
}

/// [`read_qdpx`] with other limits (tests use small ones).
pub fn read_qdpx_with(
    bytes: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<ImportedProject, RefiError> {
    super::import::check_size(bytes, name, limits)?;
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(RefiError::Zip {
            name: name.to_owned(),
            message: words().core_qdpx_not_zip.into(),
        });
    }
    let (entry, xml) = unpack_project(bytes, name, limits)?;
    let shown = format!("{name} ({entry})");
    let text = utf8(&xml, &shown)?;
    let raw = parse_project(text).map_err(|f| f.into_error(text, &shown))?;
    let codebook = read_codebook(text, &shown, limits)?;
    let mut archive = Archive::open(bytes, name, limits)?;
    let mut out = ImportedProject {
        origin: raw.origin.clone(),
        ..ImportedProject::default()
    };
    let users = Users::new(&raw, &mut out);
    let codes = codebook
        .as_ref()
        .map(|b| b.code_guids.clone())
        .unwrap_or_default();
    let notes: HashMap<String, usize> = raw
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| (normal_guid(&n.guid), i))
        .collect();
    let mut ctx = Mapper {
        raw: &raw,
        users,
        codes,
        notes,
        out,
        unknown_codes: 0,
        missing_notes: 0,
    };
    for source in &raw.sources {
        ctx.source(source, &mut archive);
    }
    let mut out = ctx.finish();
    let mut codebook = codebook;
    let missing_code_notes = codebook.as_mut().map_or(0, |b| code_memos(b, &raw));
    if missing_code_notes > 0 {
        out.warnings.push(fill(
            words().core_qdpx_code_notes_missing,
            &[("n", &missing_code_notes)],
        ));
    }
    out.memo = project_memo(&raw, &referred(&raw, codebook.as_ref()));
    out.title = raw
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    place_attributes(&raw, &mut out);
    out.stats.codes = codebook.as_ref().map_or(0, |b| b.stats.codes);
    out.codebook = codebook;
    Ok(out)
}

/// The variables and cases as the documents' attributes, and the counts of what
/// has no place in tandai.
fn place_attributes(raw: &RawProject, out: &mut ImportedProject) {
    let names: HashMap<String, String> = raw
        .sources
        .iter()
        .map(|s| (normal_guid(&s.guid), source_name(s)))
        .collect();
    let mut vars = map_variables(raw, &names, normal_guid);
    for doc in &mut out.documents {
        let key = normal_guid(&doc.guid);
        doc.attributes = vars.values.remove(&key).unwrap_or_default();
        doc.case_guid = vars.case_guids.remove(&key);
    }
    out.attributes = vars.attributes;
    out.warnings.append(&mut vars.warnings);
    out.not_taken = NotTaken {
        sets: raw.sets,
        links: raw.links,
        graphs: raw.graphs,
        source_codings: raw.sources.iter().map(|s| s.source_codings).sum(),
        media_sources: raw.non_text_sources.len(),
        media_selections: raw.non_text_selections,
        case_refs: vars.case_refs,
        cases_without_sources: vars.cases_without_sources,
        unplaced_values: vars.values_elsewhere
            + vars.values.values().map(BTreeMap::len).sum::<usize>(),
    };
}

/// The project's codebook, or None when it has none (a project may have no codes).
fn read_codebook(text: &str, shown: &str, limits: &Limits) -> Result<Option<Imported>, RefiError> {
    let raw = parse_document(text, limits).map_err(|f| f.into_error(text, shown))?;
    match build(raw, shown) {
        Ok(book) => Ok(Some(book)),
        Err(RefiError::NoCodes { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The zip, for reading source texts within the limits. Entry names are only
/// compared, never used as paths.
struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased entry name to index.
    names: HashMap<String, usize>,
    /// Bytes still allowed to be unpacked, over all sources.
    budget: u64,
}

impl<'a> Archive<'a> {
    fn open(bytes: &'a [u8], name: &str, limits: &Limits) -> Result<Archive<'a>, RefiError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| RefiError::Zip {
            name: name.to_owned(),
            message: e.to_string(),
        })?;
        let names = (0..zip.len())
            .filter_map(|i| match zip.name_for_index(i) {
                Some(Ok(n)) => Some((n.to_lowercase(), i)),
                _ => None,
            })
            .collect();
        Ok(Archive {
            zip,
            names,
            budget: limits.max_unpacked,
        })
    }

    /// The bytes of `sources/<file>` (folder name in any case), or why not.
    fn read_source(&mut self, file: &str) -> Result<Vec<u8>, String> {
        let wanted = format!("sources/{file}");
        let index = *self
            .names
            .get(&wanted.to_lowercase())
            .ok_or_else(|| fill(words().core_qdpx_not_in_archive, &[("path", &wanted)]))?;
        let entry = self.zip.by_index(index).map_err(|e| e.to_string())?;
        let cap = self.budget.min(crate::core::project::MAX_DOCUMENT_BYTES);
        if entry.size() > cap {
            return Err(fill(
                words().core_qdpx_source_too_big,
                &[("path", &wanted), ("size", &entry.size()), ("cap", &cap)],
            ));
        }
        let mut data = Vec::new();
        entry
            .take(cap.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| format!("{wanted}: {e}"))?;
        let len = u64::try_from(data.len()).unwrap_or(u64::MAX);
        if len > cap {
            return Err(fill(
                words().core_qdpx_source_over,
                &[("path", &wanted), ("cap", &cap)],
            ));
        }
        self.budget -= len;
        Ok(data)
    }
}

struct Mapper<'r> {
    raw: &'r RawProject,
    users: Users,
    codes: HashMap<String, String>,
    notes: HashMap<String, usize>,
    out: ImportedProject,
    unknown_codes: usize,
    missing_notes: usize,
}

impl Mapper<'_> {
    fn source(&mut self, source: &RawSource, archive: &mut Archive<'_>) {
        let name = source_name(source);
        let text = match source_text(source, archive) {
            Ok((text, note)) => {
                self.out
                    .warnings
                    .extend(note.map(|n| format!("{name}: {n}")));
                text
            }
            Err(reason) => {
                self.out.skipped.push(format!("{name}: {reason}"));
                self.out.stats.sources_skipped += 1;
                for sel in &source.selections {
                    self.unmapped(&name, sel, words().core_qdpx_source_skipped);
                }
                return;
            }
        };
        self.out.names.check(&name, &text, &source.selections);
        let paragraphs = segment(&text);
        let bytes_at = char_to_byte(&text, &source.selections);
        let mut doc = ImportedDocument {
            file_name: safe_file_name(&name),
            source_name: name.clone(),
            guid: source.guid.clone(),
            ..ImportedDocument::default()
        };
        for sel in &source.selections {
            match map_selection(&text, &paragraphs, &bytes_at, sel) {
                Mapping::Exact(ps) => {
                    self.out.stats.exact += 1;
                    self.apply(&mut doc, sel, &ps);
                }
                Mapping::Partial(ps) => {
                    self.out.stats.partial += 1;
                    self.apply(&mut doc, sel, &ps);
                }
                Mapping::Unmapped(reason) => self.unmapped(&name, sel, &reason),
            }
        }
        if source.source_codings > 0 {
            self.out.warnings.push(fill(
                words().core_qdpx_whole_source,
                &[("name", &name), ("n", &source.source_codings)],
            ));
        }
        let owner = source.creating_user.as_deref();
        let memo = self.memo_with(&source.description, &source.note_refs, owner);
        for (coder, text) in memo {
            let d = doc.decisions.entry(coder).or_default();
            append_memo(&mut d.memo, &text);
        }
        doc.text = text;
        self.out.documents.push(doc);
    }

    fn unmapped(&mut self, source: &str, sel: &RawSelection, reason: &str) {
        self.out.stats.unmapped += 1;
        self.out.stats.codings += sel.codings.len();
        self.out.unmapped.push(fill(
            words().core_qdpx_selection,
            &[
                ("source", &source),
                ("start", &sel.start.trim()),
                ("end", &sel.end.trim()),
                ("n", &sel.codings.len()),
                ("reason", &reason),
            ],
        ));
    }

    /// The selection's codings on each of its paragraphs, its memos on the first.
    fn apply(&mut self, doc: &mut ImportedDocument, sel: &RawSelection, paragraphs: &[usize]) {
        let sel_user = sel.creating_user.as_deref();
        let project_user = self.raw.creating_user.as_deref();
        self.out.stats.codings += sel.codings.len();
        for coding in &sel.codings {
            let Some(id) = coding
                .code
                .as_deref()
                .and_then(|g| self.codes.get(&normal_guid(g)))
                .cloned()
            else {
                self.unknown_codes += 1;
                continue;
            };
            let coder = self.users.coder(
                &[coding.creating_user.as_deref(), sel_user, project_user],
                &mut self.out,
            );
            let d = doc.decisions.entry(coder).or_default();
            for &p in paragraphs {
                d.paragraphs.entry(p).or_default().codes.insert(id.clone());
            }
        }
        let mut memos = self.memo_with(&sel.description, &sel.note_refs, sel_user);
        for coding in &sel.codings {
            let owner = coding.creating_user.as_deref().or(sel_user);
            memos.extend(self.memo_with("", &coding.note_refs, owner));
        }
        if let Some(&first) = paragraphs.first() {
            for (coder, text) in memos {
                let d = doc.decisions.entry(coder).or_default();
                append_memo(&mut d.paragraphs.entry(first).or_default().memo, &text);
            }
        }
    }

    /// The description (by `owner`) and the referenced notes (by their own
    /// creators), as (coder, text) in order.
    fn memo_with(
        &mut self,
        description: &str,
        note_refs: &[String],
        owner: Option<&str>,
    ) -> Vec<(String, String)> {
        let raw = self.raw;
        let project_user = raw.creating_user.as_deref();
        let mut memos = Vec::new();
        if !description.trim().is_empty() {
            let coder = self.users.coder(&[owner, project_user], &mut self.out);
            memos.push((coder, description.to_owned()));
        }
        for guid in note_refs {
            let Some(&n) = self.notes.get(&normal_guid(guid)) else {
                self.missing_notes += 1;
                continue;
            };
            let note = &raw.notes[n];
            let text = note_text(note);
            if let Some(text) = text {
                let coder = self.users.coder(
                    &[note.creating_user.as_deref(), owner, project_user],
                    &mut self.out,
                );
                memos.push((coder, text));
            }
        }
        memos
    }

    fn finish(mut self) -> ImportedProject {
        if self.unknown_codes > 0 {
            self.out.warnings.push(fill(
                words().core_qdpx_unknown_codes,
                &[("n", &self.unknown_codes)],
            ));
        }
        if self.missing_notes > 0 {
            self.out.warnings.push(fill(
                words().core_qdpx_notes_missing,
                &[("n", &self.missing_notes)],
            ));
        }
        let mut out = self.out;
        out.stats.non_text = self.raw.non_text_selections;
        out.stats.documents = out.documents.len();
        out.stats.coders = out.coders.len();
        for doc in &mut out.documents {
            doc.decisions.retain(|_, d| {
                d.paragraphs.retain(|_, p| !p.is_empty());
                !d.paragraphs.is_empty() || !d.memo.is_empty()
            });
            for d in doc.decisions.values() {
                out.stats.paragraph_codings +=
                    d.paragraphs.values().map(|p| p.codes.len()).sum::<usize>();
                out.stats.memos += d.paragraphs.values().filter(|p| !p.memo.is_empty()).count();
                out.stats.memos += usize::from(!d.memo.is_empty());
            }
        }
        out
    }
}

fn append_memo(memo: &mut String, text: &str) {
    if !memo.is_empty() {
        memo.push_str("\n\n");
    }
    memo.push_str(text);
}

/// The source's name, else its text file's name, else its GUID.
fn source_name(source: &RawSource) -> String {
    let from_path = || {
        source
            .plain_path
            .as_deref()
            .and_then(|p| p.rsplit(['/', '\\']).next())
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
    };
    source
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(from_path)
        .unwrap_or_else(|| source.guid.clone())
}

/// The source's decoded text and an optional note about how it was found, or why
/// it cannot be read.
fn source_text(
    source: &RawSource,
    archive: &mut Archive<'_>,
) -> Result<(String, Option<String>), String> {
    if let Some(content) = &source.content {
        return Ok((content.clone(), None));
    }
    let Some(path) = source.plain_path.as_deref().map(str::trim) else {
        if let Some(read) = word_text(source, archive, words().core_qdpx_no_plain) {
            return read.map(|(text, note)| (text, Some(note)));
        }
        return Err(match &source.rich_path {
            Some(rich) => fill(words().core_qdpx_rich_only, &[("rich", rich)]),
            None => words().core_qdpx_no_text.to_owned(),
        });
    };
    let (file, note) = match path.split_once("://") {
        Some(("internal", file)) => (file, None),
        Some((scheme, _)) => {
            let path = format!("{path:?}");
            return Err(fill(
                words().core_qdpx_outside,
                &[("scheme", &scheme), ("path", &path)],
            ));
        }
        None => (
            path,
            Some(fill(
                words().core_qdpx_no_internal,
                &[("path", &format!("{path:?}"))],
            )),
        ),
    };
    if file.is_empty() || file.contains(['/', '\\']) || file == ".." || file == "." {
        let path = format!("{path:?}");
        return Err(fill(words().core_qdpx_not_plain_name, &[("path", &path)]));
    }
    let bytes = archive.read_source(file)?;
    let text = decode(&bytes).map_err(|e| format!("sources/{file}: {e}"))?;
    if text.trim().is_empty()
        && let Some(read) = word_text(
            source,
            archive,
            &fill(words().core_qdpx_source_empty, &[("file", &file)]),
        )
    {
        return read.map(|(text, note)| (text, Some(note)));
    }
    Ok((text, note))
}

/// The text of the source's Word file (NVivo's export puts the real text there, beside
/// an empty `.txt`), with a note saying it was used and why; None when the source has
/// no internal `.docx`.
fn word_text(
    source: &RawSource,
    archive: &mut Archive<'_>,
    why: &str,
) -> Option<Result<(String, String), String>> {
    let rich = source.rich_path.as_deref()?.trim();
    let file = rich.strip_prefix("internal://")?;
    if !file.to_ascii_lowercase().ends_with(".docx") || file.contains(['/', '\\']) {
        return None;
    }
    let read = archive.read_source(file).and_then(|bytes| {
        crate::core::documents::extract(crate::core::documents::Format::Docx, bytes)
            .map_err(|e| format!("sources/{file}: {e}"))
    });
    Some(read.map(|e| {
        let note = fill(
            words().core_qdpx_from_word,
            &[("why", &why), ("file", &file)],
        );
        (e.text, note)
    }))
}
