//! Import, the project's own files beside the transcripts: `project.json` with the
//! title, the project memo and the attributes, and `tandai-refi.json` with the GUIDs
//! to reuse on export ([`KeptIds`]).
//!
//! Into a folder that already has a `project.json` (`--force`), the import adds to
//! it: the title only when there is none, the memo after the old one, attribute
//! names after the old ones, values for the new documents; whatever else the file
//! holds (the consensus coder, team settings) stays. The old file is kept beside it
//! by the writer all the same.

use super::build::normal_guid;
use super::ids::derived_guid;
use super::kept_ids::KeptIds;
use super::project_import::ImportedProject;
use super::words;
use crate::core::attributes::{self, Attributes};
use crate::core::project::PROJECT_FILE;
use crate::i18n::fill;

/// The imported documents' final file names, in the order of
/// [`ImportedProject::documents`].
pub(super) type FileNames<'a> = &'a [String];

/// `project.json` for the import, or None when there is nothing to put in it.
/// `existing` is the folder's `project.json`, if any; an unreadable one is an error
/// (it is not replaced by a guess). Written in tandai's typed format: each variable's
/// type is kept (`Integer`/`Float` as a number, `Boolean` as yes/no, `Date`); a value
/// that does not fit its type is kept as it is, with a warning in `warnings`.
pub(super) fn project_json(
    project: &ImportedProject,
    names: FileNames<'_>,
    existing: Option<&[u8]>,
    warnings: &mut Vec<String>,
) -> Result<Option<String>, String> {
    let has_values = project.documents.iter().any(|d| !d.attributes.is_empty());
    if project.title.is_none() && project.memo.trim().is_empty() && !has_values {
        return Ok(None);
    }
    let mut attrs = match existing {
        None => Attributes::default(),
        Some(bytes) => {
            attributes::parse(bytes, PROJECT_FILE)
                .map_err(|e| fill(words().core_qdpx_settings_not_added, &[("error", &e)]))?
                .0
        }
    };
    if let Some(title) = &project.title
        && attrs.title.trim().is_empty()
    {
        attrs.title = title.clone();
    }
    let memo = project.memo.trim();
    if !memo.is_empty() {
        let joined = match attrs.memo().trim_end() {
            "" => memo.to_owned(),
            old => format!("{old}\n\n{memo}"),
        };
        attrs.set_memo(&joined);
    }
    add_attributes(&mut attrs, project, names, warnings);
    Ok(Some(
        String::from_utf8_lossy(&attributes::to_bytes(&attrs)).into_owned(),
    ))
}

/// Attribute names (the old ones first, an old one keeping its type) and each new
/// document's values, checked against their type.
fn add_attributes(
    attrs: &mut Attributes,
    project: &ImportedProject,
    names: FileNames<'_>,
    warnings: &mut Vec<String>,
) {
    for a in &project.attributes {
        if attrs.declared(&a.name).is_none() {
            attrs.define(&a.name, Some(a.kind));
        }
    }
    for (doc, name) in project.documents.iter().zip(names) {
        for (key, value) in &doc.attributes {
            let kept = attrs.type_of(key).check(value).unwrap_or_else(|why| {
                warnings.push(fill(
                    words().core_qdpx_value_kept,
                    &[("name", &name), ("key", key), ("why", &why)],
                ));
                value.clone()
            });
            attrs.set_value(name, key, Some(kept));
        }
    }
}

/// The GUIDs to keep: each other program's GUID of a source, user, variable and
/// case, except the ones tandai would derive anyway (an import of tandai's own
/// export needs none). `existing` is the folder's `tandai-refi.json`, if any.
pub(super) fn kept_ids(
    project: &ImportedProject,
    names: FileNames<'_>,
    existing: Option<&[u8]>,
) -> (Option<String>, Vec<String>) {
    let mut ids = KeptIds::new();
    let keep = |map: &mut std::collections::BTreeMap<String, String>,
                key: &str,
                guid: &str,
                kind: &str| {
        let derived = derived_guid(kind, &[key]);
        if super::ids::is_refi_guid(guid) && normal_guid(guid) != derived {
            map.insert(key.to_owned(), guid.to_owned());
        }
    };
    for (doc, name) in project.documents.iter().zip(names) {
        keep(&mut ids.sources, name, &doc.guid, "tandai-source");
        if let Some(case) = &doc.case_guid {
            keep(&mut ids.cases, name, case, "tandai-case");
        }
    }
    for c in &project.coders {
        keep(&mut ids.users, &c.coder, &c.guid, "tandai-user");
    }
    for a in &project.attributes {
        if let Some(guid) = &a.guid {
            keep(&mut ids.variables, &a.name, guid, "tandai-variable");
        }
    }
    let mut warnings = Vec::new();
    if let Some(bytes) = existing {
        let (mut old, problems) = KeptIds::parse(bytes, super::kept_ids::REFI_IDS_FILE);
        warnings.extend(problems);
        old.merge(&ids);
        ids = old;
    }
    if ids.is_empty() {
        return (None, warnings);
    }
    // Two keys with one GUID (a source whose name changed) would export as one.
    let (ids, problems) = KeptIds::parse(ids.to_json().as_bytes(), super::kept_ids::REFI_IDS_FILE);
    warnings.extend(problems);
    (Some(ids.to_json()), warnings)
}
