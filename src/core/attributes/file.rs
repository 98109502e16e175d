//! `project.json`: reading it (versions 1 and 2), and writing it deterministically
//! with every field tandai does not know kept (docs/project-format.md).
//!
//! Version 2 declares each attribute with a type (`{"name": "age", "type":
//! "number"}`); version 1 lists plain names, read as text attributes, and either
//! form is read in either version. tandai writes version 2: fields in a fixed order,
//! unknown fields after its own (sorted), documents in natural order, each
//! document's values in the attributes' order, numbers as JSON numbers and yes/no as
//! true/false, pretty-printed with a final newline, so that git shows one changed
//! value as one changed line.

use super::values::number_from_json;
use super::{AttrType, Attributes};
use crate::core::coding::sidecar;
use crate::core::documents::fsread::{self, Links};
use crate::i18n::fill;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The `"format"` of a project file.
pub const FORMAT: &str = "tandai-project";
/// The version tandai writes.
pub const VERSION: u32 = 2;
/// Largest `project.json` tandai reads.
pub const MAX_PROJECT_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// The consensus coder's name when project.json names none.
pub const DEFAULT_CONSENSUS: &str = "consensus";

/// The file as read: tandai's fields typed, the rest kept.
#[derive(Deserialize)]
struct Raw {
    format: String,
    version: u32,
    #[serde(default)]
    title: String,
    #[serde(default)]
    attributes: Vec<RawDef>,
    #[serde(default)]
    documents: BTreeMap<String, BTreeMap<String, Value>>,
    #[serde(default)]
    citation: Option<String>,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

/// An attribute as declared: a plain name (version 1) or a name with a type.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawDef {
    Name(String),
    Typed {
        name: String,
        #[serde(rename = "type")]
        ty: AttrType,
    },
}

/// Parses `project.json`. Problems that leave the file usable (a value that does not
/// fit its type, an invalid consensus name) are warnings; the error says why the
/// file cannot be used at all, with line and column.
pub fn parse(bytes: &[u8], shown: &str) -> Result<(Attributes, Vec<String>), String> {
    let lang = crate::i18n::current();
    let t = crate::i18n::strings(lang);
    let raw: Raw = serde_json::from_slice(bytes).map_err(|e| {
        let message = e.to_string();
        crate::core::coding::sidecar::json_at(lang, shown, e.line(), e.column(), &message)
    })?;
    if raw.format != FORMAT || !(1..=VERSION).contains(&raw.version) {
        let (format, expected) = (format!("{:?}", raw.format), format!("{FORMAT:?}"));
        return Err(fill(
            t.core_attr_format,
            &[
                ("path", &shown),
                ("format", &format),
                ("version", &raw.version),
                ("expected", &expected),
                ("max", &VERSION),
            ],
        ));
    }
    let mut warnings = Vec::new();
    let mut a = Attributes {
        title: raw.title,
        citation: raw.citation,
        ..Attributes::default()
    };
    for def in raw.attributes {
        let (name, ty) = match def {
            RawDef::Name(n) => (n, AttrType::Text),
            RawDef::Typed { name, ty } => (name, ty),
        };
        if a.names.contains(&name) {
            let name = format!("{name:?}");
            return Err(fill(
                t.core_attr_declared_twice,
                &[("path", &shown), ("name", &name)],
            ));
        }
        a.define(&name, Some(ty));
    }
    for (doc, values) in raw.documents {
        for (name, value) in values {
            let text = value_text(&value).map_err(|kind| {
                fill(
                    t.core_attr_bad_kind,
                    &[
                        ("path", &shown),
                        ("doc", &doc),
                        ("name", &name),
                        ("kind", &kind),
                    ],
                )
            })?;
            let Some(text) = text else { continue };
            let ty = a.type_of(&name);
            let kept = ty.check(&text).unwrap_or_else(|why| {
                warnings.push(fill(
                    t.core_attr_kept,
                    &[
                        ("path", &shown),
                        ("doc", &doc),
                        ("name", &name),
                        ("why", &why),
                    ],
                ));
                text
            });
            a.set_value(&doc, &name, Some(kept));
        }
    }
    a.consensus = consensus_name(raw.rest.get("consensus"), shown, &mut warnings);
    a.blind = match raw.rest.get("blind") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => {
            warnings.push(fill(
                t.core_attr_blind,
                &[("path", &shown), ("value", other)],
            ));
            None
        }
    };
    a.rest = raw.rest;
    Ok((a, warnings))
}

/// A value's text: None for null; the JSON kind when it is an object or a list.
fn value_text(v: &Value) -> Result<Option<String>, &'static str> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Bool(true) => Ok(Some("yes".into())),
        Value::Bool(false) => Ok(Some("no".into())),
        Value::Number(n) => Ok(Some(number_from_json(n).unwrap_or_else(|| n.to_string()))),
        Value::Array(_) => Err(words().core_attr_kind_list),
        Value::Object(_) => Err(words().core_attr_kind_object),
    }
}

/// A consensus name, kept if it is a valid coder name (it becomes part of file
/// names); otherwise a warning, and the default applies.
fn consensus_name(v: Option<&Value>, shown: &str, warnings: &mut Vec<String>) -> Option<String> {
    let v = v?;
    if let Some(name) = v.as_str().filter(|n| sidecar::valid_coder(n)) {
        return Some(name.to_owned());
    }
    let default = format!("{DEFAULT_CONSENSUS:?}");
    warnings.push(fill(
        words().core_attr_consensus,
        &[("path", &shown), ("value", v), ("default", &default)],
    ));
    None
}

/// The file as written, fields in this order.
#[derive(Serialize)]
struct Out<'a> {
    format: &'static str,
    version: u32,
    title: &'a str,
    attributes: Vec<Def<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<&'a str>,
    #[serde(flatten)]
    rest: BTreeMap<&'a str, &'a Value>,
    documents: Documents<'a>,
}

#[derive(Serialize)]
struct Def<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    ty: AttrType,
}

/// Documents in natural order, each with its values in the attributes' order.
struct Documents<'a>(&'a Attributes);

impl Serialize for Documents<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let a = self.0;
        let mut docs: Vec<(&String, &BTreeMap<String, String>)> = a
            .by_document
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .collect();
        docs.sort_by(|x, y| crate::core::project::natural_cmp(x.0, y.0));
        let order = a.all_names();
        let mut map = s.serialize_map(Some(docs.len()))?;
        for (doc, values) in docs {
            let ordered: Ordered = Ordered(
                order
                    .iter()
                    .filter_map(|n| values.get(n).map(|v| (n.as_str(), a.type_of(n).to_json(v))))
                    .collect(),
            );
            map.serialize_entry(doc, &ordered)?;
        }
        map.end()
    }
}

/// A JSON object in the order given.
struct Ordered<'a>(Vec<(&'a str, Value)>);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The file's bytes: deterministic, pretty-printed, with a final newline.
pub fn to_bytes(a: &Attributes) -> Vec<u8> {
    let reserved = [
        "format",
        "version",
        "title",
        "attributes",
        "citation",
        "documents",
    ];
    let out = Out {
        format: FORMAT,
        version: VERSION,
        title: &a.title,
        attributes: a
            .names
            .iter()
            .map(|n| Def {
                name: n,
                ty: a.type_of(n),
            })
            .collect(),
        citation: a.citation.as_deref(),
        rest: a
            .rest
            .iter()
            .filter(|(k, _)| !reserved.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), v))
            .collect(),
        documents: Documents(a),
    };
    let mut bytes = serde_json::to_vec_pretty(&out).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Reads the project's `project.json` (no file: no attributes). A file that cannot be
/// used gives a warning, and its attributes cannot be edited (tandai never rewrites a
/// file it could not read).
pub fn load(path: &Path, links: Links<'_>, warnings: &mut Vec<String>) -> Attributes {
    let shown = path.display().to_string();
    let bytes = match fsread::read(path, MAX_PROJECT_FILE_BYTES, links) {
        Ok(b) => b,
        Err(e) if e.is_not_found() => return Attributes::default(),
        Err(e) => return unusable(format!("{e}"), warnings),
    };
    match parse(&bytes, &shown) {
        Ok((mut a, w)) => {
            warnings.extend(w);
            a.on_disk = Some(bytes);
            // Saves never write through a link (RELIABILITY H4): say so up front.
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                a.readonly = Some(fill(words().core_attr_link, &[("path", &shown)]));
            }
            a
        }
        Err(e) => unusable(e, warnings),
    }
}

/// No attributes, because the file cannot be used: the reason is a warning and
/// keeps the file from being rewritten.
fn unusable(why: String, warnings: &mut Vec<String>) -> Attributes {
    warnings.push(fill(words().core_attr_ignored, &[("why", &why)]));
    Attributes {
        readonly: Some(fill(words().core_attr_fix, &[("why", &why)])),
        ..Attributes::default()
    }
}

/// The attributes from bytes of the file (for merging and tests): the title, the
/// declared types and values as [`parse`] reads them.
pub fn from_bytes(bytes: &[u8], shown: &str) -> Result<Attributes, String> {
    parse(bytes, shown).map(|(a, _)| a)
}

/// An empty project file for a folder: its name as the title.
pub fn new_for(dir: &Path) -> Attributes {
    let title = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    Attributes {
        title,
        ..Attributes::default()
    }
}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = r#"{"format":"tandai-project","version":1,"title":"T",
      "attributes":["role","city"],
      "documents":{"informan-10.txt":{"city":"Kupang","role":"polisi"},
                   "informan-2.txt":{"role":"pekerja","zz":"z"}},
      "consensus":"wulan","team":{"note":"kept"}}"#;

    #[test]
    fn version_1_reads_as_text_attributes() {
        let (a, w) = parse(V1.as_bytes(), "p").expect("parses");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(a.names, ["role", "city"]);
        assert_eq!(a.type_of("city"), AttrType::Text);
        assert_eq!(a.consensus.as_deref(), Some("wulan"));
        assert_eq!(a.value("informan-2.txt", "zz"), Some("z"));
    }

    #[test]
    fn written_as_version_2_with_unknown_fields_kept() {
        let (a, _) = parse(V1.as_bytes(), "p").expect("parses");
        let text = String::from_utf8(to_bytes(&a)).expect("utf8");
        assert_eq!(
            text,
            r#"{
  "format": "tandai-project",
  "version": 2,
  "title": "T",
  "attributes": [
    {
      "name": "role",
      "type": "text"
    },
    {
      "name": "city",
      "type": "text"
    }
  ],
  "consensus": "wulan",
  "team": {
    "note": "kept"
  },
  "documents": {
    "informan-2.txt": {
      "role": "pekerja",
      "zz": "z"
    },
    "informan-10.txt": {
      "role": "polisi",
      "city": "Kupang"
    }
  }
}
"#
        );
        let (again, _) = parse(text.as_bytes(), "p").expect("reads back");
        assert!(again.content_eq(&a));
        assert_eq!(to_bytes(&again), text.as_bytes(), "deterministic");
    }

    #[test]
    fn typed_values_are_json_numbers_and_booleans() {
        let json = r#"{"format":"tandai-project","version":2,
          "attributes":[{"name":"age","type":"number"},{"name":"met","type":"yes/no"},
                        {"name":"date","type":"date"}],
          "documents":{"a.txt":{"age":"034","met":"ya","date":"2026-03-14"},
                       "b.txt":{"age":"about 30","met":null}}}"#;
        let (a, w) = parse(json.as_bytes(), "p").expect("parses");
        assert_eq!(a.value("a.txt", "age"), Some("34"));
        assert_eq!(a.value("a.txt", "met"), Some("yes"));
        assert_eq!(a.value("b.txt", "met"), None, "null is no value");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].contains("b.txt: age") && w[0].contains("kept as it is"),
            "{w:?}"
        );
        let text = String::from_utf8(to_bytes(&a)).expect("utf8");
        assert!(text.contains("\"age\": 34,"), "{text}");
        assert!(text.contains("\"met\": true"), "{text}");
        assert!(
            text.contains("\"age\": \"about 30\""),
            "kept as text: {text}"
        );
    }

    #[test]
    fn files_that_cannot_be_used_say_why() {
        for (json, says) in [
            (
                r#"{"format":"tandai-project","version":3}"#,
                "version 3 not understood",
            ),
            (r#"{"format":"x","version":1}"#, "format \"x\""),
            (
                r#"{"format":"tandai-project","version":2,"documents":{"a":{"r":[1]}}}"#,
                "a: r is a list",
            ),
            (
                r#"{"format":"tandai-project","version":2,"attributes":["r","r"]}"#,
                "declared twice",
            ),
            (
                r#"{"format":"tandai-project","version":2,"attributes":[{"name":"r","type":"colour"}]}"#,
                "line 1",
            ),
            (
                r#"{"format":"tandai-project","version":2,"title":"a","title":"b"}"#,
                "duplicate field",
            ),
        ] {
            let e = parse(json.as_bytes(), "p.json").expect_err(json);
            assert!(e.contains(says) && e.starts_with("p.json"), "{e}");
        }
    }
}
