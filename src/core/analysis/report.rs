//! `tandai report`: what was coded, as tables. Code frequencies, coverage per
//! document, the code x document matrix and the code co-occurrence matrix (codes on
//! the same paragraph), from the sidecars of one coder or of all coders. Miles and
//! Huberman's "data display" step.
//!
//! With several coders a count can mean two things, and each table says which it is:
//! codings (paragraph x coder: a paragraph two coders gave a code counts twice) or
//! distinct paragraphs (any coder). Co-occurrence is counted within each coder (two
//! codes one coder gave the same paragraph) unless asked across coders.

use crate::core::codebook::{Codebook, Lang};
use crate::core::coding::sidecar::{Decisions, SidecarFile, sidecar_path};
use crate::core::exchange::csv::Csv;
use crate::core::exchange::markdown;
use crate::core::project::{Project, attach};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// One coder's decisions on one document.
pub struct Coded {
    pub document: usize,
    pub coder: String,
    pub decisions: Decisions,
}

/// Reads the sidecars: of `coder`, or of every coder when None. Unreadable sidecars
/// are returned as problems (file and reason), never skipped silently.
pub fn collect(project: &Project, coder: Option<&str>) -> (Vec<Coded>, Vec<String>) {
    collect_where(project, coder, |_| true)
}

/// [`collect`] for the documents `keep` accepts (by index): the sidecars of the others
/// are not read, so their problems are not reported either.
pub fn collect_where(
    project: &Project,
    coder: Option<&str>,
    keep: impl Fn(usize) -> bool + Sync,
) -> (Vec<Coded>, Vec<String>) {
    let all = crate::core::analysis::check::coders_by_document(project);
    let indices: Vec<usize> = (0..project.documents.len()).filter(|&i| keep(i)).collect();
    // Each document's sidecars are read, parsed and matched on its own: on every core.
    let per_document = crate::core::parallel::map(&indices, |&i| {
        let coders = coder.map_or_else(|| all[i].clone(), |c| vec![c.to_owned()]);
        read_document(project, i, coders)
    });
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (coded, problem) in per_document {
        out.extend(coded);
        problems.extend(problem);
    }
    (out, problems)
}

/// Reads these coders' sidecars of document `i`: what was coded, and the problems.
fn read_document(project: &Project, i: usize, coders: Vec<String>) -> (Vec<Coded>, Vec<String>) {
    let (mut out, mut problems) = (Vec::new(), Vec::new());
    let doc = &project.documents[i];
    let Ok(content) = &doc.content else {
        return (out, problems);
    };
    for c in coders {
        let path = sidecar_path(&doc.path, &c);
        let bytes = match crate::core::coding::sidecar::read_bytes(&path) {
            Ok(Some(b)) => b,
            Ok(None) => continue,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        match SidecarFile::parse(&bytes, &path.display().to_string()) {
            Ok(file) => out.push(Coded {
                document: i,
                coder: c,
                decisions: attach(file, content).0,
            }),
            Err(e) => problems.push(e.to_string()),
        }
    }
    (out, problems)
}

/// The report's numbers.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Report {
    pub coders: Vec<String>,
    pub documents: Vec<String>,
    /// Codes that can be applied or were applied, in codebook order.
    pub codes: Vec<CodeRow>,
    pub coverage: Vec<CoverageRow>,
    /// `matrix[c][d]`: codings of code c in document d, paragraph x coder (a
    /// paragraph two coders gave the code counts twice).
    pub matrix: Vec<Vec<usize>>,
    /// What `cooccurrence` counts.
    pub cooccurrence_counts: Cooccurrence,
    /// `cooccurrence[a][b]`: paragraphs carrying both codes a and b, counted as
    /// `cooccurrence_counts` says; the diagonal is the code's own count.
    pub cooccurrence: Vec<Vec<usize>>,
    /// Code x attribute-value tables (`--by`), one per attribute.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<crate::core::attributes::crosstab::CrossTab>,
    /// The language of the labels, and of the words of the text and Markdown
    /// (JSON and CSV keep English machine names).
    #[serde(skip)]
    pub lang: Lang,
}

/// How co-occurrence is counted when there are several coders.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Cooccurrence {
    /// Paragraph x coder: one coder gave the paragraph both codes; summed over coders.
    #[default]
    WithinCoder,
    /// Distinct paragraphs given both codes, by the same or different coders.
    AcrossCoders,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CodeRow {
    pub id: String,
    pub label: String,
    /// Paragraph x coder: a paragraph two coders gave the code counts twice.
    pub codings: usize,
    /// Distinct paragraphs any selected coder gave the code.
    pub paragraphs: usize,
    pub documents: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CoverageRow {
    pub document: String,
    pub paragraphs: usize,
    /// Paragraphs with at least one code from any selected coder.
    pub coded: usize,
}

/// Computes the report, co-occurrence within each coder. Merged codes count as the
/// code they were merged into.
pub fn build(project: &Project, book: &Codebook, coded: &[Coded], lang: Lang) -> Report {
    build_with(project, book, coded, lang, Cooccurrence::WithinCoder)
}

/// [`build`], counting co-occurrence as `co` says.
pub fn build_with(
    project: &Project,
    book: &Codebook,
    coded: &[Coded],
    lang: Lang,
    counts: Cooccurrence,
) -> Report {
    let used: BTreeSet<&str> = coded
        .iter()
        .flat_map(|c| {
            c.decisions
                .paragraphs
                .values()
                .flat_map(|p| p.codes.iter().map(|id| book.resolve(id)))
        })
        .collect();
    let mut ids: Vec<String> = book
        .codes
        .iter()
        .filter(|c| c.active() || used.contains(c.id.as_str()))
        .map(|c| c.id.clone())
        .collect();
    ids.extend(
        used.iter()
            .filter(|id| book.get(id).is_none())
            .map(|id| (*id).to_owned()),
    );
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let n_docs = project.documents.len();
    let mut matrix = vec![vec![0; n_docs]; ids.len()];
    let mut co = vec![vec![0; ids.len()]; ids.len()];
    // Every (document, paragraph, code) given by any coder: sorted, they count the
    // distinct paragraphs and the co-occurrence across coders without a set per code.
    let mut given: Vec<(usize, usize, usize)> = Vec::new();
    let mut here: Vec<usize> = Vec::new();
    for c in coded {
        for (&para, p) in &c.decisions.paragraphs {
            here.clear();
            here.extend(
                p.codes
                    .iter()
                    .filter_map(|id| index.get(book.resolve(id)).copied()),
            );
            here.sort_unstable();
            here.dedup();
            for &a in &here {
                matrix[a][c.document] += 1;
                given.push((c.document, para, a));
            }
            if counts == Cooccurrence::WithinCoder {
                count_pairs(&mut co, &here);
            }
        }
    }
    given.sort_unstable();
    given.dedup();
    let mut distinct = vec![0; ids.len()];
    let mut coded_paras = vec![0; n_docs];
    for paragraph in given.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        coded_paras[paragraph[0].0] += 1;
        here.clear();
        here.extend(paragraph.iter().map(|&(_, _, code)| code));
        for &a in &here {
            distinct[a] += 1;
        }
        if counts == Cooccurrence::AcrossCoders {
            count_pairs(&mut co, &here);
        }
    }
    let codes = ids
        .iter()
        .enumerate()
        .map(|(i, id)| CodeRow {
            id: id.clone(),
            label: book.get(id).map_or_else(
                || {
                    crate::i18n::fill(
                        crate::i18n::strings(lang).cmd_report_not_in_codebook,
                        &[("id", id)],
                    )
                },
                |c| c.label.get(lang).to_owned(),
            ),
            codings: matrix[i].iter().sum(),
            paragraphs: distinct[i],
            documents: matrix[i].iter().filter(|&&n| n > 0).count(),
        })
        .collect();
    let coverage = project
        .documents
        .iter()
        .enumerate()
        .map(|(d, doc)| CoverageRow {
            document: doc.name.clone(),
            paragraphs: doc.len(),
            coded: coded_paras[d],
        })
        .collect();
    let mut coders: Vec<String> = coded
        .iter()
        .map(|c| c.coder.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    coders.sort();
    Report {
        coders,
        documents: project.documents.iter().map(|d| d.name.clone()).collect(),
        codes,
        coverage,
        matrix,
        cooccurrence_counts: counts,
        cooccurrence: co,
        by: Vec::new(),
        lang,
    }
}

/// Adds one paragraph's codes to the co-occurrence matrix.
fn count_pairs(co: &mut [Vec<usize>], here: &[usize]) {
    for &a in here {
        for &b in here {
            co[a][b] += 1;
        }
    }
}

/// `part` as a percentage of `whole` for prose, one decimal (`60,0%` in Indonesian).
fn percent(part: usize, whole: usize, lang: Lang) -> String {
    if whole == 0 {
        "-".into()
    } else {
        let share = part as f64 * 100.0 / whole as f64;
        format!("{}%", crate::i18n::decimal(lang, share, 1))
    }
}

/// A table: a title saying what it counts, a line saying how, a header and rows.
pub(crate) struct Table {
    pub(crate) title: String,
    pub(crate) note: &'static str,
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<String>>,
}

fn tables(r: &Report) -> Vec<Table> {
    let t = crate::i18n::strings(r.lang);
    let freq = Table {
        title: t.cmd_report_frequencies.into(),
        note: t.cmd_report_frequencies_note,
        header: vec![
            t.cmd_report_col_code.into(),
            t.cmd_report_col_label.into(),
            t.cmd_report_col_codings.into(),
            t.cmd_report_col_paragraphs.into(),
            t.cmd_report_col_documents.into(),
        ],
        rows: r
            .codes
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.label.clone(),
                    c.codings.to_string(),
                    c.paragraphs.to_string(),
                    c.documents.to_string(),
                ]
            })
            .collect(),
    };
    let (total, coded) = r
        .coverage
        .iter()
        .fold((0, 0), |(t, c), row| (t + row.paragraphs, c + row.coded));
    let mut cov_rows: Vec<Vec<String>> = r
        .coverage
        .iter()
        .map(|c| {
            vec![
                c.document.clone(),
                c.paragraphs.to_string(),
                c.coded.to_string(),
                percent(c.coded, c.paragraphs, r.lang),
            ]
        })
        .collect();
    cov_rows.push(vec![
        t.cmd_report_all.into(),
        total.to_string(),
        coded.to_string(),
        percent(coded, total, r.lang),
    ]);
    let coverage = Table {
        title: t.cmd_report_coverage.into(),
        note: t.cmd_report_coverage_note,
        header: vec![
            t.cmd_report_col_document.into(),
            t.cmd_report_col_paragraphs.into(),
            t.cmd_report_col_coded.into(),
            t.cmd_report_col_coded_percent.into(),
        ],
        rows: cov_rows,
    };
    let mut header = vec![t.cmd_report_col_code.to_owned()];
    header.extend(r.documents.iter().cloned());
    let matrix = Table {
        title: t.cmd_report_matrix.into(),
        note: t.cmd_report_matrix_note,
        header,
        rows: r
            .codes
            .iter()
            .zip(&r.matrix)
            .map(|(c, row)| {
                std::iter::once(c.id.clone())
                    .chain(row.iter().map(usize::to_string))
                    .collect()
            })
            .collect(),
    };
    // Columns numbered c1, c2, ... in row order: code ids as headers are too wide.
    let mut header = vec![t.cmd_report_col_code.to_owned()];
    header.extend((1..=r.codes.len()).map(|i| format!("c{i}")));
    let (title, note) = match r.cooccurrence_counts {
        Cooccurrence::WithinCoder => (t.cmd_report_within, t.cmd_report_within_note),
        Cooccurrence::AcrossCoders => (t.cmd_report_across, t.cmd_report_across_note),
    };
    let co = Table {
        title: title.into(),
        note,
        header,
        rows: r
            .codes
            .iter()
            .zip(&r.cooccurrence)
            .enumerate()
            .map(|(i, (c, row))| {
                std::iter::once(format!("c{} {}", i + 1, c.id))
                    .chain(row.iter().map(usize::to_string))
                    .collect()
            })
            .collect(),
    };
    let mut out = vec![freq, coverage, matrix, co];
    out.extend(
        r.by.iter()
            .flat_map(|by| crate::core::attributes::crosstab::report_tables(by, r.lang)),
    );
    out
}

fn intro(r: &Report) -> String {
    let t = crate::i18n::strings(r.lang);
    let who = if r.coders.is_empty() {
        t.cmd_report_no_coder.to_owned()
    } else {
        crate::i18n::fill(t.cmd_report_coders, &[("coders", &r.coders.join(", "))])
    };
    let n = r.documents.len();
    let documents = crate::i18n::count(n, t.cmd_documents_one, t.cmd_documents_other);
    format!("{documents}; {who}")
}

/// Aligned text tables for a terminal.
pub fn to_text(r: &Report) -> String {
    let mut out = format!("{}\n", intro(r));
    for t in tables(r) {
        out.push_str(&format!("\n{}\n({})\n", t.title, t.note));
        let cols = t.header.len();
        let widths: Vec<usize> = (0..cols)
            .map(|i| {
                std::iter::once(&t.header[i])
                    .chain(t.rows.iter().map(|r| &r[i]))
                    .map(|s| crate::core::display::width(&crate::core::display::sanitize_line(s)))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in std::iter::once(&t.header).chain(&t.rows) {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let cell = crate::core::display::sanitize_line(cell);
                    let pad = widths[i].saturating_sub(crate::core::display::width(&cell));
                    // Numbers right-aligned, text left-aligned.
                    if i > 0
                        && cell
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_ascii_digit() || c == '-')
                    {
                        format!("{}{cell}", " ".repeat(pad))
                    } else {
                        format!("{cell}{}", " ".repeat(pad))
                    }
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
    }
    out
}

/// Markdown: one section and table each. Every name (documents, codes, labels) is
/// escaped by [`markdown::cell`].
pub fn to_markdown(r: &Report) -> String {
    let cells = |row: &[String]| {
        row.iter()
            .map(|c| markdown::cell(c))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let title = crate::i18n::strings(r.lang).cmd_report_title;
    let mut out = format!("# {title}\n\n{}\n", markdown::line(&intro(r)));
    for t in tables(r) {
        out.push_str(&format!(
            "\n## {}\n\n{}.\n\n| {} |\n|{}\n",
            markdown::cell(&t.title),
            markdown::cell(&capitalized(t.note)),
            cells(&t.header),
            "---|".repeat(t.header.len())
        ));
        for row in &t.rows {
            out.push_str(&format!("| {} |\n", cells(row)));
        }
    }
    out
}

/// A sentence from a note: its first letter in capitals (whatever its width in bytes).
fn capitalized(note: &str) -> String {
    let mut chars = note.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The columns of the report's CSV, in order.
pub const CSV_COLUMNS: [&str; 6] = ["table", "row", "label", "column", "value", "percent"];

/// CSV in long form, one number per record, that R, pandas and spreadsheets read
/// without fuss: `table` (`frequencies`, `coverage`, `code_by_document`,
/// `cooccurrence_within_coder` or `cooccurrence_across_coders`), `row` (a code id,
/// a document name or `(all)`), `label` (the code's label, empty for documents),
/// `column` (what is counted: `codings`, `paragraphs`, `documents`, `coded`, a
/// document name or a code id), `value` (always a whole number) and `percent` (a
/// plain number such as `66.67`, only on coverage's `coded` records: coded
/// paragraphs as a share of the document's paragraphs; empty elsewhere and for a
/// document without paragraphs). Nothing is ever written as `5.3%`, so a number is
/// a number.
pub fn to_csv(r: &Report, csv: Csv) -> String {
    let mut out = csv.record(CSV_COLUMNS);
    let mut record =
        |table: &str, row: &str, label: &str, column: &str, value: usize, pct: &str| {
            let value = value.to_string();
            out.push_str(&csv.record([table, row, label, column, value.as_str(), pct]));
        };
    for c in &r.codes {
        for (column, value) in [
            ("codings", c.codings),
            ("paragraphs", c.paragraphs),
            ("documents", c.documents),
        ] {
            record("frequencies", &c.id, &c.label, column, value, "");
        }
    }
    let (total, coded) = r
        .coverage
        .iter()
        .fold((0, 0), |(t, c), row| (t + row.paragraphs, c + row.coded));
    let all = CoverageRow {
        document: "(all)".into(),
        paragraphs: total,
        coded,
    };
    for row in r.coverage.iter().chain([&all]) {
        record(
            "coverage",
            &row.document,
            "",
            "paragraphs",
            row.paragraphs,
            "",
        );
        let pct = share(row.coded, row.paragraphs);
        record("coverage", &row.document, "", "coded", row.coded, &pct);
    }
    for (c, counts) in r.codes.iter().zip(&r.matrix) {
        for (doc, &n) in r.documents.iter().zip(counts) {
            record("code_by_document", &c.id, &c.label, doc, n, "");
        }
    }
    let table = match r.cooccurrence_counts {
        Cooccurrence::WithinCoder => "cooccurrence_within_coder",
        Cooccurrence::AcrossCoders => "cooccurrence_across_coders",
    };
    for (c, counts) in r.codes.iter().zip(&r.cooccurrence) {
        for (other, &n) in r.codes.iter().zip(counts) {
            record(table, &c.id, &c.label, &other.id, n, "");
        }
    }
    out
}

/// `part` as a percentage of `whole`, two decimals, as a plain number; empty for 0/0.
fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        String::new()
    } else {
        format!("{:.2}", part as f64 * 100.0 / whole as f64)
    }
}

/// JSON: the report's numbers as they are.
pub fn to_json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}
