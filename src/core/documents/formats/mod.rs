//! The formats tandai reads, and how each becomes text and paragraphs.
//!
//! `.txt` and `.md` are decoded and segmented ([`crate::core::documents::segment`]). Word
//! (`.docx`), OpenDocument (`.odt`) and subtitle (`.vtt`, `.srt`) files are read in
//! process, never through an outside program, into a deterministic text of their
//! own: one paragraph after another, separated by a blank line, with the speaker and
//! time where the file has them (`docs/formats.md` has the rules and examples).
//! Other files that look like transcripts (`.doc`, `.pdf`, ...) are listed with what
//! to do about them, so that nothing in a folder is silently left out.

mod build;
mod docx;
mod odt;
mod srt;
mod subtitles;
mod vtt;
mod wordproc;
mod xmlwalk;

use crate::core::documents::decode::decode_owned;
use crate::core::documents::segment::{Paragraph, segment};

/// A format tandai reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt` and `.md`: decoded and segmented as plain text.
    Text,
    Docx,
    Odt,
    Vtt,
    Srt,
}

/// What a file name says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A document tandai reads.
    Readable(Format),
    /// A transcript-like file tandai cannot read; the text says what to do.
    Unsupported(&'static str),
}

/// The extensions tandai reads, for messages.
pub const READABLE: &str = ".txt, .md, .docx, .odt, .vtt and .srt";

const SAVE_AS_DOCX: &str = "save it as .docx or .txt";
const SAVE_AS_SUBTITLES: &str = "save it as .vtt or .srt";

/// What kind of file `name` is, by its extension (any case); None for files that
/// are not transcripts at all, and for hidden files.
pub fn classify(name: &str) -> Option<Kind> {
    if name.starts_with('.') {
        return None;
    }
    let (_, ext) = name.rsplit_once('.')?;
    let kind = match ext.to_ascii_lowercase().as_str() {
        "txt" | "md" => Kind::Readable(Format::Text),
        "docx" => Kind::Readable(Format::Docx),
        "odt" => Kind::Readable(Format::Odt),
        "vtt" => Kind::Readable(Format::Vtt),
        "srt" => Kind::Readable(Format::Srt),
        "doc" | "docm" | "dot" | "dotx" | "dotm" | "rtf" | "pages" | "wpd" | "wps" | "odm"
        | "ott" | "fodt" | "sxw" | "pdf" | "xps" | "epub" => Kind::Unsupported(SAVE_AS_DOCX),
        "sbv" | "ass" | "ssa" | "ttml" | "dfxp" | "sub" => Kind::Unsupported(SAVE_AS_SUBTITLES),
        _ => return None,
    };
    Some(kind)
}

/// The reason shown for an unsupported file, e.g. "tandai cannot read .pdf files;
/// save it as .docx or .txt", in the process's language.
pub fn unsupported_reason(name: &str, advice: &str) -> String {
    let lang = crate::i18n::current();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let t = crate::i18n::strings(lang);
    let advice = advice_in(lang, advice, false);
    crate::i18n::fill(t.core_unsupported, &[("ext", &ext), ("advice", &advice)])
}

/// The advice of a [`Kind::Unsupported`] (kept in English there, as a stable value)
/// in `lang`, for one file or for `many`.
pub fn advice_in(lang: crate::i18n::Lang, advice: &str, many: bool) -> &'static str {
    let t = crate::i18n::strings(lang);
    match (advice == SAVE_AS_SUBTITLES, many) {
        (true, false) => t.core_save_as_subtitles,
        (true, true) => t.core_save_as_subtitles_many,
        (false, false) => t.core_save_as_docx,
        (false, true) => t.core_save_as_docx_many,
    }
}

/// The extensions tandai reads, in the process's language ("... and .srt"; with
/// `or`: "... or .srt").
pub fn readable(or: bool) -> &'static str {
    let t = crate::i18n::strings(crate::i18n::current());
    if or {
        t.core_readable_or
    } else {
        t.core_readable
    }
}

impl Format {
    /// The extractor's name and version, written into sidecars: a later change to how
    /// a format is read changes it, and codings are then re-attached by paragraph
    /// fingerprint. None for plain text, whose paragraphs are the file's own lines.
    pub fn extractor(self) -> Option<&'static str> {
        match self {
            Format::Text => None,
            Format::Docx => Some("docx/1"),
            Format::Odt => Some("odt/1"),
            Format::Vtt => Some("vtt/1"),
            Format::Srt => Some("srt/1"),
        }
    }

    /// Largest file of this format tandai opens: zip formats are held in memory
    /// while they are inflated, so they get less than plain text.
    pub fn max_file_bytes(self) -> u64 {
        match self {
            Format::Text => crate::core::project::MAX_DOCUMENT_BYTES,
            Format::Docx | Format::Odt | Format::Vtt | Format::Srt => 32 * 1024 * 1024,
        }
    }
}

/// Bounds on what one document may make tandai hold (RELIABILITY H8: under 200 MB
/// for any single file: the file, the part being parsed and the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes one XML part may inflate to (zip bombs stop here).
    pub max_unpacked: u64,
    /// Bytes of extracted text.
    pub max_text: usize,
    /// Paragraphs of one document.
    pub max_paragraphs: usize,
    /// XML element nesting.
    pub max_depth: usize,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_unpacked: 96 * 1024 * 1024,
        max_text: 32 * 1024 * 1024,
        max_paragraphs: 200_000,
        max_depth: 256,
    };
}

/// A document's text and paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    /// What the reader left out or changed, for the document's info (footnotes,
    /// comments, headers and footers, tracked changes shown as accepted, ...).
    pub left_out: Vec<String>,
    /// [`Format::extractor`].
    pub extractor: Option<&'static str>,
}

/// Reads a document of `format` from its bytes, with the default limits.
pub fn extract(format: Format, bytes: Vec<u8>) -> Result<Extracted, String> {
    extract_with(format, bytes, &Limits::DEFAULT)
}

/// [`extract`] with other limits (tests use small ones).
pub fn extract_with(format: Format, bytes: Vec<u8>, limits: &Limits) -> Result<Extracted, String> {
    let (text, paragraphs, left_out) = match format {
        Format::Text => {
            let text = decode_owned(bytes).map_err(|e| e.to_string())?;
            let paragraphs = segment(&text);
            (text, paragraphs, Vec::new())
        }
        Format::Docx => docx::read(&bytes, limits)?,
        Format::Odt => odt::read(&bytes, limits)?,
        Format::Vtt => vtt::read(bytes, limits)?,
        Format::Srt => srt::read(bytes, limits)?,
    };
    Ok(Extracted {
        text,
        paragraphs,
        left_out,
        extractor: format.extractor(),
    })
}

/// What a reader returns: text, paragraphs, and notes on what was left out.
type Read = (String, Vec<Paragraph>, Vec<String>);

/// The catalog of the process's language, for errors and notes.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

/// "1 footnote left out" / "3 comments left out", from a message pair.
fn left_out(n: usize, one: &str, other: &str) -> String {
    let what = crate::i18n::count(n, one, other);
    crate::i18n::fill(words().core_left_out, &[("what", &what)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_classified_by_extension() {
        assert_eq!(classify("a.DOCX"), Some(Kind::Readable(Format::Docx)));
        assert_eq!(classify("a.txt"), Some(Kind::Readable(Format::Text)));
        assert_eq!(classify("x.pdf"), Some(Kind::Unsupported(SAVE_AS_DOCX)));
        assert_eq!(
            classify("x.sbv"),
            Some(Kind::Unsupported(SAVE_AS_SUBTITLES))
        );
        assert_eq!(classify(".hidden.docx"), None);
        assert_eq!(classify("codebook.json"), None);
        assert_eq!(classify("README"), None);
        assert_eq!(
            unsupported_reason("x.PDF", SAVE_AS_DOCX),
            "tandai cannot read .PDF files; save it as .docx or .txt"
        );
    }
}
