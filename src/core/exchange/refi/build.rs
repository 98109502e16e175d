//! Import, raw codes to a tandai codebook: ids, texts, colours and flags from the
//! marker when there is one, else from the name and Description; warnings for what
//! was accepted anyway.

use super::export::rgb_text;
use super::ids::code_guid;
use super::ids::{is_refi_guid, slug, truncate_id, unique, valid_id};
use super::import::{RawBook, RawCode};
use super::marker::{Marker, parse_marker, split_marker, split_sections, tidy};
use super::{ImportStats, Imported, RefiError, words};
use crate::core::codebook::{AnsiColor, Code, Codebook, Lang, MAX_CODEBOOK_BYTES, Text};
use crate::core::codebook::{ansi_rgb, nearest_ansi, parse_rgb};
use crate::i18n::fill;
use std::collections::{HashMap, HashSet};

pub(super) fn build(raw: RawBook, name: &str) -> Result<Imported, RefiError> {
    let no_codes = |reason: &str| RefiError::NoCodes {
        name: name.to_owned(),
        reason: reason.to_owned(),
    };
    if raw.codebooks == 0 {
        return Err(no_codes(words().core_refi_no_codebook));
    }
    if raw.codes.is_empty() {
        return Err(no_codes(words().core_refi_empty_codebook));
    }
    let mut builder = Builder::default();
    if raw.codebooks > 1 {
        let w = fill(words().core_refi_codebooks, &[("n", &raw.codebooks)]);
        builder.warnings.push(w);
    }
    for code in raw.codes {
        builder.add(code);
    }
    builder.summarise();
    let mut book = Codebook::default();
    book.codes = builder.codes;
    book.reindex();
    let json = book.to_json();
    let size = u64::try_from(json.len()).unwrap_or(u64::MAX);
    if size > MAX_CODEBOOK_BYTES {
        // tandai would write a codebook.json it then refuses to open.
        return Err(RefiError::Output {
            name: name.to_owned(),
            what: "codebook.json".into(),
            size,
            max: MAX_CODEBOOK_BYTES,
        });
    }
    let book = Codebook::parse(json.as_bytes(), name).map_err(|e| RefiError::Invalid {
        name: name.to_owned(),
        message: fill(words().core_refi_not_valid, &[("error", &e)]),
    })?;
    let mut warnings = builder.warnings;
    warnings.extend(book.warnings.iter().cloned());
    let stats = ImportStats {
        codes: book.codes.len(),
        levels: book.codes.iter().map(|c| c.depth + 1).max().unwrap_or(0),
    };
    Ok(Imported {
        book,
        warnings,
        stats,
        origin: raw.origin,
        code_guids: builder.code_guids,
        code_notes: builder.code_notes,
    })
}

/// Applies tandai's rules to raw codes in document order (parents first).
#[derive(Default)]
struct Builder {
    codes: Vec<Code>,
    used: HashSet<String>,
    warnings: Vec<String>,
    guids: HashSet<String>,
    /// Normalised GUID (see [`normal_guid`]) to the id its code got.
    code_guids: HashMap<String, String>,
    /// Code id to the notes it refers to.
    code_notes: HashMap<String, Vec<String>>,
    odd_guids: Vec<String>,
    repeated_guids: usize,
    no_codable: usize,
}

impl Builder {
    fn add(&mut self, raw: RawCode) {
        let keep_guid = self.check_guid(raw.guid.as_deref());
        let (body, marker_line) = split_marker(&raw.description);
        let marker = marker_line.and_then(|line| self.read_marker(line));
        let name = raw.name.as_deref().unwrap_or("").trim();
        let label = if name.is_empty() { "(no name)" } else { name };
        let id = self.choose_id(&raw, label, marker.as_ref());
        if let Some(guid) = raw.guid.as_deref() {
            self.code_guids
                .entry(normal_guid(guid))
                .or_insert_with(|| id.clone());
        }
        if name.is_empty() {
            let label = format!("\"{label}\"");
            let w = fill(words().core_refi_no_name, &[("id", &id), ("label", &label)]);
            self.warnings.push(w);
        }
        if !raw.note_refs.is_empty() {
            self.code_notes.insert(id.clone(), raw.note_refs.clone());
        }
        let lang = marker.as_ref().map(|m| m.lang);
        let texts = split_sections(&if marker.is_some() {
            body.trim().to_owned()
        } else {
            tidy(body)
        });
        let tandai = marker.is_some();
        let in_lang = |s: &str| in_language(s, lang.flatten(), tandai);
        let (own_color, hex) = self.color(&id, raw.color.as_deref());
        // Another program's GUID is kept to be written back; tandai's own (derived
        // from the id) needs no keeping.
        let guid = raw.guid.clone().filter(|g| {
            keep_guid
                && !g
                    .trim_matches(['{', '}'])
                    .eq_ignore_ascii_case(&code_guid(&id))
        });
        let codable = self.codable(&id, raw.codable.as_deref(), marker.as_ref());
        let m = marker.unwrap_or_default();
        self.codes.push(Code {
            id,
            label: in_lang(label),
            definition: in_lang(&texts[0]),
            include: in_lang(&texts[1]),
            exclude: in_lang(&texts[2]),
            example: in_lang(&texts[3]),
            key: m.key,
            own_key: m.key,
            color: own_color,
            own_color,
            hex,
            guid,
            memo: String::new(),
            codable,
            exclusive: m.exclusive,
            retired: m.retired,
            merged_into: m.merged_into,
            parent: raw.parent,
            depth: raw.depth,
        });
    }

    /// The marker's id when it is valid and unused, else the name path's slug; made
    /// unique with `-2`, `-3`, ...
    fn choose_id(&mut self, raw: &RawCode, label: &str, marker: Option<&Marker>) -> String {
        if let Some(m) = marker
            && valid_id(&m.id)
            && self.used.insert(m.id.clone())
        {
            return m.id.clone();
        }
        let mut base = slug(label);
        if let Some(parent) = raw.parent.and_then(|p| self.codes.get(p)) {
            base = format!("{}.{base}", parent.id);
        }
        truncate_id(&mut base);
        let id = unique(&base, &self.used);
        self.used.insert(id.clone());
        if let Some(m) = marker {
            let old = format!("{:?}", m.id);
            let w = fill(words().core_refi_marker_id, &[("id", &old), ("new", &id)]);
            self.warnings.push(w);
        }
        id
    }

    /// Notes a GUID that is odd or repeated; true when it is a REFI GUID seen for the
    /// first time, which the codebook can keep.
    fn check_guid(&mut self, guid: Option<&str>) -> bool {
        let guid = guid.unwrap_or("").trim();
        if !is_refi_guid(guid) {
            self.odd_guids.push(guid.to_owned());
            return false;
        }
        let bare = guid.trim_start_matches('{').trim_end_matches('}');
        if !self.guids.insert(bare.to_ascii_lowercase()) {
            self.repeated_guids += 1;
            return false;
        }
        true
    }

    fn read_marker(&mut self, line: &str) -> Option<Marker> {
        match parse_marker(line) {
            Ok(m) => Some(m),
            Err(message) => {
                let w = fill(
                    words().core_refi_marker_ignored,
                    &[("message", &message), ("line", &line)],
                );
                self.warnings.push(w);
                None
            }
        }
    }

    /// The nearest ANSI colour, shown on the terminal, and the colour exactly as
    /// given, kept for the codebook file and re-exports; the exact text is not kept
    /// when it is what tandai writes for that ANSI colour anyway (its own exports).
    fn color(&mut self, id: &str, value: Option<&str>) -> (Option<AnsiColor>, Option<String>) {
        let Some(value) = value else {
            return (None, None);
        };
        let Some(rgb) = parse_rgb(value) else {
            let value = format!("{value:?}");
            let w = fill(
                words().core_refi_bad_colour,
                &[("id", &id), ("value", &value)],
            );
            self.warnings.push(w);
            return (None, None);
        };
        let ansi = nearest_ansi(rgb);
        let value = value.trim();
        let hex = Some(value.to_owned()).filter(|v| *v != rgb_text(ansi_rgb(ansi)));
        (Some(ansi), hex)
    }

    /// `isCodable`, except that for retired and merged codes (always exported as not
    /// codable) the marker's `heading` word tells.
    fn codable(&mut self, id: &str, value: Option<&str>, marker: Option<&Marker>) -> bool {
        let refi = match value.map(|v| parse_bool(v).ok_or(v)) {
            Some(Ok(b)) => b,
            Some(Err(v)) => {
                let v = format!("{v:?}");
                let w = fill(words().core_refi_bad_codable, &[("id", &id), ("value", &v)]);
                self.warnings.push(w);
                true
            }
            None => {
                self.no_codable += 1;
                true
            }
        };
        match marker {
            Some(m) if m.retired || m.merged_into.is_some() => !m.heading,
            _ => refi,
        }
    }

    /// One warning per kind of problem that can repeat on every code.
    fn summarise(&mut self) {
        if let Some(example) = self.odd_guids.first() {
            let example = format!("{example:?}");
            let w = fill(
                words().core_refi_odd_guids,
                &[
                    ("n", &self.odd_guids.len()),
                    ("total", &self.codes.len()),
                    ("example", &example),
                ],
            );
            self.warnings.push(w);
        }
        if self.repeated_guids > 0 {
            let w = fill(
                words().core_refi_repeated_guids,
                &[("n", &self.repeated_guids)],
            );
            self.warnings.push(w);
        }
        if self.no_codable > 0 {
            let w = fill(words().core_refi_no_codable, &[("n", &self.no_codable)]);
            self.warnings.push(w);
        }
    }
}

/// A text from the file: only in the marker's language for a tandai export (the
/// other language then falls back to it), else in both, as REFI has one.
fn in_language(text: &str, lang: Option<Lang>, tandai: bool) -> Text {
    match (tandai, lang) {
        (true, Some(Lang::En)) => Text {
            en: text.to_owned(),
            id: String::new(),
        },
        (true, Some(Lang::Id)) => Text {
            en: String::new(),
            id: text.to_owned(),
        },
        _ => Text {
            en: text.to_owned(),
            id: text.to_owned(),
        },
    }
}

/// `xsd:boolean`.
fn parse_bool(value: &str) -> Option<bool> {
    match value.trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// A GUID as compared: without braces and surrounding space, lower case.
pub(super) fn normal_guid(guid: &str) -> String {
    guid.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}
