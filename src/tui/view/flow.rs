//! Styled text flowed into lines of a given width, so that nothing is cut: words (or
//! whole items, such as a key and what it does, or a code's tag) move to the next
//! line instead, and only an item wider than a whole line is split.

use crate::core::display::width;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Lines being filled, each after the first indented by `indent` columns.
pub struct Flow {
    width: usize,
    indent: usize,
    lines: Vec<Line<'static>>,
    current: Vec<Span<'static>>,
    /// Columns used on the current line.
    used: usize,
    /// The current line holds nothing but its indent.
    fresh: bool,
}

impl Flow {
    pub fn new(width: usize, indent: usize) -> Flow {
        let width = width.max(1);
        Flow {
            width,
            indent: indent.min(width / 2),
            lines: Vec::new(),
            current: Vec::new(),
            used: 0,
            fresh: true,
        }
    }

    /// Adds an item that stays whole on one line when it can, after `sep` when it is
    /// not the first on its line.
    pub fn item(&mut self, spans: Vec<Span<'static>>, sep: &str) -> &mut Flow {
        let w: usize = spans.iter().map(|s| width(&s.content)).sum();
        if !self.fresh && self.used + width(sep) + w > self.width {
            self.break_line();
        }
        if !self.fresh {
            self.current.push(Span::raw(sep.to_owned()));
            self.used += width(sep);
        }
        if self.used + w <= self.width {
            self.used += w;
            self.current.extend(spans);
            self.fresh = false;
        } else {
            // Wider than a whole line: its words flow, and only a word wider than a
            // line is split.
            for span in spans {
                self.text(&span.content, span.style);
            }
        }
        self
    }

    /// Adds text word by word in one style; runs of spaces are kept inside a line,
    /// and at the start of the first line.
    pub fn text(&mut self, text: &str, style: Style) -> &mut Flow {
        let lead = text.len() - text.trim_start_matches(' ').len();
        if self.fresh && self.lines.is_empty() && lead > 0 && lead < self.width {
            self.current.push(Span::raw(" ".repeat(lead)));
            self.used += lead;
        }
        let mut gap = String::new();
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                gap.push(' ');
            }
            if word.is_empty() {
                continue;
            }
            let sep = if self.fresh { "" } else { gap.as_str() };
            self.word(word, style, sep);
            gap.clear();
        }
        self
    }

    /// One word after `sep`, on the next line when it does not fit on this one, split
    /// only when wider than a line.
    fn word(&mut self, word: &str, style: Style, sep: &str) {
        let w = width(word);
        if !self.fresh && self.used + width(sep) + w > self.width {
            self.break_line();
        }
        if !self.fresh {
            self.current.push(Span::raw(sep.to_owned()));
            self.used += width(sep);
        }
        if self.used + w <= self.width {
            self.used += w;
            self.current.push(Span::styled(word.to_owned(), style));
        } else {
            self.split(Span::styled(word.to_owned(), style));
        }
        self.fresh = false;
    }

    /// Starts a new line (an empty one when the current line is empty too).
    pub fn break_line(&mut self) {
        let done = std::mem::take(&mut self.current);
        self.lines.push(Line::from(done));
        self.current.push(Span::raw(" ".repeat(self.indent)));
        self.used = self.indent;
        self.fresh = true;
    }

    /// The lines (at least one).
    pub fn finish(mut self) -> Vec<Line<'static>> {
        if !self.fresh || self.lines.is_empty() {
            let done = std::mem::take(&mut self.current);
            self.lines.push(Line::from(done));
        }
        self.lines
    }

    /// Places a span too wide for a line of its own, character by character.
    fn split(&mut self, span: Span<'static>) {
        use unicode_width::UnicodeWidthChar;
        let mut piece = String::new();
        for c in span.content.chars() {
            let cw = c.width().unwrap_or(0);
            if self.used + cw > self.width && self.used > self.indent {
                self.current
                    .push(Span::styled(std::mem::take(&mut piece), span.style));
                self.break_line();
                self.fresh = false;
            }
            piece.push(c);
            self.used += cw;
        }
        self.current.push(Span::styled(piece, span.style));
    }
}

/// `text` in `style`, flowed into lines of `width` columns with later lines indented.
pub fn paragraph(text: &str, style: Style, width: usize, indent: usize) -> Vec<Line<'static>> {
    let mut f = Flow::new(width, indent);
    f.text(text, style);
    f.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn words_move_whole_to_the_next_line_under_the_indent() {
        let lines = paragraph("satu dua tiga empat lima", Style::new(), 10, 2);
        assert_eq!(plain(&lines), ["satu dua", "  tiga", "  empat", "  lima"]);
    }

    #[test]
    fn items_stay_whole_and_separators_only_between_them() {
        let mut f = Flow::new(12, 0);
        for item in ["a add", "n rename", "D delete"] {
            f.item(vec![Span::raw(item)], " · ");
        }
        assert_eq!(plain(&f.finish()), ["a add", "n rename", "D delete"]);
        let mut f = Flow::new(20, 0);
        for item in ["a add", "n rename", "D delete"] {
            f.item(vec![Span::raw(item)], " · ");
        }
        assert_eq!(plain(&f.finish()), ["a add · n rename", "D delete"]);
    }

    #[test]
    fn an_item_wider_than_a_line_breaks_between_its_words() {
        let mut f = Flow::new(12, 0);
        f.item(vec![Span::raw("[A]")], " ");
        f.item(vec![Span::raw("[Long label here]")], " ");
        assert_eq!(plain(&f.finish()), ["[A]", "[Long label", "here]"]);
    }

    #[test]
    fn a_word_wider_than_a_line_is_split_and_nothing_is_lost() {
        let lines = paragraph("ab /very/long/path/name x", Style::new(), 8, 0);
        assert_eq!(plain(&lines), ["ab", "/very/lo", "ng/path/", "name x"]);
        for l in &lines {
            assert!(l.width() <= 8, "{l:?}");
        }
        assert_eq!(plain(&paragraph("", Style::new(), 8, 0)), [""]);
    }
}
