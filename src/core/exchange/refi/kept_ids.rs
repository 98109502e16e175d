//! `tandai-refi.json`: the GUIDs another QDA program gave a project's sources, users,
//! variables and cases, kept by `tandai import` and reused by `tandai export
//! --format qdpx`, so that a project sent back to ATLAS.ti or NVivo is recognised
//! as the same documents, coders and variables instead of arriving as copies.
//! (Codes keep their GUID in the codebook itself, as `guid`.)
//!
//! A file of its own rather than fields of `project.json`: the GUIDs are
//! bookkeeping for the exchange that no researcher edits; `project.json` holds the
//! project's settings and attributes, which people do edit and which have their own
//! format and schema; and a project that never came from another program never has
//! this file. A missing or unreadable file only means that GUIDs are derived from
//! names, as for any tandai project; it never stops an export.
//!
//! ```json
//! {
//!   "format": "tandai-refi",
//!   "version": 1,
//!   "sources": { "Mabel.txt": "EC0A7242-65E1-457C-B7D1-310DAE603FAB" },
//!   "users": { "friedrich-markgraf": "AD68FBE7-E1EE-4A82-A279-23CC698C89EB" },
//!   "variables": { "role": "8E2C61D0-6F4B-4C55-9A0E-2B0A4B7E0C11" },
//!   "cases": { "Mabel.txt": "0C1D2E3F-4A5B-4C6D-8E7F-8091A2B3C4D5" }
//! }
//! ```
//!
//! Keys are document file names, coder names and attribute names; values are GUIDs
//! exactly as the other program wrote them.

use super::words;
use crate::core::codebook::valid_guid;
use crate::core::documents::fsread;
use crate::core::project::Project;
use crate::i18n::fill;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// The file's name in the project folder.
pub const REFI_IDS_FILE: &str = "tandai-refi.json";

/// Largest `tandai-refi.json` read.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Kept GUIDs by document, coder, attribute and document (case).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptIds {
    pub format: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub users: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cases: BTreeMap<String, String>,
}

impl KeptIds {
    /// An empty file of the current format.
    pub fn new() -> KeptIds {
        KeptIds {
            format: "tandai-refi".into(),
            version: 1,
            ..KeptIds::default()
        }
    }

    /// The project's kept GUIDs, and warnings when the file cannot be used (then
    /// none are kept, and exports derive GUIDs from names).
    pub fn load(project: &Project) -> (KeptIds, Vec<String>) {
        let path = project.root.join(REFI_IDS_FILE);
        let bytes = match fsread::read(&path, MAX_BYTES, project.links()) {
            Ok(b) => b,
            Err(e) if e.is_not_found() => return (KeptIds::new(), Vec::new()),
            Err(e) => {
                return (
                    KeptIds::new(),
                    vec![fill(words().core_qdpx_guids_from_names, &[("error", &e)])],
                );
            }
        };
        KeptIds::parse(&bytes, &path.display().to_string())
    }

    /// Parses the file; GUIDs that are not GUIDs, or that two keys share, are
    /// dropped with a warning.
    pub fn parse(bytes: &[u8], shown: &str) -> (KeptIds, Vec<String>) {
        let mut ids = match serde_json::from_slice::<KeptIds>(bytes) {
            Ok(ids) if ids.format == "tandai-refi" && ids.version == 1 => ids,
            Ok(ids) => {
                let format = format!("{:?}", ids.format);
                let w = fill(
                    words().core_qdpx_kept_format,
                    &[
                        ("path", &shown),
                        ("format", &format),
                        ("version", &ids.version),
                    ],
                );
                return (KeptIds::new(), vec![w]);
            }
            Err(e) => {
                let at = crate::core::coding::sidecar::json_at(
                    crate::i18n::current(),
                    shown,
                    e.line(),
                    e.column(),
                    &e.to_string(),
                );
                let w = fill(words().core_qdpx_guids_from_names, &[("error", &at)]);
                return (KeptIds::new(), vec![w]);
            }
        };
        let mut warnings = Vec::new();
        for (what, map) in [
            ("sources", &mut ids.sources),
            ("users", &mut ids.users),
            ("variables", &mut ids.variables),
            ("cases", &mut ids.cases),
        ] {
            check(map, &format!("{shown}: {what}"), &mut warnings);
        }
        (ids, warnings)
    }

    /// The file's text: pretty JSON with a final newline, keys sorted.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
            && self.users.is_empty()
            && self.variables.is_empty()
            && self.cases.is_empty()
    }

    /// Adds `other`'s GUIDs, which win where both have a key.
    pub fn merge(&mut self, other: &KeptIds) {
        for (mine, theirs) in [
            (&mut self.sources, &other.sources),
            (&mut self.users, &other.users),
            (&mut self.variables, &other.variables),
            (&mut self.cases, &other.cases),
        ] {
            mine.extend(theirs.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
}

/// Drops entries whose value is not a GUID or repeats an earlier one's.
fn check(map: &mut BTreeMap<String, String>, shown: &str, warnings: &mut Vec<String>) {
    let mut seen = HashSet::new();
    map.retain(|key, guid| {
        let ok = valid_guid(guid) && seen.insert(guid.trim_matches(['{', '}']).to_lowercase());
        if !ok {
            let (key, guid) = (format!("{key:?}"), format!("{guid:?}"));
            warnings.push(fill(
                words().core_qdpx_kept_guid,
                &[("path", &shown), ("key", &key), ("guid", &guid)],
            ));
        }
        ok
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_and_shared_guids_are_dropped_with_a_warning() {
        let json = br#"{"format":"tandai-refi","version":1,
            "sources":{"a.txt":"EC0A7242-65E1-457C-B7D1-310DAE603FAB",
                       "b.txt":"{ec0a7242-65e1-457c-b7d1-310dae603fab}",
                       "c.txt":"c001"},
            "users":{"ana":"AD68FBE7-E1EE-4A82-A279-23CC698C89EB"}}"#;
        let (ids, warnings) = KeptIds::parse(json, "tandai-refi.json");
        assert_eq!(ids.sources.len(), 1);
        assert!(ids.sources.contains_key("a.txt"));
        assert_eq!(ids.users.len(), 1);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        let again = KeptIds::parse(ids.to_json().as_bytes(), "x").0;
        assert_eq!(again, ids);
    }

    #[test]
    fn a_broken_file_keeps_nothing_and_says_so() {
        let (ids, warnings) = KeptIds::parse(b"{\"format\":", "tandai-refi.json");
        assert!(ids.is_empty());
        assert!(
            warnings[0].starts_with("tandai-refi.json: line 1"),
            "{warnings:?}"
        );
    }
}
