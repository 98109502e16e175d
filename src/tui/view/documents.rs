//! Left pane: the documents, with how many paragraphs are coded.

use crate::app::state::State;
use crate::core::display::sanitize_line;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

pub struct Documents<'a> {
    pub state: &'a State,
    pub theme: Theme,
}

impl Widget for Documents<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let block = Block::bordered()
            .border_style(self.theme.border())
            .title(Span::styled(
                crate::i18n::strings(self.state.lang).ui_documents_title,
                self.theme.title(),
            ));
        let inner = block.inner(area);
        block.render(area, buf);
        let rows = usize::from(inner.height);
        if rows == 0 {
            return;
        }
        let n = self.state.project.documents.len();
        let first = self
            .state
            .doc
            .saturating_sub(rows / 2)
            .min(n.saturating_sub(rows));
        for (row, i) in (first..n).take(rows).enumerate() {
            let y = inner.y + u16::try_from(row).unwrap_or(0);
            self.row(
                i,
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                buf,
            );
        }
    }
}

impl Documents<'_> {
    fn row(&self, i: usize, area: Rect, buf: &mut Buffer) {
        let doc = &self.state.project.documents[i];
        let ds = &self.state.docs[i];
        let current = i == self.state.doc;
        let t = crate::i18n::strings(self.state.lang);
        let (mark, count) = if doc.is_pending() {
            // Not read yet: its counts fill in when it is.
            (if current { "▶" } else { " " }, "…".to_owned())
        } else if doc.content.is_err() {
            ("✗", t.ui_documents_error.to_owned())
        } else if ds.readonly.is_some() {
            ("!", format!("{}/{}", ds.coded(), doc.len()))
        } else if !ds.review_items().is_empty() {
            ("?", format!("{}/{}", ds.coded(), doc.len()))
        } else {
            let mark = match (current, ds.decisions.finished) {
                (true, _) => "▶",
                (false, true) => "✓",
                (false, false) => " ",
            };
            (mark, format!("{}/{}", ds.coded(), doc.len()))
        };
        let width = usize::from(area.width);
        let name_w = width.saturating_sub(count.len() + 3);
        let name = fit_name(&sanitize_line(&doc.name), name_w);
        let pad = width.saturating_sub(2 + crate::core::display::width(&name) + count.len());
        let style = if current {
            self.theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        let unreadable = doc.content.is_err() && !doc.is_pending();
        let mark_style = if unreadable || ds.readonly.is_some() || mark == "?" {
            self.theme.warning()
        } else {
            style
        };
        let line = Line::from(vec![
            Span::styled(mark, mark_style),
            Span::styled(" ", style),
            Span::styled(name, style),
            Span::styled(" ".repeat(pad), style),
            Span::styled(count, if current { style } else { self.theme.dim() }),
        ]);
        buf.set_line(area.x, area.y, &line, area.width);
    }
}

/// Fits a file name into `width` columns keeping what tells names apart: first the
/// extension goes, then the middle (`informan-a.txt` -> `informan-a` -> `inf…n-a`).
pub(crate) fn fit_name(name: &str, width: usize) -> String {
    use crate::core::display::width as w;
    if w(name) <= width {
        return name.to_owned();
    }
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if w(stem) <= width || width < 3 {
        return super::fit(stem, width);
    }
    let chars: Vec<char> = stem.chars().collect();
    let tail = (width - 1) / 2;
    let head = width - 1 - tail;
    let end: String = chars[chars.len().saturating_sub(tail)..].iter().collect();
    let start: String = chars.iter().take(head).collect();
    if w(&start) + w(&end) < width {
        format!("{start}…{end}")
    } else {
        super::fit(stem, width)
    }
}

#[cfg(test)]
mod tests {
    use super::fit_name;

    #[test]
    fn names_keep_their_distinguishing_end() {
        assert_eq!(fit_name("informan-a.txt", 20), "informan-a.txt");
        assert_eq!(fit_name("informan-a.txt", 10), "informan-a");
        assert_eq!(fit_name("informan-a.txt", 7), "inf…n-a");
        assert_eq!(fit_name("wawancara-polisi-kupang.md", 9), "wawa…pang");
    }
}
