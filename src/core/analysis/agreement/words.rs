//! The words of `tandai agree`'s text, Markdown and HTML in the comparison's language
//! (`Agreement::lang`): headings, coefficient names, "undefined" and its reasons.
//! CSV and JSON keep English machine names and reasons whatever the language, so a
//! script reads the same keys in every language.

use super::coefficients::{Coefficient, NotApplicable, Undefined};
use super::select::UNFINISHED;
use super::units::{Agreement, Kind, Row};
use crate::i18n::{self, Lang, Strings};

/// The catalog of a comparison's language.
pub(super) fn words(lang: Lang) -> &'static Strings {
    i18n::strings(lang)
}

/// The coefficients' short names for table headings, in the order of
/// [`super::output::COEFFICIENTS`].
pub(super) fn short_names(lang: Lang) -> [&'static str; 4] {
    [
        words(lang).cmd_agree_percent_short,
        "Cohen",
        "Fleiss",
        "alpha",
    ]
}

/// The coefficients' full names.
pub(super) fn long_names(lang: Lang) -> [&'static str; 4] {
    let t = words(lang);
    [
        t.cmd_agree_percent,
        t.cmd_agree_cohen,
        t.cmd_agree_fleiss,
        t.cmd_agree_alpha,
    ]
}

/// A coefficient for a table (`i` indexes the coefficients): percent agreement as a
/// percentage with one decimal, the others with three (a decimal comma in
/// Indonesian), or "undefined" / "n/a" in the language's words.
pub fn cell_in(lang: Lang, i: usize, c: Coefficient) -> String {
    match c {
        Coefficient::Value(v) if i == 0 => format!("{}%", i18n::decimal(lang, v * 100.0, 1)),
        // A tiny negative value rounds to 0.000, not "-0.000".
        Coefficient::Value(v) => i18n::decimal(lang, if v.abs() < 0.0005 { 0.0 } else { v }, 3),
        Coefficient::Undefined(_) => words(lang).cmd_agree_undefined.into(),
        Coefficient::NotApplicable(_) => words(lang).cmd_agree_na.into(),
    }
}

/// What each section's units are, in words (shared by every format).
pub(super) fn section_intro(kind: Kind, lang: Lang) -> &'static str {
    let t = words(lang);
    match kind {
        Kind::Code => t.cmd_agree_section_code,
        Kind::Group => t.cmd_agree_section_group,
        Kind::Document => t.cmd_agree_section_document,
        Kind::Overall => t.cmd_agree_section_overall,
    }
}

/// The heading of the overall line and the pooled codes, in words.
pub(super) fn pooled_words(a: &Agreement) -> String {
    let t = words(a.lang);
    if a.pooled.is_empty() {
        t.cmd_agree_pooled_none.into()
    } else {
        i18n::fill(t.cmd_agree_pooled, &[("codes", &a.pooled.join(", "))])
    }
}

/// "ana (A) and budi (B)" / "ana, budi and citra".
pub(super) fn coders_words(a: &Agreement) -> String {
    let t = words(a.lang);
    if a.coders.len() == 2 {
        return i18n::fill(
            t.cmd_agree_two_coders,
            &[("a", &a.coders[0]), ("b", &a.coders[1])],
        );
    }
    let (last, rest) = a
        .coders
        .split_last()
        .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
    i18n::fill(
        t.cmd_agree_and,
        &[("rest", &rest.join(", ")), ("last", &last)],
    )
}

/// A document's "n paragraphs".
pub(super) fn paragraphs(lang: Lang, n: usize) -> String {
    let t = words(lang);
    i18n::count(n, t.cmd_paragraphs_one, t.cmd_paragraphs_other)
}

/// A document's "n documents".
pub(super) fn documents(lang: Lang, n: usize) -> String {
    let t = words(lang);
    i18n::count(n, t.cmd_documents_one, t.cmd_documents_other)
}

/// Why a document was left out, in the language: the reasons tandai gives itself
/// are translated; a sidecar's read error is shown as it came.
pub(super) fn left_out_reason(reason: &str, lang: Lang) -> String {
    let t = words(lang);
    if lang == Lang::En {
        return reason.to_owned();
    }
    if let Some(coders) = reason.strip_prefix(UNFINISHED) {
        // Coder names are [a-z0-9-], so the marker cannot be part of one.
        let coders = coders.replace("(no sidecar)", t.cmd_agree_no_sidecar);
        return i18n::fill(t.cmd_agree_unfinished, &[("coders", &coders)]);
    }
    if reason == super::units::NOT_IN_SAMPLE {
        return t.cmd_agree_not_in_sample.into();
    }
    if let Some(error) = reason.strip_prefix(super::select::SIDECAR_CANNOT_READ) {
        return i18n::fill(t.cmd_agree_sidecar_cannot_read, &[("error", &error)]);
    }
    if let Some(error) = reason.strip_prefix(super::select::CANNOT_READ) {
        return i18n::fill(t.cmd_agree_cannot_read, &[("error", &error)]);
    }
    reason.to_owned()
}

/// Why a coefficient of a row has no value, in the language (None: it has one).
pub fn why_in(row: &Row, c: Coefficient, lang: Lang) -> Option<String> {
    let t = words(lang);
    Some(match c {
        Coefficient::Value(_) => return None,
        Coefficient::NotApplicable(NotApplicable::NotTwoCoders(n)) => {
            i18n::fill(t.cmd_agree_why_not_two, &[("n", &n)])
        }
        Coefficient::NotApplicable(NotApplicable::UnequalRaters) => t.cmd_agree_why_unequal.into(),
        Coefficient::Undefined(Undefined::NoPairs) if row.units == 0 => match row.kind {
            Kind::Document | Kind::Overall => t.cmd_agree_why_nothing_pooled.into(),
            _ => t.cmd_agree_why_no_paragraphs.into(),
        },
        Coefficient::Undefined(Undefined::NoPairs) => t.cmd_agree_why_no_pairs.into(),
        Coefficient::Undefined(Undefined::OneValue(v)) => one_value(row, v, t),
    })
}

/// Why chance-corrected agreement is 0/0: every value compared is the same one.
fn one_value(row: &Row, v: u32, t: &Strings) -> String {
    match (row.kind, v) {
        (Kind::Code, 0) => t.cmd_agree_why_code_unused.into(),
        (Kind::Code, _) => t.cmd_agree_why_code_everywhere.into(),
        (Kind::Group, 0) => t.cmd_agree_why_group_unused.into(),
        (Kind::Group, v) => {
            let value = row.values.get(v as usize).map_or("?", String::as_str);
            i18n::fill(t.cmd_agree_why_group_same, &[("value", &value)])
        }
        (_, 0) => t.cmd_agree_why_pooled_unused.into(),
        (_, _) => t.cmd_agree_why_pooled_everywhere.into(),
    }
}
