//! The Markdown export: the thesis appendix. One section per code with its
//! definition, then its quotes, each with speaker and citation (`informan-b.txt ¶12`,
//! or as the project's citation template says); code x attribute tables (`--by`)
//! before them, the document memos after them.
//!
//! Transcript, codebook and memo text is escaped by [`crate::core::exchange::markdown`], so that
//! nothing in it changes the layout.

use super::{Export, quotes_by_code};
use crate::core::attributes::crosstab::CrossTab;
use crate::core::exchange::markdown::{
    cell, code as code_span, line as escape_line, line_into, lines as escaped_lines, lines_into,
};
use crate::i18n::{fill, strings};

/// The appendix: a title, the summary, then each code with quotes.
pub fn to_markdown(e: &Export) -> String {
    let t = strings(e.lang);
    let title = if e.project.attributes.title.trim().is_empty() {
        t.cmd_export_title.to_owned()
    } else {
        let title = escape_line(&e.project.attributes.title);
        fill(t.cmd_export_title_of, &[("title", &title)])
    };
    let mut out = format!("# {title}\n\n{}\n", escape_line(&e.summary()));
    for t in &e.by {
        by_table(e, t, &mut out);
    }
    for (c, quotes) in quotes_by_code(e).iter().enumerate() {
        if quotes.is_empty() {
            continue;
        }
        code_heading(e, c, &mut out);
        out.push_str(&super::in_parallel(quotes, |q, s| quote(e, q, s)));
    }
    document_memos(e, &mut out);
    out
}

/// The code x attribute-value table: paragraphs with the code, and (in brackets)
/// the documents they are in; the first row gives each value's totals.
fn by_table(e: &Export, t: &CrossTab, out: &mut String) {
    let words = strings(e.lang);
    let head: Vec<String> = (0..t.values.len())
        .map(|c| cell(t.heading_in(c, e.lang)))
        .collect();
    let heading = fill(
        words.cmd_export_by_heading,
        &[("attribute", &cell(&t.attribute))],
    );
    out.push_str(&format!(
        "\n## {heading}\n\n{}\n\n| {} | {} |\n|{}\n",
        words.cmd_export_by_md_note,
        words.cmd_export_col_code,
        head.join(" | "),
        "---|".repeat(head.len() + 1)
    ));
    let row = |name: String, p: &[usize], d: &[usize]| {
        let cells: Vec<String> = p.iter().zip(d).map(|(p, d)| format!("{p} ({d})")).collect();
        format!("| {name} | {} |\n", cells.join(" | "))
    };
    let all = format!("*{}*", words.cmd_report_all);
    out.push_str(&row(all, &t.paragraphs, &t.documents));
    for (i, id) in t.codes.iter().enumerate() {
        let label = e.label(i).map_or_else(|| code_span(id), cell);
        out.push_str(&row(label, &t.coded_paragraphs[i], &t.coded_documents[i]));
    }
}

/// Each selected document's memos, under the document's name and attribute values.
fn document_memos(e: &Export, out: &mut String) {
    if e.document_memos.is_empty() {
        return;
    }
    let t = strings(e.lang);
    out.push_str(&format!("\n## {}\n", t.cmd_export_document_memos));
    let mut last = None;
    for (doc, coder, memo) in &e.document_memos {
        if last != Some(*doc) {
            let about = e.described(*doc);
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(" ({})", escape_line(&about))
            };
            out.push_str(&format!(
                "\n### {}{about}\n",
                escape_line(e.document_name(*doc))
            ));
            last = Some(*doc);
        }
        let said = fill(t.cmd_export_memo, &[("coder", &escape_line(coder))]);
        let memo = escaped_lines(memo).join("\\\n");
        out.push_str(&format!("\n*{said}* {memo}\n"));
    }
}

fn code_heading(e: &Export, c: usize, out: &mut String) {
    let code = &e.codes[c];
    let t = strings(e.lang);
    let label = e
        .label(c)
        .map_or_else(|| t.cmd_not_in_codebook.to_owned(), escape_line);
    out.push_str(&format!("\n## {label} ({})\n", code_span(&code.id)));
    if let Some(def) = code.code.map(|k| k.definition.get(e.lang))
        && !def.trim().is_empty()
    {
        out.push_str(&format!(
            "\n*{}* {}\n",
            t.cmd_export_definition,
            escaped_lines(def).join("\n")
        ));
    }
}

/// One quote: the paragraph as a block quote (speaker in bold, line breaks kept), the
/// citation with the coders who applied the code, then their memos.
fn quote(e: &Export, rows: &[usize], out: &mut String) {
    let first = &e.rows[rows[0]];
    out.push_str("\n> ");
    if let Some(s) = first.speaker {
        out.push_str("**");
        line_into(out, s);
        out.push_str(":** ");
    }
    lines_into(out, first.text, "\\\n> ");
    out.push_str("\n>\n> — ");
    line_into(out, &e.cite(rows));
    out.push('\n');
    for &i in rows {
        let r = &e.rows[i];
        if r.memo.lines().all(|l| l.trim().is_empty()) {
            continue;
        }
        let coder = escape_line(&r.coder);
        let said = fill(strings(e.lang).cmd_export_memo, &[("coder", &coder)]);
        out.push_str("\n*");
        out.push_str(&said);
        out.push_str("* ");
        lines_into(out, &r.memo, "\\\n");
        out.push('\n');
    }
}
