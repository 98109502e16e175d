//! Attribute types and their values: what a value of each type looks like, how it is
//! written canonically, and the message when it does not fit.

use crate::i18n::fill;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// The type of an attribute: the REFI-QDA variable types as researchers name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttrType {
    /// Any one line of text (role, city, source).
    #[default]
    Text,
    /// A number: digits with an optional decimal point (age, years of work).
    Number,
    /// A calendar date written YYYY-MM-DD (the interview date).
    Date,
    /// Yes or no (interviewed in person).
    #[serde(rename = "yes/no")]
    YesNo,
}

/// The most digits a number keeps: more would not survive the file's JSON numbers.
const MAX_DIGITS: usize = 15;

/// Longest attribute name, in characters.
const MAX_NAME_CHARS: usize = 64;

/// Names the citation template uses for other things than attributes.
pub const BUILT_IN: [&str; 4] = ["document", "paragraph", "speaker", "coders"];

impl AttrType {
    /// Every type, in the order menus show them.
    pub const ALL: [AttrType; 4] = [
        AttrType::Text,
        AttrType::Number,
        AttrType::Date,
        AttrType::YesNo,
    ];

    /// The name in the project file and on screen.
    pub fn name(self) -> &'static str {
        match self {
            AttrType::Text => "text",
            AttrType::Number => "number",
            AttrType::Date => "date",
            AttrType::YesNo => "yes/no",
        }
    }

    /// A type named on the command line: its name, or a common synonym (English or
    /// Indonesian).
    pub fn parse(s: &str) -> Option<AttrType> {
        Some(match s.trim().to_lowercase().as_str() {
            "text" | "teks" | "string" => AttrType::Text,
            "number" | "angka" | "numeric" => AttrType::Number,
            "date" | "tanggal" => AttrType::Date,
            "yes/no" | "yesno" | "yes-no" | "boolean" | "bool" | "ya/tidak" => AttrType::YesNo,
            _ => return None,
        })
    }

    /// What a value of this type looks like, for messages (in the process's language).
    pub fn expects(self) -> &'static str {
        let t = words();
        match self {
            AttrType::Text => t.core_attr_expects_text,
            AttrType::Number => t.core_attr_expects_number,
            AttrType::Date => t.core_attr_expects_date,
            AttrType::YesNo => t.core_attr_expects_yes_no,
        }
    }

    /// The canonical form of a value typed or read (`2.50` is `2.5`, `Ya` is `yes`),
    /// or why it is not a value of this type. Leading and trailing spaces are dropped;
    /// an empty value is not a value (the caller clears instead).
    pub fn check(self, raw: &str) -> Result<String, String> {
        let v = raw.trim();
        let t = words();
        let value = format!("{v:?}");
        let bad = || {
            let expects = self.expects();
            fill(
                t.core_attr_not_a,
                &[("value", &value), ("expects", &expects)],
            )
        };
        if v.is_empty() {
            return Err(t.core_attr_empty.into());
        }
        if v.chars().any(char::is_control) {
            return Err(fill(t.core_attr_control, &[("value", &value)]));
        }
        match self {
            AttrType::Text => Ok(v.to_owned()),
            AttrType::Number => number(v).ok_or_else(bad),
            AttrType::Date => date(v).then(|| v.to_owned()).ok_or_else(bad),
            AttrType::YesNo => yes_no(v).map(str::to_owned).ok_or_else(bad),
        }
    }

    /// Whether a value typed fits this type (what import infers types from). Only
    /// the words yes/no count for yes/no: `1` and `0` are numbers.
    pub fn fits_inferred(self, v: &str) -> bool {
        match self {
            AttrType::YesNo => {
                yes_no(v.trim()).is_some() && !v.trim().chars().all(|c| c.is_ascii_digit())
            }
            _ => self.check(v).is_ok(),
        }
    }

    /// Orders two canonical values: numbers by size, the rest as text (dates written
    /// YYYY-MM-DD sort by time), naturally (`informan-2` before `informan-10`).
    pub fn compare(self, a: &str, b: &str) -> Ordering {
        if self == AttrType::Number
            && let (Ok(x), Ok(y)) = (a.parse::<f64>(), b.parse::<f64>())
        {
            return x.total_cmp(&y);
        }
        crate::core::project::natural_cmp(a, b)
    }

    /// The value as JSON: a number or true/false when it fits the type, else the text
    /// as it is.
    pub fn to_json(self, v: &str) -> serde_json::Value {
        use serde_json::Value;
        match self {
            AttrType::Number if number(v).as_deref() == Some(v) => {
                if let Ok(i) = v.parse::<i64>() {
                    return Value::from(i);
                }
                v.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Value::from(v), Value::Number)
            }
            AttrType::YesNo if v == "yes" => Value::Bool(true),
            AttrType::YesNo if v == "no" => Value::Bool(false),
            _ => Value::from(v),
        }
    }
}

/// The canonical text of a number: no `+`, no leading zeros, no trailing zeros after
/// the point, `-0` as `0`; None when it is not a number or has more than
/// [`MAX_DIGITS`] digits.
fn number(v: &str) -> Option<String> {
    let (neg, body) = v.strip_prefix('-').map_or((false, v), |b| (true, b));
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || (body.contains('.') && frac.is_empty()) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    if int.len() + frac.len() > MAX_DIGITS {
        return None;
    }
    let int = if int.is_empty() { "0" } else { int };
    let mut out = String::new();
    if neg && (int != "0" || !frac.is_empty()) {
        out.push('-');
    }
    out.push_str(int);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

/// A JSON number read from the file as canonical text (None: too many digits).
pub(super) fn number_from_json(n: &serde_json::Number) -> Option<String> {
    if let Some(i) = n.as_i64() {
        return number(&i.to_string());
    }
    // Display of an f64 never uses an exponent: 1e-7 is 0.0000001.
    number(&format!("{}", n.as_f64()?))
}

/// A calendar date written YYYY-MM-DD (years 0001 to 9999).
fn date(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &v[r];
        s.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1 && (1..=days).contains(&d)
}

/// `yes` or `no` for the words people type (any case), in English and Indonesian.
fn yes_no(v: &str) -> Option<&'static str> {
    match v.to_lowercase().as_str() {
        "yes" | "y" | "ya" | "iya" | "true" | "1" => Some("yes"),
        "no" | "n" | "tidak" | "tdk" | "false" | "0" => Some("no"),
        _ => None,
    }
}

/// Checks a new attribute's name: one line, at most 64 characters, none of the
/// characters the citation template and `--where` give a meaning (`{`, `}`, `=`),
/// not a name the citation template uses for something else.
pub fn check_name(name: &str) -> Result<(), String> {
    let t = words();
    let n = name.trim();
    if n.is_empty() {
        return Err(t.core_attr_needs_name.into());
    }
    if n != name {
        let name = format!("{name:?}");
        return Err(fill(t.core_attr_name_space, &[("name", &name)]));
    }
    let quoted = format!("{n:?}");
    if n.chars().count() > MAX_NAME_CHARS {
        return Err(fill(
            t.core_attr_name_long,
            &[("name", &quoted), ("max", &MAX_NAME_CHARS)],
        ));
    }
    if n.chars()
        .any(|c| c.is_control() || matches!(c, '{' | '}' | '=' | '"'))
    {
        return Err(fill(t.core_attr_name_chars, &[("name", &quoted)]));
    }
    if BUILT_IN.contains(&n.to_lowercase().as_str()) {
        return Err(fill(
            t.core_attr_name_builtin,
            &[("name", &quoted), ("word", &n)],
        ));
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

    #[test]
    fn numbers_are_written_one_way() {
        let n = |s| AttrType::Number.check(s);
        assert_eq!(n("34"), Ok("34".into()));
        assert_eq!(n(" 007 "), Ok("7".into()));
        assert_eq!(n("2.50"), Ok("2.5".into()));
        assert_eq!(n("-0.0"), Ok("0".into()));
        assert_eq!(n("3.0"), Ok("3".into()));
        for bad in ["2,5", "1e3", "+3", ".5", "5.", "tiga", "1234567890123456"] {
            assert!(n(bad).is_err(), "{bad}");
        }
        assert_eq!(
            n("2,5").expect_err("comma"),
            "\"2,5\" is not a number, e.g. 34 or 2.5 (a point, not a comma)"
        );
    }

    #[test]
    fn numbers_survive_json() {
        for v in ["34", "2.5", "0.0000001", "-12.125", "123456789012345"] {
            let json = AttrType::Number.to_json(v);
            assert!(json.is_number(), "{v}");
            let back = serde_json::from_str::<serde_json::Value>(&json.to_string()).expect("json");
            let n = back.as_number().expect("number");
            assert_eq!(number_from_json(n).as_deref(), Some(v), "{json}");
        }
    }

    #[test]
    fn dates_are_calendar_days() {
        let d = |s| AttrType::Date.check(s).is_ok();
        assert!(d("2026-03-14") && d("2024-02-29") && d("2000-02-29"));
        for bad in [
            "2026-3-14",
            "2025-02-29",
            "1900-02-29",
            "2026-13-01",
            "14/03/2026",
            "0000-01-01",
        ] {
            assert!(!d(bad), "{bad}");
        }
    }

    #[test]
    fn yes_and_no_in_both_languages() {
        let y = |s| AttrType::YesNo.check(s);
        assert_eq!(y("Ya"), Ok("yes".into()));
        assert_eq!(y("TIDAK"), Ok("no".into()));
        assert_eq!(y("false"), Ok("no".into()));
        assert!(y("mungkin").is_err());
        assert!(!AttrType::YesNo.fits_inferred("1"));
        assert!(AttrType::YesNo.fits_inferred("ya"));
    }

    #[test]
    fn text_is_one_line() {
        assert_eq!(AttrType::Text.check("  polisi "), Ok("polisi".into()));
        assert!(AttrType::Text.check("a\nb").is_err());
        assert!(AttrType::Text.check("  ").is_err());
    }

    #[test]
    fn names_citations_and_where_can_use() {
        assert!(check_name("role").is_ok());
        assert!(check_name("usia (tahun)").is_ok());
        for bad in ["", " role", "a=b", "{x}", "Document", "a\tb"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn types_by_name() {
        assert_eq!(AttrType::parse("Angka"), Some(AttrType::Number));
        assert_eq!(AttrType::parse("yes/no"), Some(AttrType::YesNo));
        assert_eq!(AttrType::parse("colour"), None);
        for t in AttrType::ALL {
            assert_eq!(AttrType::parse(t.name()), Some(t));
            let json = serde_json::to_string(&t).expect("json");
            assert_eq!(json, format!("\"{}\"", t.name()));
        }
    }
}
