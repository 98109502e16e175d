//! The one Markdown escaper (RELIABILITY H10): every text that tandai puts into a
//! Markdown file (transcripts, labels, definitions, memos, titles, document and coder
//! names) goes through [`line`] or [`cell`], so that nothing in it changes the layout
//! or reaches a renderer as HTML (`<script>`, `<img onerror=...>`).
//!
//! CommonMark and pandoc both accept a backslash before any ASCII punctuation, so
//! every character with a meaning is escaped: `#` at the start of a line, `*`, `_`,
//! `|`, `<tag>`, `&entity;`, a numbered line, `$` for pandoc's maths, `@` for its
//! citations.

/// Characters escaped wherever they appear.
const SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '&', '!', '$', '^', '@', '{', '}',
];

/// One line of text, escaped. Leading spaces are dropped (four of them would start a
/// code block); a leading `-`, `+` or `=` and the `.` or `)` of a leading number are
/// escaped (they would start a list or underline a heading).
pub fn line(text: &str) -> String {
    escape(text.trim(), true)
}

fn escape(text: &str, block_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    for (i, ch) in text.char_indices() {
        let list_start = block_start
            && ((i == 0 && matches!(ch, '-' | '+' | '='))
                || (digits > 0 && i == digits && matches!(ch, '.' | ')')));
        if SPECIAL.contains(&ch) || list_start {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Text of one or more lines as escaped Markdown lines (empty lines dropped).
pub fn lines(text: &str) -> Vec<String> {
    text.lines().map(line).filter(|l| !l.is_empty()).collect()
}

/// Text of any number of lines as one table cell (or heading): escaped, lines
/// joined by spaces. Inside a cell nothing starts a block, so `-3` and `45.0` stay
/// as they are.
pub fn cell(text: &str) -> String {
    text.lines()
        .map(|l| escape(l.trim(), false))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
}
