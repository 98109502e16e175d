//! Right pane: the codebook with keys and applied marks, and below it the definition,
//! include / exclude notes and example of the code under the cursor.

use super::fit;
use crate::app::state::State;
use crate::core::codebook::Code;
use crate::core::display::{sanitize_line, wrap};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

pub struct CodebookPane<'a> {
    pub state: &'a State,
    pub theme: Theme,
}

impl Widget for CodebookPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = Block::bordered()
            .border_style(self.theme.border())
            .title(Span::styled(
                crate::i18n::strings(self.state.lang).ui_codebook_title,
                self.theme.title(),
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let codes = &self.state.codebook.codes;
        if codes.is_empty() {
            let msg = crate::i18n::strings(self.state.lang).ui_codebook_empty;
            self.lines(inner, buf, msg, self.theme.dim());
            return;
        }
        let list_h = codes.len().min(usize::from(inner.height) / 2).max(1);
        let list_h = u16::try_from(list_h).unwrap_or(1);
        let list = Rect {
            height: list_h,
            ..inner
        };
        let details = Rect {
            y: inner.y + list_h,
            height: inner.height - list_h,
            ..inner
        };
        self.list(list, buf);
        self.details(details, buf);
    }
}

impl CodebookPane<'_> {
    fn list(&self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let codes = &s.codebook.codes;
        let rows = usize::from(area.height);
        let first = s
            .code_cursor
            .saturating_sub(rows / 2)
            .min(codes.len().saturating_sub(rows));
        let applied = s.docs.get(s.doc).and_then(|d| d.codes(s.para));
        for (row, (i, code)) in codes.iter().enumerate().skip(first).take(rows).enumerate() {
            let on = applied.is_some_and(|a| a.contains(&code.id));
            let line = self.row(code, on, i == s.code_cursor, usize::from(area.width));
            buf.set_line(
                area.x,
                area.y + u16::try_from(row).unwrap_or(0),
                &line,
                area.width,
            );
        }
    }

    fn row(&self, code: &Code, applied: bool, cursor: bool, width: usize) -> Line<'static> {
        // A codebook narrowed for the transcript indents by one column a level.
        let step = if width < 22 { 1 } else { 2 };
        let indent = " ".repeat(step * code.depth.min(4));
        let key = code.key.map_or("  ".to_owned(), |k| {
            format!("{} ", sanitize_line(&k.to_string()))
        });
        let mark = if applied { "✓" } else { " " };
        let label = sanitize_line(code.label.get(self.state.lang));
        let fixed = indent.chars().count() + 2 + 2 + 2;
        let label = fit(&label, width.saturating_sub(fixed));
        let pad = width.saturating_sub(fixed + crate::core::display::width(&label));
        let base = if cursor {
            self.theme.selected()
        } else {
            Style::new()
        };
        // Headings and applied codes stand out in bold.
        let label_style = if !code.codable || applied {
            base.add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            base
        };
        let swatch = if code.codable { "■ " } else { "  " };
        Line::from(vec![
            Span::styled(indent, base),
            Span::styled(key, self.theme.key().patch(base)),
            Span::styled(swatch, self.theme.code(code.color).patch(base)),
            Span::styled(label, label_style),
            Span::styled(" ".repeat(pad), base),
            Span::styled(
                format!("{mark} "),
                self.theme
                    .ok()
                    .patch(base)
                    .add_modifier(ratatui::style::Modifier::BOLD),
            ),
        ])
    }

    fn details(&self, area: Rect, buf: &mut Buffer) {
        let Some(code) = self.state.codebook.codes.get(self.state.code_cursor) else {
            return;
        };
        let lang = self.state.lang;
        let t = crate::i18n::strings(lang);
        let width = usize::from(area.width);
        let mut out: Vec<Line> = vec![Line::from(Span::styled(
            "─".repeat(width),
            self.theme.border(),
        ))];
        let title = format!("{} ({})", code.label.get(lang), code.id);
        push_wrapped(&mut out, &title, width, self.theme.title());
        let sections = [
            ("", &code.definition),
            (t.ui_code_use_when, &code.include),
            (t.ui_code_not_when, &code.exclude),
            (t.ui_code_example, &code.example),
        ];
        for (head, text) in sections {
            if !text.is_empty() {
                let style = if head.is_empty() {
                    Style::new()
                } else {
                    self.theme.dim()
                };
                let head = if head.is_empty() {
                    String::new()
                } else {
                    format!("{head} ")
                };
                push_wrapped(&mut out, &format!("{head}{}", text.get(lang)), width, style);
            }
        }
        for (row, line) in out.iter().take(usize::from(area.height)).enumerate() {
            buf.set_line(
                area.x,
                area.y + u16::try_from(row).unwrap_or(0),
                line,
                area.width,
            );
        }
    }

    fn lines(&self, area: Rect, buf: &mut Buffer, text: &str, style: Style) {
        let mut out = Vec::new();
        push_wrapped(&mut out, text, usize::from(area.width), style);
        for (row, line) in out.iter().take(usize::from(area.height)).enumerate() {
            buf.set_line(
                area.x,
                area.y + u16::try_from(row).unwrap_or(0),
                line,
                area.width,
            );
        }
    }
}

fn push_wrapped(out: &mut Vec<Line<'static>>, text: &str, width: usize, style: Style) {
    for l in wrap(text, 0, width, 200) {
        out.push(Line::from(Span::styled(l.text, style)));
    }
}
