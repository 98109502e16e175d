//! Identity: REFI GUIDs derived from tandai ids, and tandai ids made from the names
//! of codes written by other programs.

use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// A REFI GUID for a tandai code id: UUID-shaped from SHA-256 of `tandai-code:` and
/// the id, with the version and variant bits of a UUIDv5, lower case. The same id
/// always gives the same GUID, so other programs see a re-export as the same codes.
pub fn code_guid(id: &str) -> String {
    derived_guid("tandai-code", &[id])
}

/// A GUID derived from a kind (`tandai-source`, `tandai-user`...) and the parts of a
/// stable key, the way [`code_guid`] derives one from a code id. Parts are joined
/// with NUL, which no name contains, so different keys never run together.
pub(super) fn derived_guid(kind: &str, parts: &[&str]) -> String {
    Guid::derive(kind, parts).as_str().to_owned()
}

/// A derived GUID's 36 characters, kept on the stack: an export derives one for
/// every selection and coding, hundreds of thousands in a large project.
pub(super) struct Guid([u8; 36]);

impl Guid {
    /// See [`derived_guid`].
    pub(super) fn derive(kind: &str, parts: &[&str]) -> Guid {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hasher = Sha256::new();
        hasher.update(kind.as_bytes());
        hasher.update(b":");
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                hasher.update(b"\0");
            }
            hasher.update(part.as_bytes());
        }
        let digest = hasher.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        bytes[6] = (bytes[6] & 0x0f) | 0x50;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let mut out = [b'-'; 36];
        let mut at = 0;
        for (i, b) in bytes.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                at += 1;
            }
            out[at] = HEX[usize::from(b >> 4)];
            out[at + 1] = HEX[usize::from(b & 15)];
            at += 2;
        }
        Guid(out)
    }

    pub(super) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// The same rule as the codebook's own id check (kept in step by the import's final
/// `Codebook::parse`).
pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// Longest id made from names, leaving room for a `-N` suffix under the 200 limit.
const MAX_SLUG_ID: usize = 190;

pub(super) fn truncate_id(id: &mut String) {
    if id.len() > MAX_SLUG_ID {
        id.truncate(MAX_SLUG_ID);
        let kept = id.trim_end_matches(['-', '.']).len();
        id.truncate(kept);
    }
}

pub(super) fn unique(base: &str, used: &HashSet<String>) -> String {
    if !used.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !used.contains(candidate))
        .unwrap_or_else(|| base.to_owned())
}

/// An id segment from a code name: lower-case ASCII letters and digits, accented
/// Latin letters transliterated, every other run of characters one `-`; `code` when
/// nothing is left. Each segment is at most 60 characters.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(ascii) = transliterate(c) {
            out.push_str(ascii);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(60);
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "code".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Lower-case Latin letters with diacritics (Latin-1 and Latin Extended-A) and their
/// ASCII spelling.
const TRANSLITERATIONS: [(&str, &str); 24] = [
    ("àáâãäåāăą", "a"),
    ("æ", "ae"),
    ("çćĉċč", "c"),
    ("ďđð", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįı", "i"),
    ("ĳ", "ij"),
    ("ĵ", "j"),
    ("ķĸ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņňŉŋ", "n"),
    ("òóôõöøōŏő", "o"),
    ("œ", "oe"),
    ("ŕŗř", "r"),
    ("śŝşšſ", "s"),
    ("ß", "ss"),
    ("ţťŧ", "t"),
    ("þ", "th"),
    ("ùúûüũūŭůűų", "u"),
    ("ŵ", "w"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
];

fn transliterate(c: char) -> Option<&'static str> {
    TRANSLITERATIONS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|&(_, to)| to)
}

pub(super) fn is_refi_guid(guid: &str) -> bool {
    crate::core::codebook::valid_guid(guid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_transliterate_and_collapse() {
        assert_eq!(slug("Négatif / Ruhig"), "negatif-ruhig");
        assert_eq!(slug("Coke::full-fat Coke"), "coke-full-fat-coke");
        assert_eq!(slug("\"rushed\""), "rushed");
        assert_eq!(slug("Straße Œuvre"), "strasse-oeuvre");
        assert_eq!(slug("日本"), "code");
        assert_eq!(slug(""), "code");
        assert_eq!(slug("cs_inclusion v1.2"), "cs-inclusion-v1-2");
    }

    #[test]
    fn guids_are_uuid_v5_shaped() {
        let guid = code_guid("devito.contact");
        assert!(is_refi_guid(&guid), "{guid}");
        assert_eq!(&guid[14..15], "5");
        assert!("89ab".contains(&guid[19..20]));
        assert!(is_refi_guid("{D7AA29DA-519b-4946-9b90-253b6db8fd0a}"));
        assert!(!is_refi_guid("{d7aa29da-519b-4946-9b90-253b6db8fd0a"));
        assert!(!is_refi_guid("c001"));
    }

    #[test]
    fn derived_guids_hash_the_kind_and_the_parts_joined_with_nul() {
        // The reference: SHA-256 of "tandai-note:a\0b", its first 16 bytes with the
        // version and variant bits set, as lower-case hex in 8-4-4-4-12.
        let digest = Sha256::digest(b"tandai-note:a\0b");
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        bytes[6] = (bytes[6] & 0x0f) | 0x50;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let want = format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        );
        assert_eq!(derived_guid("tandai-note", &["a", "b"]), want);
        assert_ne!(
            derived_guid("tandai-note", &["a", "b"]),
            derived_guid("tandai-note", &["ab"])
        );
        assert_eq!(
            code_guid("devito.contact"),
            derived_guid("tandai-code", &["devito.contact"])
        );
    }
}
