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
use super::project_read::{RawProject, RawSelection, RawSource, parse_project};
use super::{Imported, Limits, RefiError};
use crate::core::decode::decode;
use crate::core::segment::{Paragraph, segment};
use crate::core::sidecar::{Decisions, valid_coder};
use std::collections::{BTreeMap, HashMap, HashSet};
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

/// The coder for codings and memos that name no user at all.
const NO_USER_CODER: &str = "imported";

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
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_input {
        return Err(RefiError::TooLarge {
            name: name.to_owned(),
            size,
            max: limits.max_input,
        });
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(RefiError::Zip {
            name: name.to_owned(),
            message: "not a zip archive; a .qdpx is a zip file holding project.qde".into(),
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
    out.stats.codes = codebook.as_ref().map_or(0, |b| b.stats.codes);
    out.codebook = codebook;
    Ok(out)
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
            .ok_or_else(|| format!("{wanted} is missing from the archive"))?;
        let entry = self.zip.by_index(index).map_err(|e| e.to_string())?;
        let cap = self.budget.min(crate::core::project::MAX_DOCUMENT_BYTES);
        if entry.size() > cap {
            return Err(format!(
                "{wanted} unpacks to {} bytes, over the {cap}-byte limit",
                entry.size()
            ));
        }
        let mut data = Vec::new();
        entry
            .take(cap.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| format!("{wanted}: {e}"))?;
        let len = u64::try_from(data.len()).unwrap_or(u64::MAX);
        if len > cap {
            return Err(format!("{wanted} unpacks to more than {cap} bytes"));
        }
        self.budget -= len;
        Ok(data)
    }
}

/// Users by GUID and their coder names.
struct Users {
    by_guid: HashMap<String, String>,
    taken: HashSet<String>,
    fallback: Option<String>,
}

impl Users {
    fn new(raw: &RawProject, out: &mut ImportedProject) -> Users {
        let mut users = Users {
            by_guid: HashMap::new(),
            taken: HashSet::new(),
            fallback: None,
        };
        for user in &raw.users {
            let shown = user
                .name
                .as_deref()
                .or(user.id.as_deref())
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(&user.guid)
                .to_owned();
            let guid = normal_guid(&user.guid);
            if users.by_guid.contains_key(&guid) {
                out.warnings
                    .push(format!("user {shown:?}: GUID {} is used twice", user.guid));
                continue;
            }
            let coder = users.claim(&coder_name(&shown));
            users.by_guid.insert(guid, coder.clone());
            out.coders.push(CoderMapping {
                user: shown,
                guid: user.guid.clone(),
                coder,
            });
        }
        users
    }

    /// A unique coder name (case-insensitively, for case-insensitive file systems).
    fn claim(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while self.taken.contains(&name.to_lowercase()) {
            let suffix = format!("-{n}");
            let mut stem = base.to_owned();
            stem.truncate(40 - suffix.len());
            name = format!("{stem}{suffix}");
            n += 1;
        }
        self.taken.insert(name.to_lowercase());
        name
    }

    /// The coder of the first GUID given that is a user; a GUID that is not among the
    /// users gets a coder of its own; no GUID at all gives [`NO_USER_CODER`].
    fn coder(&mut self, guids: &[Option<&str>], out: &mut ImportedProject) -> String {
        if let Some(guid) = guids.iter().flatten().next() {
            let key = normal_guid(guid);
            if let Some(coder) = self.by_guid.get(&key) {
                return coder.clone();
            }
            let prefix: String = key
                .chars()
                .filter(char::is_ascii_hexdigit)
                .take(8)
                .collect();
            let coder = self.claim(&format!("user-{prefix}"));
            self.by_guid.insert(key, coder.clone());
            out.coders.push(CoderMapping {
                user: format!("(not among the users: {guid})"),
                guid: (*guid).to_owned(),
                coder: coder.clone(),
            });
            return coder;
        }
        if let Some(coder) = &self.fallback {
            return coder.clone();
        }
        let coder = self.claim(NO_USER_CODER);
        self.fallback = Some(coder.clone());
        out.coders.push(CoderMapping {
            user: "(no user named)".into(),
            guid: String::new(),
            coder: coder.clone(),
        });
        coder
    }
}

/// A valid coder name for a user name: the name itself when it is one, else its
/// letters and digits (accents dropped) joined by `-`, at most 40 characters.
fn coder_name(user: &str) -> String {
    if valid_coder(user) {
        return user.to_owned();
    }
    let mut name = super::ids::slug(user);
    if name == "code" && !user.to_lowercase().contains("code") {
        name = "user".to_owned();
    }
    name.truncate(40);
    let name = name.trim_end_matches('-').to_owned();
    if valid_coder(&name) {
        name
    } else {
        "user".to_owned()
    }
}

/// A safe file name for a source: its name with path separators, control and
/// reserved characters replaced, no leading dot, at most 100 bytes, ending in `.txt`
/// (or `.md` when the name does). Another extension (`.docx`, `.pdf`) is replaced.
pub fn safe_file_name(source: &str) -> String {
    let lower = source.to_lowercase();
    let (stem, ext) = if lower.ends_with(".txt") || lower.ends_with(".md") {
        let dot = source.rfind('.').unwrap_or(source.len());
        (&source[..dot], &source[dot..])
    } else {
        let stem = match source.rfind('.') {
            Some(dot)
                if (2..=6).contains(&(source.len() - dot))
                    && source[dot + 1..].bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                &source[..dot]
            }
            _ => source,
        };
        (stem, ".txt")
    };
    let mut out = String::new();
    for c in stem.chars() {
        let bad = c.is_control()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if !bad {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let mut stem = out
        .trim_start_matches(['.', ' ', '_', '-'])
        .trim_end_matches(['.', ' '])
        .to_owned();
    let mut end = stem.len().min(100);
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    stem.truncate(end);
    if stem.is_empty() {
        stem = "document".to_owned();
    }
    let reserved = ["con", "prn", "aux", "nul", "com1", "lpt1"];
    if reserved.contains(&stem.to_lowercase().as_str()) {
        stem.insert(0, '_');
    }
    format!("{stem}{}", ext.to_lowercase())
}

/// How one selection maps to paragraphs.
enum Mapping {
    Exact(Vec<usize>),
    Partial(Vec<usize>),
    Unmapped(String),
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
                    self.unmapped(&name, sel, "its source was not imported");
                }
                return;
            }
        };
        let paragraphs = segment(&text);
        let bytes_at = char_to_byte(&text, &source.selections);
        let mut doc = ImportedDocument {
            file_name: safe_file_name(&name),
            source_name: name.clone(),
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
            self.out.warnings.push(format!(
                "{name}: {} codings of the whole source (not of a passage) were not imported",
                source.source_codings
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
        self.out.unmapped.push(format!(
            "{source}: selection {}-{} ({} codings): {reason}",
            sel.start.trim(),
            sel.end.trim(),
            sel.codings.len()
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
        let memos = self.memo_with(&sel.description, &sel.note_refs, sel_user);
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
            let text = [
                note.content.as_str(),
                &note.description,
                note.name.as_deref().unwrap_or(""),
            ]
            .into_iter()
            .find(|t| !t.trim().is_empty())
            .map(str::to_owned);
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
            self.out.warnings.push(format!(
                "{} codings refer to codes that are not in the codebook; they were left out",
                self.unknown_codes
            ));
        }
        if self.missing_notes > 0 {
            self.out.warnings.push(format!(
                "{} note references point at notes that are not in the project",
                self.missing_notes
            ));
        }
        if self.raw.non_text_selections > 0 || !self.raw.non_text_sources.is_empty() {
            self.out.warnings.push(format!(
                "{} picture, PDF, audio or video sources and their {} selections were not imported; tandai codes text",
                self.raw.non_text_sources.len(),
                self.raw.non_text_selections
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
        return Err(match &source.rich_path {
            Some(rich) => format!(
                "only a rich-text version ({rich}) is in the project; tandai reads plain text"
            ),
            None => "the source has neither plainTextPath nor PlainTextContent".to_owned(),
        });
    };
    let (file, note) = match path.split_once("://") {
        Some(("internal", file)) => (file, None),
        Some((scheme, _)) => {
            return Err(format!(
                "its text is outside the archive ({scheme}:// path {path:?}); only internal:// texts are read"
            ));
        }
        None => (
            path,
            Some(format!(
                "plainTextPath {path:?} lacks internal://; read from sources/ anyway"
            )),
        ),
    };
    if file.is_empty() || file.contains(['/', '\\']) || file == ".." || file == "." {
        return Err(format!(
            "plainTextPath {path:?} is not a plain file name; refused"
        ));
    }
    let bytes = archive.read_source(file)?;
    let text = decode(&bytes).map_err(|e| format!("sources/{file}: {e}"))?;
    Ok((text, note))
}

/// Byte offsets of the code-point offsets the selections use, in one pass.
fn char_to_byte(text: &str, selections: &[RawSelection]) -> HashMap<usize, usize> {
    let mut wanted: Vec<usize> = selections
        .iter()
        .flat_map(|s| [parse_offset(&s.start), parse_offset(&s.end)])
        .flatten()
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = HashMap::with_capacity(wanted.len());
    let mut want = wanted.into_iter().peekable();
    for (n, (byte, _)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
        while want.peek() == Some(&n) {
            out.insert(n, byte);
            want.next();
        }
        if want.peek().is_none() {
            break;
        }
    }
    out
}

fn parse_offset(value: &str) -> Option<usize> {
    value.trim().parse().ok()
}

fn map_selection(
    text: &str,
    paragraphs: &[Paragraph],
    bytes_at: &HashMap<usize, usize>,
    sel: &RawSelection,
) -> Mapping {
    let (Some(start), Some(end)) = (parse_offset(&sel.start), parse_offset(&sel.end)) else {
        return Mapping::Unmapped(
            "startPosition or endPosition is not a non-negative whole number".into(),
        );
    };
    if start >= end {
        return Mapping::Unmapped("it is empty (start is not before end)".into());
    }
    let (Some(&b_start), Some(&b_end)) = (bytes_at.get(&start), bytes_at.get(&end)) else {
        let chars = text.chars().count();
        return Mapping::Unmapped(format!(
            "it ends past the end of the text ({chars} characters)"
        ));
    };
    let first = paragraphs.partition_point(|p| p.chars.end <= start);
    let last = paragraphs.partition_point(|p| p.chars.start < end);
    if first >= last {
        return Mapping::Unmapped("it covers no paragraph (only blank lines)".into());
    }
    let selected = &text[b_start..b_end];
    let sel_start = b_start + (selected.len() - selected.trim_start().len());
    let sel_end = b_start + selected.trim_end().len();
    let para_start = |p: &Paragraph| {
        let t = p.text(text);
        p.bytes.start + (t.len() - t.trim_start().len())
    };
    let para_end = |p: &Paragraph| p.bytes.start + p.text(text).trim_end().len();
    let indices: Vec<usize> = (first..last).collect();
    if sel_start == para_start(&paragraphs[first]) && sel_end == para_end(&paragraphs[last - 1]) {
        Mapping::Exact(indices)
    } else {
        Mapping::Partial(indices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(safe_file_name("Mabel.txt"), "Mabel.txt");
        assert_eq!(safe_file_name("Simon.docx"), "Simon.txt");
        assert_eq!(safe_file_name("notes.MD"), "notes.md");
        assert_eq!(safe_file_name("../../etc/passwd"), "etc_passwd.txt");
        assert_eq!(safe_file_name("..\\a:b"), "a_b.txt");
        assert_eq!(safe_file_name(".hidden"), "hidden.txt");
        assert_eq!(safe_file_name(""), "document.txt");
        assert_eq!(safe_file_name("CON"), "_CON.txt");
        assert_eq!(safe_file_name("Mabêl 2ième.txt"), "Mabêl 2ième.txt");
        assert_eq!(safe_file_name("a\u{202E}b\nc"), "a_b_c.txt");
        assert!(safe_file_name(&"é".repeat(300)).len() <= 104);
    }

    #[test]
    fn coder_names_are_valid() {
        assert_eq!(coder_name("ana_2"), "ana_2");
        assert_eq!(coder_name("Friedrich Markgraf"), "friedrich-markgraf");
        assert_eq!(coder_name("ATLAS.ti"), "atlas-ti");
        assert_eq!(coder_name("日本"), "user");
        assert_eq!(coder_name("-x"), "x");
        assert!(valid_coder(&coder_name(&"Long Name ".repeat(20))));
    }
}
