//! The Description of a code: tandai's texts as paragraphs under headings, and the
//! marker line at the end (module doc of `refi`), written on export and split apart
//! again on import.

use super::words;
use crate::core::codebook::{Code, Lang};
use crate::i18n::fill;

/// The Description of a code: its texts in `lang` and the marker (module doc).
pub(super) fn description(code: &Code, lang: Lang) -> String {
    let mut paragraphs = Vec::new();
    let definition = code.definition.get(lang).trim();
    if !definition.is_empty() {
        paragraphs.push(definition.to_owned());
    }
    for (heading, text) in [
        (HEADINGS[0], &code.include),
        (HEADINGS[1], &code.exclude),
        (HEADINGS[2], &code.example),
    ] {
        let text = text.get(lang).trim();
        if !text.is_empty() {
            paragraphs.push(format!("{heading} {text}"));
        }
    }
    paragraphs.push(marker(code, lang));
    paragraphs.join("\n\n")
}

/// The paragraph headings of include, exclude and example, in that order.
const HEADINGS: [&str; 3] = ["Use when:", "Not when:", "Example:"];

const MARKER_START: &str = "[tandai ";

fn marker(code: &Code, lang: Lang) -> String {
    let mut words = vec![
        format!("id={}", pct(&code.id)),
        format!("lang={}", lang.code()),
    ];
    if let Some(key) = code.own_key {
        words.push(format!("key={}", pct(&key.to_string())));
    }
    for (flag, word) in [
        (!code.codable, "heading"),
        (code.exclusive, "exclusive"),
        (code.retired, "retired"),
    ] {
        if flag {
            words.push(word.to_owned());
        }
    }
    if let Some(target) = &code.merged_into {
        words.push(format!("merged_into={}", pct(target)));
    }
    format!("{MARKER_START}{}]", words.join(" "))
}

/// Percent-encodes all but `A-Z a-z 0-9 . _ -`, so a marker value has no spaces or `]`.
fn pct(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unpct(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The description without its marker line, and the marker line if the last line is
/// one.
pub(super) fn split_marker(description: &str) -> (&str, Option<&str>) {
    let trimmed = description.trim_end();
    let (body, last) = match trimmed.rsplit_once('\n') {
        Some((body, last)) => (body, last.trim()),
        None => ("", trimmed.trim()),
    };
    if last.starts_with(MARKER_START) && last.ends_with(']') {
        (body, Some(last))
    } else {
        (description, None)
    }
}

/// What a marker line says (module doc).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Marker {
    pub(super) id: String,
    pub(super) lang: Option<Lang>,
    pub(super) key: Option<char>,
    pub(super) heading: bool,
    pub(super) exclusive: bool,
    pub(super) retired: bool,
    pub(super) merged_into: Option<String>,
}

pub(super) fn parse_marker(line: &str) -> Result<Marker, String> {
    let inner = line
        .strip_prefix(MARKER_START)
        .and_then(|l| l.strip_suffix(']'))
        .ok_or("not a marker")?;
    let mut m = Marker::default();
    for word in inner.split(' ').filter(|w| !w.is_empty()) {
        let (key, value) = word.split_once('=').unwrap_or((word, ""));
        let value = unpct(value).ok_or_else(|| {
            let word = format!("{word:?}");
            fill(words().core_marker_encoding, &[("word", &word)])
        })?;
        match key {
            "id" => m.id = value,
            "lang" => m.lang = Some(parse_lang(&value)?),
            "key" => m.key = Some(one_char(&value)?),
            "heading" => m.heading = true,
            "exclusive" => m.exclusive = true,
            "retired" => m.retired = true,
            "merged_into" => m.merged_into = Some(value),
            _ => {}
        }
    }
    if m.id.is_empty() {
        return Err(words().core_marker_no_id.to_owned());
    }
    Ok(m)
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    match value {
        "en" => Ok(Lang::En),
        "id" => Ok(Lang::Id),
        other => Err(fill(
            words().core_marker_language,
            &[("lang", &format!("{other:?}"))],
        )),
    }
}

fn one_char(value: &str) -> Result<char, String> {
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(fill(
            words().core_marker_key,
            &[("key", &format!("{value:?}"))],
        )),
    }
}

/// A foreign description made readable: trimmed, and lines after the first
/// un-indented by their common indentation (exporters indent with the XML).
pub(super) fn tidy(text: &str) -> String {
    let text = text.trim();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = first.trim_end().to_owned();
    for line in rest {
        out.push('\n');
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()).trim_end());
    }
    out
}

/// Definition, include, exclude and example: paragraphs starting with the headings
/// (in their order) begin the next texts.
pub(super) fn split_sections(text: &str) -> [String; 4] {
    let mut sections: [String; 4] = Default::default();
    let mut current = 0;
    for paragraph in text.split("\n\n") {
        let start = paragraph.trim_start();
        let heading = (current..HEADINGS.len()).find(|&k| start.starts_with(HEADINGS[k]));
        let content = match heading {
            Some(k) => {
                current = k + 1;
                start[HEADINGS[k].len()..].trim_start()
            }
            None => paragraph,
        };
        let section = &mut sections[current];
        if !section.is_empty() {
            section.push_str("\n\n");
        }
        section.push_str(content);
    }
    sections.map(|s| s.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::codebook::Text;

    #[test]
    fn percent_encoding_round_trips() {
        for s in ["a.b_c-d", "] [=%", "é", " "] {
            assert_eq!(unpct(&pct(s)).as_deref(), Some(s));
            assert!(!pct(s).contains([' ', ']']));
        }
        assert_eq!(unpct("%4"), None);
        assert_eq!(unpct("%FF"), None, "not UTF-8");
    }

    #[test]
    fn markers_parse_back() {
        let code = Code {
            id: "a.b".into(),
            label: Text::default(),
            definition: Text::default(),
            include: Text::default(),
            exclude: Text::default(),
            example: Text::default(),
            key: Some(']'),
            own_key: Some(']'),
            color: None,
            own_color: None,
            codable: false,
            exclusive: true,
            retired: true,
            merged_into: Some("x y".into()),
            ..Code::default()
        };
        let line = marker(&code, Lang::Id);
        assert_eq!(
            line,
            "[tandai id=a.b lang=id key=%5D heading exclusive retired merged_into=x%20y]"
        );
        let m = parse_marker(&line).expect("parses");
        assert_eq!(
            (m.id.as_str(), m.lang, m.key),
            ("a.b", Some(Lang::Id), Some(']'))
        );
        assert!(m.heading && m.exclusive && m.retired);
        assert_eq!(m.merged_into.as_deref(), Some("x y"));
        assert!(parse_marker("[tandai lang=en]").is_err());
        assert!(
            parse_marker("[tandai id=a future=1]").is_ok(),
            "unknown words ignored"
        );
    }

    #[test]
    fn sections_split_in_order() {
        let [d, i, e, x] =
            split_sections("Def\n\nmore\n\nUse when: a\n\nNot when: b\n\nExample: c");
        assert_eq!(
            (d.as_str(), i.as_str(), e.as_str(), x.as_str()),
            ("Def\n\nmore", "a", "b", "c")
        );
        let [d, i, _, x] = split_sections("Example: c\n\nUse when: later");
        assert_eq!((d.as_str(), i.as_str()), ("", ""));
        assert_eq!(x, "c\n\nUse when: later", "headings out of order are text");
    }

    #[test]
    fn foreign_descriptions_are_dedented() {
        assert_eq!(
            tidy("\n      First\n      second\n        deeper\n   "),
            "First\nsecond\n  deeper"
        );
    }
}
