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
use serde_json::{Map, Value, json};

/// The imported documents' final file names, in the order of
/// [`ImportedProject::documents`].
pub(super) type FileNames<'a> = &'a [String];

/// `project.json` for the import, or None when there is nothing to put in it.
/// `existing` is the folder's `project.json`, if any; an unreadable one is an error
/// (it is not replaced by a guess).
pub(super) fn project_json(
    project: &ImportedProject,
    names: FileNames<'_>,
    existing: Option<&[u8]>,
) -> Result<Option<String>, String> {
    let has_values = project.documents.iter().any(|d| !d.attributes.is_empty());
    if project.title.is_none() && project.memo.trim().is_empty() && !has_values {
        return Ok(None);
    }
    let mut file = match existing {
        None => json!({"format": "tandai-project", "version": 1}),
        Some(bytes) => serde_json::from_slice::<Value>(bytes)
            .ok()
            .filter(Value::is_object)
            .ok_or("the folder's project.json is not a JSON object; title, memo and attributes not added")?,
    };
    let Some(obj) = file.as_object_mut() else {
        return Ok(None);
    };
    add_title_and_memo(obj, project);
    add_attributes(obj, project, names);
    let mut out = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(Some(out))
}

fn add_title_and_memo(obj: &mut Map<String, Value>, project: &ImportedProject) {
    let empty = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .is_none_or(|s| s.trim().is_empty())
    };
    if let Some(title) = &project.title
        && empty(obj.get("title"))
    {
        obj.insert("title".into(), Value::from(title.as_str()));
    }
    let memo = project.memo.trim();
    if !memo.is_empty() {
        let joined = match obj.get("memo").and_then(Value::as_str) {
            Some(old) if !old.trim().is_empty() => format!("{}\n\n{memo}", old.trim_end()),
            _ => memo.to_owned(),
        };
        obj.insert("memo".into(), Value::from(joined));
    }
}

/// Attribute names (the old ones first) and each new document's values.
fn add_attributes(obj: &mut Map<String, Value>, project: &ImportedProject, names: FileNames<'_>) {
    let mut list: Vec<Value> = obj
        .get("attributes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for a in &project.attributes {
        if !list.iter().any(|v| v.as_str() == Some(a.name.as_str())) {
            list.push(Value::from(a.name.as_str()));
        }
    }
    let mut documents = obj
        .get("documents")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (doc, name) in project.documents.iter().zip(names) {
        if !doc.attributes.is_empty() {
            let values: Map<String, Value> = doc
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect();
            documents.insert(name.clone(), Value::Object(values));
        }
    }
    if !list.is_empty() {
        obj.insert("attributes".into(), Value::Array(list));
    }
    if !documents.is_empty() {
        obj.insert("documents".into(), Value::Object(documents));
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
