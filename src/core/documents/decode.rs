//! Turning a transcript's bytes into text, strictly.
//!
//! UTF-8 (with or without a BOM) and UTF-16 with a BOM are decoded; anything else is a
//! clear error that says where the first bad byte is. Nothing is ever guessed or
//! replaced: a lossy decode would change what the researcher coded.

use crate::i18n::{self, Lang};

/// Why a document's bytes are not text tandai can read. Shown in the process's
/// language ([`DecodeError::message_in`] for another).
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    InvalidUtf8 { offset: usize, line: usize },
    Nul { offset: usize, line: usize },
    Utf16WithoutBom,
    Utf16OddLength { len: usize },
    Utf16Surrogate { offset: usize },
}

impl DecodeError {
    /// The message in `lang` (the caller puts the file's name before it).
    pub fn message_in(&self, lang: Lang) -> String {
        let t = i18n::strings(lang);
        match self {
            DecodeError::InvalidUtf8 { offset, line } => i18n::fill(
                t.core_decode_invalid_utf8,
                &[("offset", offset), ("line", line)],
            ),
            DecodeError::Nul { offset, line } => {
                i18n::fill(t.core_decode_nul, &[("offset", offset), ("line", line)])
            }
            DecodeError::Utf16WithoutBom => t.core_decode_utf16_no_bom.to_owned(),
            DecodeError::Utf16OddLength { len } => {
                i18n::fill(t.core_decode_utf16_odd, &[("len", len)])
            }
            DecodeError::Utf16Surrogate { offset } => {
                i18n::fill(t.core_decode_utf16_surrogate, &[("offset", offset)])
            }
        }
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(i18n::current()))
    }
}

impl std::error::Error for DecodeError {}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a document's bytes: UTF-8 (BOM optional) or UTF-16 with a BOM.
///
/// The BOM is dropped; line ends are kept as they are in the file.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    decode_owned(bytes.to_vec())
}

/// [`decode`], reusing the buffer for UTF-8 text instead of copying it.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
        return decode_utf8(bytes, UTF8_BOM.len());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    if looks_like_bomless_utf16(&bytes) {
        return Err(DecodeError::Utf16WithoutBom);
    }
    decode_utf8(bytes, 0)
}

fn decode_utf8(bytes: Vec<u8>, skipped: usize) -> Result<String, DecodeError> {
    if let Some(offset) = memchr::memchr(0, &bytes) {
        let utf8_end = std::str::from_utf8(&bytes)
            .err()
            .map_or(usize::MAX, |e| e.valid_up_to());
        if utf8_end >= offset {
            return Err(DecodeError::Nul {
                offset: offset + skipped,
                line: line_of(&bytes, offset),
            });
        }
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        DecodeError::InvalidUtf8 {
            offset: offset + skipped,
            line: line_of(e.as_bytes(), offset),
        }
    })
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::Utf16OddLength {
            len: bytes.len() + 2,
        });
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len());
    for (i, ch) in char::decode_utf16(units).enumerate() {
        match ch {
            Ok('\0') => {
                return Err(DecodeError::Nul {
                    offset: 2 + i * 2,
                    line: text.matches('\n').count() + 1,
                });
            }
            Ok(c) => text.push(c),
            Err(_) => return Err(DecodeError::Utf16Surrogate { offset: 2 + i * 2 }),
        }
    }
    Ok(text)
}

/// UTF-16 text without a BOM is valid UTF-8 full of NULs: detect it by the NULs
/// standing at every other byte in the first kilobyte.
fn looks_like_bomless_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    if head.len() < 4 {
        return false;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    even.max(odd) * 10 >= pairs * 4 && even.min(odd) * 10 < pairs
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_and_bom() {
        assert_eq!(decode(b"halo\n").as_deref(), Ok("halo\n"));
        assert_eq!(decode(b"\xEF\xBB\xBFhalo").as_deref(), Ok("halo"));
    }

    #[test]
    fn crlf_is_kept() {
        assert_eq!(decode(b"a\r\nb").as_deref(), Ok("a\r\nb"));
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let le: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0, 0x3D, 0xD8, 0x00, 0xDE].to_vec();
        assert_eq!(decode(&le).as_deref(), Ok("hi\u{1F600}"));
        let be: Vec<u8> = [0xFE, 0xFF, 0, b'o', 0, b'k'].to_vec();
        assert_eq!(decode(&be).as_deref(), Ok("ok"));
    }

    #[test]
    fn utf16_without_bom_is_refused() {
        let bytes: Vec<u8> = "Peneliti: halo apa kabar\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(&bytes), Err(DecodeError::Utf16WithoutBom));
    }

    #[test]
    fn invalid_utf8_names_byte_and_line() {
        assert_eq!(
            decode(b"baris satu\nbaris \xE9 dua"),
            Err(DecodeError::InvalidUtf8 {
                offset: 17,
                line: 2
            })
        );
    }

    #[test]
    fn latin1_is_an_error_not_a_guess() {
        assert!(matches!(
            decode(b"caf\xe9"),
            Err(DecodeError::InvalidUtf8 { offset: 3, .. })
        ));
    }

    #[test]
    fn nul_bytes_are_refused() {
        assert_eq!(
            decode(b"ab\ncd\0ef"),
            Err(DecodeError::Nul { offset: 5, line: 2 })
        );
    }

    #[test]
    fn bad_utf16() {
        assert_eq!(
            decode(&[0xFF, 0xFE, b'a']),
            Err(DecodeError::Utf16OddLength { len: 3 })
        );
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8, b'a', 0]),
            Err(DecodeError::Utf16Surrogate { offset: 2 })
        );
    }

    #[test]
    fn messages_name_the_byte_and_line_in_both_languages() {
        let e = DecodeError::InvalidUtf8 {
            offset: 17,
            line: 2,
        };
        assert_eq!(
            e.message_in(Lang::En),
            "not valid UTF-8 at byte 17 (line 2); save the file as UTF-8"
        );
        assert_eq!(
            e.message_in(Lang::Id),
            "bukan UTF-8 yang sah pada bait 17 (baris 2); simpan berkas sebagai UTF-8"
        );
        let nul = DecodeError::Nul { offset: 5, line: 2 }.message_in(Lang::Id);
        assert!(nul.contains("bait 5 (baris 2)"), "{nul}");
    }
}
