//! The codebook: a tree of codes with stable ids, bilingual texts, keys and colours.
//!
//! The file format is documented in `docs/codebook-format.md`. Loading flattens the
//! tree into a pre-order list (the display order) and checks it: problems that would
//! make codings ambiguous (a duplicate id) are errors; problems a coder can work
//! around (a duplicate key, an unknown colour) are warnings, shown on screen.

pub mod export;
pub mod packs;

mod colour;
mod file;
pub(crate) mod merge;
mod tree;

pub use colour::{AnsiColor, ansi_rgb, nearest_ansi, parse_rgb};
pub use merge::{Merged, merge, merge_json};

use crate::i18n::fill;
use file::CodebookFile;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The language of labels and definitions on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Id,
}

impl Lang {
    /// The language code used in files: `en` or `id`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Id,
            Lang::Id => Lang::En,
        }
    }
}

/// A text in English and Indonesian; either may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub id: String,
}

impl Text {
    /// The text in `lang`, or in the other language when that one is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (want, other) = match lang {
            Lang::En => (&self.en, &self.id),
            Lang::Id => (&self.id, &self.en),
        };
        if want.is_empty() { other } else { want }
    }

    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.id.is_empty()
    }

    /// The text written in `lang` itself, empty when only the other language has it.
    pub fn own(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Id => &self.id,
        }
    }

    /// A text written in `lang` only: the other language is left to be written.
    pub fn only(lang: Lang, text: &str) -> Text {
        let mut t = Text::default();
        match lang {
            Lang::En => t.en = text.to_owned(),
            Lang::Id => t.id = text.to_owned(),
        }
        t
    }
}

/// One code of the codebook, flattened: its place in the tree is `parent` and `depth`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Code {
    pub id: String,
    pub label: Text,
    pub definition: Text,
    pub include: Text,
    pub exclude: Text,
    pub example: Text,
    /// The key that toggles the code while coding, after automatic assignment.
    pub key: Option<char>,
    /// The key written in the codebook file (what is saved back).
    pub own_key: Option<char>,
    /// The colour shown: the code's own, or its parent's.
    pub color: Option<AnsiColor>,
    /// The colour written in the codebook file (for an RGB colour, the nearest ANSI
    /// colour, which the terminal shows).
    pub own_color: Option<AnsiColor>,
    /// The colour exactly as written when it is RGB (`#8B4513`, from another QDA
    /// program): written back unchanged to `codebook.json` and to REFI-QDA exports.
    pub hex: Option<String>,
    /// The REFI-QDA GUID another program gave the code, reused when exporting so that
    /// the program recognises its own code instead of adding a copy.
    pub guid: Option<String>,
    /// The code memo: the researcher's notes on the code (how it developed, doubts),
    /// as opposed to its definition. One text, not per language.
    pub memo: String,
    pub codable: bool,
    /// At most one of this code's direct children on one paragraph.
    pub exclusive: bool,
    /// No longer applied; old codings with it still read.
    pub retired: bool,
    /// Merged into the code with this id.
    pub merged_into: Option<String>,
    pub parent: Option<usize>,
    pub depth: usize,
}

impl Code {
    /// Can be applied now: codable, not retired, not merged away.
    pub fn active(&self) -> bool {
        self.codable && !self.retired && self.merged_into.is_none()
    }
}

/// The catalog of the process's language, for the codebook's warnings.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

/// Why a codebook cannot be used. Shown in the process's language
/// ([`CodebookError::message_in`] for another); the path always comes first.
#[derive(Debug)]
pub enum CodebookError {
    /// The file cannot be read: missing, not a regular file, a link that is not
    /// followed, or over [`MAX_CODEBOOK_BYTES`].
    Read(crate::core::documents::fsread::ReadError),
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// `message` is in the language the file was parsed in ([`Codebook::parse_in`]).
    Invalid { path: String, message: String },
}

impl CodebookError {
    /// The message in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        match self {
            CodebookError::Read(e) => e.message_in(lang),
            CodebookError::Json {
                path,
                line,
                column,
                message,
            } => crate::core::coding::sidecar::json_at(lang, path, *line, *column, message),
            CodebookError::Invalid { path, message } => format!("{path}: {message}"),
        }
    }
}

impl std::fmt::Display for CodebookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::current()))
    }
}

impl std::error::Error for CodebookError {}

/// Largest codebook file tandai reads.
pub const MAX_CODEBOOK_BYTES: u64 = 16 * 1024 * 1024;

/// A loaded, checked codebook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Codebook {
    /// Codes in display order (pre-order over the tree).
    pub codes: Vec<Code>,
    /// The codebook's own short name (a pack's name), if any.
    pub id: Option<String>,
    pub title: Text,
    pub description: Text,
    /// Problems worth telling the coder about that do not stop coding.
    pub warnings: Vec<String>,
    by_id: HashMap<String, usize>,
}

impl Codebook {
    /// Reads and checks a codebook file that the user named (`--codebook FILE`): a
    /// link is followed wherever it leads.
    pub fn load(path: &Path) -> Result<Codebook, CodebookError> {
        Codebook::load_with(path, crate::core::documents::fsread::Links::Follow)
    }

    /// Reads and checks a codebook file, following links as `links` says (a
    /// project's `codebook.json`: inside the project only).
    pub fn load_with(
        path: &Path,
        links: crate::core::documents::fsread::Links<'_>,
    ) -> Result<Codebook, CodebookError> {
        let bytes = crate::core::documents::fsread::read(path, MAX_CODEBOOK_BYTES, links)
            .map_err(CodebookError::Read)?;
        Codebook::parse(&bytes, &path.display().to_string())
    }

    /// Parses and checks codebook JSON; `name` is used in messages.
    pub fn parse(bytes: &[u8], name: &str) -> Result<Codebook, CodebookError> {
        Codebook::parse_in(bytes, name, crate::i18n::current())
    }

    /// [`Codebook::parse`], with the JSON, format and version errors in `lang`; the
    /// errors and warnings about single codes are in the process's language.
    pub fn parse_in(
        bytes: &[u8],
        name: &str,
        lang: crate::i18n::Lang,
    ) -> Result<Codebook, CodebookError> {
        let t = crate::i18n::strings(lang);
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let file: CodebookFile =
            serde_json::from_slice(bytes).map_err(|e| CodebookError::Json {
                path: name.to_owned(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        let invalid = |message: String| CodebookError::Invalid {
            path: name.to_owned(),
            message,
        };
        if file.format != "tandai-codebook" {
            let found = format!("{:?}", file.format);
            return Err(invalid(fill(
                t.core_sidecar_format,
                &[("found", &found), ("expected", &"\"tandai-codebook\"")],
            )));
        }
        if file.version != 1 {
            return Err(invalid(fill(
                t.core_codebook_newer,
                &[("version", &file.version)],
            )));
        }
        Codebook::from_file(file).map_err(invalid)
    }

    fn from_file(file: CodebookFile) -> Result<Codebook, String> {
        let mut book = Codebook {
            id: file.id,
            title: file.title.map(Text::from).unwrap_or_default(),
            description: file.description.map(Text::from).unwrap_or_default(),
            ..Codebook::default()
        };
        let mut raw_keys = Vec::new();
        for code in file.codes {
            book.flatten(code, None, 0, &mut raw_keys)?;
        }
        book.check_keys(raw_keys);
        book.check_guids();
        Ok(book)
    }
}

impl Codebook {
    /// Checks the keys written in the file; a bad or duplicate one is dropped with a
    /// warning (the code stays reachable through the picker).
    fn check_keys(&mut self, raw_keys: Vec<Option<String>>) {
        let mut seen: HashMap<char, usize> = HashMap::new();
        for (i, raw) in raw_keys.into_iter().enumerate() {
            let Some(raw) = raw else { continue };
            let id = &self.codes[i].id;
            let mut chars = raw.chars();
            let key = match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() && c != ' ' => c,
                _ => {
                    let key = format!("{raw:?}");
                    let w = fill(
                        words().core_codebook_key_not_char,
                        &[("id", id), ("key", &key)],
                    );
                    self.warnings.push(w);
                    continue;
                }
            };
            if !self.codes[i].codable {
                let key = format!("{key:?}");
                let w = fill(
                    words().core_codebook_key_not_codable,
                    &[("id", id), ("key", &key)],
                );
                self.warnings.push(w);
                continue;
            }
            if let Some(&other) = seen.get(&key) {
                let (key, other) = (format!("{key:?}"), &self.codes[other].id);
                let w = fill(
                    words().core_codebook_key_twice,
                    &[("key", &key), ("other", other), ("id", id)],
                );
                self.warnings.push(w);
                continue;
            }
            seen.insert(key, i);
            self.codes[i].key = Some(key);
            self.codes[i].own_key = Some(key);
        }
    }

    /// Removes keys that the keymap uses, then gives keys to codable codes without
    /// one: digits 1-9, then free letters, for at most 9 + 26 codes in all.
    pub fn assign_keys(&mut self, reserved: &HashSet<char>) {
        for i in 0..self.codes.len() {
            if let Some(k) = self.codes[i].key.filter(|k| reserved.contains(k)) {
                let id = &self.codes[i].id;
                let key = format!("{k:?}");
                let w = fill(
                    words().core_codebook_key_reserved,
                    &[("id", id), ("key", &key)],
                );
                self.warnings.push(w);
                self.codes[i].key = None;
            }
        }
        let used: HashSet<char> = self.codes.iter().filter_map(|c| c.key).collect();
        let mut pool = ('1'..='9')
            .chain('a'..='z')
            .chain('A'..='Z')
            .filter(|k| !reserved.contains(k) && !used.contains(k));
        let mut keyed = used.len();
        let mut keyless = 0;
        for code in self
            .codes
            .iter_mut()
            .filter(|c| c.active() && c.key.is_none())
        {
            match pool.next().filter(|_| keyed < MAX_KEYED) {
                Some(k) => {
                    code.key = Some(k);
                    keyed += 1;
                }
                None => keyless += 1,
            }
        }
        if keyless > 0 {
            let t = words();
            let w = crate::i18n::count(
                keyless,
                t.core_codebook_keyless_one,
                t.core_codebook_keyless_other,
            );
            self.warnings.push(fill(&w, &[("max", &MAX_KEYED)]));
        }
    }

    /// Index of the code with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The code with this id.
    pub fn get(&self, id: &str) -> Option<&Code> {
        self.index_of(id).map(|i| &self.codes[i])
    }

    /// The code that can be applied with `key`.
    pub fn by_key(&self, key: char) -> Option<usize> {
        self.codes
            .iter()
            .position(|c| c.active() && c.key == Some(key))
    }

    /// The id a coding with `id` counts as: merged codes lead to the code they were
    /// merged into (following chains, stopping at a loop).
    pub fn resolve<'a>(&'a self, id: &'a str) -> &'a str {
        let mut current = id;
        for _ in 0..self.codes.len() {
            match self.get(current).and_then(|c| c.merged_into.as_deref()) {
                Some(next) if self.index_of(next).is_some() => current = next,
                _ => break,
            }
        }
        current
    }

    /// Rebuilds the id index after codes were added, removed or moved.
    pub fn reindex(&mut self) {
        self.by_id = self
            .codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
    }

    /// The ids that `--code ID` options select: each code with its sub-codes (merged
    /// ids resolved), and ids not in the codebook that `used` says were applied.
    /// None selects everything; an id neither in the codebook nor used is returned
    /// as the error.
    pub fn select_with_subcodes(
        &self,
        given: &[String],
        used: impl Fn(&str) -> bool,
    ) -> Result<Option<HashSet<String>>, String> {
        if given.is_empty() {
            return Ok(None);
        }
        let mut out = HashSet::new();
        for id in given {
            let id = self.resolve(id);
            if let Some(i) = self.index_of(id) {
                out.extend(
                    (0..self.codes.len())
                        .filter(|&j| j == i || self.is_descendant(j, i))
                        .map(|j| self.codes[j].id.clone()),
                );
            } else if used(id) {
                out.insert(id.to_owned());
            } else {
                return Err(id.to_owned());
            }
        }
        Ok(Some(out))
    }

    /// The other codes that cannot stand on one paragraph with code `index`: its
    /// siblings when its parent is exclusive.
    pub fn exclusive_siblings(&self, index: usize) -> Vec<usize> {
        let Some(parent) = self.codes[index].parent else {
            return Vec::new();
        };
        if !self.codes[parent].exclusive {
            return Vec::new();
        }
        (0..self.codes.len())
            .filter(|&i| i != index && self.codes[i].parent == Some(parent))
            .collect()
    }
}

/// At most this many codes get a key: 9 digits and 26 letters.
pub const MAX_KEYED: usize = 9 + 26;

/// A REFI-QDA GUID as `Project.xsd` allows it: `8-4-4-4-12` hexadecimal digits,
/// with or without braces.
pub fn valid_guid(guid: &str) -> bool {
    let bare = guid
        .strip_prefix('{')
        .and_then(|g| g.strip_suffix('}'))
        .unwrap_or(guid);
    let groups: Vec<&str> = bare.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn book(json: &str) -> Result<Codebook, CodebookError> {
        Codebook::parse(json.as_bytes(), "codebook.json")
    }

    pub(super) const SMALL: &str = r#"{"format":"tandai-codebook","version":1,"codes":[
        {"id":"devito","label":{"en":"DeVito","id":"DeVito"},"codable":false,"exclusive":true,"color":"blue","children":[
            {"id":"devito.contact","label":{"en":"Contact","id":"Kontak"},"key":"1"},
            {"id":"devito.involvement","label":"Involvement","key":"2","color":"light-green"}
        ]},
        {"id":"other","label":"Other"}
    ]}"#;

    #[test]
    fn exclusive_siblings() {
        let b = book(SMALL).expect("valid");
        assert_eq!(b.exclusive_siblings(1), [2]);
        assert!(b.exclusive_siblings(3).is_empty());
    }

    #[test]
    fn bad_json_names_line_and_column() {
        let err = book("{\"format\":\n  oops}").expect_err("bad");
        assert!(
            err.to_string()
                .starts_with("codebook.json: line 2, column 3"),
            "{err}"
        );
    }

    #[test]
    fn unknown_version_and_format() {
        let err = book(r#"{"format":"tandai-codebook","version":9,"codes":[]}"#).expect_err("v9");
        assert!(err.to_string().contains("version 9"));
        let err = book(r#"{"format":"x","version":1,"codes":[]}"#).expect_err("fmt");
        assert!(err.to_string().contains("tandai-codebook"));
    }

    #[test]
    fn duplicate_key_is_a_warning_and_loses_the_key() {
        let mut b = book(
            r#"{"format":"tandai-codebook","version":1,"codes":[
            {"id":"a","label":"A","key":"1"},{"id":"b","label":"B","key":"1"}]}"#,
        )
        .expect("valid");
        assert_eq!(b.codes[1].key, None);
        assert!(
            b.warnings[0].contains("key '1' is given to both a and b"),
            "{:?}",
            b.warnings
        );
        b.assign_keys(&HashSet::new());
        assert_eq!(b.codes[1].key, Some('2'));
    }

    #[test]
    fn reserved_keys_are_refused_and_auto_keys_skip_them() {
        let mut b = book(
            r#"{"format":"tandai-codebook","version":1,"codes":[
            {"id":"a","label":"A","key":"j"},{"id":"b","label":"B"}]}"#,
        )
        .expect("valid");
        b.assign_keys(&HashSet::from(['j', '1']));
        assert_eq!(b.codes[0].key, Some('2'));
        assert_eq!(b.codes[1].key, Some('3'));
        assert!(b.warnings[0].contains("tandai command key"));
    }

    #[test]
    fn only_35_codes_get_keys() {
        let codes: Vec<String> = (0..40)
            .map(|i| format!(r#"{{"id":"c{i}","label":"C{i}"}}"#))
            .collect();
        let json = format!(
            r#"{{"format":"tandai-codebook","version":1,"codes":[{}]}}"#,
            codes.join(",")
        );
        let mut b = book(&json).expect("valid");
        b.assign_keys(&HashSet::from(['j', 'k']));
        assert_eq!(
            b.codes.iter().filter(|c| c.key.is_some()).count(),
            MAX_KEYED
        );
        assert!(
            b.warnings
                .iter()
                .any(|w| w.starts_with("5 codes have no key"))
        );
        assert_eq!(b.codes[9].key, Some('a'));
        assert_eq!(b.codes[18].key, Some('l'), "j and k are skipped");
    }

    #[test]
    fn merged_codes_resolve_and_retired_codes_are_inactive() {
        let b = book(r#"{"format":"tandai-codebook","version":1,"codes":[
            {"id":"a","label":"A","merged_into":"b"},{"id":"b","label":"B","merged_into":"c"},
            {"id":"c","label":"C"},{"id":"d","label":"D","retired":true},{"id":"x","label":"X","merged_into":"y"},
            {"id":"y","label":"Y","merged_into":"x"}]}"#).expect("valid");
        assert_eq!(b.resolve("a"), "c");
        assert_eq!(b.resolve("c"), "c");
        assert_eq!(b.resolve("unknown"), "unknown");
        assert!(["x", "y"].contains(&b.resolve("x")), "a loop stops");
        assert!(!b.codes[3].active() && !b.codes[0].active() && b.codes[2].active());
        let again = Codebook::parse(b.to_json().as_bytes(), "again").expect("reparses");
        assert_eq!(again.codes, b.codes);
    }
}
