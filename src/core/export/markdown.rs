//! The Markdown export: the thesis appendix. One section per code with its
//! definition, then its quotes, each with speaker and citation (`informan-b.txt ¶12`,
//! or as the project's citation template says); code x attribute tables (`--by`)
//! before them, the document memos after them.
//!
//! Transcript, codebook and memo text is escaped by [`crate::core::markdown`], so that
//! nothing in it changes the layout.

use super::{Export, quotes_by_code};
use crate::core::attributes::crosstab::CrossTab;
use crate::core::markdown::{cell, code as code_span, line as escape_line, lines as escaped_lines};

/// The appendix: a title, the summary, then each code with quotes.
pub fn to_markdown(e: &Export) -> String {
    let title = if e.project.attributes.title.trim().is_empty() {
        "Coded quotes".to_owned()
    } else {
        format!("Coded quotes: {}", escape_line(&e.project.attributes.title))
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
    let head: Vec<String> = (0..t.values.len()).map(|c| cell(t.heading(c))).collect();
    out.push_str(&format!(
        "\n## Code × {}\n\nParagraphs with the code (in how many documents), from any coder.\n\n| Code | {} |\n|{}\n",
        cell(&t.attribute),
        head.join(" | "),
        "---|".repeat(head.len() + 1)
    ));
    let row = |name: String, p: &[usize], d: &[usize]| {
        let cells: Vec<String> = p.iter().zip(d).map(|(p, d)| format!("{p} ({d})")).collect();
        format!("| {name} | {} |\n", cells.join(" | "))
    };
    out.push_str(&row("*(all)*".into(), &t.paragraphs, &t.documents));
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
    out.push_str("\n## Document memos\n");
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
        out.push_str(&format!(
            "\n*Memo ({}):* {}\n",
            escape_line(coder),
            escaped_lines(memo).join("\\\n")
        ));
    }
}

fn code_heading(e: &Export, c: usize, out: &mut String) {
    let code = &e.codes[c];
    let label = e
        .label(c)
        .map_or_else(|| "(not in the codebook)".to_owned(), escape_line);
    out.push_str(&format!("\n## {label} ({})\n", code_span(&code.id)));
    if let Some(def) = code.code.map(|k| k.definition.get(e.lang))
        && !def.trim().is_empty()
    {
        out.push_str(&format!(
            "\n*Definition:* {}\n",
            escaped_lines(def).join("\n")
        ));
    }
}

/// One quote: the paragraph as a block quote (speaker in bold, line breaks kept), the
/// citation with the coders who applied the code, then their memos.
fn quote(e: &Export, rows: &[usize], out: &mut String) {
    let first = &e.rows[rows[0]];
    let mut lines = escaped_lines(first.text);
    if lines.is_empty() {
        lines.push(String::new());
    }
    if let Some(s) = first.speaker {
        lines[0] = format!("**{}:** {}", escape_line(s), lines[0]);
    }
    out.push('\n');
    out.push_str(&format!("> {}\n", lines.join("\\\n> ")));
    out.push_str(&format!(">\n> — {}\n", escape_line(&e.cite(rows))));
    for &i in rows {
        let r = &e.rows[i];
        let memo = escaped_lines(&r.memo);
        if !memo.is_empty() {
            out.push_str(&format!(
                "\n*Memo ({}):* {}\n",
                escape_line(&r.coder),
                memo.join("\\\n")
            ));
        }
    }
}
