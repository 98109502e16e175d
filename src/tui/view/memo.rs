//! The memo editor: a box over the screen with the memo's text and a cursor.

use super::{centered, fit};
use crate::app::memo::{
    MemoEditor, MemoTarget, cursor_place, text_height, text_width, visual_lines,
};
use crate::app::state::State;
use crate::core::display::sanitize_line;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub struct MemoView<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub editor: &'a MemoEditor,
}

impl Widget for MemoView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let w = text_width(s.size);
        let rows = text_height(s.size);
        let width = u16::try_from(w + 2).unwrap_or(u16::MAX);
        let height = u16::try_from(rows + 3).unwrap_or(u16::MAX);
        let area = centered(area, width, height);
        Clear.render(area, buf);
        let t = crate::i18n::strings(s.lang);
        let what = match self.editor.target {
            MemoTarget::Paragraph { doc, para } => crate::i18n::fill(
                t.ui_memo_on_paragraph,
                &[("name", &s.project.documents[doc].name), ("n", &(para + 1))],
            ),
            MemoTarget::Document { doc } => crate::i18n::fill(
                t.ui_memo_on_document,
                &[("name", &s.project.documents[doc].name)],
            ),
        };
        let title = fit(
            &format!(" {} ", sanitize_line(&what)),
            usize::from(area.width.saturating_sub(2)),
        );
        let block = Block::bordered().title(Span::styled(title, self.theme.title()));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 2 || inner.width < 2 {
            return;
        }
        let text_rows = usize::from(inner.height - 1);
        let text = &self.editor.text;
        let w = usize::from(inner.width).min(w);
        let lines = visual_lines(text, w);
        let (cursor_line, col) = cursor_place(&lines, text, self.editor.cursor);
        let first = (cursor_line + 1).saturating_sub(text_rows);
        for (row, r) in lines.iter().enumerate().skip(first).take(text_rows) {
            let shown = text[r.clone()].trim_end_matches(['\n', '\r']);
            let y = inner.y + u16::try_from(row - first).unwrap_or(0);
            buf.set_string(inner.x, y, sanitize_line(shown), self.theme.current());
            if row == cursor_line {
                let x = inner.x + u16::try_from(col).unwrap_or(0).min(inner.width - 1);
                buf[(x, y)]
                    .set_style(ratatui::style::Style::new().add_modifier(Modifier::REVERSED));
            }
        }
        let hint = if self.editor.armed {
            t.ui_memo_armed_keys
        } else {
            t.ui_memo_keys
        };
        let style = if self.editor.armed {
            self.theme.warning()
        } else {
            self.theme.dim()
        };
        buf.set_line(
            inner.x,
            inner.y + inner.height - 1,
            &Line::from(Span::styled(fit(hint, usize::from(inner.width)), style)),
            inner.width,
        );
    }
}
