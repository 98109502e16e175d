//! `tandai agree` as Markdown (for a methods chapter) and as one self-contained HTML
//! page (inline CSS, no scripts). Every text from the project (document names, code
//! ids and labels, reasons) goes through the export's escapers.

use super::output::{
    COEFFICIENTS, NOTHING_COMPARED, cell, coders_words, pooled_words, reasons, section_intro,
    values,
};
use super::units::{Agreement, Kind, Row};
use crate::core::export::html::escape;
use crate::core::markdown::line as escape_line;
use std::fmt::Write as _;

/// The sections in order: kind, rows, and the name column's heading.
fn sections(a: &Agreement) -> [(Kind, &[Row], &'static str); 4] {
    [
        (Kind::Code, &a.codes, "code"),
        (Kind::Group, &a.groups, "group"),
        (Kind::Document, &a.documents, "document"),
        (Kind::Overall, std::slice::from_ref(&a.overall), ""),
    ]
}

/// The texts and numbers of a row: name, label (codes and groups), units, the
/// coefficients, then the two-coder counts.
fn cells(row: &Row, counts: bool) -> (Vec<String>, Vec<String>) {
    let name = if row.kind == Kind::Overall {
        "all"
    } else {
        &row.name
    };
    let mut texts = vec![name.to_owned()];
    if labelled(row.kind) {
        texts.push(row.label.clone());
    }
    let mut numbers = vec![row.units.to_string()];
    numbers.extend(values(row).into_iter().enumerate().map(|(i, c)| cell(i, c)));
    if counts {
        let c = row.counts.map(|c| [c.both, c.only_a, c.only_b, c.neither]);
        numbers.extend((0..4).map(|i| c.map_or_else(String::new, |c| c[i].to_string())));
    }
    (texts, numbers)
}

fn labelled(kind: Kind) -> bool {
    matches!(kind, Kind::Code | Kind::Group)
}

fn header(kind: Kind, first: &str, counts: bool) -> Vec<String> {
    let mut h = vec![first.to_owned()];
    if labelled(kind) {
        h.push("label".to_owned());
    }
    h.push("units".to_owned());
    h.extend(COEFFICIENTS.iter().map(|(_, _, long)| (*long).to_owned()));
    if counts {
        h.extend(["both", "only A", "only B", "neither"].map(str::to_owned));
    }
    h
}

/// A table row: texts escaped; numbers are tandai's own and stay as they are (an
/// escaped `0\.5` would show its backslash in some renderers).
fn md_row(texts: &[String], numbers: &[String]) -> String {
    let cells: Vec<String> = texts
        .iter()
        .map(|c| escape_line(c))
        .chain(numbers.iter().cloned())
        .collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Markdown: a heading and table per section, then the notes.
pub fn to_markdown(a: &Agreement) -> String {
    let counts = a.coders.len() == 2;
    let mut out = format!(
        "# Intercoder agreement\n\n{}, paragraph by paragraph.\n\n",
        escape_line(&format!("Coders: {}", coders_words(a)))
    );
    out.push_str(&format!("## Documents compared ({})\n\n", a.included.len()));
    for (name, n) in &a.included {
        out.push_str(&format!("- {} ({n} paragraphs)\n", escape_line(name)));
    }
    out.push_str(&format!(
        "\n## Documents left out ({})\n\n",
        a.left_out.len()
    ));
    for l in &a.left_out {
        out.push_str(&format!(
            "- {}\n",
            escape_line(&format!("{}: {}", l.document, l.reason))
        ));
    }
    if a.included.is_empty() {
        out.push_str(&format!("\n{}\n", escape_line(NOTHING_COMPARED)));
        return out;
    }
    for (kind, rows, first) in sections(a) {
        out.push_str(&format!("\n## {}\n\n", escape_line(section_intro(kind))));
        let h = header(kind, first, counts);
        out.push_str(&md_row(&h, &[]));
        out.push_str(&format!("|{}\n", "---|".repeat(h.len())));
        for row in rows {
            let (texts, numbers) = cells(row, counts);
            out.push_str(&md_row(&texts, &numbers));
        }
    }
    out.push_str(&format!("\n{}\n", escape_line(&pooled_words(a))));
    let notes: Vec<String> = reasons(a)
        .into_iter()
        .chain(a.notes.iter().cloned())
        .collect();
    if !notes.is_empty() {
        out.push_str("\n## Notes\n\n");
        for n in notes {
            out.push_str(&format!("- {}\n", escape_line(&n)));
        }
    }
    out
}

const STYLE: &str = "
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; background: #fff;
  max-width: 60em; margin: 2em auto; padding: 0 1em; }
table { border-collapse: collapse; margin: .5em 0; font-size: .9em; }
th, td { border: 1px solid #bbb; padding: .2em .45em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
";

/// One self-contained page.
pub fn to_html(a: &Agreement) -> String {
    let counts = a.coders.len() == 2;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Intercoder agreement</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Intercoder agreement</h1>\n<p>Coders: {}, paragraph by paragraph.</p>\n",
        escape(&coders_words(a))
    );
    list(
        &mut out,
        &format!("Documents compared ({})", a.included.len()),
        a.included
            .iter()
            .map(|(d, n)| format!("{d} ({n} paragraphs)")),
    );
    list(
        &mut out,
        &format!("Documents left out ({})", a.left_out.len()),
        a.left_out
            .iter()
            .map(|l| format!("{}: {}", l.document, l.reason)),
    );
    if a.included.is_empty() {
        let _ = writeln!(out, "<p>{}</p>\n</body>\n</html>", escape(NOTHING_COMPARED));
        return out;
    }
    for (kind, rows, first) in sections(a) {
        let _ = write!(
            out,
            "<h2>{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr>",
            escape(section_intro(kind))
        );
        for h in header(kind, first, counts) {
            let _ = write!(out, "<th>{}</th>", escape(&h));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            out.push_str("<tr>");
            let (texts, numbers) = cells(row, counts);
            for t in &texts {
                let _ = write!(out, "<td>{}</td>", escape(t));
            }
            for n in &numbers {
                let _ = write!(out, "<td class=\"n\">{}</td>", escape(n));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table></div>\n");
    }
    let _ = writeln!(out, "<p>{}</p>", escape(&pooled_words(a)));
    let notes = reasons(a).into_iter().chain(a.notes.iter().cloned());
    list(&mut out, "Notes", notes);
    out.push_str("</body>\n</html>\n");
    out
}

fn list(out: &mut String, title: &str, items: impl Iterator<Item = String>) {
    let _ = write!(out, "<h2>{}</h2>\n<ul>\n", escape(title));
    for item in items {
        let _ = writeln!(out, "<li>{}</li>", escape(&item));
    }
    out.push_str("</ul>\n");
}
