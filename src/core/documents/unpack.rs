//! Bounded reading of zip archives and XML, shared by every format tandai reads out
//! of a zip: REFI-QDA projects (`.qdpx`), Word (`.docx`) and OpenDocument (`.odt`).
//!
//! Entry names are only compared, never used as paths. Decompressed bytes are counted
//! while they are read, so a zip bomb stops at the cap whatever its header claims
//! (RELIABILITY H8). XML may use character references and the five predefined entities
//! only: anything else would need a DTD, which every reader refuses.

use crate::i18n::fill;
use quick_xml::events::BytesRef;
use std::io::{Read, Seek};
use zip::ZipArchive;

/// Why a zip entry could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryError {
    /// The entry claims, or inflates to, more than the cap.
    TooBig { max: u64 },
    /// The archive or the entry is damaged, truncated or uses an unsupported method.
    Zip(String),
}

impl std::fmt::Display for EntryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EntryError::TooBig { max } => {
                f.write_str(&fill(words().core_zip_bomb, &[("max", max)]))
            }
            EntryError::Zip(message) => f.write_str(message),
        }
    }
}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

/// The index of the entry named `name`, compared without regard to ASCII case.
pub fn find_entry<R: Read + Seek>(zip: &ZipArchive<R>, name: &str) -> Option<usize> {
    (0..zip.len())
        .find(|&i| matches!(zip.name_for_index(i), Some(Ok(n)) if n.eq_ignore_ascii_case(name)))
}

/// The whole entry, refused when it claims or inflates to more than `cap` bytes.
pub fn read_entry<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    index: usize,
    cap: u64,
) -> Result<Vec<u8>, EntryError> {
    let mut data = Vec::new();
    entry_reader(zip, index, cap, |r| {
        r.read_to_end(&mut data)
            .map(|_| ())
            .map_err(|e| io_to_entry(&e, cap))
    })?;
    Ok(data)
}

/// Runs `read` on a reader of the entry that fails once more than `cap` bytes come
/// out of it: a streaming reader never holds more than it asks for.
pub fn entry_reader<R: Read + Seek, T>(
    zip: &mut ZipArchive<R>,
    index: usize,
    cap: u64,
    read: impl FnOnce(&mut Capped<&mut dyn Read>) -> Result<T, EntryError>,
) -> Result<T, EntryError> {
    let mut entry = zip
        .by_index(index)
        .map_err(|e| EntryError::Zip(e.to_string()))?;
    if entry.size() > cap {
        return Err(EntryError::TooBig { max: cap });
    }
    let inner: &mut dyn Read = &mut entry;
    read(&mut Capped {
        inner,
        left: cap,
        cap,
    })
}

/// A reader that fails after `cap` bytes.
pub struct Capped<R> {
    inner: R,
    left: u64,
    cap: u64,
}

/// The message a [`Capped`] reader fails with, to tell it from other I/O errors.
const CAP_MESSAGE: &str = "tandai: decompressed size cap reached";

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more tells a file of exactly `cap` bytes from a bigger one.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(CAP_MESSAGE)),
            };
        }
        let want = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

impl<R> Capped<R> {
    /// The cap this reader was made with.
    pub fn cap(&self) -> u64 {
        self.cap
    }
}

/// An I/O error from a [`Capped`] reader as an [`EntryError`].
pub fn io_to_entry(e: &std::io::Error, cap: u64) -> EntryError {
    if e.to_string() == CAP_MESSAGE {
        EntryError::TooBig { max: cap }
    } else {
        EntryError::Zip(e.to_string())
    }
}

/// True when an error message came from a [`Capped`] reader reaching its cap.
pub fn is_cap_error(message: &str) -> bool {
    message.contains(CAP_MESSAGE)
}

/// The text of `&...;`: character references and the five predefined entities only;
/// anything else would need a DTD, which is refused.
pub fn resolve_reference(r: &BytesRef<'_>) -> Result<String, String> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            Ok(None) | Err(_) => Err(fill(words().core_xml_bad_char_ref, &[("name", &&**r)])),
        };
    }
    quick_xml::escape::resolve_predefined_entity(r)
        .map(str::to_owned)
        .ok_or_else(|| fill(words().core_xml_unknown_entity, &[("name", &&**r)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("start");
            std::io::Write::write_all(&mut w, data).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    #[test]
    fn the_capped_reader_fails_past_its_cap_whatever_a_header_said() {
        let read = |cap: u64| {
            let mut r = Capped {
                inner: Cursor::new(vec![7u8; 10]),
                left: cap,
                cap,
            };
            let mut out = Vec::new();
            r.read_to_end(&mut out).map(|_| out.len())
        };
        assert_eq!(read(10).expect("exactly the cap"), 10);
        let e = read(9).expect_err("one byte over");
        assert_eq!(io_to_entry(&e, 9), EntryError::TooBig { max: 9 });
        assert!(is_cap_error(&e.to_string()));
    }

    #[test]
    fn entries_are_found_by_name_in_any_case_and_capped() {
        let bytes = zip_of(&[("Word/Document.XML", b"12345"), ("b", b"x")]);
        let mut zip = ZipArchive::new(Cursor::new(bytes.as_slice())).expect("zip");
        let i = find_entry(&zip, "word/document.xml").expect("found");
        assert_eq!(read_entry(&mut zip, i, 5).expect("fits"), b"12345");
        assert_eq!(
            read_entry(&mut zip, i, 4),
            Err(EntryError::TooBig { max: 4 })
        );
        assert_eq!(find_entry(&zip, "../b"), None);
    }
}
