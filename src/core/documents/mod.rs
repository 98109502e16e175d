//! Documents: which files are transcripts, reading their bytes, and turning each
//! format into text and paragraphs ([`formats`]).

pub mod formats;

pub use formats::{Extracted, Format, Kind, READABLE, classify, extract};
use std::path::Path;

/// Reads a document's bytes, refusing a file over `max` bytes before reading it.
///
/// Every document is read through here, so that a capped, non-blocking read of
/// regular files only (RELIABILITY H9) has one place to go.
pub fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| crate::core::store::short_io(&e))?;
    if meta.len() > max {
        return Err(format!(
            "{} bytes is larger than the {max}-byte limit for this kind of file",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| crate::core::store::short_io(&e))
}

/// Reads and extracts the document at `path`, whose name says its format; the
/// fingerprint is of the file's bytes.
pub fn load(path: &Path) -> Result<(Extracted, String), String> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let format = match classify(&name) {
        Some(Kind::Readable(f)) => f,
        Some(Kind::Unsupported(advice)) => {
            return Err(formats::unsupported_reason(&name, advice));
        }
        None => return Err(format!("not a transcript tandai reads ({READABLE})")),
    };
    let bytes = read_bytes(path, format.max_file_bytes())?;
    let fingerprint = crate::core::sidecar::document_fingerprint(&bytes);
    Ok((extract(format, bytes)?, fingerprint))
}
