//! The codebook: a tree of codes with stable ids, bilingual texts, keys and colours.
//!
//! The file format is documented in `docs/codebook-format.md`. Loading flattens the
//! tree into a pre-order list (the display order) and checks it: problems that would
//! make codings ambiguous (a duplicate id) are errors; problems a coder can work
//! around (a duplicate key, an unknown colour) are warnings, shown on screen.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use thiserror::Error;

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
}

/// A text as written in a file: one string for all languages, or a map by language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
enum TextFile {
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
struct CodebookFile {
    format: String,
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<TextFile>,
    codes: Vec<CodeFile>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct CodeFile {
    id: String,
    label: TextFile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    definition: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    include: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exclude: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    example: Option<TextFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    color: Option<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    codable: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    exclusive: bool,
    /// No longer used for new codings; kept so old codings still read.
    #[serde(default, skip_serializing_if = "is_false")]
    retired: bool,
    /// Merged into this code: codings with this id count as that code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    merged_into: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    children: Vec<CodeFile>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A text as written: `{"en": ..., "id": ...}` without empty languages, or None.
fn text_file(t: &Text) -> Option<TextFile> {
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

fn find_mut<'a>(codes: &'a mut [CodeFile], id: &str) -> Option<&'a mut CodeFile> {
    for c in codes {
        if c.id == id {
            return Some(c);
        }
        if let Some(found) = find_mut(&mut c.children, id) {
            return Some(found);
        }
    }
    None
}

fn take(codes: &mut Vec<CodeFile>, id: &str) -> Option<CodeFile> {
    if let Some(at) = codes.iter().position(|c| c.id == id) {
        return Some(codes.remove(at));
    }
    codes.iter_mut().find_map(|c| take(&mut c.children, id))
}

/// One of the 16 ANSI colours, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnsiColor {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
}

impl AnsiColor {
    const NAMES: [(&'static str, AnsiColor); 16] = [
        ("black", AnsiColor::Black),
        ("red", AnsiColor::Red),
        ("green", AnsiColor::Green),
        ("yellow", AnsiColor::Yellow),
        ("blue", AnsiColor::Blue),
        ("magenta", AnsiColor::Magenta),
        ("cyan", AnsiColor::Cyan),
        ("gray", AnsiColor::Gray),
        ("dark-gray", AnsiColor::DarkGray),
        ("light-red", AnsiColor::LightRed),
        ("light-green", AnsiColor::LightGreen),
        ("light-yellow", AnsiColor::LightYellow),
        ("light-blue", AnsiColor::LightBlue),
        ("light-magenta", AnsiColor::LightMagenta),
        ("light-cyan", AnsiColor::LightCyan),
        ("white", AnsiColor::White),
    ];

    /// The colour's name as written in codebooks.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("gray", |(n, _)| n)
    }

    /// Parses a colour name (`light-blue`, also `light_blue`, `lightblue`, `grey`).
    pub fn parse(name: &str) -> Option<AnsiColor> {
        let norm: String = name
            .trim()
            .to_ascii_lowercase()
            .replace("grey", "gray")
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        Self::NAMES
            .iter()
            .find(|(n, _)| n.replace('-', "") == norm)
            .map(|&(_, c)| c)
    }
}

/// One code of the codebook, flattened: its place in the tree is `parent` and `depth`.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The colour written in the codebook file.
    pub own_color: Option<AnsiColor>,
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

/// Why a codebook cannot be used.
#[derive(Debug, Error)]
pub enum CodebookError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {size} bytes is larger than the {max}-byte limit for a codebook")]
    TooLarge { path: String, size: u64, max: u64 },
    #[error("{path}: line {line}, column {column}: {message}")]
    Json {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

/// Largest codebook file tandai reads.
pub const MAX_CODEBOOK_BYTES: u64 = 16 * 1024 * 1024;

/// A loaded, checked codebook.
#[derive(Debug, Clone, Default)]
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
    /// Reads and checks a codebook file.
    pub fn load(path: &Path) -> Result<Codebook, CodebookError> {
        let shown = path.display().to_string();
        let io = |source| CodebookError::Io {
            path: shown.clone(),
            source,
        };
        let size = std::fs::metadata(path).map_err(io)?.len();
        if size > MAX_CODEBOOK_BYTES {
            return Err(CodebookError::TooLarge {
                path: shown,
                size,
                max: MAX_CODEBOOK_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        Codebook::parse(&bytes, &shown)
    }

    /// Parses and checks codebook JSON; `name` is used in messages.
    pub fn parse(bytes: &[u8], name: &str) -> Result<Codebook, CodebookError> {
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
            return Err(invalid(format!(
                "\"format\" is {:?}, expected \"tandai-codebook\"",
                file.format
            )));
        }
        if file.version != 1 {
            return Err(invalid(format!(
                "format version {} is newer than this tandai understands (1); update tandai",
                file.version
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
        Ok(book)
    }

    /// Rebuilds the codebook from an edited tree. Assigned keys are lost: call
    /// [`Codebook::assign_keys`] again.
    fn rebuild(&mut self, codes: Vec<CodeFile>) -> Result<(), String> {
        let file = CodebookFile {
            format: "tandai-codebook".into(),
            version: 1,
            id: self.id.clone(),
            title: text_file(&self.title),
            description: text_file(&self.description),
            codes,
        };
        let warnings = std::mem::take(&mut self.warnings);
        *self = Codebook::from_file(file)?;
        self.warnings = warnings;
        Ok(())
    }

    /// Adds a code with `id` and `label` as the last child of `parent` (None: top
    /// level), or right after sibling `after`. Returns its index.
    pub fn insert_code(
        &mut self,
        parent: Option<usize>,
        after: Option<usize>,
        id: &str,
        label: Text,
    ) -> Result<usize, String> {
        if self.index_of(id).is_some() {
            return Err(format!("code id {id:?} is already used"));
        }
        let new = CodeFile {
            id: id.to_owned(),
            label: text_file(&label).unwrap_or(TextFile::Plain(String::new())),
            definition: None,
            include: None,
            exclude: None,
            example: None,
            key: None,
            color: None,
            codable: true,
            exclusive: false,
            retired: false,
            merged_into: None,
            children: Vec::new(),
        };
        let parent_id = parent.map(|p| self.codes[p].id.clone());
        let after_id = after.map(|a| self.codes[a].id.clone());
        let mut tree = self.children_of(None);
        let siblings = match &parent_id {
            Some(pid) => &mut find_mut(&mut tree, pid).ok_or("parent not found")?.children,
            None => &mut tree,
        };
        let at = after_id
            .and_then(|a| siblings.iter().position(|c| c.id == a))
            .map_or(siblings.len(), |i| i + 1);
        siblings.insert(at, new);
        self.rebuild(tree)?;
        self.index_of(id)
            .ok_or_else(|| "inserted code not found".into())
    }

    /// Moves code `i` (with its sub-codes) to the end of `new_parent`'s children.
    pub fn move_code(&mut self, i: usize, new_parent: Option<usize>) -> Result<(), String> {
        if new_parent.is_some_and(|p| p == i || self.is_descendant(p, i)) {
            return Err("a code cannot move under itself or its own sub-codes".into());
        }
        let id = self.codes[i].id.clone();
        let parent_id = new_parent.map(|p| self.codes[p].id.clone());
        let mut tree = self.children_of(None);
        let node = take(&mut tree, &id).ok_or("code not found")?;
        match &parent_id {
            Some(pid) => find_mut(&mut tree, pid)
                .ok_or("parent not found")?
                .children
                .push(node),
            None => tree.push(node),
        }
        self.rebuild(tree)
    }

    /// Swaps code `i` with its previous (`-1`) or next (`1`) sibling. Returns the
    /// code's new index, or None when it is already first or last.
    pub fn reorder(&mut self, i: usize, by: isize) -> Option<usize> {
        let id = self.codes[i].id.clone();
        let parent_id = self.codes[i].parent.map(|p| self.codes[p].id.clone());
        let mut tree = self.children_of(None);
        let siblings = match &parent_id {
            Some(pid) => &mut find_mut(&mut tree, pid)?.children,
            None => &mut tree,
        };
        let at = siblings.iter().position(|c| c.id == id)?;
        let to = at.checked_add_signed(by).filter(|&t| t < siblings.len())?;
        siblings.swap(at, to);
        self.rebuild(tree).ok()?;
        self.index_of(&id)
    }

    /// Removes code `i`; refused while it has sub-codes.
    pub fn remove_code(&mut self, i: usize) -> Result<(), String> {
        if self.codes.iter().any(|c| c.parent == Some(i)) {
            return Err(format!(
                "{} has sub-codes: move or delete them first",
                self.codes[i].id
            ));
        }
        let id = self.codes[i].id.clone();
        let mut tree = self.children_of(None);
        take(&mut tree, &id).ok_or("code not found")?;
        self.rebuild(tree)
    }

    /// True when code `i` is below code `ancestor` in the tree.
    pub fn is_descendant(&self, i: usize, ancestor: usize) -> bool {
        let mut at = self.codes[i].parent;
        while let Some(p) = at {
            if p == ancestor {
                return true;
            }
            at = self.codes[p].parent;
        }
        false
    }

    fn flatten(
        &mut self,
        code: CodeFile,
        parent: Option<usize>,
        depth: usize,
        raw_keys: &mut Vec<Option<String>>,
    ) -> Result<(), String> {
        if !valid_id(&code.id) {
            return Err(format!(
                "code id {:?} is not valid: use lower-case letters, digits, '.', '_' and '-'",
                code.id
            ));
        }
        if self.by_id.contains_key(&code.id) {
            return Err(format!(
                "code id {:?} is used twice; ids must be unique",
                code.id
            ));
        }
        let color = code.color.as_deref().and_then(|name| {
            let parsed = AnsiColor::parse(name);
            if parsed.is_none() {
                self.warnings
                    .push(format!("code {}: unknown colour {name:?}", code.id));
            }
            parsed
        });
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
                    self.warnings.push(format!(
                        "code {id}: key {raw:?} is not one character; it has no key"
                    ));
                    continue;
                }
            };
            if !self.codes[i].codable {
                self.warnings.push(format!(
                    "code {id}: has key {key:?} but is not codable; key ignored"
                ));
                continue;
            }
            if let Some(&other) = seen.get(&key) {
                self.warnings.push(format!(
                    "key {key:?} is given to both {} and {id}; {id} has no key",
                    self.codes[other].id
                ));
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
                self.warnings.push(format!(
                    "code {id}: key {k:?} is a tandai command key; {id} has no key"
                ));
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
            self.warnings.push(format!(
                "{keyless} codes have no key (at most {MAX_KEYED} codes get one); reach them with the code picker"
            ));
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

    /// The codebook as `codebook.json`: the tree rebuilt from the flat list, only the
    /// keys and colours written for each code (not assigned or inherited ones), pretty
    /// JSON with a final newline.
    pub fn to_json(&self) -> String {
        let file = CodebookFile {
            format: "tandai-codebook".into(),
            version: 1,
            id: self.id.clone(),
            title: text_file(&self.title),
            description: text_file(&self.description),
            codes: self.children_of(None),
        };
        let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
        out.push('\n');
        out
    }

    fn children_of(&self, parent: Option<usize>) -> Vec<CodeFile> {
        (0..self.codes.len())
            .filter(|&i| self.codes[i].parent == parent)
            .map(|i| {
                let c = &self.codes[i];
                CodeFile {
                    id: c.id.clone(),
                    label: text_file(&c.label).unwrap_or(TextFile::Plain(String::new())),
                    definition: text_file(&c.definition),
                    include: text_file(&c.include),
                    exclude: text_file(&c.exclude),
                    example: text_file(&c.example),
                    key: c.own_key.map(String::from),
                    color: c.own_color.map(|col| col.name().to_owned()),
                    codable: c.codable,
                    exclusive: c.exclusive,
                    retired: c.retired,
                    merged_into: c.merged_into.clone(),
                    children: self.children_of(Some(i)),
                }
            })
            .collect()
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

    fn book(json: &str) -> Result<Codebook, CodebookError> {
        Codebook::parse(json.as_bytes(), "codebook.json")
    }

    const SMALL: &str = r#"{"format":"tandai-codebook","version":1,"codes":[
        {"id":"devito","label":{"en":"DeVito","id":"DeVito"},"codable":false,"exclusive":true,"color":"blue","children":[
            {"id":"devito.contact","label":{"en":"Contact","id":"Kontak"},"key":"1"},
            {"id":"devito.involvement","label":"Involvement","key":"2","color":"light-green"}
        ]},
        {"id":"other","label":"Other"}
    ]}"#;

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
    fn exclusive_siblings() {
        let b = book(SMALL).expect("valid");
        assert_eq!(b.exclusive_siblings(1), [2]);
        assert!(b.exclusive_siblings(3).is_empty());
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
    fn to_json_round_trips_every_pack_exactly() {
        for pack in crate::core::packs::PACKS {
            let mut book = Codebook::parse(pack.json.as_bytes(), pack.name).expect("pack");
            book.assign_keys(&HashSet::from(['j', 'k']));
            let json = book.to_json();
            let again = Codebook::parse(json.as_bytes(), "again").expect("reparses");
            assert_eq!(
                again.codes,
                Codebook::parse(pack.json.as_bytes(), "p")
                    .expect("pack")
                    .codes,
                "{}",
                pack.name
            );
            let a: serde_json::Value = serde_json::from_str(pack.json).expect("json");
            let b: serde_json::Value = serde_json::from_str(&json).expect("json");
            assert_eq!(a, b, "{}: same JSON as the pack file", pack.name);
        }
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

    #[test]
    fn structural_edits_keep_ids_and_tree() {
        let mut b = book(SMALL).expect("valid");
        let new = b
            .insert_code(
                Some(0),
                Some(1),
                "devito.new",
                Text {
                    en: "New".into(),
                    id: "Baru".into(),
                },
            )
            .expect("insert");
        let ids = |b: &Codebook| b.codes.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(&b),
            [
                "devito",
                "devito.contact",
                "devito.new",
                "devito.involvement",
                "other"
            ]
        );
        assert_eq!((new, b.codes[new].parent), (2, Some(0)));
        assert_eq!(
            b.codes[1].own_key,
            Some('1'),
            "explicit keys survive a rebuild"
        );
        assert!(
            b.insert_code(None, None, "other", Text::default()).is_err(),
            "ids stay unique"
        );
        assert_eq!(b.reorder(2, 1), Some(3));
        assert_eq!(ids(&b)[2..4], ["devito.involvement", "devito.new"]);
        assert_eq!(b.reorder(3, 1), None, "already last");
        b.move_code(4, Some(3))
            .expect("move other under devito.new");
        assert_eq!(
            b.codes[b.index_of("other").expect("other")].parent,
            b.index_of("devito.new")
        );
        assert!(
            b.move_code(0, b.index_of("other")).is_err(),
            "not under its own sub-code"
        );
        assert!(
            b.remove_code(b.index_of("devito.new").expect("x")).is_err(),
            "has a sub-code"
        );
        b.remove_code(b.index_of("other").expect("x"))
            .expect("leaf");
        assert!(b.get("other").is_none() && b.index_of("devito.new").is_some());
        let again = Codebook::parse(b.to_json().as_bytes(), "x").expect("valid after edits");
        assert_eq!(again.codes, b.codes);
    }

    #[test]
    fn colour_names() {
        assert_eq!(AnsiColor::parse("Light_Blue"), Some(AnsiColor::LightBlue));
        assert_eq!(AnsiColor::parse("grey"), Some(AnsiColor::Gray));
        assert_eq!(AnsiColor::parse("dark-grey"), Some(AnsiColor::DarkGray));
        assert_eq!(AnsiColor::parse("mauve"), None);
    }
}
