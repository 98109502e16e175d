//! A project: a folder of transcripts, with an optional codebook and project file.

pub use crate::core::attributes::Attributes;
pub use crate::core::attributes::file::{DEFAULT_CONSENSUS, MAX_PROJECT_FILE_BYTES};
pub use crate::core::coding::attach::attach;
use crate::core::coding::sidecar::{self, Decisions, ParagraphEntry, SidecarFile};
use crate::core::documents::fsread::Links;
use crate::core::documents::segment::{Paragraph, segment};
use crate::core::documents::{self, Extracted, Kind};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest transcript tandai opens.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// A transcript's decoded text and paragraphs.
#[derive(Debug, Clone)]
pub struct Content {
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    /// [`sidecar::document_fingerprint`] of the file's bytes: set when the text is
    /// not the file's bytes (a `.docx`, a BOM), else computed from the text the first
    /// time a save needs it (hashing a 100 MB transcript is not worth a first frame).
    fingerprint: std::sync::OnceLock<String>,
    /// What the reader left out or changed (footnotes, comments, tracked changes
    /// read as accepted, ...): the document's info. Empty for plain text.
    pub left_out: Vec<String>,
    /// The extractor that made `text` from the file
    /// ([`documents::Format::extractor`]); None
    /// for plain text.
    pub extractor: Option<&'static str>,
    /// Fingerprint and sketch of each paragraph, computed the first time a save needs
    /// them: the text never changes while tandai runs, and a one-megabyte paragraph
    /// must not be hashed again on every key.
    prints: PrintCache,
}

/// Paragraph fingerprints and sketches computed so far, shared by the threads that
/// read a document (a search, an export, the saver's caller).
#[derive(Debug, Default)]
struct PrintCache(std::sync::Mutex<HashMap<usize, (String, String)>>);

impl Clone for PrintCache {
    fn clone(&self) -> Self {
        let map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        PrintCache(std::sync::Mutex::new(map.clone()))
    }
}

impl Content {
    /// Segments decoded text; `fingerprint` is the document's.
    pub fn new(text: String, fingerprint: String) -> Content {
        let paragraphs = segment(&text);
        Content {
            text,
            paragraphs,
            fingerprint: std::sync::OnceLock::from(fingerprint),
            left_out: Vec::new(),
            extractor: None,
            prints: PrintCache::default(),
        }
    }

    /// A document read by one of the [`documents::formats`] readers; `fingerprint`
    /// None when the text is the file's bytes, unchanged.
    pub fn extracted(e: Extracted, fingerprint: Option<String>) -> Content {
        Content {
            text: e.text,
            paragraphs: e.paragraphs,
            fingerprint: fingerprint
                .map_or_else(std::sync::OnceLock::new, std::sync::OnceLock::from),
            left_out: e.left_out,
            extractor: e.extractor,
            prints: PrintCache::default(),
        }
    }

    /// [`sidecar::document_fingerprint`] of the file's bytes.
    pub fn fingerprint(&self) -> &str {
        self.fingerprint
            .get_or_init(|| sidecar::document_fingerprint(self.text.as_bytes()))
    }

    /// The fingerprint and similarity sketch of paragraph `i`.
    pub fn prints(&self, i: usize) -> (String, String) {
        self.prints
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(i)
            .or_insert_with(|| {
                let text = self.paragraphs[i].text(&self.text);
                (
                    sidecar::paragraph_fingerprint(text),
                    sidecar::similarity_sketch(text),
                )
            })
            .clone()
    }
}

/// One transcript file of the project.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    /// The file name, as shown and as written in sidecars.
    pub name: String,
    /// The text, or why it could not be read (the other documents still open).
    /// Shared: the saver, a search and the loading threads read it too.
    pub content: Result<Arc<Content>, String>,
}

impl Document {
    /// Reads and segments a transcript, following links as `links` says. Errors
    /// name the file.
    pub fn load(path: &Path, links: Links<'_>) -> Document {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let content = read_content(path, links).map_err(|e| format!("{}: {e}", path.display()));
        Document {
            path: path.to_path_buf(),
            name,
            content,
        }
    }

    /// A document listed but not read yet (the coding screen reads a large project's
    /// documents in the background): its content says so until it is read.
    pub fn pending(path: &Path) -> Document {
        Document {
            path: path.to_path_buf(),
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            content: Err(PENDING.to_owned()),
        }
    }

    /// Whether the document is listed but not read yet.
    pub fn is_pending(&self) -> bool {
        self.content.as_ref().is_err_and(|e| e == PENDING)
    }

    /// Number of paragraphs (0 when unreadable).
    pub fn len(&self) -> usize {
        self.content.as_ref().map_or(0, |c| c.paragraphs.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The content of a document not read yet.
const PENDING: &str = "not read yet";

fn read_content(path: &Path, links: Links<'_>) -> Result<Arc<Content>, String> {
    let (extracted, fingerprint) = documents::load(path, links)?;
    Ok(Arc::new(Content::extracted(extracted, fingerprint)))
}

/// Why a project cannot be opened. Shown in the process's language
/// ([`ProjectError::message_in`] for another); the path always comes first.
#[derive(Debug)]
pub enum ProjectError {
    Missing(String),
    Io(String, String),
    Empty(String),
    NotTranscript(String),
    /// Only files tandai cannot read (`.doc`, `.pdf`, ...): each with what to do.
    Unsupported(String, String),
}

impl ProjectError {
    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::fill;
        let t = crate::i18n::strings(lang);
        match self {
            ProjectError::Missing(p) => fill(t.core_project_missing, &[("path", p)]),
            ProjectError::Io(p, e) => fill(t.core_project_io, &[("path", p), ("error", e)]),
            ProjectError::Empty(p) => fill(
                t.core_project_empty,
                &[("path", p), ("formats", &t.core_readable)],
            ),
            ProjectError::NotTranscript(p) => fill(
                t.core_project_not_transcript,
                &[("path", p), ("formats", &t.core_readable_or)],
            ),
            ProjectError::Unsupported(p, why) => {
                fill(t.core_project_unsupported, &[("path", p), ("why", why)])
            }
        }
    }
}

impl std::fmt::Display for ProjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::current()))
    }
}

impl std::error::Error for ProjectError {}

/// An opened project.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder: codebook, project file and sidecars live here.
    pub root: PathBuf,
    pub documents: Vec<Document>,
    pub attributes: Attributes,
    /// Problems that do not stop the project from opening (a bad project.json).
    pub warnings: Vec<String>,
    /// Symbolic links are followed out of the folder (`--follow-links`).
    pub follow_links: bool,
}

/// File name of the project's attributes file.
pub const PROJECT_FILE: &str = "project.json";
/// File name of the project's codebook.
pub const CODEBOOK_FILE: &str = "codebook.json";

impl Project {
    /// Opens a folder (all its transcripts) or a single transcript file. Symbolic
    /// links are followed only to files inside the folder.
    pub fn open(path: &Path) -> Result<Project, ProjectError> {
        Project::open_with(path, false)
    }

    /// [`Project::open`]; with `follow_links`, links are followed wherever they
    /// lead (`--follow-links`). The documents are read on every core.
    pub fn open_with(path: &Path, follow_links: bool) -> Result<Project, ProjectError> {
        let mut project = Project::list(path, follow_links)?;
        let root = project.root.clone();
        let links = links_for(&root, follow_links);
        project.documents =
            crate::core::parallel::map(&project.documents, |d| Document::load(&d.path, links));
        Ok(project)
    }

    /// The project with its documents listed but not read ([`Document::pending`]):
    /// the coding screen shows the first document while the others are read.
    pub fn list(path: &Path, follow_links: bool) -> Result<Project, ProjectError> {
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|_| ProjectError::Missing(shown.clone()))?;
        let (root, files) = if meta.is_dir() {
            (path.to_path_buf(), transcripts_in(path)?)
        } else {
            if !is_transcript_name(&path.file_name().unwrap_or_default().to_string_lossy()) {
                return Err(ProjectError::NotTranscript(shown));
            }
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            (parent.to_path_buf(), vec![path.to_path_buf()])
        };
        if files.is_empty() {
            return Err(ProjectError::Empty(shown));
        }
        if let Some(why) = only_unsupported(&files) {
            return Err(ProjectError::Unsupported(shown, why));
        }
        let links = links_for(&root, follow_links);
        let documents = files.iter().map(|f| Document::pending(f)).collect();
        let mut warnings = Vec::new();
        let attributes =
            crate::core::attributes::load(&root.join(PROJECT_FILE), links, &mut warnings);
        Ok(Project {
            root,
            documents,
            attributes,
            warnings,
            follow_links,
        })
    }

    /// How this project's own files (transcripts, `codebook.json`, `project.json`)
    /// are read: links inside the folder only, unless `--follow-links`.
    pub fn links(&self) -> Links<'_> {
        links_for(&self.root, self.follow_links)
    }
}

fn links_for(root: &Path, follow: bool) -> Links<'_> {
    if follow {
        Links::Follow
    } else {
        Links::Inside(root)
    }
}

/// A document tandai reads, or a transcript-like file it lists with what to do.
fn is_transcript_name(name: &str) -> bool {
    documents::classify(name).is_some()
}

/// When no file is in a format tandai reads: which files there are and what to do.
fn only_unsupported(files: &[PathBuf]) -> Option<String> {
    let mut names = Vec::new();
    let mut advice = "";
    for f in files {
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        match documents::classify(&name) {
            Some(Kind::Unsupported(a)) => advice = a,
            _ => return None,
        }
        names.push(name.into_owned());
    }
    let lang = crate::i18n::current();
    let advice = documents::formats::advice_in(lang, advice, names.len() > 1);
    let more = names.len().saturating_sub(5);
    names.truncate(5);
    let list = names.join(", ");
    let list = if more > 0 {
        let t = crate::i18n::strings(lang);
        crate::i18n::fill(t.core_and_more, &[("list", &list), ("more", &more)])
    } else {
        list
    };
    Some(format!("{list}: {advice}"))
}

fn transcripts_in(dir: &Path) -> Result<Vec<PathBuf>, ProjectError> {
    let io = |e: std::io::Error| ProjectError::Io(dir.display().to_string(), e.to_string());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Links, FIFOs and devices are listed too: they open with the reason they
        // cannot be read (a folder is not a transcript).
        if is_transcript_name(&name) && !entry.file_type().is_ok_and(|t| t.is_dir()) {
            files.push((name, entry.path()));
        }
    }
    // By name (the folder is the same for all), each name made text once.
    files.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    Ok(files.into_iter().map(|(_, path)| path).collect())
}

impl Project {
    /// Each document's index by its file name.
    pub fn index_by_name(&self) -> HashMap<&str, usize> {
        self.documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name.as_str(), i))
            .collect()
    }

    /// Blind coding (the default): the agreement view and the queue of disagreements
    /// show only documents this coder has marked finished.
    pub fn blind(&self) -> bool {
        self.attributes.blind.unwrap_or(true)
    }

    /// The consensus coder, whose sidecars hold settled codings: project.json's
    /// `"consensus"`, default [`DEFAULT_CONSENSUS`].
    pub fn consensus_coder(&self) -> &str {
        self.attributes
            .consensus
            .as_deref()
            .unwrap_or(DEFAULT_CONSENSUS)
    }
}

/// Compares names so that `informan-2` comes before `informan-10`: runs of digits
/// compare as numbers, the rest case-insensitively. Allocates nothing: sorting ten
/// thousand names makes a hundred thousand comparisons before the first frame.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    // Names in one folder share long prefixes (`wawancara-0`): skip what is equal,
    // back to the start of a run of digits, which must compare as a number.
    let mut same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while same > 0 && (a.as_bytes()[same - 1].is_ascii_digit() || !a.is_char_boundary(same)) {
        same -= 1;
    }
    let (mut x, mut y) = (&a[same..], &b[same..]);
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (n, rest_x) = split_number(x);
                let (m, rest_y) = split_number(y);
                let (n, m) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
                let ord = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
                if ord != Ordering::Equal {
                    return ord;
                }
                (x, y) = (rest_x, rest_y);
            }
            (Some(c), Some(d)) => {
                let ord = if c.is_ascii() && d.is_ascii() {
                    c.to_ascii_lowercase().cmp(&d.to_ascii_lowercase())
                } else {
                    c.to_lowercase().cmp(d.to_lowercase())
                };
                if ord != Ordering::Equal {
                    return ord;
                }
                (x, y) = (&x[c.len_utf8()..], &y[d.len_utf8()..]);
            }
        }
    }
}

/// The leading run of ASCII digits of `s`, and the rest.
fn split_number(s: &str) -> (&str, &str) {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    s.split_at(end)
}

/// A sidecar read from disk, matched to the document's current text.
#[derive(Debug, Clone, Default)]
pub struct LoadedSidecar {
    pub decisions: Decisions,
    /// Why the document must stay read-only (the sidecar is unreadable or newer).
    pub readonly: Option<String>,
    /// The bytes read, to tell later whether the file changed under us.
    pub on_disk: Option<Vec<u8>>,
    /// Codings that moved to another paragraph number because the text changed.
    pub moved: usize,
    /// Where each near match (by paragraph index now) was in the text the sidecar
    /// was saved from.
    pub near: std::collections::BTreeMap<usize, crate::core::coding::attach::Origin>,
}

/// Reads a document's sidecar for `coder`, if there is one. Never fails: a sidecar that
/// cannot be used makes the document read-only with the reason.
pub fn load_sidecar(doc: &Document, coder: &str) -> LoadedSidecar {
    let path = sidecar::sidecar_path(&doc.path, coder);
    let shown = path.display().to_string();
    let readonly = |reason: String| LoadedSidecar {
        readonly: Some(reason),
        ..LoadedSidecar::default()
    };
    // A transcript whose name leaves no room for the sidecar's: say how short it must be.
    if let Err(e) = std::fs::symlink_metadata(&path)
        && e.kind() == std::io::ErrorKind::InvalidFilename
    {
        return readonly(sidecar::name_too_long(&doc.path, coder));
    }
    let bytes = match sidecar::read_bytes(&path) {
        Ok(Some(b)) => b,
        Ok(None) => return LoadedSidecar::default(),
        Err(e) => return readonly(e.to_string()),
    };
    let file = match SidecarFile::parse(&bytes, &shown) {
        Ok(f) => f,
        Err(e) => return readonly(e.to_string()),
    };
    let Ok(content) = &doc.content else {
        return LoadedSidecar {
            on_disk: Some(bytes),
            readonly: Some(
                crate::i18n::strings(crate::i18n::current())
                    .core_document_unreadable
                    .into(),
            ),
            ..Default::default()
        };
    };
    let attached = crate::core::coding::attach::attach_traced(file, content);
    LoadedSidecar {
        decisions: attached.decisions,
        readonly: None,
        on_disk: Some(bytes),
        moved: attached.moved,
        near: attached.near,
    }
}

/// The sidecar file for a document's decisions.
pub fn to_sidecar(
    doc: &Document,
    content: &Content,
    coder: &str,
    decisions: &Decisions,
) -> SidecarFile {
    let paragraphs = decisions
        .paragraphs
        .iter()
        .filter(|(_, d)| !d.is_empty())
        .filter_map(|(&i, d)| {
            let p = content.paragraphs.get(i)?;
            Some(ParagraphEntry {
                paragraph: i + 1,
                fingerprint: content.prints(i).0,
                sketch: content.prints(i).1,
                review: d.review,
                settled: d.settled,
                start: p.chars().start,
                end: p.chars().end,
                codes: d.codes.iter().cloned().collect(),
                memo: d.memo.clone(),
            })
        })
        .collect();
    SidecarFile {
        format: sidecar::FORMAT.into(),
        version: sidecar::VERSION,
        document: doc.name.clone(),
        document_fingerprint: content.fingerprint().to_owned(),
        extractor: content.extractor.map(str::to_owned),
        coder: coder.to_owned(),
        finished: decisions.finished,
        memo: decisions.memo.clone(),
        paragraphs,
        detached: decisions.detached.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order() {
        let mut names = vec![
            "informan-10.txt",
            "Informan-2.txt",
            "informan-1.txt",
            "a.md",
            "informan-02b.txt",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "a.md",
                "informan-1.txt",
                "Informan-2.txt",
                "informan-02b.txt",
                "informan-10.txt"
            ]
        );
    }
}
