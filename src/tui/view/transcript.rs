//! Centre pane: the transcript around the current paragraph.
//!
//! Only what fits on screen is wrapped: the current paragraph from its scroll offset,
//! and neighbours up to the pane's height. A one-megabyte paragraph costs no more
//! than the lines shown (STYLE practice 9).

use super::Feedback;
use super::fit;
use crate::app::state::State;
use crate::core::display::sanitize_line;
use crate::core::project::Content;
use crate::tui::theme::Theme;
use crate::tui::wrap_cache::WrapCache;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// A paragraph above the current one is wrapped whole (so its end can show) up to
/// this size; a larger one shows only its heading.
const WHOLE_NEIGHBOUR_BYTES: usize = 16 * 1024;

pub struct Transcript<'a> {
    pub state: &'a State,
    pub cache: &'a mut WrapCache,
    pub theme: Theme,
}

/// Rows of one paragraph as drawn: heading, text, applied codes.
struct Rows {
    lines: Vec<Line<'static>>,
    /// True when the text continues past the last line drawn.
    cut: bool,
}

impl Transcript<'_> {
    pub fn draw(mut self, area: Rect, buf: &mut Buffer) -> Feedback {
        let s = self.state;
        let doc = &s.project.documents[s.doc];
        let attrs = s.project.attributes.of(&doc.name).join(" · ");
        let title = if attrs.is_empty() {
            doc.name.clone()
        } else {
            format!("{} · {attrs}", doc.name)
        };
        let title = fit(
            &sanitize_line(&title),
            usize::from(area.width.saturating_sub(4)),
        );
        let block = Block::bordered()
            .border_style(self.theme.border())
            .title(Span::styled(title, self.theme.title()));
        let inner = block.inner(area);
        block.render(area, buf);
        let content = match &doc.content {
            Ok(c) if !c.paragraphs.is_empty() => c,
            Ok(_) => return self.message(inner, buf, "This document has no text to code."),
            Err(e) => {
                return self.message(inner, buf, &format!("Cannot open this document.\n\n{e}"));
            }
        };
        if inner.width < 4 || inner.height < 2 {
            return Feedback::default();
        }
        self.paragraphs(content, inner, buf)
    }

    fn message(&self, area: Rect, buf: &mut Buffer, text: &str) -> Feedback {
        let text: Vec<Line> = text.lines().map(|l| Line::from(sanitize_line(l))).collect();
        Paragraph::new(text)
            .style(self.theme.warning())
            .wrap(Wrap { trim: false })
            .render(area, buf);
        Feedback::default()
    }

    fn paragraphs(&mut self, content: &Content, area: Rect, buf: &mut Buffer) -> Feedback {
        let s = self.state;
        let height = usize::from(area.height);
        let text_w = usize::from(area.width) - 2;
        let mut feedback = Feedback::default();
        // The current paragraph: heading, then text from the scroll offset.
        let (current, shown_scroll) = self.current_rows(content, text_w, height);
        if shown_scroll != s.scroll {
            feedback.scroll = Some(shown_scroll);
        }
        let fits = !current.cut && shown_scroll == 0;
        let above_room = if fits {
            (height / 3).min(height.saturating_sub(current.lines.len()))
        } else {
            0
        };
        // Neighbours above, bottom-up into `above_room` rows: their ends show.
        let mut above: Vec<(Line<'static>, bool)> = Vec::new();
        let mut p = s.para;
        while above.len() < above_room && p > 0 {
            p -= 1;
            let whole = content.paragraphs[p].body(&content.text).len() <= WHOLE_NEIGHBOUR_BYTES;
            let rows = self.neighbour_rows(content, p, text_w, if whole { usize::MAX } else { 0 });
            let mut block: Vec<(Line<'static>, bool)> =
                rows.lines.into_iter().map(|l| (l, false)).collect();
            block.push((Line::default(), false));
            above.splice(0..0, block);
        }
        let skip = above.len().saturating_sub(above_room);
        let mut rows: Vec<(Line<'static>, bool)> = above.into_iter().skip(skip).collect();
        rows.extend(current.lines.into_iter().map(|l| (l, true)));
        let mut n = s.para + 1;
        while rows.len() < height && n < content.paragraphs.len() {
            rows.push((Line::default(), false));
            let left = height - rows.len();
            rows.extend(
                self.neighbour_rows(content, n, text_w, left)
                    .lines
                    .into_iter()
                    .map(|l| (l, false)),
            );
            n += 1;
        }
        for (i, (line, is_current)) in rows.into_iter().take(height).enumerate() {
            let y = area.y + u16::try_from(i).unwrap_or(0);
            if is_current {
                buf.set_string(area.x, y, "▌", self.theme.bar());
            }
            buf.set_line(area.x + 2, y, &line, area.width - 2);
        }
        feedback
    }

    fn current_rows(&mut self, content: &Content, width: usize, height: usize) -> (Rows, usize) {
        let s = self.state;
        let codes = self.codes_line(s.para, true);
        let chrome = 1 + usize::from(codes.is_some());
        let text_rows = height.saturating_sub(chrome).max(1);
        let para = &content.paragraphs[s.para];
        let body = para.body(&content.text);
        let key = (s.doc, s.para, width);
        let (lines, done) = self.cache.lines(key, body, s.scroll + text_rows + 1);
        let total_known = lines.len();
        // Clamp the scroll so the last page of a long paragraph stays full.
        let scroll = if done {
            s.scroll.min(total_known.saturating_sub(text_rows))
        } else {
            s.scroll
        };
        let shown: Vec<Line<'static>> = lines
            .iter()
            .skip(scroll)
            .take(text_rows)
            .map(|l| Line::from(Span::styled(l.text.clone(), self.theme.current())))
            .collect();
        let more_below = !done || scroll + text_rows < total_known;
        let mut out = vec![self.heading(content, s.para, true, scroll, more_below)];
        out.extend(shown);
        out.extend(codes);
        (
            Rows {
                lines: out,
                cut: more_below,
            },
            scroll,
        )
    }

    fn neighbour_rows(&mut self, content: &Content, p: usize, width: usize, max: usize) -> Rows {
        let body = content.paragraphs[p].body(&content.text);
        let key = (self.state.doc, p, width);
        let dim = self.theme.dim();
        let mut out = vec![self.heading(content, p, false, 0, false)];
        let codes = self.codes_line(p, false);
        let (lines, done) = self.cache.lines(key, body, max);
        out.extend(
            lines
                .iter()
                .take(max)
                .map(|l| Line::from(Span::styled(l.text.clone(), dim))),
        );
        let cut = !done || lines.len() > max;
        if cut {
            out.push(Line::from(Span::styled("⋯", dim)));
        }
        out.extend(codes);
        Rows { lines: out, cut }
    }

    fn heading(
        &self,
        content: &Content,
        p: usize,
        current: bool,
        scroll: usize,
        more: bool,
    ) -> Line<'static> {
        let para = &content.paragraphs[p];
        let style = if current {
            self.theme.heading()
        } else {
            self.theme.dim()
        };
        let mut spans = vec![Span::styled(format!("¶{}", p + 1), style)];
        if let Some(speaker) = para.speaker(&content.text) {
            spans.push(Span::styled(format!("  {}", sanitize_line(speaker)), style));
        }
        if let Some(ts) = para.timestamp.clone() {
            spans.push(Span::styled(
                format!("  {}", &content.text[ts]),
                self.theme.dim(),
            ));
        }
        if current && (scroll > 0 || more) {
            let hint = match (scroll > 0, more) {
                (true, true) => format!("  line {} ↕", scroll + 1),
                (true, false) => format!("  line {} ↑", scroll + 1),
                _ => "  ↓ more (scroll)".to_owned(),
            };
            spans.push(Span::styled(hint, self.theme.dim()));
        }
        Line::from(spans)
    }

    /// The applied codes of paragraph `p` as `[Label]` tags in their colours.
    fn codes_line(&self, p: usize, current: bool) -> Option<Line<'static>> {
        let s = self.state;
        let codes = s.docs[s.doc].codes(p)?;
        let mut spans = Vec::new();
        for id in codes {
            let (label, color) = match s.codebook.get(id) {
                Some(c) => (c.label.get(s.lang).to_owned(), c.color),
                None => (format!("{id}?"), None),
            };
            let mut style = self.theme.code(color);
            style = if current {
                style.add_modifier(ratatui::style::Modifier::BOLD)
            } else {
                style.patch(self.theme.dim())
            };
            spans.push(Span::styled(format!("[{}]", sanitize_line(&label)), style));
            spans.push(Span::raw(" "));
        }
        spans.pop();
        Some(Line::from(spans).style(Style::new()))
    }
}
