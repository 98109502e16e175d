//! Documents: which files are transcripts, reading their bytes, and turning each
//! format into text and paragraphs ([`formats`]).

pub mod decode;
pub mod fsread;
pub mod loader;
pub mod segment;
pub mod unpack;

pub mod formats;

use crate::core::documents::fsread::Links;
pub use formats::{Extracted, Format, Kind, READABLE, classify, extract};
use std::path::Path;

/// Reads a document's bytes: a regular file (never a FIFO or a device), opened
/// without blocking, at most `max` bytes, links followed as `links` says
/// (RELIABILITY H9).
pub fn read_bytes(path: &Path, max: u64, links: Links<'_>) -> Result<Vec<u8>, String> {
    crate::core::documents::fsread::read(path, max, links).map_err(|e| e.reason())
}

/// Reads and extracts the document at `path`, whose name says its format; with the
/// fingerprint of the file's bytes, or None when the text is those bytes unchanged
/// (plain UTF-8 without a BOM: the fingerprint can come from the text, later).
pub fn load(path: &Path, links: Links<'_>) -> Result<(Extracted, Option<String>), String> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let format = match classify(&name) {
        Some(Kind::Readable(f)) => f,
        Some(Kind::Unsupported(advice)) => {
            return Err(formats::unsupported_reason(&name, advice));
        }
        None => {
            let t = crate::i18n::strings(crate::i18n::current());
            let formats = formats::readable(false);
            return Err(crate::i18n::fill(
                t.core_not_transcript,
                &[("formats", &formats)],
            ));
        }
    };
    let bytes = read_bytes(path, format.max_file_bytes(), links)?;
    let as_is = format == Format::Text
        && !bytes.starts_with(b"\xEF\xBB\xBF")
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF");
    let fingerprint = (!as_is).then(|| crate::core::coding::sidecar::document_fingerprint(&bytes));
    Ok((extract(format, bytes)?, fingerprint))
}
