//! The review screen: codings that a transcript edit moved by a near match (to
//! confirm) or left without a paragraph (to attach or discard). For the one selected
//! it shows what the reviewer judges by: where the coding was, as the sidecar kept it,
//! and the paragraph it is on (or would go to) now, with its speaker and first words.

use super::fit;
use super::flow::{Flow, paragraph};
use crate::app::state::{ReviewItem, State};
use crate::core::coding::sidecar::ParagraphEntry;
use crate::core::display::{sanitize_line, wrap};
use crate::i18n::fill;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

/// Lines of a paragraph's text shown as its first words.
const FIRST_LINES: usize = 2;

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

/// The one-line summary of a review item in the list.
pub fn summary(state: &State, item: ReviewItem) -> String {
    let t = crate::i18n::strings(state.lang);
    let d = &state.docs[state.doc].decisions;
    match item {
        ReviewItem::NearMatch(i) => {
            let codes = d
                .paragraphs
                .get(&i)
                .map(|p| labels(state, p.codes.iter()))
                .unwrap_or_default();
            fill(t.ui_review_near, &[("n", &(i + 1)), ("codes", &codes)])
        }
        ReviewItem::Detached(k) => {
            let e = &d.detached[k];
            let text = if e.memo.is_empty() {
                t.ui_review_detached
            } else {
                t.ui_review_detached_memo
            };
            fill(
                text,
                &[
                    ("n", &e.paragraph),
                    ("codes", &labels(state, e.codes.iter())),
                ],
            )
        }
    }
}

impl Widget for ReviewView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.inner(Margin {
            horizontal: 2,
            vertical: 1,
        });
        Clear.render(area, buf);
        let doc = &self.state.project.documents[self.state.doc];
        let items = self.state.docs[self.state.doc].review_items();
        let title = fill(
            crate::i18n::strings(self.state.lang).ui_review_title,
            &[("name", &sanitize_line(&doc.name)), ("n", &items.len())],
        );
        let block = Block::bordered().title(Span::styled(
            fit(&title, usize::from(area.width.saturating_sub(2))),
            self.theme.title(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width);
        let height = usize::from(inner.height);
        let keys = self.keys(items.get(self.selected).copied(), width);
        let list_h = items.len().min((height / 3).max(1));
        let mut lines = self.list(&items, list_h, width);
        lines.push(Line::from(Span::styled(
            "─".repeat(width),
            self.theme.border(),
        )));
        if let Some(&item) = items.get(self.selected) {
            lines.extend(self.details(item, width));
        }
        let room = height.saturating_sub(keys.len());
        let y = |row: usize| inner.y + u16::try_from(row).unwrap_or(0);
        for (row, line) in lines.iter().take(room).enumerate() {
            buf.set_line(inner.x, y(row), line, inner.width);
        }
        for (k, line) in keys.iter().enumerate() {
            buf.set_line(inner.x, y(room + k), line, inner.width);
        }
    }
}

impl ReviewView<'_> {
    /// `rows` rows of the list around the selected item, which is marked.
    fn list(&self, items: &[ReviewItem], rows: usize, width: usize) -> Vec<Line<'static>> {
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        items
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .map(|(i, item)| {
                let (mark, style) = if i == self.selected {
                    ("▶ ", self.theme.selected())
                } else {
                    ("  ", Style::new())
                };
                let text = fit(
                    &sanitize_line(&format!("{mark}{}", summary(self.state, *item))),
                    width,
                );
                Line::from(Span::styled(format!("{text:<width$}"), style))
            })
            .collect()
    }

    /// Where the selected coding was, and the paragraph it is on or would go to now.
    fn details(&self, item: ReviewItem, width: usize) -> Vec<Line<'static>> {
        let s = self.state;
        let d = &s.docs[s.doc];
        let head = self.theme.heading();
        let t = crate::i18n::strings(s.lang);
        let mut out = Vec::new();
        match item {
            ReviewItem::NearMatch(i) => {
                let before = match d.moved_from.get(&i) {
                    Some(o) => fill(
                        t.ui_review_was_near,
                        &[("n", &o.paragraph), ("start", &o.start), ("end", &o.end)],
                    ),
                    None => t.ui_review_was_unknown.to_owned(),
                };
                out.extend(paragraph(&before, Style::new(), width, 2));
                out.extend(self.paragraph_lines(i, width, t.ui_review_now, head));
            }
            ReviewItem::Detached(k) => {
                let e = &d.decisions.detached[k];
                out.extend(paragraph(&self.was(e), Style::new(), width, 2));
                let n = s.para_count();
                if (1..=n).contains(&e.paragraph) && e.paragraph - 1 != s.para {
                    let dim = self.theme.dim();
                    out.extend(self.paragraph_lines(
                        e.paragraph - 1,
                        width,
                        t.ui_review_number_now,
                        dim,
                    ));
                }
                if s.para < n {
                    out.extend(self.paragraph_lines(s.para, width, t.ui_review_would_go, head));
                }
            }
        }
        out
    }

    /// What the sidecar kept of a detached coding.
    fn was(&self, e: &ParagraphEntry) -> String {
        let t = crate::i18n::strings(self.state.lang);
        let memo = e
            .memo
            .lines()
            .next()
            .map(|m| format!("; memo: {}", fit(m, 60)))
            .unwrap_or_default();
        fill(
            t.ui_review_was_detached,
            &[
                ("n", &e.paragraph),
                ("start", &e.start),
                ("end", &e.end),
                ("codes", &labels(self.state, e.codes.iter())),
                ("memo", &memo),
            ],
        )
    }

    /// Paragraph `p` of the current document after `label`: number and speaker, its
    /// first words, and its codes now.
    fn paragraph_lines(
        &self,
        p: usize,
        width: usize,
        label: &str,
        style: Style,
    ) -> Vec<Line<'static>> {
        let s = self.state;
        let Ok(content) = &s.project.documents[s.doc].content else {
            return Vec::new();
        };
        let Some(para) = content.paragraphs.get(p) else {
            return Vec::new();
        };
        let mut heading = format!("{label} ¶{}", p + 1);
        if let Some(speaker) = para.speaker(&content.text) {
            heading.push_str(&format!("  {}", sanitize_line(speaker)));
        }
        let mut out = vec![Line::from(Span::styled(fit(&heading, width), style))];
        let body = para.body(&content.text);
        let lines = wrap(body, 0, width.saturating_sub(2).max(1), FIRST_LINES + 1);
        for (k, l) in lines.iter().take(FIRST_LINES).enumerate() {
            let more = if k + 1 == FIRST_LINES && lines.len() > FIRST_LINES {
                " …"
            } else {
                ""
            };
            out.push(Line::from(format!("  {}{more}", l.text)));
        }
        let codes = s.docs[s.doc]
            .codes(p)
            .map(|c| labels(s, c.iter()))
            .unwrap_or_else(|| crate::i18n::strings(s.lang).ui_review_no_codes.to_owned());
        out.extend(paragraph(
            &format!("  {}", sanitize_line(&codes)),
            self.theme.dim(),
            width,
            2,
        ));
        out
    }

    /// The keys for the selected item, flowed to the width.
    fn keys(&self, item: Option<ReviewItem>, width: usize) -> Vec<Line<'static>> {
        let t = crate::i18n::strings(self.state.lang);
        let para = self.state.para + 1;
        let attach = fill(t.ui_review_key_attach, &[("n", &para)]);
        let undo = self.state.keymap.key_label("undo");
        let redo = self.state.keymap.key_label("redo");
        let mut keys: Vec<(&str, &str)> = match item {
            Some(ReviewItem::NearMatch(_)) => vec![
                ("Enter", t.ui_review_key_confirm),
                ("x", t.ui_review_key_detach),
                ("g", t.ui_review_key_show),
            ],
            Some(ReviewItem::Detached(_)) => {
                vec![("Enter", &attach), ("x x", t.ui_review_key_discard)]
            }
            None => Vec::new(),
        };
        keys.push(("j/k", t.ui_key_move));
        keys.extend([
            (undo.as_str(), t.ui_key_undo),
            (redo.as_str(), t.ui_key_redo),
        ]);
        keys.push(("Esc", t.ui_key_closes));
        let mut f = Flow::new(width, 0);
        for (key, what) in keys.into_iter().filter(|(k, _)| !k.is_empty()) {
            f.item(
                vec![
                    Span::styled(key.to_owned(), self.theme.key()),
                    Span::styled(format!(" {what}"), self.theme.dim()),
                ],
                " · ",
            );
        }
        f.finish()
    }
}
