//! Three-way merge of `project.json`, value by value (RELIABILITY C4).
//!
//! Two coders fill in attributes at the same time, usually of different informants.
//! With the version both started from (base), every value (document x attribute),
//! every attribute's declaration, the title, the citation template and every other
//! field is taken from the side that changed it; only a value both sides changed
//! differently refuses the merge, with the reason. Attributes only the other side
//! declared come after ours, in their order. Pure: no I/O.

use super::{AttrType, Attributes};
use crate::core::codebook::merge::pick;
use crate::i18n::fill;
use std::collections::BTreeSet;

/// Merges `ours` and `theirs`, both edited from `base`; returns the merged
/// attributes and how many of their changes it took.
pub fn merge(
    base: &Attributes,
    ours: &Attributes,
    theirs: &Attributes,
) -> Result<(Attributes, usize), String> {
    let mut changes = 0;
    let mut out = ours.clone();
    out.title = pick(
        words().core_merge_what_title,
        &base.title,
        &ours.title,
        &theirs.title,
        &mut changes,
    )?
    .clone();
    out.citation = pick(
        words().core_merge_what_citation,
        &base.citation,
        &ours.citation,
        &theirs.citation,
        &mut changes,
    )?
    .clone();
    merge_rest(base, ours, theirs, &mut out, &mut changes)?;
    merge_definitions(base, ours, theirs, &mut out, &mut changes)?;
    merge_values(base, ours, theirs, &mut out, &mut changes)?;
    Ok((out, changes))
}

/// Merges three versions of the file's bytes; `base` is None when there was no
/// file. Returns the merged file and the number of changes taken from theirs.
pub fn merge_json(
    base: Option<&[u8]>,
    ours: &[u8],
    theirs: &[u8],
) -> Result<(Vec<u8>, usize), String> {
    let t = words();
    let parse = |bytes: &[u8], whose: &str| {
        super::file::from_bytes(bytes, whose)
            .map_err(|e| fill(t.core_merge_not_project, &[("error", &e)]))
    };
    let base = match base {
        Some(bytes) => parse(bytes, t.core_merge_base)?,
        None => Attributes::default(),
    };
    let ours = parse(ours, t.core_merge_ours)?;
    let theirs = parse(theirs, t.core_merge_theirs)?;
    let (merged, changes) = merge(&base, &ours, &theirs)?;
    Ok((super::file::to_bytes(&merged), changes))
}

/// Unknown fields, the consensus coder and blind coding, by field.
fn merge_rest(
    base: &Attributes,
    ours: &Attributes,
    theirs: &Attributes,
    out: &mut Attributes,
    changes: &mut usize,
) -> Result<(), String> {
    let keys: BTreeSet<&String> = base
        .rest
        .keys()
        .chain(ours.rest.keys())
        .chain(theirs.rest.keys())
        .collect();
    for key in keys {
        let (b, o, t) = (base.rest.get(key), ours.rest.get(key), theirs.rest.get(key));
        match pick(&format!("\"{key}\""), &b, &o, &t, changes)? {
            Some(v) => out.rest.insert(key.clone(), (*v).clone()),
            None => out.rest.remove(key),
        };
    }
    out.consensus = pick(
        "\"consensus\"",
        &base.consensus,
        &ours.consensus,
        &theirs.consensus,
        &mut 0,
    )?
    .clone();
    out.blind = *pick("\"blind\"", &base.blind, &ours.blind, &theirs.blind, &mut 0)?;
    Ok(())
}

/// Declarations by attribute name: ours in our order, then those only theirs has.
fn merge_definitions(
    base: &Attributes,
    ours: &Attributes,
    theirs: &Attributes,
    out: &mut Attributes,
    changes: &mut usize,
) -> Result<(), String> {
    let mut names: Vec<String> = ours.names.clone();
    names.extend(
        theirs
            .names
            .iter()
            .filter(|n| !ours.names.contains(n))
            .cloned(),
    );
    names.extend(
        base.names
            .iter()
            .filter(|n| !names.contains(n))
            .cloned()
            .collect::<Vec<_>>(),
    );
    out.names.clear();
    out.types.clear();
    for name in names {
        let what = fill(words().core_merge_what_type, &[("name", &name)]);
        let (b, o, t): (Option<AttrType>, Option<AttrType>, Option<AttrType>) = (
            base.declared(&name),
            ours.declared(&name),
            theirs.declared(&name),
        );
        if let Some(ty) = pick(&what, &b, &o, &t, changes)? {
            out.define(&name, Some(*ty));
        }
    }
    Ok(())
}

/// Values by document and attribute.
fn merge_values(
    base: &Attributes,
    ours: &Attributes,
    theirs: &Attributes,
    out: &mut Attributes,
    changes: &mut usize,
) -> Result<(), String> {
    let cells: BTreeSet<(&String, &String)> = [base, ours, theirs]
        .iter()
        .flat_map(|a| {
            a.by_document
                .iter()
                .flat_map(|(d, v)| v.keys().map(move |n| (d, n)))
        })
        .collect();
    out.by_document.clear();
    for (doc, name) in cells {
        let what = fill(
            words().core_merge_what_value,
            &[("name", name), ("doc", doc)],
        );
        let (b, o, t) = (
            base.value(doc, name),
            ours.value(doc, name),
            theirs.value(doc, name),
        );
        if let Some(v) = pick(&what, &b, &o, &t, changes)? {
            out.set_value(doc, name, Some((*v).to_owned()));
        }
    }
    Ok(())
}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(json: &str) -> Attributes {
        super::super::file::from_bytes(json.as_bytes(), "t").expect("parses")
    }

    const BASE: &str = r#"{"format":"tandai-project","version":2,"title":"T",
      "attributes":[{"name":"role","type":"text"}],
      "documents":{"a.txt":{"role":"polisi"},"b.txt":{"role":"pekerja"}}}"#;

    #[test]
    fn two_coders_on_different_informants_both_survive() {
        let base = attrs(BASE);
        let mut ours = base.clone();
        ours.set_value("a.txt", "role", Some("pendamping".into()));
        let mut theirs = base.clone();
        theirs.set_value("b.txt", "role", Some("pelanggan".into()));
        theirs.define("age", Some(AttrType::Number));
        theirs.set_value("b.txt", "age", Some("30".into()));
        let (m, changes) = merge(&base, &ours, &theirs).expect("merges");
        assert_eq!(m.value("a.txt", "role"), Some("pendamping"));
        assert_eq!(m.value("b.txt", "role"), Some("pelanggan"));
        assert_eq!(m.value("b.txt", "age"), Some("30"));
        assert_eq!(m.names, ["role", "age"]);
        assert_eq!(m.type_of("age"), AttrType::Number);
        assert_eq!(changes, 3);
    }

    #[test]
    fn the_same_value_changed_twice_is_refused() {
        let base = attrs(BASE);
        let mut ours = base.clone();
        ours.set_value("a.txt", "role", Some("x".into()));
        let mut theirs = base.clone();
        theirs.set_value("a.txt", "role", Some("y".into()));
        assert_eq!(
            merge(&base, &ours, &theirs).expect_err("conflict"),
            "both versions changed role of a.txt"
        );
        theirs.set_value("a.txt", "role", Some("x".into()));
        assert!(
            merge(&base, &ours, &theirs).is_ok(),
            "the same change twice"
        );
    }

    #[test]
    fn unknown_fields_and_removals_merge_by_field() {
        let base = attrs(BASE);
        let mut ours = base.clone();
        ours.set_value("b.txt", "role", None);
        let mut theirs = base.clone();
        theirs
            .rest
            .insert("team".into(), serde_json::json!({"supervisor": "dewi"}));
        let (m, _) = merge(&base, &ours, &theirs).expect("merges");
        assert_eq!(m.value("b.txt", "role"), None, "our removal stays");
        assert_eq!(m.rest["team"]["supervisor"], "dewi");
        let bytes = merge_json(
            Some(BASE.as_bytes()),
            &super::super::to_bytes(&ours),
            &super::super::to_bytes(&theirs),
        )
        .expect("merges")
        .0;
        assert_eq!(bytes, super::super::to_bytes(&m));
    }

    #[test]
    fn no_base_file_merges_against_nothing() {
        let theirs = attrs(BASE);
        let mut ours = Attributes {
            title: "T".into(),
            ..Attributes::default()
        };
        ours.define("city", Some(AttrType::Text));
        ours.set_value("c.txt", "city", Some("Bitung".into()));
        let (m, changes) = merge(&Attributes::default(), &ours, &theirs).expect("merges");
        assert_eq!(m.names, ["city", "role"]);
        assert_eq!(m.value("a.txt", "role"), Some("polisi"));
        assert_eq!(m.value("c.txt", "city"), Some("Bitung"));
        assert!(changes >= 3);
        assert!(merge_json(None, b"{", BASE.as_bytes()).is_err());
    }
}
