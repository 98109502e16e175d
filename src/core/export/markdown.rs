//! The Markdown export: the thesis appendix. One section per code with its
//! definition, then its quotes, each with speaker and citation (`informan-b.txt ¶12`).
//!
//! Transcript, codebook and memo text is escaped by [`crate::core::markdown`], so that
//! nothing in it changes the layout.

use super::{Export, quotes_by_code};
use crate::core::markdown::{code as code_span, line as escape_line, lines as escaped_lines};

/// The appendix: a title, the summary, then each code with quotes.
pub fn to_markdown(e: &Export) -> String {
    let title = if e.project.attributes.title.trim().is_empty() {
        "Coded quotes".to_owned()
    } else {
        format!("Coded quotes: {}", escape_line(&e.project.attributes.title))
    };
    let mut out = format!("# {title}\n\n{}\n", escape_line(&e.summary()));
    for (c, quotes) in quotes_by_code(e).iter().enumerate() {
        if quotes.is_empty() {
            continue;
        }
        code_heading(e, c, &mut out);
        out.push_str(&super::in_parallel(quotes, |q, s| quote(e, q, s)));
    }
    out
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
    let coders: Vec<&str> = rows.iter().map(|&i| e.rows[i].coder.as_str()).collect();
    out.push_str(&format!(
        ">\n> — {} ¶{} ({})\n",
        escape_line(e.document_name(first.document)),
        first.paragraph + 1,
        escape_line(&coders.join(", "))
    ));
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
