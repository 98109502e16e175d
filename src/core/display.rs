//! The one display sanitiser, and word wrapping by display width.
//!
//! Every piece of document text that reaches the screen goes through [`sanitize_char`]:
//! tabs become spaces, control characters become visible Control Pictures, and C1
//! controls, bidi overrides and invisible characters become `‹XXXX›` markers. A
//! transcript can therefore never send an escape sequence to the terminal, and hidden
//! characters are never hidden. The stored text is never changed.

use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Tab stops every this many columns.
pub const TAB_WIDTH: usize = 4;

/// What one input character becomes on screen.
#[derive(Debug, PartialEq, Eq)]
pub enum Shown {
    /// The character itself.
    Plain(char),
    /// A visible stand-in for a control or invisible character.
    Marker(String),
    /// A tab: spaces up to the next tab stop.
    Tab,
}

/// Characters that are invisible or reorder text: shown as markers (RELIABILITY H2).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}'
        | '\u{061C}' | '\u{180E}' | '\u{FEFF}')
}

/// Classifies one character for display.
pub fn sanitize_char(c: char) -> Shown {
    match c {
        '\t' => Shown::Tab,
        '\0'..='\u{1F}' => Shown::Plain(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
        '\u{7F}' => Shown::Plain('\u{2421}'),
        '\u{80}'..='\u{9F}' => Shown::Marker(format!("‹{:02X}›", c as u32)),
        c if is_invisible(c) => Shown::Marker(format!("‹{:04X}›", c as u32)),
        c => Shown::Plain(c),
    }
}

/// Display width of a character after sanitising (0 for combining marks).
fn plain_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Sanitises one line of text (no line ends inside) into what the screen shows.
pub fn sanitize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0;
    for c in line.chars() {
        push_shown(&mut out, &mut col, c);
    }
    out
}

/// Sanitises text of any number of lines for a terminal (RELIABILITY H10): each line
/// as [`sanitize_line`], its line end (`\n` or `\r\n`) kept as `\n`. What the
/// command line prints to a terminal, on stdout and stderr, goes through here.
pub fn sanitize_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&sanitize_line(line.strip_suffix('\r').unwrap_or(line)));
    }
    out
}

fn push_shown(out: &mut String, col: &mut usize, c: char) {
    match sanitize_char(c) {
        Shown::Plain(p) => {
            out.push(p);
            *col += plain_width(p);
        }
        Shown::Marker(m) => {
            *col += m.chars().count();
            out.push_str(&m);
        }
        Shown::Tab => {
            let n = TAB_WIDTH - *col % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', n));
            *col += n;
        }
    }
}

/// Display width of already-sanitised text.
pub fn width(s: &str) -> usize {
    s.chars().map(plain_width).sum()
}

/// A wrapped display line, and the byte offset in the source where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedLine {
    /// Sanitised text of the line, at most the wrap width wide.
    pub text: String,
    /// Byte range of the source text this line shows.
    pub source: Range<usize>,
}

/// Wraps `text` from byte `from` to `width` columns, producing at most `max_lines`
/// lines. Breaks at spaces where it can, inside words where it must, and at every line
/// end (`\n`, `\r\n`, `\r`). Returns the lines; the last line's `source.end` is where
/// to resume. Only the lines asked for are computed, so a one-megabyte paragraph costs
/// no more than the part on screen.
pub fn wrap(text: &str, from: usize, width: usize, max_lines: usize) -> Vec<WrappedLine> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut pos = from;
    while out.len() < max_lines && pos < text.len() {
        let line = wrap_one(text, pos, width);
        pos = line.source.end;
        out.push(line);
    }
    out
}

/// Wraps exactly one display line starting at byte `start`.
fn wrap_one(text: &str, start: usize, width: usize) -> WrappedLine {
    let mut shown = String::new();
    let mut col = 0;
    let mut last_break: Option<(usize, usize)> = None; // (byte after space, shown len)
    for (i, c) in text[start..].char_indices() {
        let at = start + i;
        if c == '\n' || c == '\r' {
            let next = at + if text[at..].starts_with("\r\n") { 2 } else { 1 };
            return WrappedLine {
                text: shown,
                source: start..next,
            };
        }
        let before = (shown.len(), col);
        push_shown(&mut shown, &mut col, c);
        if col > width && before.1 > 0 {
            shown.truncate(before.0);
            if let Some((byte, len)) = last_break.filter(|&(_, len)| len > 0) {
                shown.truncate(len);
                return WrappedLine {
                    text: trim_end_spaces(shown),
                    source: start..byte,
                };
            }
            return WrappedLine {
                text: shown,
                source: start..at,
            };
        }
        if c == ' ' || c == '\t' {
            last_break = Some((at + c.len_utf8(), shown.len()));
        }
    }
    WrappedLine {
        text: shown,
        source: start..text.len(),
    }
}

fn trim_end_spaces(mut s: String) -> String {
    let keep = s.trim_end_matches(' ').len();
    s.truncate(keep);
    s
}

/// At most 20 names of a list, then how many more, for a message that says what
/// there is ("(none)" for an empty list).
pub fn some_names(names: &[String]) -> String {
    if names.is_empty() {
        return "(none)".into();
    }
    let mut out = names
        .iter()
        .take(20)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 20 {
        out.push_str(&format!(" and {} more", names.len() - 20));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, w: usize) -> Vec<String> {
        wrap(text, 0, w, usize::MAX)
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn controls_become_visible() {
        assert_eq!(sanitize_line("a\u{1b}]0;x\u{7}b"), "a\u{241B}]0;x\u{2407}b");
        assert_eq!(sanitize_line("\u{9b}31m"), "‹9B›31m");
        assert_eq!(sanitize_line("x\u{7f}"), "x\u{2421}");
    }

    #[test]
    fn text_keeps_its_line_ends_and_nothing_else() {
        assert_eq!(
            sanitize_text("a\u{1b}]0;x\u{7}\r\nb\rc\n"),
            "a\u{241B}]0;x\u{2407}\nb\u{240D}c\n"
        );
    }

    #[test]
    fn bidi_and_invisible_become_markers() {
        assert_eq!(
            sanitize_line("a\u{202E}b\u{200B}c\u{FEFF}"),
            "a‹202E›b‹200B›c‹FEFF›"
        );
        assert_eq!(sanitize_line("\u{2066}\u{061C}"), "‹2066›‹061C›");
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(sanitize_line("a\tb"), "a   b");
        assert_eq!(sanitize_line("\tx"), "    x");
        assert_eq!(sanitize_line("abcd\te"), "abcd    e");
    }

    #[test]
    fn nothing_escapes_the_sanitiser() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let shown = sanitize_line(&all);
        assert!(!shown.chars().any(|c| c.is_control()));
        assert!(!shown.chars().any(is_invisible));
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            lines("satu dua tiga empat", 9),
            ["satu dua", "tiga", "empat"]
        );
    }

    #[test]
    fn breaks_long_words() {
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_characters_never_split() {
        let l = lines("漢字漢字漢", 5);
        assert_eq!(l, ["漢字", "漢字", "漢"]);
        assert!(l.iter().all(|s| width(s) <= 5));
        assert_eq!(lines("😀😀😀", 4), ["😀😀", "😀"]);
    }

    #[test]
    fn line_ends_break_lines() {
        assert_eq!(lines("a\r\nb\rc\nd", 10), ["a", "b", "c", "d"]);
    }

    #[test]
    fn resumes_where_it_stopped() {
        let text = "satu dua tiga empat lima";
        let first = wrap(text, 0, 9, 1);
        let rest = wrap(text, first[0].source.end, 9, 1);
        assert_eq!(first[0].text, "satu dua");
        assert_eq!(rest[0].text, "tiga");
    }

    #[test]
    fn width_one_still_progresses() {
        assert_eq!(lines("漢a", 1), ["漢", "a"]);
    }
}
