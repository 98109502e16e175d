//! `tandai agree` as text (aligned, 80 columns), CSV and JSON (`--data` results:
//! [`super::data_output`]).
//!
//! A coefficient without a value is printed "undefined" (0/0) or "n/a" (does not
//! apply), with the reason below the tables; JSON has `null` and the reason under
//! `reasons`. Never 0 or 1 in its place.

use super::coefficients::{Coefficient, NotApplicable};
use super::select::UNFINISHED;
use super::units::{Agreement, Kind, Row};
use super::words::{
    cell_in, coders_words, documents, left_out_reason, paragraphs, pooled_words, section_intro,
    short_names, why_in, words,
};
use crate::core::display::{sanitize_line, width};
use crate::i18n::{self, Lang};
use serde::Serialize;
use std::collections::BTreeMap;

/// The coefficients' JSON keys, short names for tables, and full names.
pub(super) const COEFFICIENTS: [(&str, &str, &str); 4] = [
    ("percent_agreement", "agree", "percent agreement"),
    ("cohen_kappa", "Cohen", "Cohen's kappa"),
    ("fleiss_kappa", "Fleiss", "Fleiss' kappa"),
    ("krippendorff_alpha", "alpha", "Krippendorff's alpha"),
];

/// The row's coefficients in the order of [`COEFFICIENTS`].
pub(super) fn values(row: &Row) -> [Coefficient; 4] {
    let c = &row.coefficients;
    [
        c.percent_agreement,
        c.cohen_kappa,
        c.fleiss_kappa,
        c.krippendorff_alpha,
    ]
}

/// A coefficient for a table (`i` indexes [`COEFFICIENTS`]) in English: percent
/// agreement as a percentage, the others with three decimals, or "undefined" /
/// "n/a" ([`cell_in`] in another language).
pub fn cell(i: usize, c: Coefficient) -> String {
    cell_in(Lang::En, i, c)
}

/// A number for CSV and JSON: percent agreement in percent, full precision.
pub(super) fn number(i: usize, c: Coefficient) -> Option<f64> {
    c.value().map(|v| if i == 0 { v * 100.0 } else { v })
}

/// Text output's width.
const COLUMNS: usize = 80;

/// Appends `text` wrapped at [`COLUMNS`] at spaces: the first line after `first`, the
/// others after `rest` (an indent). Sanitised. A word longer than a line stays whole.
fn wrapped(out: &mut String, first: &str, rest: &str, text: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in sanitize_line(text).split(' ').filter(|w| !w.is_empty()) {
        if !empty && width(&line) + 1 + width(word) > COLUMNS {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

/// Explanations of values that are undefined or n/a: Cohen's "not two coders" once,
/// then one line per reason, naming the rows it applies to.
pub(super) fn reasons(a: &Agreement) -> Vec<String> {
    let t = words(a.lang);
    let mut out = Vec::new();
    if a.coders.len() != 2 {
        let n = a.coders.len();
        out.push(i18n::fill(t.cmd_agree_cohen_not_two, &[("n", &n)]));
    }
    // (coefficients, reason) -> the rows, in order of first appearance.
    let mut grouped: Vec<((String, String), Vec<&str>)> = Vec::new();
    let rows = a.codes.iter().chain(&a.groups).chain(&a.documents);
    for row in rows.chain(std::iter::once(&a.overall)) {
        let name = if row.kind == Kind::Overall {
            t.cmd_agree_overall
        } else {
            &row.name
        };
        for key in row_reason_lines(row, a.lang) {
            match grouped.iter_mut().find(|(k, _)| *k == key) {
                Some((_, names)) => names.push(name),
                None => grouped.push((key, vec![name])),
            }
        }
    }
    for ((coefficients, why), names) in grouped {
        let rows = names.join(", ");
        out.push(i18n::fill(
            t.cmd_agree_undefined_because,
            &[
                ("rows", &rows),
                ("coefficients", &coefficients),
                ("why", &why),
            ],
        ));
    }
    out
}

/// A row's coefficients without a value (Cohen's n/a for the number of coders
/// aside), as (short names, reason) per reason.
fn row_reason_lines(row: &Row, lang: Lang) -> Vec<(String, String)> {
    let short = short_names(lang);
    let mut by_reason: Vec<(String, Vec<&str>)> = Vec::new();
    for (i, c) in values(row).into_iter().enumerate() {
        if matches!(
            c,
            Coefficient::NotApplicable(NotApplicable::NotTwoCoders(_))
        ) {
            continue;
        }
        let Some(why) = why_in(row, c, lang) else {
            continue;
        };
        match by_reason.iter_mut().find(|(w, _)| *w == why) {
            Some((_, names)) => names.push(short[i]),
            None => by_reason.push((why, vec![short[i]])),
        }
    }
    by_reason
        .into_iter()
        .map(|(why, names)| (names.join(", "), why))
        .collect()
}

/// Aligned columns: the first left-aligned, the others right-aligned. Every cell is
/// sanitised (names come from files and the codebook).
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    let rows: Vec<Vec<String>> = std::iter::once(&header)
        .chain(rows)
        .map(|r| r.iter().map(|c| sanitize_line(c)).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| width(&r[i])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = " ".repeat(widths[i] - width(c));
                if i == 0 {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn coefficient_rows(rows: &[Row], overall: bool, lang: Lang) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            let name = if overall {
                words(lang).cmd_agree_all.to_owned()
            } else {
                r.name.clone()
            };
            let mut cells = vec![name, r.units.to_string()];
            let coefficients = values(r).into_iter().enumerate();
            cells.extend(coefficients.map(|(i, c)| cell_in(lang, i, c)));
            cells
        })
        .collect()
}

fn count_rows(rows: &[Row], overall: bool, lang: Lang) -> Vec<Vec<String>> {
    rows.iter()
        .filter_map(|r| {
            let c = r.counts?;
            let name = if overall {
                words(lang).cmd_agree_all.to_owned()
            } else {
                r.name.clone()
            };
            Some(vec![
                name,
                c.both.to_string(),
                c.only_a.to_string(),
                c.only_b.to_string(),
                c.neither.to_string(),
            ])
        })
        .collect()
}

fn section(out: &mut String, kind: Kind, first: &str, rows: &[Row], lang: Lang) {
    let t = words(lang);
    let overall = kind == Kind::Overall;
    out.push('\n');
    wrapped(out, "", "", section_intro(kind, lang));
    if rows.is_empty() {
        out.push_str(t.cmd_agree_none);
        out.push('\n');
        return;
    }
    let mut header = vec![first, t.cmd_agree_col_units];
    header.extend(short_names(lang));
    out.push_str(&table(&header, &coefficient_rows(rows, overall, lang)));
    let counts = count_rows(rows, overall, lang);
    if !counts.is_empty() {
        out.push_str(if kind == Kind::Code {
            t.cmd_agree_counts_code
        } else {
            t.cmd_agree_counts_pairs
        });
        out.push('\n');
        out.push_str(&table(&count_header(first, t), &counts));
    }
}

/// The headings of the two-coder counts.
pub(super) fn count_header<'a>(first: &'a str, t: &'a i18n::Strings) -> [&'a str; 5] {
    [
        first,
        t.cmd_agree_col_both,
        t.cmd_agree_col_only_a,
        t.cmd_agree_col_only_b,
        t.cmd_agree_col_neither,
    ]
}

/// The text report, in the comparison's language.
pub fn to_text(a: &Agreement) -> String {
    let (t, lang) = (words(a.lang), a.lang);
    let mut out = String::new();
    let title = i18n::fill(t.cmd_agree_of, &[("coders", &coders_words(a))]);
    wrapped(&mut out, "", "  ", &title);
    let total: usize = a.included.iter().map(|(_, n)| n).sum();
    let compared = i18n::fill(
        t.cmd_agree_compared,
        &[
            ("documents", &documents(lang, a.included.len())),
            ("paragraphs", &paragraphs(lang, total)),
        ],
    );
    out.push_str(&format!("{compared}\n"));
    for (name, n) in &a.included {
        let line = format!("{name} ({})", paragraphs(lang, *n));
        wrapped(&mut out, "  ", "    ", &line);
    }
    let left = documents(lang, a.left_out.len());
    out.push_str(&i18n::fill(t.cmd_agree_left_out, &[("documents", &left)]));
    out.push('\n');
    for l in &a.left_out {
        let line = format!("{}: {}", l.document, left_out_reason(&l.reason, lang));
        wrapped(&mut out, "  ", "    ", &line);
    }
    if a.left_out.iter().any(|l| l.reason.starts_with(UNFINISHED)) {
        out.push_str(&format!("  {}\n", t.cmd_agree_all_hint));
    }
    if a.included.is_empty() {
        out.push('\n');
        wrapped(&mut out, "", "", t.cmd_agree_nothing_compared);
        return out;
    }
    section(&mut out, Kind::Code, t.cmd_report_col_code, &a.codes, lang);
    section(
        &mut out,
        Kind::Group,
        t.cmd_agree_col_group,
        &a.groups,
        lang,
    );
    let docs = &a.documents;
    section(
        &mut out,
        Kind::Document,
        t.cmd_report_col_document,
        docs,
        lang,
    );
    let overall = std::slice::from_ref(&a.overall);
    section(&mut out, Kind::Overall, "", overall, lang);
    wrapped(&mut out, "", "  ", &pooled_words(a));
    let notes: Vec<String> = reasons(a)
        .into_iter()
        .chain(a.notes.iter().cloned())
        .collect();
    if !notes.is_empty() {
        out.push_str(&format!("\n{}\n", t.cmd_agree_notes));
        for n in notes {
            wrapped(&mut out, "- ", "  ", &n);
        }
    }
    out
}

/// CSV: one record per row of every section (`section` = code, group, document,
/// overall), then one per document left out; `note` says why values are missing.
pub fn to_csv(a: &Agreement) -> String {
    let mut out = String::new();
    let header = [
        "section",
        "name",
        "label",
        "units",
        "percent_agreement",
        "cohen_kappa",
        "fleiss_kappa",
        "krippendorff_alpha",
        "both",
        "only_a",
        "only_b",
        "neither",
        "note",
    ];
    record(&mut out, header.iter().map(|h| (*h).to_owned()));
    let rows = a.codes.iter().chain(&a.groups).chain(&a.documents);
    for row in rows.chain(std::iter::once(&a.overall)) {
        let mut fields = vec![
            kind_name(row.kind).to_owned(),
            row.name.clone(),
            row.label.clone(),
            row.units.to_string(),
        ];
        fields.extend(
            values(row)
                .into_iter()
                .enumerate()
                .map(|(i, c)| number(i, c).map_or_else(String::new, |v| v.to_string())),
        );
        let counts = row.counts.map(|c| [c.both, c.only_a, c.only_b, c.neither]);
        fields.extend((0..4).map(|i| counts.map_or_else(String::new, |c| c[i].to_string())));
        fields.push(
            row_reasons(row)
                .into_values()
                .collect::<Vec<_>>()
                .join("; "),
        );
        record(&mut out, fields.into_iter());
    }
    for l in &a.left_out {
        let mut fields = vec!["left out".to_owned(), l.document.clone()];
        fields.extend(std::iter::repeat_n(String::new(), 10));
        fields.push(l.reason.clone());
        record(&mut out, fields.into_iter());
    }
    out
}

fn record(out: &mut String, fields: impl Iterator<Item = String>) {
    out.push_str(
        &fields
            .map(|f| crate::core::exchange::csv::Csv::Exact.field(&f))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
}

pub(super) fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Code => "code",
        Kind::Group => "group",
        Kind::Document => "document",
        Kind::Overall => "overall",
    }
}

/// Coefficient key to the reason it has no value.
fn row_reasons(row: &Row) -> BTreeMap<&'static str, String> {
    values(row)
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| Some((COEFFICIENTS[i].0, row.why(c)?)))
        .collect()
}

#[derive(Serialize)]
struct JsonRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    units: u64,
    percent_agreement: Option<f64>,
    cohen_kappa: Option<f64>,
    fleiss_kappa: Option<f64>,
    krippendorff_alpha: Option<f64>,
    both: Option<u64>,
    only_a: Option<u64>,
    only_b: Option<u64>,
    neither: Option<u64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    reasons: BTreeMap<&'static str, String>,
}

fn json_row(row: &Row) -> JsonRow<'_> {
    let v = values(row);
    let named = matches!(row.kind, Kind::Code | Kind::Group);
    JsonRow {
        code: named.then_some(row.name.as_str()),
        document: (row.kind == Kind::Document).then_some(row.name.as_str()),
        label: named.then_some(row.label.as_str()),
        units: row.units,
        percent_agreement: number(0, v[0]),
        cohen_kappa: number(1, v[1]),
        fleiss_kappa: number(2, v[2]),
        krippendorff_alpha: number(3, v[3]),
        both: row.counts.map(|c| c.both),
        only_a: row.counts.map(|c| c.only_a),
        only_b: row.counts.map(|c| c.only_b),
        neither: row.counts.map(|c| c.neither),
        reasons: row_reasons(row),
    }
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    document: &'a str,
    paragraphs: usize,
}

#[derive(Serialize)]
struct JsonLeftOut<'a> {
    document: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonAgreement<'a> {
    unit: &'static str,
    coders: &'a [String],
    compared: Vec<JsonDocument<'a>>,
    left_out: Vec<JsonLeftOut<'a>>,
    pooled_codes: &'a [String],
    codes: Vec<JsonRow<'a>>,
    groups: Vec<JsonRow<'a>>,
    documents: Vec<JsonRow<'a>>,
    overall: JsonRow<'a>,
    notes: &'a [String],
}

/// JSON: see docs/agreement.md for the keys.
pub fn to_json(a: &Agreement) -> String {
    let doc = JsonAgreement {
        unit: "paragraph",
        coders: &a.coders,
        compared: a
            .included
            .iter()
            .map(|(d, n)| JsonDocument {
                document: d,
                paragraphs: *n,
            })
            .collect(),
        left_out: a
            .left_out
            .iter()
            .map(|l| JsonLeftOut {
                document: &l.document,
                reason: &l.reason,
            })
            .collect(),
        pooled_codes: &a.pooled,
        codes: a.codes.iter().map(json_row).collect(),
        groups: a.groups.iter().map(json_row).collect(),
        documents: a.documents.iter().map(json_row).collect(),
        overall: json_row(&a.overall),
        notes: &a.notes,
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
