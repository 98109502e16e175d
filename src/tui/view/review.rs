//! The review list: codings that a transcript edit moved by a near match (to
//! confirm) or left without a paragraph (to attach or discard).

use super::fit;
use crate::app::state::{ReviewItem, State};
use crate::core::display::sanitize_line;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub struct ReviewView<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub selected: usize,
}

/// `[Kontak] [Keakraban]` for code ids, in the current language.
fn labels<'a>(state: &State, codes: impl Iterator<Item = &'a String>) -> String {
    codes
        .map(|id| {
            format!(
                "[{}]",
                state
                    .codebook
                    .get(id)
                    .map_or(id.as_str(), |c| c.label.get(state.lang))
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of one review row.
pub fn describe(state: &State, item: ReviewItem) -> String {
    let d = &state.docs[state.doc].decisions;
    match item {
        ReviewItem::NearMatch(i) => {
            let codes = d
                .paragraphs
                .get(&i)
                .map(|p| labels(state, p.codes.iter()))
                .unwrap_or_default();
            format!(
                "¶{} near match, moved here after an edit: {codes}. Enter confirms, x detaches, g shows it",
                i + 1
            )
        }
        ReviewItem::Detached(k) => {
            let e = &d.detached[k];
            let memo = if e.memo.is_empty() {
                String::new()
            } else {
                " + memo".to_owned()
            };
            format!(
                "was ¶{} (characters {}-{}): {}{memo}; its text is gone or changed. Enter attaches it to ¶{}, x discards",
                e.paragraph,
                e.start,
                e.end,
                labels(state, e.codes.iter()),
                state.para + 1
            )
        }
    }
}

impl Widget for ReviewView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.inner(ratatui::layout::Margin {
            horizontal: 2,
            vertical: 2,
        });
        Clear.render(area, buf);
        let doc = &self.state.project.documents[self.state.doc];
        let items = self.state.docs[self.state.doc].review_items();
        let title = format!(
            " Needs review: {} ({}) · j/k move · Esc closes ",
            sanitize_line(&doc.name),
            items.len()
        );
        let block = Block::bordered().title(Span::styled(title, self.theme.title()));
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width);
        let rows = usize::from(inner.height);
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        for (row, (i, item)) in items.iter().enumerate().skip(first).take(rows).enumerate() {
            let style = if i == self.selected {
                self.theme.selected()
            } else {
                Style::new()
            };
            let text = fit(&sanitize_line(&describe(self.state, *item)), width);
            let line = Line::from(Span::styled(format!("{text:<width$}"), style));
            buf.set_line(
                inner.x,
                inner.y + u16::try_from(row).unwrap_or(0),
                &line,
                inner.width,
            );
        }
    }
}
