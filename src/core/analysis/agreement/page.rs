//! `tandai agree` as Markdown (for a methods chapter) and as one self-contained HTML
//! page (inline CSS, no scripts). Every text from the project (document names, code
//! ids and labels, reasons) goes through the export's escapers.

use super::output::{count_header, reasons, values};
use super::units::{Agreement, Kind, Row};
use super::words::{
    cell_in, coders_words, left_out_reason, long_names, paragraphs, pooled_words, section_intro,
    words,
};
use crate::core::exchange::export::html::escape;
use crate::core::exchange::markdown::line as escape_line;
use crate::i18n::{self, Lang};
use std::fmt::Write as _;

/// The sections in order: kind, rows, and the name column's heading.
fn sections(a: &Agreement) -> [(Kind, &[Row], &'static str); 4] {
    let t = words(a.lang);
    [
        (Kind::Code, &a.codes, t.cmd_report_col_code),
        (Kind::Group, &a.groups, t.cmd_agree_col_group),
        (Kind::Document, &a.documents, t.cmd_report_col_document),
        (Kind::Overall, std::slice::from_ref(&a.overall), ""),
    ]
}

/// The texts and numbers of a row: name, label (codes and groups), units, the
/// coefficients, then the two-coder counts.
fn cells(row: &Row, counts: bool, lang: Lang) -> (Vec<String>, Vec<String>) {
    let name = if row.kind == Kind::Overall {
        words(lang).cmd_agree_all
    } else {
        &row.name
    };
    let mut texts = vec![name.to_owned()];
    if labelled(row.kind) {
        texts.push(row.label.clone());
    }
    let mut numbers = vec![row.units.to_string()];
    let coefficients = values(row).into_iter().enumerate();
    numbers.extend(coefficients.map(|(i, c)| cell_in(lang, i, c)));
    if counts {
        let c = row.counts.map(|c| [c.both, c.only_a, c.only_b, c.neither]);
        numbers.extend((0..4).map(|i| c.map_or_else(String::new, |c| c[i].to_string())));
    }
    (texts, numbers)
}

fn labelled(kind: Kind) -> bool {
    matches!(kind, Kind::Code | Kind::Group)
}

fn header(kind: Kind, first: &str, counts: bool, lang: Lang) -> Vec<String> {
    let t = words(lang);
    let mut h = vec![first.to_owned()];
    if labelled(kind) {
        h.push(t.cmd_report_col_label.to_owned());
    }
    h.push(t.cmd_agree_col_units.to_owned());
    h.extend(long_names(lang).map(str::to_owned));
    if counts {
        h.extend(count_header(first, t)[1..].iter().map(|s| (*s).to_owned()));
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

/// Markdown: a heading and table per section, then the notes, in the comparison's
/// language.
pub fn to_markdown(a: &Agreement) -> String {
    let (t, lang) = (words(a.lang), a.lang);
    let counts = a.coders.len() == 2;
    let coders = i18n::fill(t.cmd_agree_coders_line, &[("coders", &coders_words(a))]);
    let mut out = format!("# {}\n\n{}\n\n", t.cmd_agree_title, escape_line(&coders));
    let n = a.included.len();
    let compared = i18n::fill(t.cmd_agree_documents_compared, &[("n", &n)]);
    out.push_str(&format!("## {compared}\n\n"));
    for (name, n) in &a.included {
        let line = format!("{name} ({})", paragraphs(lang, *n));
        out.push_str(&format!("- {}\n", escape_line(&line)));
    }
    let n = a.left_out.len();
    let left = i18n::fill(t.cmd_agree_documents_left_out, &[("n", &n)]);
    out.push_str(&format!("\n## {left}\n\n"));
    for l in &a.left_out {
        let line = format!("{}: {}", l.document, left_out_reason(&l.reason, lang));
        out.push_str(&format!("- {}\n", escape_line(&line)));
    }
    if a.included.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            escape_line(t.cmd_agree_nothing_compared)
        ));
        return out;
    }
    for (kind, rows, first) in sections(a) {
        let intro = escape_line(section_intro(kind, lang));
        out.push_str(&format!("\n## {intro}\n\n"));
        let h = header(kind, first, counts, lang);
        out.push_str(&md_row(&h, &[]));
        out.push_str(&format!("|{}\n", "---|".repeat(h.len())));
        for row in rows {
            let (texts, numbers) = cells(row, counts, lang);
            out.push_str(&md_row(&texts, &numbers));
        }
    }
    out.push_str(&format!("\n{}\n", escape_line(&pooled_words(a))));
    let notes: Vec<String> = reasons(a)
        .into_iter()
        .chain(a.notes.iter().cloned())
        .collect();
    if !notes.is_empty() {
        out.push_str(&format!("\n## {}\n\n", t.cmd_agree_notes));
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

/// One self-contained page, in the comparison's language (`<html lang>` says which).
pub fn to_html(a: &Agreement) -> String {
    let (t, lang) = (words(a.lang), a.lang);
    let counts = a.coders.len() == 2;
    let mut out = String::new();
    let coders = i18n::fill(t.cmd_agree_coders_line, &[("coders", &coders_words(a))]);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p>{}</p>\n",
        escape(&coders),
        code = t.language_code,
        title = t.cmd_agree_title,
    );
    let n = a.included.len();
    list(
        &mut out,
        &i18n::fill(t.cmd_agree_documents_compared, &[("n", &n)]),
        a.included
            .iter()
            .map(|(d, n)| format!("{d} ({})", paragraphs(lang, *n))),
    );
    let n = a.left_out.len();
    list(
        &mut out,
        &i18n::fill(t.cmd_agree_documents_left_out, &[("n", &n)]),
        a.left_out
            .iter()
            .map(|l| format!("{}: {}", l.document, left_out_reason(&l.reason, lang))),
    );
    if a.included.is_empty() {
        let nothing = escape(t.cmd_agree_nothing_compared);
        let _ = writeln!(out, "<p>{nothing}</p>\n</body>\n</html>");
        return out;
    }
    for (kind, rows, first) in sections(a) {
        html_section(&mut out, kind, rows, first, counts, lang);
    }
    let _ = writeln!(out, "<p>{}</p>", escape(&pooled_words(a)));
    let notes = reasons(a).into_iter().chain(a.notes.iter().cloned());
    list(&mut out, t.cmd_agree_notes, notes);
    out.push_str("</body>\n</html>\n");
    out
}

/// One section of the page: its heading and table.
fn html_section(out: &mut String, kind: Kind, rows: &[Row], first: &str, counts: bool, lang: Lang) {
    let _ = write!(
        out,
        "<h2>{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr>",
        escape(section_intro(kind, lang))
    );
    for h in header(kind, first, counts, lang) {
        let _ = write!(out, "<th>{}</th>", escape(&h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        let (texts, numbers) = cells(row, counts, lang);
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

fn list(out: &mut String, title: &str, items: impl Iterator<Item = String>) {
    let _ = write!(out, "<h2>{}</h2>\n<ul>\n", escape(title));
    for item in items {
        let _ = writeln!(out, "<li>{}</li>", escape(&item));
    }
    out.push_str("</ul>\n");
}
