//! `--where ATTR=VALUE`: the documents whose attributes have these values. The same
//! attribute named twice means either value; different attributes must all match
//! (`role=polisi role=pendamping city=Kupang`: police officers or outreach workers,
//! in Kupang). An empty value (`city=`) means "no value". Text compares ignoring case
//! and accents; numbers, dates and yes/no by value (`age=34.0` is `age=34`,
//! `met=ya` is `met=yes`).

use super::{AttrType, Attributes};
use crate::core::analysis::search::fold;
use crate::i18n::fill;

/// One attribute and the values any of which it may have.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Condition {
    name: String,
    ty: AttrType,
    /// Canonical values (folded for text); None is "no value".
    values: Vec<Option<String>>,
    /// As typed, for messages.
    shown: Vec<String>,
}

/// A parsed filter; the empty filter keeps every document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Where {
    conditions: Vec<Condition>,
}

impl Where {
    /// Parses `NAME=VALUE` conditions against the project's attributes. Errors name
    /// the condition and what the project has instead.
    pub fn parse(conditions: &[String], attrs: &Attributes) -> Result<Where, String> {
        let t = words();
        let mut out = Where::default();
        for given in conditions {
            let quoted = format!("{given:?}");
            let Some((name, value)) = given.split_once('=') else {
                return Err(fill(t.core_where_syntax, &[("given", &quoted)]));
            };
            let (name, value) = (name.trim(), value.trim());
            let name = known_name(attrs, name).ok_or_else(|| {
                let (name, known) = (format!("{name:?}"), list(&attrs.all_names()));
                fill(
                    t.core_where_no_attribute,
                    &[("given", &quoted), ("name", &name), ("known", &known)],
                )
            })?;
            let ty = attrs.type_of(&name);
            let canonical = if value.is_empty() {
                None
            } else {
                let v = ty.check(value).map_err(|why| format!("{quoted}: {why}"))?;
                Some(key(ty, &v))
            };
            if let Some(v) = &canonical
                && !attrs.values_of(&name).iter().any(|x| key(ty, x) == *v)
            {
                let (value, known) = (format!("{value:?}"), list(&attrs.values_of(&name)));
                return Err(fill(
                    t.core_where_no_value,
                    &[
                        ("given", &quoted),
                        ("name", &name),
                        ("value", &value),
                        ("known", &known),
                    ],
                ));
            }
            match out.conditions.iter_mut().find(|c| c.name == name) {
                Some(c) => {
                    c.values.push(canonical);
                    c.shown.push(value.to_owned());
                }
                None => out.conditions.push(Condition {
                    name,
                    ty,
                    values: vec![canonical],
                    shown: vec![value.to_owned()],
                }),
            }
        }
        Ok(out)
    }

    /// True when there are no conditions.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// Whether a document (by file name) passes.
    pub fn matches(&self, attrs: &Attributes, document: &str) -> bool {
        self.conditions.iter().all(|c| {
            let has = attrs.value(document, &c.name).map(|v| key(c.ty, v));
            c.values.contains(&has)
        })
    }

    /// The conditions in words: `role=polisi or role=pendamping, city=Kupang`.
    pub fn describe(&self) -> String {
        self.conditions
            .iter()
            .map(|c| {
                c.shown
                    .iter()
                    .map(|v| format!("{}={v}", c.name))
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The attribute a name means: exactly, or else ignoring case.
fn known_name(attrs: &Attributes, name: &str) -> Option<String> {
    let all = attrs.all_names();
    all.iter()
        .find(|n| *n == name)
        .or_else(|| all.iter().find(|n| n.to_lowercase() == name.to_lowercase()))
        .cloned()
}

/// What values compare by: text folded (case and accents), the rest canonical.
fn key(ty: AttrType, v: &str) -> String {
    match ty {
        AttrType::Text => fold(v),
        _ => ty.check(v).unwrap_or_else(|_| v.to_owned()),
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        return words().core_list_none.into();
    }
    let mut out = names
        .iter()
        .take(20)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 20 {
        let more = names.len() - 20;
        out = fill(words().core_list_more, &[("list", &out), ("more", &more)]);
    }
    out
}

/// Narrows a report to the documents `keep` says (by project index): its document
/// list, coverage rows and code x document columns. Its counts are those of the
/// codings it was built from (read only for the documents kept).
pub fn narrow_report(r: &mut crate::core::analysis::report::Report, keep: &[bool]) {
    fn only<T>(v: &mut Vec<T>, keep: &[bool]) {
        *v = std::mem::take(v)
            .into_iter()
            .enumerate()
            .filter(|(i, _)| keep.get(*i).copied().unwrap_or(true))
            .map(|(_, x)| x)
            .collect();
    }
    only(&mut r.documents, keep);
    only(&mut r.coverage, keep);
    for row in &mut r.matrix {
        only(row, keep);
    }
}

/// Splits a retrieval query at its `where` (outside double quotes): the codes part,
/// and the conditions part if there is one.
pub fn split_where(query: &str) -> (&str, Option<&str>) {
    let mut quoted = false;
    let mut start = None;
    for (i, c) in query.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() => start = None,
            _ if quoted => {}
            _ if start.is_none() => start = Some(i),
            _ => {}
        }
        if let Some(s) = start {
            let word = &query[s..i + c.len_utf8()];
            let ends = query[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
            if ends && (word.eq_ignore_ascii_case("where") || word.eq_ignore_ascii_case("dimana")) {
                return (&query[..s], Some(&query[i + c.len_utf8()..]));
            }
        }
    }
    (query, None)
}

/// The conditions of a `where` clause: `role=polisi city="Kota Kupang"`; `and` (or
/// `dan`) between them is allowed and changes nothing.
pub fn clause_conditions(clause: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = clause.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut cond = String::new();
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() && !quoted {
                break;
            }
            chars.next();
            if c == '"' {
                quoted = !quoted;
            } else {
                cond.push(c);
            }
        }
        if quoted {
            return Err(words().core_where_unclosed.into());
        }
        match cond.to_lowercase().as_str() {
            "and" | "dan" => {}
            _ if !cond.contains('=') => {
                let cond = format!("{cond:?}");
                return Err(fill(words().core_where_after, &[("cond", &cond)]));
            }
            _ => out.push(cond),
        }
    }
    if out.is_empty() {
        return Err(words().core_where_missing.into());
    }
    Ok(out)
}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs() -> Attributes {
        let mut a = Attributes::default();
        a.define("role", Some(AttrType::Text));
        a.define("age", Some(AttrType::Number));
        for (d, r, age) in [
            ("a", "polisi", "30"),
            ("b", "Pendamping", "41"),
            ("c", "pekerja", "30"),
        ] {
            a.set_value(d, "role", Some(r.into()));
            a.set_value(d, "age", Some(age.into()));
        }
        a.set_value("d", "age", Some("50".into()));
        a
    }

    fn kept(w: &[&str]) -> Vec<&'static str> {
        let a = attrs();
        let w: Vec<String> = w.iter().map(|s| (*s).to_owned()).collect();
        let f = Where::parse(&w, &a).expect("parses");
        ["a", "b", "c", "d"]
            .into_iter()
            .filter(|d| f.matches(&a, d))
            .collect()
    }

    #[test]
    fn same_attribute_is_or_different_is_and() {
        assert_eq!(kept(&["role=polisi", "role=pendamping"]), ["a", "b"]);
        assert_eq!(
            kept(&["role=polisi", "role=pekerja", "age=30.0"]),
            ["a", "c"]
        );
        assert_eq!(kept(&["age=30", "role=pekerja"]), ["c"]);
        assert_eq!(kept(&["role="]), ["d"], "empty: no value");
        assert_eq!(kept(&["ROLE=POLISI"]), ["a"]);
        assert_eq!(kept(&[]), ["a", "b", "c", "d"]);
    }

    #[test]
    fn mistakes_name_what_there_is() {
        let a = attrs();
        let e = |w: &str| Where::parse(&[w.to_owned()], &a).expect_err(w);
        assert_eq!(
            e("rol=polisi"),
            "\"rol=polisi\": no attribute \"rol\"; attributes: role, age"
        );
        assert_eq!(
            e("role=polisii"),
            "\"role=polisii\": no document has role \"polisii\"; values of role: pekerja, Pendamping, polisi"
        );
        assert!(e("age=tiga").contains("is not a number"));
        assert!(e("polisi").contains("ATTRIBUTE=VALUE"));
    }

    #[test]
    fn where_clauses_in_retrieval_queries() {
        assert_eq!(
            split_where("Kontak and \"a where b\" where role=polisi"),
            ("Kontak and \"a where b\" ", Some(" role=polisi"))
        );
        assert_eq!(split_where("WHERE role=x"), ("", Some(" role=x")));
        assert_eq!(split_where("nowhere"), ("nowhere", None));
        assert_eq!(
            clause_conditions(" role=polisi and city=\"Kota Kupang\"").expect("ok"),
            ["role=polisi", "city=Kota Kupang"]
        );
        assert!(clause_conditions("role=polisi or city=x").is_err());
        assert!(clause_conditions("  ").is_err());
    }
}
