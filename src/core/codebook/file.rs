//! The codebook file as written: the serde structs that `codebook.json` reads into
//! and is written from, and the flattening of its tree into the list of codes.

use super::{
    AnsiColor, Code, Codebook, Text, nearest_ansi, parse_rgb, valid_guid, valid_id, words,
};
use crate::i18n::fill;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text as written in a file: one string for all languages, or a map by language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub(super) enum TextFile {
    Plain(String),
    Map(BTreeMap<String, String>),
}

impl From<TextFile> for Text {
    fn from(t: TextFile) -> Text {
        match t {
            TextFile::Plain(s) => Text {
                en: s.clone(),
                id: s,
            },
            TextFile::Map(mut m) => Text {
                en: m.remove("en").unwrap_or_default(),
                id: m.remove("id").unwrap_or_default(),
            },
        }
    }
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CodebookFile {
    pub(super) format: String,
    pub(super) version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) title: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) description: Option<TextFile>,
    pub(super) codes: Vec<CodeFile>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CodeFile {
    pub(super) id: String,
    pub(super) label: TextFile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) definition: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) include: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) exclude: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) example: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) color: Option<String>,
    /// The code's GUID in another QDA program (REFI-QDA exchange).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) guid: Option<String>,
    /// The code memo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) memo: Option<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub(super) codable: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) exclusive: bool,
    /// No longer used for new codings; kept so old codings still read.
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) retired: bool,
    /// Merged into this code: codings with this id count as that code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) merged_into: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) children: Vec<CodeFile>,
}

pub(super) fn yes() -> bool {
    true
}

pub(super) fn is_true(b: &bool) -> bool {
    *b
}

pub(super) fn is_false(b: &bool) -> bool {
    !*b
}

/// A text as written: `{"en": ..., "id": ...}` without empty languages, or None.
pub(super) fn text_file(t: &Text) -> Option<TextFile> {
    if t.is_empty() {
        return None;
    }
    let mut m = BTreeMap::new();
    for (lang, s) in [("en", &t.en), ("id", &t.id)] {
        if !s.is_empty() {
            m.insert(lang.to_owned(), s.clone());
        }
    }
    Some(TextFile::Map(m))
}

impl Codebook {
    /// Adds `code` and its sub-codes to the flat list, checking ids and colours;
    /// the keys as written are collected in `raw_keys` for `check_keys`.
    pub(super) fn flatten(
        &mut self,
        code: CodeFile,
        parent: Option<usize>,
        depth: usize,
        raw_keys: &mut Vec<Option<String>>,
    ) -> Result<(), String> {
        if !valid_id(&code.id) {
            let id = format!("{:?}", code.id);
            return Err(fill(words().core_codebook_bad_id, &[("id", &id)]));
        }
        if self.by_id.contains_key(&code.id) {
            let id = format!("{:?}", code.id);
            return Err(fill(words().core_codebook_id_twice, &[("id", &id)]));
        }
        let (color, hex) = self.colour(&code.id, code.color.as_deref());
        let guid = self.guid(&code.id, code.guid);
        let index = self.codes.len();
        self.by_id.insert(code.id.clone(), index);
        let text = |t: Option<TextFile>| t.map(Text::from).unwrap_or_default();
        self.codes.push(Code {
            id: code.id,
            label: code.label.into(),
            definition: text(code.definition),
            include: text(code.include),
            exclude: text(code.exclude),
            example: text(code.example),
            key: None,
            own_key: None,
            color: color.or_else(|| parent.and_then(|p| self.codes[p].color)),
            own_color: color,
            hex,
            guid,
            memo: code.memo.unwrap_or_default(),
            codable: code.codable,
            exclusive: code.exclusive,
            retired: code.retired,
            merged_into: code.merged_into,
            parent,
            depth,
        });
        raw_keys.push(code.key);
        for child in code.children {
            self.flatten(child, Some(index), depth + 1, raw_keys)?;
        }
        Ok(())
    }
}

impl Codebook {
    /// A code's colour as written: an ANSI name, or `#RRGGBB` / `#RGB` (kept as
    /// written, shown as the nearest ANSI colour); anything else is a warning and no
    /// colour.
    fn colour(&mut self, id: &str, value: Option<&str>) -> (Option<AnsiColor>, Option<String>) {
        let Some(value) = value else {
            return (None, None);
        };
        if value.trim_start().starts_with('#')
            && let Some(rgb) = parse_rgb(value)
        {
            return (Some(nearest_ansi(rgb)), Some(value.trim().to_owned()));
        }
        let parsed = AnsiColor::parse(value);
        if parsed.is_none() {
            let value = format!("{value:?}");
            let w = fill(
                words().core_codebook_bad_colour,
                &[("id", &id), ("value", &value)],
            );
            self.warnings.push(w);
        }
        (parsed, None)
    }

    /// A code's REFI-QDA GUID, when it is one.
    fn guid(&mut self, id: &str, guid: Option<String>) -> Option<String> {
        let guid = guid?;
        if valid_guid(&guid) {
            return Some(guid);
        }
        let shown = format!("{guid:?}");
        let w = fill(
            words().core_codebook_bad_guid,
            &[("id", &id), ("guid", &shown)],
        );
        self.warnings.push(w);
        None
    }

    /// Drops a GUID that an earlier code already has (an export with one GUID on two
    /// codes would merge them in the other program), with a warning.
    pub(super) fn check_guids(&mut self) {
        let mut seen = std::collections::HashSet::new();
        for code in &mut self.codes {
            let Some(guid) = &code.guid else { continue };
            if !seen.insert(guid.trim_matches(['{', '}']).to_ascii_lowercase()) {
                let w = fill(
                    words().core_codebook_guid_twice,
                    &[("id", &code.id), ("guid", guid)],
                );
                self.warnings.push(w);
                code.guid = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SMALL, book};
    use crate::core::codebook::{AnsiColor, Codebook, Lang};

    #[test]
    fn flattens_in_preorder() {
        let b = book(SMALL).expect("valid");
        let ids: Vec<_> = b.codes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            ["devito", "devito.contact", "devito.involvement", "other"]
        );
        assert_eq!(b.codes[1].parent, Some(0));
        assert_eq!(b.codes[1].depth, 1);
        assert_eq!(b.codes[1].label.get(Lang::Id), "Kontak");
        assert_eq!(b.codes[2].label.get(Lang::Id), "Involvement");
        assert_eq!(
            b.codes[1].color,
            Some(AnsiColor::Blue),
            "inherits the parent's colour"
        );
        assert_eq!(b.codes[2].color, Some(AnsiColor::LightGreen));
        assert!(b.warnings.is_empty());
    }

    #[test]
    fn duplicate_id_is_an_error() {
        let err = book(
            r#"{"format":"tandai-codebook","version":1,"codes":[
            {"id":"a","label":"A"},{"id":"a","label":"B"}]}"#,
        )
        .expect_err("duplicate");
        assert_eq!(
            err.to_string(),
            "codebook.json: code id \"a\" is used twice; ids must be unique"
        );
    }

    #[test]
    fn invalid_id_and_unknown_field() {
        let err =
            book(r#"{"format":"tandai-codebook","version":1,"codes":[{"id":"A b","label":"x"}]}"#)
                .expect_err("id");
        assert!(err.to_string().contains("not valid"));
        let err = book(r#"{"format":"tandai-codebook","version":1,"codes":[{"id":"a","label":"x","lable":1}]}"#)
            .expect_err("field");
        assert!(err.to_string().contains("unknown field"));
    }

    #[test]
    fn indonesian_errors_name_the_file_and_line() {
        let lang = Lang::Id;
        let cut = Codebook::parse_in(
            b"{\"format\": \"tandai-codebook\",\n \"ver",
            "buku.json",
            lang,
        )
        .expect_err("cut")
        .message_in(lang);
        assert!(cut.starts_with("buku.json: baris 2, kolom "), "{cut}");
        let newer = br#"{"format":"tandai-codebook","version":3,"codes":[]}"#;
        let newer = Codebook::parse_in(newer, "buku.json", lang)
            .expect_err("newer")
            .message_in(lang);
        assert_eq!(
            newer,
            "buku.json: versi format 3 lebih baru daripada yang dipahami tandai ini (1); perbarui tandai"
        );
        let other = br#"{"format":"lain","version":1,"codes":[]}"#;
        let other = Codebook::parse_in(other, "buku.json", lang)
            .expect_err("format")
            .message_in(lang);
        assert_eq!(
            other,
            "buku.json: \"format\" bernilai \"lain\", seharusnya \"tandai-codebook\""
        );
    }
}
