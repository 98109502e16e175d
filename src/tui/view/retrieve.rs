//! The retrieval list: every paragraph matching the code query, with its document,
//! number, speaker, codes and the start of its text.

use super::fit;
use crate::app::retrieve::Retrieval;
use crate::app::state::State;
use crate::core::display::{sanitize_line, wrap};
use crate::i18n::{count, fill};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

/// Text lines shown under each passage's heading.
const TEXT_LINES: usize = 2;

pub struct RetrieveView<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub retrieval: &'a Retrieval,
}

impl RetrieveView<'_> {
    /// The keys of the list, flowed to the width under it.
    fn keys(&self, width: usize) -> Vec<Line<'static>> {
        let t = crate::i18n::strings(self.state.lang);
        let mut f = super::flow::Flow::new(width, 0);
        for (key, what) in [
            ("Enter", t.ui_retrieve_key_open),
            ("/", t.ui_retrieve_key_new),
            ("e", t.ui_retrieve_key_edit),
            ("c", t.ui_key_another_coder),
            ("Esc", t.ui_key_closes),
        ] {
            f.item(
                vec![
                    Span::styled(key, self.theme.key()),
                    Span::styled(format!(" {what}"), self.theme.dim()),
                ],
                " · ",
            );
        }
        f.finish()
    }

    fn put(&self, buf: &mut Buffer, inner: Rect, row: usize, line: &Line) {
        if row < usize::from(inner.height) {
            let y = inner.y + u16::try_from(row).unwrap_or(0);
            buf.set_line(inner.x, y, line, inner.width);
        }
    }
}

impl Widget for RetrieveView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.inner(Margin {
            horizontal: 1,
            vertical: 1,
        });
        Clear.render(area, buf);
        let s = self.state;
        let r = self.retrieval;
        let n = r.results.len();
        let t = crate::i18n::strings(s.lang);
        let title = fill(
            t.ui_retrieve_title,
            &[
                ("whose", &r.whose.label(s)),
                (
                    "passages",
                    &count(n, t.ui_retrieve_passages_one, t.ui_retrieve_passages_other),
                ),
            ],
        );
        let block = Block::bordered().title(Span::styled(
            fit(
                &sanitize_line(&title),
                usize::from(area.width.saturating_sub(2)),
            ),
            self.theme.title(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 5 || inner.width < 10 {
            return;
        }
        let width = usize::from(inner.width);
        // The query, and what is wrong with it (or how queries are written).
        let mut query = vec![Span::styled(
            format!("{} ", t.ui_retrieve_codes),
            self.theme.heading(),
        )];
        query.push(Span::raw(sanitize_line(&r.input)));
        if r.editing {
            query.push(Span::styled(" ", self.theme.selected()));
        }
        self.put(buf, inner, 0, &Line::from(query));
        let about = match (&r.error, r.shown_in(self.state.lang)) {
            (Some(e), _) => super::flow::paragraph(
                &fill(t.ui_retrieve_invalid, &[("why", &sanitize_line(e))]),
                self.theme.warning(),
                width,
                0,
            ),
            (None, Some(q)) => super::flow::paragraph(
                &fill(t.ui_retrieve_about, &[("query", &sanitize_line(&q))]),
                self.theme.dim(),
                width,
                0,
            ),
            (None, None) => Vec::new(),
        };
        let about: Vec<Line> = about.into_iter().take(2).collect();
        for (k, line) in about.iter().enumerate() {
            self.put(buf, inner, 1 + k, line);
        }
        let foot = self.keys(width);
        let foot_top = usize::from(inner.height).saturating_sub(foot.len());
        for (k, line) in foot.iter().enumerate() {
            self.put(buf, inner, foot_top + k, line);
        }
        let list_top = 2 + about.len().max(1);
        let list_rows = foot_top.saturating_sub(list_top);
        if r.results.is_empty() {
            self.put(buf, inner, list_top, &Line::from(t.ui_retrieve_none));
            return;
        }
        let per = TEXT_LINES + 2;
        let fit_items = (list_rows / per).max(1);
        // Rows of the list end above the keys, even when not one passage fits whole.
        let inner = Rect {
            height: u16::try_from(foot_top).unwrap_or(inner.height),
            ..inner
        };
        let first = r.selected.saturating_sub(fit_items - 1);
        let mut row = list_top;
        for (i, &(doc, para)) in r.results.iter().enumerate().skip(first).take(fit_items) {
            let d = &s.project.documents[doc];
            let Ok(content) = &d.content else { continue };
            let Some(p) = content.paragraphs.get(para) else {
                continue;
            };
            let codes: Vec<String> = crate::app::team::codes_for(s, r.whose, doc, para)
                .iter()
                .map(|id| {
                    format!(
                        "[{}]",
                        s.codebook
                            .get(id)
                            .map_or(id.as_str(), |c| c.label.get(s.lang))
                    )
                })
                .collect();
            let speaker = p
                .speaker(&content.text)
                .map(|sp| format!(" · {sp}"))
                .unwrap_or_default();
            let heading = format!(
                "{:>4}. {} ¶{}{speaker}  {}",
                i + 1,
                d.name,
                para + 1,
                codes.join(" ")
            );
            let style = if i == r.selected {
                self.theme.selected()
            } else {
                self.theme.heading()
            };
            let heading = fit(&sanitize_line(&heading), width);
            self.put(
                buf,
                inner,
                row,
                &Line::from(Span::styled(format!("{heading:<width$}"), style)),
            );
            let body = p.body(&content.text);
            let lines = wrap(body, 0, width.saturating_sub(6).max(1), TEXT_LINES + 1);
            for (k, l) in lines.iter().take(TEXT_LINES).enumerate() {
                let more = k + 1 == TEXT_LINES && lines.len() > TEXT_LINES;
                let text = if more {
                    format!("      {} …", l.text)
                } else {
                    format!("      {}", l.text)
                };
                self.put(
                    buf,
                    inner,
                    row + 1 + k,
                    &Line::from(Span::styled(text, Style::new())),
                );
            }
            row += per;
        }
    }
}
