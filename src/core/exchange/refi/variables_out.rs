//! Export, document attributes as REFI-QDA variables and cases: one `Variable` per
//! attribute (the project file's order, then any others by name), typed by
//! [`super::attribute_type`]; one `Case` per exported document, named after it,
//! holding the document's values and a `SourceRef` to its text source. A value that
//! is not of its attribute's type (`"tiga"` for a number) is left out with a
//! warning, so the file always validates against `Project.xsd`.

use super::export::{escape_into, push_attr};
use super::ids::derived_guid;
use super::project_variables::AttrType;
use crate::core::project::Project;
use std::collections::BTreeMap;

/// One attribute as an exported variable: its REFI type and GUID.
pub(super) struct ExportVariable {
    pub(super) name: String,
    pub(super) kind: AttrType,
    /// `Text`, `Integer`, `Float`, `Date` or `Boolean`.
    pub(super) refi_type: &'static str,
    pub(super) guid: String,
}

/// The variables for the attributes `names`, typed by `kind_of`; GUIDs from `kept`
/// (another program's) or derived from the name.
pub(super) fn export_variables(
    project: &Project,
    names: &[String],
    kind_of: &dyn Fn(&str) -> AttrType,
    kept: &BTreeMap<String, String>,
) -> Vec<ExportVariable> {
    names
        .iter()
        .map(|name| {
            let kind = kind_of(name);
            let values = project
                .attributes
                .by_document
                .values()
                .filter_map(|m| m.get(name));
            let refi_type = match kind {
                AttrType::Text => "Text",
                AttrType::YesNo => "Boolean",
                AttrType::Date => "Date",
                // Values that are no number at all are left out, so they do not count.
                AttrType::Number
                    if values
                        .clone()
                        .filter(|v| decimal(v.trim()).is_some())
                        .all(|v| integer(v).is_some()) =>
                {
                    "Integer"
                }
                AttrType::Number => "Float",
            };
            ExportVariable {
                name: name.clone(),
                kind,
                refi_type,
                guid: kept
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| derived_guid("tandai-variable", &[name])),
            }
        })
        .collect()
}

pub(super) fn write_variables(xml: &mut String, vars: &[ExportVariable]) {
    if vars.is_empty() {
        return;
    }
    xml.push_str("  <Variables>\n");
    for v in vars {
        xml.push_str("    <Variable");
        push_attr(xml, "guid", &v.guid);
        push_attr(xml, "name", &v.name);
        push_attr(xml, "typeOfVariable", v.refi_type);
        xml.push_str("/>\n");
    }
    xml.push_str("  </Variables>\n");
}

/// One case of the export: a document, its case GUID and its source's GUID.
pub(super) struct ExportCase<'a> {
    pub(super) document: &'a str,
    pub(super) guid: String,
    pub(super) source: String,
}

/// A `Case` per document with its values; values not of their type are left out
/// with a warning.
pub(super) fn write_cases(
    xml: &mut String,
    project: &Project,
    vars: &[ExportVariable],
    cases: &[ExportCase<'_>],
    warnings: &mut Vec<String>,
) {
    if vars.is_empty() || cases.is_empty() {
        return;
    }
    xml.push_str("  <Cases>\n");
    for case in cases {
        xml.push_str("    <Case");
        push_attr(xml, "guid", &case.guid);
        push_attr(xml, "name", case.document);
        xml.push_str(">\n");
        let values = project.attributes.by_document.get(case.document);
        for var in vars {
            let Some(value) = values.and_then(|m| m.get(&var.name)) else {
                continue;
            };
            match typed_value(var, value) {
                Ok((element, text)) => {
                    xml.push_str("      <VariableValue>\n        <VariableRef");
                    push_attr(xml, "targetGUID", &var.guid);
                    xml.push_str(&format!("/>\n        <{element}>"));
                    escape_into(xml, &text, false);
                    xml.push_str(&format!("</{element}>\n      </VariableValue>\n"));
                }
                Err(why) => warnings.push(crate::i18n::fill(
                    super::words().core_qdpx_value_left_out,
                    &[
                        ("document", &case.document),
                        ("name", &format!("{:?}", var.name)),
                        ("value", &format!("{value:?}")),
                        ("why", &why),
                    ],
                )),
            }
        }
        xml.push_str("      <SourceRef");
        push_attr(xml, "targetGUID", &case.source);
        xml.push_str("/>\n    </Case>\n");
    }
    xml.push_str("  </Cases>\n");
}

/// The value element and its text for a value of `var`'s type, or why it is not one.
fn typed_value(var: &ExportVariable, value: &str) -> Result<(&'static str, String), &'static str> {
    let v = value.trim();
    let t = super::words();
    match (var.kind, var.refi_type) {
        (AttrType::Text, _) => Ok(("TextValue", value.to_owned())),
        (AttrType::Number, "Integer") => integer(v)
            .map(|n| ("IntegerValue", n))
            .ok_or(t.core_qdpx_not_whole),
        (AttrType::Number, _) => decimal(v)
            .map(|n| ("FloatValue", n))
            .ok_or(t.core_qdpx_not_number),
        (AttrType::Date, _) => date(v)
            .map(|d| ("DateValue", d))
            .ok_or(t.core_qdpx_not_date),
        (AttrType::YesNo, _) => boolean(v)
            .map(|b| ("BooleanValue", b.to_string()))
            .ok_or(t.core_qdpx_not_yes_no),
    }
}

/// `xsd:integer`: an optional sign and digits.
fn integer(v: &str) -> Option<String> {
    let digits = v.trim().strip_prefix(['-', '+']).unwrap_or(v.trim());
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| v.trim().to_owned())
}

/// `xsd:decimal` (no exponent); a decimal comma (`3,5`, as Indonesian writes it) is
/// read as a point.
fn decimal(v: &str) -> Option<String> {
    let v = if v.contains(',') && !v.contains('.') {
        v.replacen(',', ".", 1)
    } else {
        v.to_owned()
    };
    let digits = v.strip_prefix(['-', '+']).unwrap_or(&v);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !(whole.is_empty() && frac.is_empty())
        && whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit());
    ok.then_some(v)
}

/// `xsd:date` as tandai writes dates: `YYYY-MM-DD`, a real day of the month.
fn date(v: &str) -> Option<String> {
    let parts: Vec<&str> = v.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?
    };
    let (year, month, day) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then(|| v.to_owned())
}

/// Yes or no in English, Indonesian, `xsd:boolean` or as a digit.
fn boolean(v: &str) -> Option<bool> {
    match v.to_lowercase().as_str() {
        "true" | "yes" | "y" | "ya" | "1" => Some(true),
        "false" | "no" | "n" | "tidak" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_against_their_type() {
        assert_eq!(integer("-12").as_deref(), Some("-12"));
        assert_eq!(integer("1.5"), None);
        assert_eq!(decimal("3,5").as_deref(), Some("3.5"));
        assert_eq!(decimal(".5").as_deref(), Some(".5"));
        assert_eq!(decimal("1e3"), None);
        assert_eq!(decimal("-"), None);
        assert_eq!(date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(date("2023-02-29"), None);
        assert_eq!(date("2024-2-1"), None);
        assert_eq!(date("1 Mei 2024"), None);
        assert_eq!(boolean("Ya"), Some(true));
        assert_eq!(boolean("tidak"), Some(false));
        assert_eq!(boolean("mungkin"), None);
    }
}
