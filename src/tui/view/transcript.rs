//! Centre pane: the transcript around the current paragraph.
//!
//! Only what fits on screen is wrapped: the current paragraph from its scroll offset,
//! and neighbours up to the pane's height. A one-megabyte paragraph costs no more
//! than the lines shown (STYLE practice 9).
//!
//! The pane keeps its top while the current paragraph fits on screen from there:
//! a step moves the highlight (the bar, the headings), not the text, so that over a
//! slow link a step costs a few hundred bytes, not a screen. When the current
//! paragraph would leave the screen, it comes back a third of the way down.

use super::Feedback;
use super::fit;
use crate::app::state::State;
use crate::core::analysis::search::find;
use crate::core::display::{WrappedLine, sanitize_line, wrap};
use crate::core::project::Content;
use crate::tui::theme::Theme;
use crate::tui::wrap_cache::{Anchor, WrapCache};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};
use std::ops::Range;

/// A paragraph above the current one is wrapped whole (so its end can show) up to
/// this size; a larger one shows only its heading.
const WHOLE_NEIGHBOUR_BYTES: usize = 16 * 1024;

/// Lines of the current paragraph's memo shown under it (m opens all of it).
const MEMO_LINES: usize = 4;

pub struct Transcript<'a> {
    pub state: &'a State,
    pub cache: &'a mut WrapCache,
    pub theme: Theme,
    /// The documents pane is hidden: the top border says which key shows it.
    pub documents_hidden: bool,
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
        let t = crate::i18n::strings(s.lang);
        let doc = &s.project.documents[s.doc];
        let attrs = s.project.attributes.of(&doc.name).join(" · ");
        let finished = if s.docs[s.doc].decisions.finished {
            format!(" ✓ {}", t.ui_transcript_finished)
        } else {
            String::new()
        };
        let title = if attrs.is_empty() {
            format!("{}{finished}", doc.name)
        } else {
            format!("{}{finished} · {attrs}", doc.name)
        };
        let hint = self.documents_hint(usize::from(area.width));
        let title = fit(
            &sanitize_line(&title),
            usize::from(area.width.saturating_sub(4)).saturating_sub(hint.width()),
        );
        let mut block = Block::bordered()
            .border_style(self.theme.border())
            .title(Span::styled(title, self.theme.title()));
        if hint.width() > 0 {
            block = block.title_top(hint.right_aligned());
        }
        let doc_memo = &s.docs[s.doc].decisions.memo;
        if !doc_memo.is_empty() {
            let first = doc_memo.lines().next().unwrap_or_default();
            let more = if doc_memo.lines().nth(1).is_some() {
                " …"
            } else {
                ""
            };
            let text = fit(
                &format!(" ✎ {}{more} ", sanitize_line(first)),
                usize::from(area.width.saturating_sub(4)),
            );
            block = block.title_bottom(Span::styled(text, self.theme.memo()));
        }
        let inner = block.inner(area);
        block.render(area, buf);
        let content = match &doc.content {
            Ok(c) if !c.paragraphs.is_empty() => c,
            Ok(_) => return self.message(inner, buf, t.ui_transcript_no_text),
            Err(e) => {
                let why = crate::i18n::fill(t.ui_transcript_cannot_open, &[("why", e)]);
                return self.message(inner, buf, &why);
            }
        };
        if inner.width < 4 || inner.height < 2 {
            return Feedback::default();
        }
        self.paragraphs(content, inner, buf)
    }

    /// ` \ documents ` on the top border when the documents pane is hidden and the
    /// pane is wide enough to say it beside a useful part of the title.
    fn documents_hint(&self, pane_width: usize) -> Line<'static> {
        let key = self.state.keymap.key_label("toggle_documents");
        if !self.documents_hidden || key.is_empty() {
            return Line::default();
        }
        let hint = Line::from(vec![
            Span::raw(" "),
            Span::styled(sanitize_line(&key), self.theme.key()),
            Span::styled(
                format!(
                    " {} ",
                    crate::i18n::strings(self.state.lang).ui_transcript_documents
                ),
                self.theme.dim(),
            ),
        ]);
        if hint.width() + 20 > pane_width {
            return Line::default();
        }
        hint
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
        let size = (area.width, area.height);
        let anchored = fits
            .then(|| self.anchored(content, text_w, height, current.lines.len(), size))
            .flatten();
        let (mut rows, anchor) = match anchored {
            Some(above) => above,
            None => self.centred(content, text_w, height, fits, current.lines.len(), size),
        };
        self.cache.anchor = Some(anchor);
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

    /// The rows of a neighbour above the current paragraph, with the blank line
    /// after it: whole up to a size, else its heading.
    fn above_block(&mut self, content: &Content, p: usize, width: usize) -> Vec<Line<'static>> {
        let whole = content.paragraphs[p].body(&content.text).len() <= WHOLE_NEIGHBOUR_BYTES;
        let mut block = self
            .neighbour_rows(content, p, width, if whole { usize::MAX } else { 0 })
            .lines;
        block.push(Line::default());
        block
    }

    /// The rows above the current paragraph when the pane keeps the top it had, if
    /// the current paragraph (`current` rows) then fits whole below them.
    fn anchored(
        &mut self,
        content: &Content,
        width: usize,
        height: usize,
        current: usize,
        size: (u16, u16),
    ) -> Option<(Vec<(Line<'static>, bool)>, Anchor)> {
        let s = self.state;
        let anchor = self.cache.anchor?;
        if anchor.doc != s.doc || anchor.para > s.para || anchor.size != size {
            return None;
        }
        let mut above: Vec<(Line<'static>, bool)> = Vec::new();
        for p in anchor.para..s.para {
            let block = self.above_block(content, p, width);
            above.extend(block.into_iter().map(|l| (l, false)));
            if above.len() > height + anchor.skip {
                return None;
            }
        }
        let above: Vec<_> = above.into_iter().skip(anchor.skip).collect();
        (above.len() + current <= height && (anchor.para < s.para || anchor.skip == 0))
            .then_some((above, anchor))
    }

    /// The rows above the current paragraph with it a third of the way down (when it
    /// fits), and the top that makes.
    fn centred(
        &mut self,
        content: &Content,
        width: usize,
        height: usize,
        fits: bool,
        current: usize,
        size: (u16, u16),
    ) -> (Vec<(Line<'static>, bool)>, Anchor) {
        let s = self.state;
        let above_room = if fits {
            (height / 3).min(height.saturating_sub(current))
        } else {
            0
        };
        // Neighbours above, bottom-up into `above_room` rows: their ends show.
        let mut above: Vec<(Line<'static>, bool)> = Vec::new();
        let mut p = s.para;
        while above.len() < above_room && p > 0 {
            p -= 1;
            let block = self.above_block(content, p, width);
            above.splice(0..0, block.into_iter().map(|l| (l, false)));
        }
        let skip = above.len().saturating_sub(above_room);
        let anchor = Anchor {
            doc: s.doc,
            para: p,
            skip,
            size,
        };
        (above.into_iter().skip(skip).collect(), anchor)
    }

    fn current_rows(&mut self, content: &Content, width: usize, height: usize) -> (Rows, usize) {
        let s = self.state;
        let codes = self.codes_lines(s.para, true, width);
        let memo = self.memo_lines(s.para, width, true);
        let chrome = 1 + codes.len() + memo.len();
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
        let visible: Vec<WrappedLine> =
            lines.iter().skip(scroll).take(text_rows).cloned().collect();
        let found = self.matches(body, &visible);
        let shown: Vec<Line<'static>> = visible
            .iter()
            .map(|l| self.text_line(body, l, self.theme.current(), &found))
            .collect();
        let more_below = !done || scroll + text_rows < total_known;
        let mut out = vec![self.heading(content, s.para, true, width, scroll, more_below)];
        out.extend(shown);
        out.extend(codes);
        out.extend(memo);
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
        let mut out = vec![self.heading(content, p, false, width, 0, false)];
        let codes = self.codes_lines(p, false, width);
        let (lines, done) = self.cache.lines(key, body, max);
        let cut = !done || lines.len() > max;
        let visible: Vec<WrappedLine> = lines.iter().take(max).cloned().collect();
        let found = self.matches(body, &visible);
        // The text looks the same current or not (the bar, the heading and the tags
        // tell the current one): a step then redraws the bar and two headings, not
        // two paragraphs of text.
        let text = self.theme.current();
        out.extend(
            visible
                .iter()
                .map(|l| self.text_line(body, l, text, &found)),
        );
        if cut {
            out.push(Line::from(Span::styled("⋯", dim)));
        }
        out.extend(codes);
        out.extend(self.memo_lines(p, width, false));
        Rows { lines: out, cut }
    }

    fn heading(
        &self,
        content: &Content,
        p: usize,
        current: bool,
        width: usize,
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
        if let Some(ts) = para.timestamp() {
            spans.push(Span::styled(
                format!("  {}", &content.text[ts]),
                self.theme.dim(),
            ));
        }
        if current && (scroll > 0 || more) {
            let t = crate::i18n::strings(self.state.lang);
            let line = crate::i18n::fill(t.ui_transcript_line, &[("n", &(scroll + 1))]);
            let (hint, short) = match (scroll > 0, more) {
                (true, true) => (format!("  {line} ↕"), None),
                (true, false) => (format!("  {line} ↑"), None),
                _ => (
                    format!("  ↓ {}", t.ui_transcript_more_scroll),
                    Some(format!("  ↓ {}", t.ui_transcript_more)),
                ),
            };
            // In a narrow pane the hint keeps its arrow, which is what it says.
            let used: usize = spans.iter().map(|s| s.width()).sum();
            let hint = match short {
                Some(short) if used + crate::core::display::width(&hint) > width => short,
                _ => hint,
            };
            spans.push(Span::styled(hint, self.theme.dim()));
        }
        Line::from(spans)
    }

    /// Byte ranges (in `body`) of the kept search's matches within the lines shown.
    fn matches(&self, body: &str, shown: &[WrappedLine]) -> Vec<Range<usize>> {
        let (Some(search), Some(first), Some(last)) =
            (&self.state.search, shown.first(), shown.last())
        else {
            return Vec::new();
        };
        let from = first.source.start;
        find(&body[from..last.source.end], &search.query, search.exact)
            .into_iter()
            .map(|r| r.start + from..r.end + from)
            .collect()
    }

    /// One wrapped line of `body`, with search matches marked.
    fn text_line(
        &self,
        body: &str,
        line: &WrappedLine,
        style: Style,
        found: &[Range<usize>],
    ) -> Line<'static> {
        let src = line.source.clone();
        let here: Vec<&Range<usize>> = found
            .iter()
            .filter(|r| r.start < src.end && r.end > src.start)
            .collect();
        if here.is_empty() {
            return Line::from(Span::styled(line.text.clone(), style));
        }
        let piece = |a: usize, b: usize| sanitize_line(body[a..b].trim_end_matches(['\n', '\r']));
        let mut spans = Vec::new();
        let mut pos = src.start;
        for r in here {
            let (a, b) = (r.start.max(src.start), r.end.min(src.end));
            if a > pos {
                spans.push(Span::styled(piece(pos, a), style));
            }
            spans.push(Span::styled(piece(a, b), self.theme.found()));
            pos = b;
        }
        if pos < src.end {
            spans.push(Span::styled(piece(pos, src.end), style));
        }
        Line::from(spans)
    }

    /// The memo of paragraph `p`: all of it (up to a few lines) for the current
    /// paragraph, its first line for a neighbour.
    fn memo_lines(&self, p: usize, width: usize, current: bool) -> Vec<Line<'static>> {
        let s = self.state;
        let Some(memo) = s.docs[s.doc]
            .decisions
            .paragraphs
            .get(&p)
            .map(|d| d.memo.as_str())
            .filter(|m| !m.is_empty())
        else {
            return Vec::new();
        };
        let style = if current {
            self.theme.memo()
        } else {
            self.theme.memo().patch(self.theme.dim())
        };
        let max = if current { MEMO_LINES } else { 1 };
        let lines = wrap(memo, 0, width.saturating_sub(2).max(1), max + 1);
        let mut out: Vec<Line<'static>> = lines
            .iter()
            .take(max)
            .enumerate()
            .map(|(i, l)| {
                let mark = if i == 0 { "✎ " } else { "  " };
                Line::from(Span::styled(format!("{mark}{}", l.text), style))
            })
            .collect();
        if lines.len() > max
            && let Some(last) = out.last_mut()
        {
            last.push_span(Span::styled(" …", style));
        }
        out
    }

    /// The applied codes of paragraph `p` as `[Label]` tags in their colours, as many
    /// lines as they take (a tag is never cut between lines unless wider than one).
    fn codes_lines(&self, p: usize, current: bool, width: usize) -> Vec<Line<'static>> {
        let s = self.state;
        let Some(codes) = s.docs[s.doc].codes(p) else {
            return Vec::new();
        };
        let mut flow = super::flow::Flow::new(width, 0);
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
            flow.item(
                vec![Span::styled(format!("[{}]", sanitize_line(&label)), style)],
                " ",
            );
        }
        flow.finish()
    }
}
