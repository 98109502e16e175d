//! The code picker: type to filter codes, Enter applies.

use super::fit;
use crate::app::picker::filter;
use crate::app::state::{Picker, State};
use crate::core::display::sanitize_line;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub struct PickerView<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub picker: &'a Picker,
}

impl Widget for PickerView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let matches = filter(&self.state.codebook, &self.picker.query);
        let w = area.width.saturating_sub(8).min(70);
        let wanted = u16::try_from(matches.len().max(1) + 3).unwrap_or(u16::MAX);
        let h = area.height.saturating_sub(4).min(20).min(wanted.max(8));
        let popup = super::centered(area, w, h);
        Clear.render(popup, buf);
        let block = Block::bordered().title(Span::styled(
            crate::i18n::strings(self.state.lang).ui_picker_title,
            self.theme.title(),
        ));
        let inner = block.inner(popup);
        block.render(popup, buf);
        if inner.height < 2 {
            return;
        }
        let query = Line::from(vec![
            Span::styled("> ", self.theme.key()),
            Span::raw(sanitize_line(&self.picker.query)),
            Span::styled("▏", self.theme.key()),
        ]);
        buf.set_line(inner.x, inner.y, &query, inner.width);
        let rows = usize::from(inner.height - 1);
        let selected = self.picker.selected.min(matches.len().saturating_sub(1));
        let first = selected.saturating_sub(rows.saturating_sub(1));
        let applied = self
            .state
            .docs
            .get(self.state.doc)
            .and_then(|d| d.codes(self.state.para));
        for (row, (i, &code)) in matches
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .enumerate()
        {
            let c = &self.state.codebook.codes[code];
            let on = applied.is_some_and(|a| a.contains(&c.id));
            let key = c.key.map_or("  ".to_owned(), |k| {
                format!("{} ", sanitize_line(&k.to_string()))
            });
            let other = c.label.get(self.state.lang.other());
            let text = format!(
                "{}{}  {} · {}",
                if on { "✓ " } else { "  " },
                c.label.get(self.state.lang),
                other,
                c.id
            );
            let style = if i == selected {
                self.theme.selected()
            } else {
                Style::new()
            };
            let line = Line::from(vec![
                Span::styled(key, self.theme.key().patch(style)),
                Span::styled(
                    fit(&sanitize_line(&text), usize::from(inner.width) - 2),
                    style,
                ),
            ]);
            buf.set_line(
                inner.x,
                inner.y + 1 + u16::try_from(row).unwrap_or(0),
                &line,
                inner.width,
            );
        }
        if matches.is_empty() {
            let none = crate::i18n::strings(self.state.lang).ui_picker_none;
            buf.set_string(inner.x, inner.y + 1, none, self.theme.dim());
        }
    }
}
