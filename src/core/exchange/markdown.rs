//! The one Markdown escaper (RELIABILITY H10): every text that tandai puts into a
//! Markdown file (transcripts, labels, definitions, memos, titles, document and coder
//! names) goes through [`line`] or [`cell`], so that nothing in it changes the layout
//! or reaches a renderer as HTML (`<script>`, `<img onerror=...>`).
//!
//! CommonMark and pandoc both accept a backslash before any ASCII punctuation, so
//! every character with a meaning is escaped: `#` at the start of a line, `*`, `_`,
//! `|`, `<tag>`, `&entity;`, a numbered line, `$` for pandoc's maths, `@` for its
//! citations.

/// Characters escaped wherever they appear (all ASCII).
const SPECIAL: &[u8] = b"\\`*_[]<>#|~&!$^@{}";

/// [`SPECIAL`] as a table, looked up for every byte of every text.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < SPECIAL.len() {
        table[SPECIAL[i] as usize] = true;
        i += 1;
    }
    table
};

/// One line of text, escaped. Leading spaces are dropped (four of them would start a
/// code block); a leading `-`, `+` or `=` and the `.` or `)` of a leading number are
/// escaped (they would start a list or underline a heading).
pub fn line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    line_into(&mut out, text);
    out
}

/// [`line`], written at the end of `out`. Line ends inside (a label or file name
/// holding one) become spaces, so the text stays on its line.
pub fn line_into(out: &mut String, text: &str) {
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        escape_into(out, text.trim(), true);
        return;
    }
    for (i, l) in text_lines(text).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        escape_into(out, l, i == 0);
    }
}

/// The non-blank lines of a text, trimmed, ended by `\n`, `\r\n` or a lone `\r`
/// (CommonMark's line ends).
fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

fn escape_into(out: &mut String, text: &str, block_start: bool) {
    let bytes = text.as_bytes();
    let mut run = 0;
    if block_start {
        let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if matches!(bytes.first(), Some(b'-' | b'+' | b'=')) {
            out.push('\\');
        } else if digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')')) {
            out.push_str(&text[..digits]);
            out.push('\\');
            run = digits;
        }
    }
    for (i, &b) in bytes.iter().enumerate().skip(run) {
        if ESCAPED[usize::from(b)] {
            out.push_str(&text[run..i]);
            out.push('\\');
            run = i;
        }
    }
    out.push_str(&text[run..]);
}

/// Text of one or more lines as escaped Markdown lines (empty lines dropped).
pub fn lines(text: &str) -> Vec<String> {
    text_lines(text)
        .map(line)
        .filter(|l| !l.is_empty())
        .collect()
}

/// [`lines`] joined by `between`, written at the end of `out`; false when there
/// was no line to write.
pub fn lines_into(out: &mut String, text: &str, between: &str) -> bool {
    let mut any = false;
    for l in text_lines(text) {
        if any {
            out.push_str(between);
        }
        line_into(out, l);
        any = true;
    }
    any
}

/// Text of any number of lines as one table cell (or heading): escaped, lines
/// joined by spaces. Inside a cell nothing starts a block, so `-3` and `45.0` stay
/// as they are.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for l in text_lines(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        escape_into(&mut out, l, false);
    }
    out
}

/// A code id inside backticks: ids hold only `a-z 0-9 . _ -`, but a code only used
/// in a sidecar may hold anything, so backticks and line ends are dropped.
pub fn code(id: &str) -> String {
    let clean: String = id
        .chars()
        .filter(|c| !matches!(c, '`' | '\n' | '\r'))
        .collect();
    format!("`{clean}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(line("# judul"), "\\# judul");
        assert_eq!(line("- bukan daftar"), "\\- bukan daftar");
        assert_eq!(line("12. bukan daftar"), "12\\. bukan daftar");
        assert_eq!(line("a|b *c* <i>"), "a\\|b \\*c\\* \\<i\\>");
        assert_eq!(line("    kode"), "kode");
        assert_eq!(line("harga 5-10 ribu."), "harga 5-10 ribu.");
    }

    #[test]
    fn html_never_survives() {
        let shown = cell("<script>alert(1)</script>\n<img src=x onerror=alert(1)>");
        let bare = shown.replace("\\<", "").replace("\\>", "");
        assert!(!bare.contains(['<', '>']), "{shown}");
        assert_eq!(cell("a|b\nc"), "a\\|b c");
        assert_eq!(cell("45.0"), "45.0");
        assert_eq!(code("x`y"), "`xy`");
    }

    #[test]
    fn line_ends_inside_a_line_or_cell_do_not_start_a_block() {
        // CommonMark ends a line at \n, \r\n and a lone \r: a label or document
        // name holding one must not split its heading or table row, and a lone \r
        // in a quote or memo is a line break like \n (pandoc would glue the words).
        assert_eq!(
            line("Harga\n- bukan daftar\r\n=== x"),
            "Harga - bukan daftar === x"
        );
        assert_eq!(line("a\rb"), "a b");
        assert_eq!(line(" \n- awal"), "\\- awal");
        assert_eq!(cell("a\rb | c"), "a b \\| c");
        assert_eq!(lines("satu\rdua\r\rtiga"), vec!["satu", "dua", "tiga"]);
        let mut out = String::new();
        assert!(lines_into(&mut out, "satu\r- dua", "|"));
        assert_eq!(out, "satu|\\- dua");
    }

    #[test]
    fn every_special_character_and_block_start_is_escaped() {
        for &b in SPECIAL {
            let c = char::from(b);
            assert_eq!(line(&format!("a{c}b")), format!("a\\{c}b"));
            assert_eq!(cell(&format!("{c}")), format!("\\{c}"));
        }
        assert_eq!(line("+ satu"), "\\+ satu");
        assert_eq!(line("=== garis"), "\\=== garis");
        assert_eq!(line("3) tiga"), "3\\) tiga");
        assert_eq!(line("2024"), "2024");
        assert_eq!(line("-"), "\\-");
        assert_eq!(cell("-3\n  1. x"), "-3 1. x");
        assert_eq!(line("é*日本_"), "é\\*日本\\_");
        assert_eq!(lines(" a \n\n  \n#b"), vec!["a", "\\#b"]);
        let mut out = String::new();
        assert!(!lines_into(&mut out, " \n\t\n", "|"));
        assert!(out.is_empty());
        assert!(lines_into(&mut out, " a \n\n#b", "|"));
        assert_eq!(out, "a|\\#b");
    }
}
