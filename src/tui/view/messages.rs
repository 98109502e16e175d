//! The messages screen: the session's last status messages, newest first and whole,
//! so that what the status line cut short or the next key replaced can be read.

use super::flow::{Flow, paragraph};
use crate::app::messages::KEPT;
use crate::app::state::State;
use crate::core::display::sanitize_line;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub struct MessagesView<'a> {
    pub state: &'a State,
    pub theme: Theme,
    /// The first message shown (0: the newest).
    pub scroll: usize,
}

impl Widget for MessagesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.inner(Margin {
            horizontal: 2,
            vertical: 1,
        });
        Clear.render(area, buf);
        let n = self.state.history.len();
        let t = crate::i18n::strings(self.state.lang);
        let title = super::fit(
            &format!(
                " {} ",
                crate::i18n::fill(t.ui_messages_title, &[("n", &n), ("kept", &KEPT)])
            ),
            usize::from(area.width.saturating_sub(2)),
        );
        let block = Block::bordered().title(Span::styled(title, self.theme.title()));
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width);
        let foot = self.foot(width);
        let rows = usize::from(inner.height).saturating_sub(foot.len() + 1);
        let mut lines: Vec<Line<'static>> = Vec::new();
        for m in self.state.history.newest_first().skip(self.scroll) {
            if lines.len() >= rows {
                break;
            }
            let (mark, style) = if m.warning {
                ("! ", self.theme.warning())
            } else {
                ("· ", Style::new())
            };
            let text = format!("{mark}{}", sanitize_line(&m.text));
            lines.extend(paragraph(&text, style, width, 2));
        }
        let y = |row: usize| inner.y + u16::try_from(row).unwrap_or(0);
        for (row, line) in lines.iter().take(rows).enumerate() {
            buf.set_line(inner.x, y(row), line, inner.width);
        }
        let first_foot = usize::from(inner.height).saturating_sub(foot.len());
        for (k, line) in foot.iter().enumerate() {
            buf.set_line(inner.x, y(first_foot + k), line, inner.width);
        }
    }
}

impl MessagesView<'_> {
    /// Where the list is and the keys, flowed to the width.
    fn foot(&self, width: usize) -> Vec<Line<'static>> {
        let n = self.state.history.len();
        let t = crate::i18n::strings(self.state.lang);
        let mut f = Flow::new(width, 0);
        let dim = self.theme.dim();
        f.item(
            vec![Span::styled(
                crate::i18n::fill(
                    t.ui_messages_from,
                    &[("n", &(self.scroll + 1).min(n)), ("total", &n)],
                ),
                dim,
            )],
            "",
        );
        for (key, what) in [
            ("j/k", t.ui_key_scroll),
            ("g", t.ui_messages_newest),
            ("G", t.ui_messages_oldest),
            ("Esc", t.ui_key_closes),
        ] {
            f.item(
                vec![
                    Span::styled(key, self.theme.key()),
                    Span::styled(format!(" {what}"), dim),
                ],
                " · ",
            );
        }
        f.finish()
    }
}
