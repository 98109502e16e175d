//! The Markdown export: the thesis appendix. One section per code with its
//! definition, then its quotes, each with speaker and citation (`informan-b.txt ¶12`).
//!
//! Transcript, codebook and memo text is escaped so that nothing in it (a `#` at the
//! start of a line, `*`, `_`, `|`, `<tag>`, a numbered line, `$` for pandoc's maths)
//! changes the layout: CommonMark and pandoc both accept a backslash before any ASCII
//! punctuation.

use super::{Export, quotes_by_code};

/// Characters escaped wherever they appear.
const SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '&', '!', '$', '^', '@', '{', '}',
];

/// One line of text, escaped. Leading spaces are dropped (four of them would start a
/// code block); a leading `-`, `+` or `=` and the `.` or `)` of a leading number are
/// escaped (they would start a list or underline a heading).
pub(crate) fn escape_line(line: &str) -> String {
    let line = line.trim();
    let mut out = String::with_capacity(line.len() + 8);
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    for (i, ch) in line.char_indices() {
        let list_start = (i == 0 && matches!(ch, '-' | '+' | '='))
            || (digits > 0 && i == digits && matches!(ch, '.' | ')'));
        if SPECIAL.contains(&ch) || list_start {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Text of one or more lines as Markdown lines (empty lines dropped).
fn escaped_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(escape_line)
        .filter(|l| !l.is_empty())
        .collect()
}

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
        for q in quotes {
            quote(e, q, &mut out);
        }
    }
    out
}

fn code_heading(e: &Export, c: usize, out: &mut String) {
    let code = &e.codes[c];
    let label = e
        .label(c)
        .map_or_else(|| "(not in the codebook)".to_owned(), escape_line);
    out.push_str(&format!("\n## {label} (`{}`)\n", code.id.replace('`', "")));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(escape_line("# judul"), "\\# judul");
        assert_eq!(escape_line("- bukan daftar"), "\\- bukan daftar");
        assert_eq!(escape_line("12. bukan daftar"), "12\\. bukan daftar");
        assert_eq!(escape_line("a|b *c* <i>"), "a\\|b \\*c\\* \\<i\\>");
        assert_eq!(escape_line("    kode"), "kode");
        assert_eq!(escape_line("harga 5-10 ribu."), "harga 5-10 ribu.");
    }
}
