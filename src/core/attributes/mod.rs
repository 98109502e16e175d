//! Document attributes: who said it, where, when. The project file (`project.json`)
//! gives each document values of the project's attributes (informant role, city,
//! interview date, ...), typed like REFI-QDA variables: text, number, date, yes/no.
//!
//! Values are kept as their canonical text (`34`, `2.5`, `2026-03-14`, `yes`), checked
//! against the attribute's type when they are set. A value in the file that does not
//! fit its type is kept as it is (never dropped) with a warning, and written back as
//! text. Everything else the file holds is kept too: tandai rewrites `project.json`
//! with its unknown fields (see [`file`]).

pub mod citation;
pub mod crosstab;
pub mod file;
pub mod filter;
pub mod import;
pub mod merge;
pub mod save;
mod values;

pub use file::{load, parse, to_bytes};
pub use values::{AttrType, check_name};

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The project file's content: title, attributes and their values, the citation
/// template, and the team settings (consensus coder, blind coding).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes {
    pub title: String,
    /// Declared attribute names in the project file's order.
    pub names: Vec<String>,
    /// The type of each declared attribute (a name missing here is text).
    pub types: HashMap<String, AttrType>,
    /// By document file name: attribute name to canonical value.
    pub by_document: HashMap<String, BTreeMap<String, String>>,
    /// The citation template of Markdown and HTML quotes (`"citation"`), if set.
    pub citation: Option<String>,
    /// The consensus coder's name from the project file (`"consensus"`), if set and
    /// valid; see [`crate::core::project::Project::consensus_coder`].
    pub consensus: Option<String>,
    /// `"blind": false` in the project file lets coders compare documents they have
    /// not finished themselves; see [`crate::core::project::Project::blind`].
    pub blind: Option<bool>,
    /// Every other field of the file (`consensus` and `blind` included), kept as read
    /// and written back as it was.
    pub rest: serde_json::Map<String, serde_json::Value>,
    /// The bytes of `project.json` as read (None: there was no file), so that a save
    /// can tell whether another program changed it since.
    pub on_disk: Option<Vec<u8>>,
    /// Why tandai must not rewrite `project.json` (it could not be read, or is newer
    /// than this version): its attributes can be seen but not edited.
    pub readonly: Option<String>,
}

impl Attributes {
    /// Values of this document's attributes in the project's order, then any others.
    pub fn of(&self, document: &str) -> Vec<&str> {
        let Some(values) = self.by_document.get(document) else {
            return Vec::new();
        };
        self.all_names()
            .iter()
            .filter_map(|n| values.get(n))
            .map(String::as_str)
            .collect()
    }

    /// Declared names, then names that only documents use, sorted.
    pub fn all_names(&self) -> Vec<String> {
        let mut out = self.names.clone();
        let extra: BTreeSet<&String> = self
            .by_document
            .values()
            .flat_map(BTreeMap::keys)
            .filter(|k| !self.names.contains(k))
            .collect();
        out.extend(extra.into_iter().cloned());
        out
    }

    /// The project memo (`"memo"`): notes on the project as a whole, written by hand
    /// or taken from another QDA program's project description and notes. Kept with
    /// the file's other fields, so a tandai that does not know it keeps it too.
    pub fn memo(&self) -> &str {
        self.rest
            .get("memo")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
    }

    /// Sets the project memo (empty: removes it).
    pub fn set_memo(&mut self, memo: &str) {
        if memo.trim().is_empty() {
            self.rest.remove("memo");
        } else {
            self.rest.insert("memo".into(), memo.into());
        }
    }

    /// The type of an attribute (text when it is not declared with one).
    pub fn type_of(&self, name: &str) -> AttrType {
        self.types.get(name).copied().unwrap_or_default()
    }

    /// Whether an attribute is declared or used by a document.
    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
            || self.by_document.values().any(|v| v.contains_key(name))
    }

    /// A document's value of an attribute.
    pub fn value(&self, document: &str, name: &str) -> Option<&str> {
        self.by_document
            .get(document)?
            .get(name)
            .map(String::as_str)
    }

    /// Sets (Some) or removes (None) a document's value. The value is stored as
    /// given: check it with [`AttrType::check`] first.
    pub fn set_value(&mut self, document: &str, name: &str, value: Option<String>) {
        match value {
            Some(v) => {
                self.by_document
                    .entry(document.to_owned())
                    .or_default()
                    .insert(name.to_owned(), v);
            }
            None => {
                if let Some(values) = self.by_document.get_mut(document) {
                    values.remove(name);
                    if values.is_empty() {
                        self.by_document.remove(document);
                    }
                }
            }
        }
    }

    /// Declares an attribute with a type (at the end when new), or, with None, takes
    /// its declaration back (its values stay, as text).
    pub fn define(&mut self, name: &str, ty: Option<AttrType>) {
        match ty {
            Some(t) => {
                if !self.names.iter().any(|n| n == name) {
                    self.names.push(name.to_owned());
                }
                self.types.insert(name.to_owned(), t);
            }
            None => {
                self.names.retain(|n| n != name);
                self.types.remove(name);
            }
        }
    }

    /// The declared type of an attribute, None when it is not declared.
    pub fn declared(&self, name: &str) -> Option<AttrType> {
        self.names
            .iter()
            .any(|n| n == name)
            .then(|| self.type_of(name))
    }

    /// The distinct values of an attribute over all documents, in the order of its
    /// type (numbers by size, dates by time, text naturally).
    pub fn values_of(&self, name: &str) -> Vec<String> {
        let set: BTreeSet<&String> = self
            .by_document
            .values()
            .filter_map(|v| v.get(name))
            .collect();
        let mut out: Vec<String> = set.into_iter().cloned().collect();
        let ty = self.type_of(name);
        out.sort_by(|a, b| ty.compare(a, b));
        out
    }

    /// The same content, for comparing two versions of the file: what it read from
    /// disk and whether it may be rewritten do not count.
    #[cfg(test)]
    pub(crate) fn content_eq(&self, other: &Attributes) -> bool {
        self.title == other.title
            && self.names == other.names
            && self.citation == other.citation
            && self.rest == other.rest
            && self.by_document == other.by_document
            && self
                .names
                .iter()
                .all(|n| self.type_of(n) == other.type_of(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_project_order_then_the_others() {
        let mut a = Attributes {
            names: vec!["role".into(), "city".into()],
            ..Default::default()
        };
        a.by_document.insert(
            "x.txt".into(),
            BTreeMap::from([
                ("city".into(), "Kupang".into()),
                ("role".into(), "polisi".into()),
                ("zz".into(), "z".into()),
            ]),
        );
        assert_eq!(a.of("x.txt"), ["polisi", "Kupang", "z"]);
        assert!(a.of("y.txt").is_empty());
        assert_eq!(a.all_names(), ["role", "city", "zz"]);
    }

    #[test]
    fn setting_and_clearing_values() {
        let mut a = Attributes::default();
        a.define("age", Some(AttrType::Number));
        a.set_value("a.txt", "age", Some("34".into()));
        assert_eq!(a.value("a.txt", "age"), Some("34"));
        a.set_value("a.txt", "age", None);
        assert!(a.by_document.is_empty(), "an empty document is dropped");
        assert_eq!(a.declared("age"), Some(AttrType::Number));
        a.define("age", None);
        assert_eq!(a.declared("age"), None);
        assert!(a.names.is_empty());
    }

    #[test]
    fn values_sort_by_their_type() {
        let mut a = Attributes::default();
        a.define("age", Some(AttrType::Number));
        for (d, v) in [("a", "10"), ("b", "9"), ("c", "-1.5"), ("d", "9")] {
            a.set_value(d, "age", Some(v.into()));
        }
        assert_eq!(a.values_of("age"), ["-1.5", "9", "10"]);
    }
}
