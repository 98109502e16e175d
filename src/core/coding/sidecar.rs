//! The sidecar file: one coder's decisions on one document, as deterministic JSON.
//!
//! `<document file name>.<coder>.tandai.json` beside the document. The format is
//! documented in `docs/sidecar-format.md` with a JSON Schema. Output is stable: the same
//! decisions give the same bytes, whatever order they were made in, so git diffs show
//! exactly what changed.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod error;

use crate::i18n::{self, Lang};
pub use error::{SidecarError, json_at};

/// The value of the `format` field.
pub const FORMAT: &str = "tandai-sidecar";
/// The newest format version this build writes and reads.
pub const VERSION: u32 = 1;
/// Sidecars larger than this are refused before reading (RELIABILITY H6).
pub const MAX_SIDECAR_BYTES: u64 = 64 * 1024 * 1024;
/// The fixed end of every sidecar file name.
pub const SUFFIX: &str = ".tandai.json";

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SidecarFile {
    pub format: String,
    pub version: u32,
    /// The document's file name (not a path: the sidecar sits beside it).
    pub document: String,
    /// `sha256:` and the hex SHA-256 of the document's bytes when last saved.
    pub document_fingerprint: String,
    /// The extractor (and its version) that made the text of a `.docx`, `.odt`, `.vtt`
    /// or `.srt` document, e.g. `docx/1`; absent for `.txt` and `.md`, whose text is
    /// the file's. When it differs from the running tandai's, codings are re-attached
    /// by paragraph fingerprint ([`crate::core::project::attach`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extractor: Option<String>,
    pub coder: String,
    /// The coder has finished this document: agreement compares, by default, only
    /// documents every compared coder has finished. Absent (false) in older files.
    #[serde(default, skip_serializing_if = "is_false")]
    pub finished: bool,
    /// The memo on the whole document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
    /// One entry per paragraph with codes or a memo, by paragraph number.
    pub paragraphs: Vec<ParagraphEntry>,
    /// Codings that could not be matched to a paragraph of the current text: kept
    /// until the coder attaches or discards them, never dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detached: Vec<ParagraphEntry>,
}

/// The codings and memo of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphEntry {
    /// Paragraph number, counted from 1 as shown on screen and cited.
    pub paragraph: usize,
    /// Fingerprint of the paragraph's text (see [`paragraph_fingerprint`]).
    pub fingerprint: String,
    /// Start of the paragraph in the document text, in Unicode code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// Code ids, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
    /// A similarity sketch of the paragraph's words (see [`similarity_sketch`]): lets
    /// a coding follow its paragraph through a small edit without storing the text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sketch: String,
    /// Re-attached to this paragraph by a near match after the text changed: the
    /// coder should confirm it on the review screen.
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
    /// A decision on this paragraph even if it carries no code: in the consensus
    /// coder's sidecar, a disagreement that was settled (possibly as "none of the
    /// codes"); such a paragraph leaves the queue of disagreements.
    #[serde(default, skip_serializing_if = "is_false")]
    pub settled: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

impl SidecarFile {
    /// Parses a sidecar, checking the format and version first so that a newer file
    /// gets a clear message rather than a field error.
    pub fn parse(bytes: &[u8], path: &str) -> Result<SidecarFile, SidecarError> {
        SidecarFile::parse_in(bytes, path, i18n::current())
    }

    /// [`SidecarFile::parse`], with the messages made now in `lang`.
    pub fn parse_in(bytes: &[u8], path: &str, lang: Lang) -> Result<SidecarFile, SidecarError> {
        let t = i18n::strings(lang);
        let json_err = |e: serde_json::Error| SidecarError::Json {
            path: path.to_owned(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            return Err(SidecarError::Invalid {
                path: path.to_owned(),
                message: t.core_sidecar_bom.into(),
            });
        }
        // One pass for a good file; the header is read on its own only to explain a
        // failure (a newer or foreign file gets a clear message, not a field error).
        let parsed = serde_json::from_slice::<SidecarFile>(bytes);
        let header = match &parsed {
            Ok(file) => Header {
                format: Some(file.format.clone()),
                version: Some(file.version),
            },
            Err(_) => serde_json::from_slice(bytes).map_err(json_err)?,
        };
        let invalid = |message: String| SidecarError::Invalid {
            path: path.to_owned(),
            message,
        };
        if header.format.as_deref() != Some(FORMAT) {
            let found = format!("{:?}", header.format);
            let expected = format!("{FORMAT:?}");
            return Err(invalid(i18n::fill(
                t.core_sidecar_format,
                &[("found", &found), ("expected", &expected)],
            )));
        }
        match header.version {
            Some(v) if v > VERSION => {
                return Err(SidecarError::NewerVersion {
                    path: path.to_owned(),
                    version: v,
                });
            }
            Some(v) if v >= 1 => {}
            other => {
                let found = format!("{other:?}");
                return Err(invalid(i18n::fill(
                    t.core_sidecar_version,
                    &[("found", &found)],
                )));
            }
        }
        let file = parsed.map_err(json_err)?;
        file.check(t).map_err(invalid)?;
        Ok(file)
    }

    fn check(&self, t: &i18n::Strings) -> Result<(), String> {
        let mut seen = BTreeSet::new();
        for entry in &self.paragraphs {
            if entry.paragraph == 0 {
                return Err(t.core_sidecar_paragraph_zero.into());
            }
            if !seen.insert(entry.paragraph) {
                return Err(i18n::fill(
                    t.core_sidecar_paragraph_twice,
                    &[("n", &entry.paragraph)],
                ));
            }
            if entry.start > entry.end {
                return Err(i18n::fill(
                    t.core_sidecar_start_after_end,
                    &[
                        ("n", &entry.paragraph),
                        ("start", &entry.start),
                        ("end", &entry.end),
                    ],
                ));
            }
        }
        Ok(())
    }

    /// The file's bytes: pretty JSON with entries and codes sorted, and a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut file = self.clone();
        file.paragraphs.sort_by_key(|e| e.paragraph);
        for entry in file.paragraphs.iter_mut().chain(file.detached.iter_mut()) {
            entry.codes.sort();
            entry.codes.dedup();
        }
        let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

/// What one coder decided about one document, in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decisions {
    /// By paragraph index (0-based).
    pub paragraphs: BTreeMap<usize, ParagraphDecision>,
    pub memo: String,
    pub detached: Vec<ParagraphEntry>,
    /// The coder marked the document finished (see [`SidecarFile::finished`]). A
    /// finished document with no codings is still a decision: its sidecar is written.
    pub finished: bool,
}

/// Codes and memo on one paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParagraphDecision {
    pub codes: BTreeSet<String>,
    pub memo: String,
    /// Attached by a near match after the text changed; to be confirmed.
    pub review: bool,
    /// Settled by adjudication (see [`ParagraphEntry::settled`]).
    pub settled: bool,
}

impl ParagraphDecision {
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty() && self.memo.is_empty() && !self.settled
    }
}

/// The sketch reads at most this much of a paragraph: enough to tell paragraphs apart,
/// and a pasted megabyte costs no more than a page.
pub const SKETCH_BYTES: usize = 64 * 1024;

/// A 64-bit SimHash over the paragraph's lower-cased words and word pairs, as 16 hex
/// digits. Paragraphs that differ by a word or two have sketches a few bits apart;
/// unrelated ones about half the bits apart. Empty for fewer than four words, where
/// similarity means little.
pub fn similarity_sketch(text: &str) -> String {
    let mut end = text.len().min(SKETCH_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let words: Vec<String> = text[..end]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 4 {
        return String::new();
    }
    let mut weights = [0i32; 64];
    let features = words.iter().map(|w| fnv1a(w.as_bytes(), b"")).chain(
        words
            .windows(2)
            .map(|p| fnv1a(p[0].as_bytes(), p[1].as_bytes())),
    );
    for h in features {
        for (bit, w) in weights.iter_mut().enumerate() {
            *w += if h >> bit & 1 == 1 { 1 } else { -1 };
        }
    }
    let hash = weights.iter().enumerate().fold(
        0u64,
        |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc },
    );
    format!("{hash:016x}")
}

/// Bits that differ between two sketches; None when either is empty or malformed.
pub fn sketch_distance(a: &str, b: &str) -> Option<u32> {
    let a = u64::from_str_radix(a, 16).ok().filter(|_| a.len() == 16)?;
    let b = u64::from_str_radix(b, 16).ok().filter(|_| b.len() == 16)?;
    Some((a ^ b).count_ones())
}

fn fnv1a(a: &[u8], b: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for &byte in a.iter().chain(b" ").chain(b) {
        h = (h ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `sha256:` and the hex digest of `bytes`.
pub fn document_fingerprint(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}

/// A paragraph's fingerprint: the first 16 hex digits of the SHA-256 of its text with
/// line ends made `\n`, so a CRLF conversion (git's autocrlf) changes nothing.
pub fn paragraph_fingerprint(text: &str) -> String {
    hex(&paragraph_digest(text)[..8])
}

/// The SHA-256 of a paragraph's text with line ends made `\n`.
fn paragraph_digest(text: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        hasher.update(&rest.as_bytes()[..i]);
        hasher.update(b"\n");
        rest = rest[i + 1..].strip_prefix('\n').unwrap_or(&rest[i + 1..]);
    }
    hasher.update(rest.as_bytes());
    hasher.finalize().into()
}

/// Whether `fingerprint` (16 hex digits, as sidecars hold it) is the fingerprint of
/// `text`: compared as bytes, without formatting the digest (every coded paragraph
/// of every sidecar read is checked this way).
pub fn fingerprint_matches(text: &str, fingerprint: &str) -> bool {
    let digest = paragraph_digest(text);
    let mut digits = [0u8; 16];
    for (pair, &byte) in digits.chunks_exact_mut(2).zip(&digest[..8]) {
        pair[0] = HEX_DIGITS[usize::from(byte >> 4)];
        pair[1] = HEX_DIGITS[usize::from(byte & 15)];
    }
    fingerprint.as_bytes() == digits
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex digits of `bytes` (one allocation, not one per byte: every coded
/// paragraph is fingerprinted when a sidecar is read).
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(HEX_DIGITS[usize::from(b >> 4)]));
        out.push(char::from(HEX_DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The sidecar path for a document and coder: derived from the document's path and a
/// fixed suffix only (RELIABILITY H4).
pub fn sidecar_path(document: &Path, coder: &str) -> PathBuf {
    let mut name = document.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{coder}{SUFFIX}"));
    document.with_file_name(name)
}

/// Why `document` cannot have a sidecar for `coder`: the sidecar's name would pass
/// the file system's limit. Says how short the transcript's name must be.
pub fn name_too_long(document: &Path, coder: &str) -> String {
    let dir = document
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let max = crate::core::coding::store::name_max(dir);
    let suffix = format!(".{coder}{SUFFIX}").len();
    let len = document.file_name().map_or(0, |n| n.len()) + suffix;
    let fit = max.saturating_sub(suffix);
    i18n::fill(
        i18n::strings(i18n::current()).core_sidecar_name_too_long,
        &[
            ("path", &document.display()),
            ("len", &len),
            ("max", &max),
            ("fit", &fit),
            ("coder", &coder),
        ],
    )
}

/// Reads a sidecar or a conflict copy (RELIABILITY H4, H9): never through a
/// symbolic link, only a regular file, at most [`MAX_SIDECAR_BYTES`]. `Ok(None)`
/// when there is none.
pub fn read_bytes(
    path: &Path,
) -> Result<Option<Vec<u8>>, crate::core::documents::fsread::ReadError> {
    use crate::core::documents::fsread::{Links, read};
    match read(path, MAX_SIDECAR_BYTES, Links::Refuse) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// A valid coder name made from one that is not (`Siti Rahma` -> `siti-rahma`,
/// `Dewi Ayu Lestari, S.Sos.` -> `dewi-ayu-lestari-s-sos`): accents taken off, letters
/// in lower case, every run of other characters one `-`, at most 40 bytes. None when
/// nothing of it is left.
pub fn suggest_coder(name: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in name.nfd() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            continue;
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_matches('-').to_owned();
    valid_coder(&out).then_some(out)
}

/// True when `name` is a valid coder name: it becomes part of file names.
pub fn valid_coder(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !name.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(paragraph: usize, codes: &[&str]) -> ParagraphEntry {
        ParagraphEntry {
            paragraph,
            fingerprint: "0011223344556677".into(),
            start: paragraph * 10,
            end: paragraph * 10 + 5,
            codes: codes.iter().map(|s| s.to_string()).collect(),
            memo: String::new(),
            sketch: String::new(),
            review: false,
            settled: false,
        }
    }

    fn file(paragraphs: Vec<ParagraphEntry>) -> SidecarFile {
        SidecarFile {
            format: FORMAT.into(),
            version: VERSION,
            document: "informan-a.txt".into(),
            document_fingerprint: "sha256:00".into(),
            extractor: None,
            coder: "ana".into(),
            finished: false,
            memo: String::new(),
            paragraphs,
            detached: Vec::new(),
        }
    }

    #[test]
    fn bytes_are_deterministic() {
        let a = file(vec![entry(2, &["b", "a"]), entry(1, &["c"])]).to_bytes();
        let b = file(vec![entry(1, &["c"]), entry(2, &["a", "b", "a"])]).to_bytes();
        assert_eq!(a, b);
        assert!(a.ends_with(b"}\n"));
    }

    #[test]
    fn round_trip() {
        let mut f = file(vec![entry(1, &["a"]), entry(3, &["b", "c"])]);
        f.memo = "catatan dokumen".into();
        f.paragraphs[0].memo = "memo \"kutipan\"\nbaris".into();
        f.detached = vec![entry(9, &["x"])];
        let back = SidecarFile::parse(&f.to_bytes(), "s.json").expect("parses");
        assert_eq!(back, f);
    }

    #[test]
    fn finished_is_written_only_when_true_and_files_without_it_read_unfinished() {
        let mut f = file(vec![entry(1, &["a"])]);
        let open = String::from_utf8(f.to_bytes()).expect("utf8");
        assert!(!open.contains("finished"), "{open}");
        f.finished = true;
        let done = String::from_utf8(f.to_bytes()).expect("utf8");
        assert!(
            done.contains("\"coder\": \"ana\",\n  \"finished\": true,\n"),
            "{done}"
        );
        assert!(
            SidecarFile::parse(done.as_bytes(), "s")
                .expect("parses")
                .finished
        );
        let older = br#"{"format":"tandai-sidecar","version":1,"document":"d","document_fingerprint":"sha256:00","coder":"ana","paragraphs":[]}"#;
        assert!(!SidecarFile::parse(older, "s").expect("parses").finished);
        let bad = br#"{"format":"tandai-sidecar","version":1,"document":"d","document_fingerprint":"sha256:00","coder":"ana","finished":"yes","paragraphs":[]}"#;
        assert!(SidecarFile::parse(bad, "s").is_err());
    }

    #[test]
    fn errors_are_clean() {
        let p = |b: &[u8]| {
            SidecarFile::parse(b, "x.tandai.json")
                .expect_err("must fail")
                .to_string()
        };
        assert!(p(b"{\"format\": \"tandai-sidecar\", \"vers").contains("line 1"));
        assert!(p(b"\xEF\xBB\xBF{}").contains("byte-order mark"));
        assert!(p(b"\0\0").starts_with("x.tandai.json: line 1"));
        assert!(p(b"\xff\xfe").starts_with("x.tandai.json: line 1"));
        assert!(p(br#"{"format":"tandai-sidecar","version":7}"#).contains("version 7 is newer"));
        assert!(p(br#"{"format":"other","version":1}"#).contains("expected \"tandai-sidecar\""));
        assert!(
            p(br#"{"format":"tandai-sidecar","format":"tandai-sidecar","version":1}"#)
                .contains("duplicate field")
        );
        let mut dup = file(vec![entry(1, &["a"]), entry(1, &["b"])]);
        dup.paragraphs[1].paragraph = 1;
        let bytes = serde_json::to_vec(&dup).expect("json");
        assert!(p(&bytes).contains("listed twice"));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(SidecarFile::parse(deep.as_bytes(), "d").is_err());
    }

    #[test]
    fn paragraph_fingerprint_ignores_line_end_style() {
        assert_eq!(
            paragraph_fingerprint("a\r\nb\rc"),
            paragraph_fingerprint("a\nb\nc")
        );
        assert_ne!(paragraph_fingerprint("a b"), paragraph_fingerprint("a  b"));
        assert_eq!(paragraph_fingerprint("x").len(), 16);
    }

    #[test]
    fn sketches_are_close_for_small_edits_and_far_otherwise() {
        let a = "Saya kenal dia dari aplikasi, lalu kami sepakat bertemu di dekat pasar pada sore hari.";
        let typo =
            "Saya kenal dia dari aplikasi, lalu kami sepakat bertemu di dekat pasar pada sore har.";
        let other =
            "Polisi melakukan patroli siber setiap minggu untuk memantau akun yang mencurigakan.";
        let d = |x: &str, y: &str| {
            sketch_distance(&similarity_sketch(x), &similarity_sketch(y)).expect("sketches")
        };
        assert!(d(a, typo) <= 10, "{}", d(a, typo));
        assert!(d(a, other) > 16, "{}", d(a, other));
        assert_eq!(similarity_sketch("terlalu pendek"), "");
        assert_eq!(sketch_distance("", "00"), None);
    }

    #[test]
    fn invalid_coder_names_get_a_valid_suggestion() {
        assert_eq!(suggest_coder("Siti Rahma").as_deref(), Some("siti-rahma"));
        assert_eq!(
            suggest_coder("  Dewi Ayu Lestari, S.Sos. ").as_deref(),
            Some("dewi-ayu-lestari-s-sos")
        );
        assert_eq!(suggest_coder("Ñoño Café").as_deref(), Some("nono-cafe"));
        assert_eq!(suggest_coder("-ana-").as_deref(), Some("ana"));
        assert_eq!(suggest_coder("王芳"), None, "nothing of it is left");
        assert_eq!(suggest_coder(&"a".repeat(80)).map(|s| s.len()), Some(40));
        for s in ["Siti Rahma", "x y z", "É"] {
            assert!(suggest_coder(s).is_none_or(|v| valid_coder(&v)));
        }
    }

    #[test]
    fn paths_and_coder_names() {
        let p = sidecar_path(Path::new("/d/informan-a.txt"), "ana");
        assert_eq!(p, Path::new("/d/informan-a.txt.ana.tandai.json"));
        assert!(valid_coder("ana_2"));
        for bad in ["", "a/b", "..", "-x", "a b", "ä"] {
            assert!(!valid_coder(bad), "{bad}");
        }
    }
}
