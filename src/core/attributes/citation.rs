//! The citation template of quotes in the Markdown and HTML exports: `"citation":
//! "{role}, {city}, {date} ¶{paragraph}"` in `project.json` cites a quote as
//! `polisi, Kupang, 2026-04-02 ¶12`. Fields are attribute names, and `{document}`
//! (the file name), `{paragraph}` (its number, from 1), `{speaker}` and `{coders}`
//! (who applied the code). `{{` and `}}` are literal braces; a `{` without a closing
//! `}` is literal too. Without a template, quotes are cited as before:
//! `informan-b.txt ¶12 (ana, budi)`.

use super::Attributes;
use super::values::BUILT_IN;
use std::collections::BTreeSet;

/// The citation when the project file sets none.
pub const DEFAULT: &str = "{document} ¶{paragraph} ({coders})";

/// What a missing value shows as (and is reported).
pub const MISSING: &str = "?";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(String),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// What one quote is cited from.
pub struct Quote<'a> {
    pub document: &'a str,
    /// From 1.
    pub paragraph: usize,
    pub speaker: Option<&'a str>,
    pub coders: &'a [&'a str],
}

impl Template {
    /// The project's template, or the default.
    pub fn of(attrs: &Attributes) -> Template {
        Template::parse(attrs.citation.as_deref().unwrap_or(DEFAULT))
    }

    /// Parses a template; it never fails (what is not a field is text).
    pub fn parse(s: &str) -> Template {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("{{") {
                text.push('{');
                rest = after;
            } else if let Some(after) = rest.strip_prefix("}}") {
                text.push('}');
                rest = after;
            } else if let (Some(after), '{') = (rest.strip_prefix('{'), c)
                && let Some(end) = after.find('}')
                && !after[..end].contains('{')
            {
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(Part::Field(after[..end].trim().to_owned()));
                rest = &after[end + 1..];
            } else {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Template { parts }
    }

    /// Fields that are neither built in nor attributes of the project (typos).
    pub fn unknown_fields(&self, attrs: &Attributes) -> Vec<String> {
        let names = attrs.all_names();
        let unknown: BTreeSet<&String> = self
            .parts
            .iter()
            .filter_map(|p| match p {
                Part::Field(f) if !BUILT_IN.contains(&f.as_str()) && !names.contains(f) => Some(f),
                _ => None,
            })
            .collect();
        unknown.into_iter().cloned().collect()
    }

    /// The attributes the template uses that this document has no value of.
    pub fn missing(&self, attrs: &Attributes, document: &str) -> Vec<String> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Field(f)
                    if !BUILT_IN.contains(&f.as_str()) && attrs.value(document, f).is_none() =>
                {
                    Some(f.clone())
                }
                _ => None,
            })
            .collect()
    }

    /// The citation of a quote: every field filled in, a missing value as `?`.
    pub fn render(&self, attrs: &Attributes, q: &Quote<'_>) -> String {
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Field(f) => match f.as_str() {
                    "document" => out.push_str(q.document),
                    "paragraph" => out.push_str(&q.paragraph.to_string()),
                    "speaker" => out.push_str(q.speaker.unwrap_or(MISSING)),
                    "coders" => out.push_str(&q.coders.join(", ")),
                    name => out.push_str(attrs.value(q.document, name).unwrap_or(MISSING)),
                },
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs() -> Attributes {
        let mut a = Attributes::default();
        a.define("role", None);
        a.set_value("b.txt", "role", Some("pelanggan".into()));
        a.set_value("b.txt", "city", Some("Bitung".into()));
        a
    }

    fn quote<'a>(coders: &'a [&'a str]) -> Quote<'a> {
        Quote {
            document: "b.txt",
            paragraph: 12,
            speaker: Some("Informan B"),
            coders,
        }
    }

    #[test]
    fn the_default_is_the_citation_of_before() {
        let t = Template::of(&Attributes::default());
        assert_eq!(
            t.render(&attrs(), &quote(&["ana", "budi"])),
            "b.txt ¶12 (ana, budi)"
        );
    }

    #[test]
    fn fields_from_attributes() {
        let a = attrs();
        let t = Template::parse("{role}, {city}, {date} ¶{paragraph} — {speaker} {{x}}");
        assert_eq!(
            t.render(&a, &quote(&["ana"])),
            "pelanggan, Bitung, ? ¶12 — Informan B {x}"
        );
        assert_eq!(t.missing(&a, "b.txt"), ["date"]);
        assert_eq!(t.unknown_fields(&a), ["date"]);
        let odd = Template::parse("{ {role} } {unclosed");
        assert_eq!(odd.render(&a, &quote(&[])), "{ pelanggan } {unclosed");
    }
}
