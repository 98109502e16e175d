//! Variables and cases: tandai's document attributes as REFI-QDA `Variables` and
//! `Cases`. The attribute types, and the import side here; the export side is
//! [`super::variables_out`].
//!
//! Import: each variable becomes an attribute (its type kept in
//! [`ImportedAttribute::kind`]); the values of a case go to every text source the
//! case refers to, and values given to a source directly go to that source. A case
//! whose name is not its document's name (NVivo's `Participant 1`) also gives the
//! attribute `case`. What has no place in tandai is counted: codes and selections
//! referred to by cases, cases that refer to no imported text.

use super::project_read::{Ctx, RawProject, get};
use super::words;
pub use crate::core::attributes::AttrType;
use crate::core::project::Project;
use crate::i18n::fill;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The type of the project's attribute `name` (`project.json`), which decides the
/// variable type a `.qdpx` export writes (`Integer` or `Float` for a number, as its
/// values are whole or not).
pub fn attribute_type(project: &Project, name: &str) -> AttrType {
    project.attributes.type_of(name)
}

/// Who a `VariableValue` belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueOwner {
    Case(usize),
    Source(usize),
}

#[derive(Debug, Default)]
pub(super) struct RawVariable {
    pub(super) guid: String,
    pub(super) name: String,
    pub(super) kind: String,
}

#[derive(Debug, Default)]
pub(super) struct RawCase {
    pub(super) guid: String,
    pub(super) name: Option<String>,
    pub(super) values: Vec<RawValue>,
    /// GUIDs of the sources the case is made of.
    pub(super) sources: Vec<String>,
    pub(super) code_refs: usize,
    pub(super) selection_refs: usize,
}

#[derive(Debug, Default)]
pub(super) struct RawValue {
    /// The `VariableRef`'s target.
    pub(super) variable: Option<String>,
    pub(super) value: String,
}

impl RawProject {
    pub(super) fn value_mut(&mut self, owner: ValueOwner, v: usize) -> &mut RawValue {
        match owner {
            ValueOwner::Case(c) => &mut self.cases[c].values[v],
            ValueOwner::Source(s) => &mut self.sources[s].values[v],
        }
    }
}

/// An element inside `Variables`, `Cases` or a `VariableValue`.
pub(super) fn open(
    p: &mut RawProject,
    parent: Ctx,
    attrs: &[(String, String)],
    local: &str,
) -> Result<Ctx, Option<String>> {
    let target = || get(attrs, "targetGUID");
    Ok(match (parent, local) {
        (Ctx::Variables, "Variable") => {
            p.variables.push(RawVariable {
                guid: get(attrs, "guid").unwrap_or_default(),
                name: get(attrs, "name").unwrap_or_default(),
                kind: get(attrs, "typeOfVariable").unwrap_or_default(),
            });
            Ctx::Variable
        }
        (Ctx::Cases, "Case") => {
            p.cases.push(RawCase {
                guid: get(attrs, "guid").unwrap_or_default(),
                name: get(attrs, "name"),
                ..RawCase::default()
            });
            Ctx::Case(p.cases.len() - 1)
        }
        (Ctx::Case(c), "VariableValue") => {
            p.cases[c].values.push(RawValue::default());
            Ctx::Value(ValueOwner::Case(c), p.cases[c].values.len() - 1)
        }
        (Ctx::Case(c), "SourceRef") => {
            p.cases[c].sources.extend(target());
            Ctx::Other
        }
        (Ctx::Case(c), "CodeRef") => {
            p.cases[c].code_refs += 1;
            Ctx::Other
        }
        (Ctx::Case(c), "SelectionRef") => {
            p.cases[c].selection_refs += 1;
            Ctx::Other
        }
        (Ctx::Value(owner, v), "VariableRef") => {
            p.value_mut(owner, v).variable = target();
            Ctx::Other
        }
        (Ctx::Value(owner, v), kind) if kind.ends_with("Value") => Ctx::ValueText(owner, v),
        _ => Ctx::Other,
    })
}

/// An attribute made from a REFI variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedAttribute {
    pub name: String,
    pub kind: AttrType,
    /// The variable's GUID, kept for re-export; None for the `case` attribute.
    pub guid: Option<String>,
}

/// The attributes of an import and the values of each source.
#[derive(Debug, Default)]
pub(super) struct Variables {
    pub(super) attributes: Vec<ImportedAttribute>,
    /// Normalised source GUID to its values.
    pub(super) values: HashMap<String, BTreeMap<String, String>>,
    /// Normalised source GUID to the GUID of its case, when that case is its alone.
    pub(super) case_guids: HashMap<String, String>,
    pub(super) warnings: Vec<String>,
    /// Codes and selections that cases refer to: not taken.
    pub(super) case_refs: usize,
    /// Cases that refer to no source.
    pub(super) cases_without_sources: usize,
    /// Values for sources that are not text sources of the file.
    pub(super) values_elsewhere: usize,
}

/// The name the case's name is kept under (when cases have names of their own).
const CASE_ATTRIBUTE: &str = "case";

/// Most variables read; a project has a handful.
const MAX_VARIABLES: usize = 10_000;

/// Most (value, source) pairs given out: a hostile case with thousands of values
/// and thousands of sources would otherwise take quadratic time and memory.
const MAX_ASSIGNMENTS: usize = 500_000;

/// Variables and cases read into attributes of sources. `source_names` holds the
/// text sources (normalised GUID to name); `normal` normalises a GUID.
pub(super) fn map_variables(
    raw: &RawProject,
    source_names: &HashMap<String, String>,
    normal: impl Fn(&str) -> String,
) -> Variables {
    let mut out = Variables::default();
    let by_guid = variables(raw, &normal, &mut out);
    let mut budget = Budget {
        left: MAX_ASSIGNMENTS,
        unknown: 0,
        over: 0,
    };
    for source in &raw.sources {
        let sources = std::slice::from_ref(&source.guid);
        budget.give(
            &source.values,
            sources,
            &by_guid,
            source_names,
            &normal,
            &mut out,
        );
    }
    let mut case_names = false;
    for case in &raw.cases {
        out.case_refs += case.code_refs + case.selection_refs;
        if case.sources.is_empty() {
            out.cases_without_sources += 1;
            continue;
        }
        budget.give(
            &case.values,
            &case.sources,
            &by_guid,
            source_names,
            &normal,
            &mut out,
        );
        if let [only] = case.sources.as_slice() {
            out.case_guids.insert(normal(only), case.guid.clone());
        }
        case_names |= name_case(&mut out, case, source_names, &normal);
    }
    if case_names && !out.attributes.iter().any(|a| a.name == CASE_ATTRIBUTE) {
        out.attributes.push(ImportedAttribute {
            name: CASE_ATTRIBUTE.to_owned(),
            kind: AttrType::Text,
            guid: None,
        });
    }
    if budget.unknown > 0 {
        out.warnings.push(fill(
            words().core_qdpx_values_unknown,
            &[("n", &budget.unknown)],
        ));
    }
    if budget.over > 0 {
        out.warnings.push(fill(
            words().core_qdpx_values_over,
            &[("n", &budget.over), ("max", &MAX_ASSIGNMENTS)],
        ));
    }
    out
}

/// The project's variables as attributes (at most [`MAX_VARIABLES`], names made
/// unique); returns normalised variable GUID to attribute name.
fn variables(
    raw: &RawProject,
    normal: &impl Fn(&str) -> String,
    out: &mut Variables,
) -> HashMap<String, String> {
    let mut by_guid = HashMap::new();
    let mut names = Names::default();
    for var in raw.variables.iter().take(MAX_VARIABLES) {
        let name = unique_name(&var.name, &var.guid, &mut names);
        by_guid.insert(normal(&var.guid), name.clone());
        out.attributes.push(ImportedAttribute {
            name,
            kind: variable_type(&var.kind),
            guid: Some(var.guid.clone()),
        });
    }
    if raw.variables.len() > MAX_VARIABLES {
        out.warnings.push(fill(
            words().core_qdpx_variables_over,
            &[("n", &raw.variables.len()), ("max", &MAX_VARIABLES)],
        ));
    }
    by_guid
}

/// What is left to give out, and what was not given.
struct Budget {
    left: usize,
    /// Values of no known variable.
    unknown: usize,
    /// Values past [`MAX_ASSIGNMENTS`].
    over: usize,
}

impl Budget {
    /// Gives `values` to each of `sources`: text sources get them, values for others
    /// (pictures, sources not in the file) are only counted.
    fn give(
        &mut self,
        values: &[RawValue],
        sources: &[String],
        by_guid: &HashMap<String, String>,
        text_sources: &HashMap<String, String>,
        normal: &impl Fn(&str) -> String,
        out: &mut Variables,
    ) {
        for v in values {
            let Some(name) = v.variable.as_deref().and_then(|g| by_guid.get(&normal(g))) else {
                self.unknown += 1;
                continue;
            };
            for source in sources {
                let key = normal(source);
                if !text_sources.contains_key(&key) {
                    out.values_elsewhere += 1;
                } else if self.left == 0 {
                    self.over += 1;
                } else {
                    self.left -= 1;
                    set_value(out, &key, name, v.value.trim());
                }
            }
        }
    }
}

/// Gives the case's name to its sources as the `case` attribute, when it is not
/// just the source's own name (as tandai's exports name cases). True when it did.
fn name_case(
    out: &mut Variables,
    case: &RawCase,
    source_names: &HashMap<String, String>,
    normal: &impl Fn(&str) -> String,
) -> bool {
    let Some(name) = case
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        return false;
    };
    let mut named = false;
    for source in &case.sources {
        let key = normal(source);
        if source_names.get(&key).is_some_and(|s| s == name) {
            continue;
        }
        let values = out.values.entry(key).or_default();
        let joined = match values.get(CASE_ATTRIBUTE) {
            Some(before) => format!("{before}; {name}"),
            None => name.to_owned(),
        };
        values.insert(CASE_ATTRIBUTE.to_owned(), joined);
        named = true;
    }
    named
}

/// Sets a source's value; a second, different value (from another case) is a
/// warning and the first one stays.
fn set_value(out: &mut Variables, source: &str, name: &str, value: &str) {
    let values = out.values.entry(source.to_owned()).or_default();
    match values.get(name) {
        Some(before) if before != value => out.warnings.push(fill(
            words().core_qdpx_two_values,
            &[
                ("name", &format!("{name:?}")),
                ("before", &format!("{before:?}")),
                ("value", &format!("{value:?}")),
            ],
        )),
        Some(_) => {}
        None => {
            values.insert(name.to_owned(), value.to_owned());
        }
    }
}

/// Names given so far, and the next number to try for each.
#[derive(Default)]
struct Names {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

/// The variable's name, trimmed, or one made from its GUID; unique among those
/// taken so far (` (2)`, ` (3)`...).
fn unique_name(name: &str, guid: &str, names: &mut Names) -> String {
    let base = match name.trim() {
        "" => format!(
            "variable-{}",
            guid.trim_matches(['{', '}']).get(..8).unwrap_or(guid)
        ),
        n => n.to_owned(),
    };
    if names.taken.insert(base.clone()) {
        return base;
    }
    let mut k = names.next.get(&base).copied().unwrap_or(2);
    loop {
        let candidate = format!("{base} ({k})");
        k += 1;
        if names.taken.insert(candidate.clone()) {
            names.next.insert(base, k);
            return candidate;
        }
    }
}

fn variable_type(kind: &str) -> AttrType {
    match kind.trim() {
        "Boolean" => AttrType::YesNo,
        "Integer" | "Float" => AttrType::Number,
        "Date" => AttrType::Date,
        _ => AttrType::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_never_empty() {
        let mut taken = Names::default();
        assert_eq!(unique_name("role", "g", &mut taken), "role");
        assert_eq!(unique_name(" role ", "g", &mut taken), "role (2)");
        assert_eq!(unique_name("role (3)", "g", &mut taken), "role (3)");
        assert_eq!(
            unique_name("role", "g", &mut taken),
            "role (4)",
            "(3) is taken"
        );
        assert_eq!(
            unique_name("", "{ABCDEF12-0000-0000-0000-000000000000}", &mut taken),
            "variable-ABCDEF12"
        );
    }
}
