//! The agreement view (a table per code, group and overall for the coders compared)
//! and the queue of disagreements (the paragraph in context, each coder's codes and
//! memos side by side, the keys that settle it). Both fit 80x24.

use super::{fit, pad, rpad};
use crate::app::state::State;
use crate::app::team::{
    AgreementView, Pair, Queue, Team, compared, decisions_of, resolved, settled_count,
};
use crate::core::analysis::agreement::{Agreement, Coefficient, Kind, Row};
use crate::core::display::sanitize_line;
use crate::i18n::{Lang, fill, strings};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

/// "ana vs budi" or "ana vs budi, citra".
pub fn pair_title(state: &State, team: &Team, pair: Pair) -> String {
    let names: Vec<&str> = compared(team, pair)
        .into_iter()
        .map(|i| team.name(&state.coder, i))
        .collect();
    let t = strings(state.lang);
    match names.split_first() {
        Some((first, rest)) if !rest.is_empty() => fill(
            t.ui_agree_vs,
            &[("first", first), ("others", &rest.join(", "))],
        ),
        Some((first, _)) => fill(t.ui_agree_alone, &[("first", first)]),
        None => String::new(),
    }
}

/// A coefficient for the screen's table: [`crate::core::analysis::agreement::output::cell`]
/// in the interface's language (a decimal comma in Indonesian, and its words for
/// undefined and not applicable); exports keep the machine form.
fn cell(lang: Lang, i: usize, c: Coefficient) -> String {
    let t = strings(lang);
    match c {
        Coefficient::Value(v) if i == 0 => format!("{}%", crate::i18n::decimal(lang, v * 100.0, 1)),
        // A tiny negative value rounds to 0.000, not "-0.000".
        Coefficient::Value(v) => {
            crate::i18n::decimal(lang, if v.abs() < 0.0005 { 0.0 } else { v }, 3)
        }
        Coefficient::Undefined(_) => t.ui_agree_undefined.into(),
        Coefficient::NotApplicable(_) => t.ui_agree_not_applicable.into(),
    }
}

pub struct AgreementTable<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub view: &'a AgreementView,
}

impl Widget for AgreementTable<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.inner(Margin {
            horizontal: 1,
            vertical: 1,
        });
        Clear.render(area, buf);
        let Some(team) = self.state.team.as_deref() else {
            return;
        };
        let title = fill(
            strings(self.state.lang).ui_agree_title,
            &[("pair", &pair_title(self.state, team, self.view.pair))],
        );
        let block = Block::bordered().title(Span::styled(
            fit(&title, usize::from(area.width.saturating_sub(2))),
            self.theme.title(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 4 || inner.width < 30 {
            return;
        }
        match &self.view.result {
            Err(why) => Paragraph::new(sanitize_line(why))
                .wrap(Wrap { trim: true })
                .render(inner, buf),
            Ok(a) => self.table(a, team, inner, buf),
        }
    }
}

impl AgreementTable<'_> {
    fn table(&self, a: &Agreement, team: &Team, inner: Rect, buf: &mut Buffer) {
        let width = usize::from(inner.width);
        let t = strings(self.state.lang);
        let two = a.coders.len() == 2;
        // Columns: name, units, agreement, kappa (Cohen for two, Fleiss for more),
        // alpha, and for two coders both / only A / only B.
        let nums = if two {
            6 + 7 + 10 + 10 + 6 * 3
        } else {
            6 + 7 + 10 + 10
        };
        let name_w = width.saturating_sub(nums).max(8);
        let mut head = format!(
            "{}{}{}{}{}",
            pad("", name_w),
            rpad(t.ui_agree_units, 6),
            rpad(t.ui_agree_agree, 7),
            rpad(if two { "Cohen" } else { "Fleiss" }, 10),
            rpad("alpha", 10)
        );
        if two {
            let (x, y) = (&a.coders[0], &a.coders[1]);
            head.push_str(&rpad(t.ui_agree_both, 6));
            head.push_str(&rpad(&fit(x, 5), 6));
            head.push_str(&rpad(&fit(y, 5), 6));
        }
        let mut lines: Vec<Line> = Vec::new();
        let section = |title: &str, rows: &[Row], lines: &mut Vec<Line>| {
            if rows.is_empty() {
                return;
            }
            lines.push(Line::from(Span::styled(
                title.to_owned(),
                self.theme.heading(),
            )));
            for r in rows {
                lines.push(self.row(r, name_w, two));
            }
        };
        section(t.ui_agree_codes, &a.codes, &mut lines);
        section(t.ui_agree_groups, &a.groups, &mut lines);
        section(
            t.ui_agree_overall,
            std::slice::from_ref(&a.overall),
            &mut lines,
        );
        let undefined = a
            .codes
            .iter()
            .chain(&a.groups)
            .chain(std::iter::once(&a.overall))
            .any(|r| {
                matches!(r.coefficients.cohen_kappa, Coefficient::Undefined(_))
                    || matches!(r.coefficients.krippendorff_alpha, Coefficient::Undefined(_))
            });
        if undefined {
            lines.push(Line::from(Span::styled(
                t.ui_agree_undefined_note,
                self.theme.dim(),
            )));
        }
        let left = a.left_out.len();
        let included = a.included.len();
        let docs = crate::i18n::count(included, t.ui_agree_docs_one, t.ui_agree_docs_other);
        lines.push(Line::from(Span::styled(
            fill(t.ui_agree_compared, &[("docs", &docs), ("left", &left)]),
            self.theme.dim(),
        )));
        for l in a.left_out.iter().take(3) {
            lines.push(Line::from(Span::styled(
                format!(
                    "  {}: {}",
                    sanitize_line(&l.document),
                    sanitize_line(&l.reason)
                ),
                self.theme.dim(),
            )));
        }
        if left > 3 {
            lines.push(Line::from(Span::styled(
                format!("  {}", fill(t.ui_agree_more_left, &[("n", &(left - 3))])),
                self.theme.dim(),
            )));
        }
        buf.set_line(
            inner.x,
            inner.y,
            &Line::from(Span::styled(head, self.theme.title())),
            inner.width,
        );
        let body = usize::from(inner.height) - 2;
        let n = lines.len();
        let first = self.view.scroll.min(n.saturating_sub(body));
        for (i, line) in lines.into_iter().skip(first).take(body).enumerate() {
            let y = inner.y + 1 + u16::try_from(i).unwrap_or(0);
            buf.set_line(inner.x, y, &line, inner.width);
        }
        let queue = match self.state.mode {
            crate::app::state::Mode::Agreement(_) => t.ui_agree_settle_key,
            _ => "",
        };
        let settled = team
            .settled
            .iter()
            .map(|d| {
                d.decisions
                    .paragraphs
                    .values()
                    .filter(|p| p.settled)
                    .count()
            })
            .sum::<usize>();
        let foot = fill(
            t.ui_agree_foot,
            &[
                ("queue", &queue),
                ("n", &settled),
                ("consensus", &team.consensus),
            ],
        );
        let y = inner.y + inner.height - 1;
        buf.set_line(
            inner.x,
            y,
            &Line::from(Span::styled(fit(&foot, width), self.theme.dim())),
            inner.width,
        );
    }

    fn row(&self, r: &Row, name_w: usize, two: bool) -> Line<'static> {
        let c = &r.coefficients;
        let label = match r.kind {
            Kind::Overall => strings(self.state.lang).ui_agree_all_pooled.to_owned(),
            _ => {
                let depth = self.state.codebook.get(&r.name).map_or(0, |c| c.depth);
                format!("{}{}", " ".repeat(depth), sanitize_line(&r.label))
            }
        };
        let kappa = if two { c.cohen_kappa } else { c.fleiss_kappa };
        let cell = |i, c| cell(self.state.lang, i, c);
        let mut s = format!(
            "{}{}{}{}{}",
            pad(&label, name_w),
            rpad(&r.units.to_string(), 6),
            rpad(&cell(0, c.percent_agreement), 7),
            rpad(&cell(1, kappa), 10),
            rpad(&cell(3, c.krippendorff_alpha), 10),
        );
        if let (true, Some(k)) = (two, r.counts) {
            for v in [k.both, k.only_a, k.only_b] {
                s.push_str(&rpad(&v.to_string(), 6));
            }
        }
        Line::from(s)
    }
}

pub struct SettleView<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub queue: &'a Queue,
}

impl Widget for SettleView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.inner(Margin {
            horizontal: 1,
            vertical: 0,
        });
        Clear.render(area, buf);
        let Some(team) = self.state.team.as_deref() else {
            return;
        };
        let q = self.queue;
        let Some(&(doc, para)) = q.items.get(q.selected) else {
            return;
        };
        let name = sanitize_line(&self.state.project.documents[doc].name);
        let title = fill(
            strings(self.state.lang).ui_settle_title,
            &[
                ("pair", &pair_title(self.state, team, q.pair)),
                ("name", &name),
                ("para", &(para + 1)),
                ("n", &settled_count(team, q)),
                ("total", &q.items.len()),
            ],
        );
        let block = Block::bordered().title(Span::styled(
            fit(&title, usize::from(area.width.saturating_sub(2))),
            self.theme.title(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 8 || inner.width < 30 {
            return;
        }
        let coders_h = (inner.height / 3).clamp(3, 8);
        let keys_h = 3;
        let text_h = inner.height.saturating_sub(coders_h + keys_h + 1);
        let text_area = Rect {
            height: text_h,
            ..inner
        };
        let coders_area = Rect {
            y: inner.y + text_h,
            height: coders_h,
            ..inner
        };
        let result_area = Rect {
            y: coders_area.y + coders_h,
            height: 1,
            ..inner
        };
        let keys_area = Rect {
            y: result_area.y + 1,
            height: keys_h,
            ..inner
        };
        self.passage(doc, para, text_area, buf);
        self.coders(team, doc, para, coders_area, buf);
        self.result(team, doc, para, result_area, buf);
        self.keys(team, keys_area, buf);
    }
}

impl SettleView<'_> {
    /// The paragraph, with the one before and after dimmed (cut to a line each).
    fn passage(&self, doc: usize, para: usize, area: Rect, buf: &mut Buffer) {
        /// A paragraph this long is cut on screen: the queue shows what to judge,
        /// the transcript the rest.
        const SHOWN_BYTES: usize = 4000;
        let Ok(content) = &self.state.project.documents[doc].content else {
            return;
        };
        let width = usize::from(area.width);
        let text_of = |i: usize| -> Option<String> {
            let p = content.paragraphs.get(i)?;
            let speaker = p
                .speaker(&content.text)
                .map(|s| format!("{s}: "))
                .unwrap_or_default();
            let body = p.body(&content.text);
            let mut end = body.len().min(SHOWN_BYTES);
            while !body.is_char_boundary(end) {
                end -= 1;
            }
            let more = if end < body.len() { " …" } else { "" };
            Some(sanitize_line(&format!(
                "¶{} {speaker}{}{more}",
                i + 1,
                &body[..end]
            )))
        };
        let mut lines = Vec::new();
        if let Some(before) = para.checked_sub(1).and_then(text_of) {
            lines.push(Line::from(Span::styled(
                fit(&before, width),
                self.theme.dim(),
            )));
        }
        if let Some(now) = text_of(para) {
            lines.push(Line::from(Span::styled(now, self.theme.current())));
        }
        if let Some(after) = text_of(para + 1) {
            lines.push(Line::from(Span::styled(
                fit(&after, width),
                self.theme.dim(),
            )));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(area, buf);
    }

    /// Each compared coder's codes and memo, side by side, with the key that takes them.
    fn coders(&self, team: &Team, doc: usize, para: usize, area: Rect, buf: &mut Buffer) {
        let n = self.queue.coders.len().max(1);
        let w = area.width / u16::try_from(n).unwrap_or(1);
        for (k, &i) in self.queue.coders.iter().enumerate() {
            let x = area.x + w * u16::try_from(k).unwrap_or(0);
            let col = Rect {
                x,
                width: if k + 1 == n {
                    area.width - w * (u16::try_from(k).unwrap_or(0))
                } else {
                    w
                },
                ..area
            };
            let key = char::from(b'a' + u8::try_from(k).unwrap_or(0));
            let name = team.name(&self.state.coder, i);
            let block = Block::bordered()
                .border_style(self.theme.border())
                .title(Span::styled(format!(" {key}: {name} "), self.theme.key()));
            let inner_col = block.inner(col);
            block.render(col, buf);
            let d = decisions_of(self.state, team, i, doc);
            let codes = resolved(self.state, d, para);
            let mut lines: Vec<Line> = codes
                .iter()
                .map(|id| {
                    let (label, color) = self
                        .state
                        .codebook
                        .get(id)
                        .map_or((id.as_str(), None), |c| {
                            (c.label.get(self.state.lang), c.color)
                        });
                    Line::from(Span::styled(sanitize_line(label), self.theme.code(color)))
                })
                .collect();
            if lines.is_empty() {
                let none = strings(self.state.lang).ui_settle_no_code;
                lines.push(Line::from(Span::styled(none, self.theme.dim())));
            }
            if let Some(memo) = d
                .and_then(|d| d.paragraphs.get(&para))
                .map(|p| p.memo.as_str())
                .filter(|m| !m.is_empty())
            {
                lines.push(Line::from(Span::styled(
                    format!("✎ {}", sanitize_line(memo)),
                    self.theme.memo(),
                )));
            }
            Paragraph::new(lines)
                .wrap(Wrap { trim: true })
                .render(inner_col, buf);
        }
    }

    /// What the consensus holds for this paragraph.
    fn result(&self, team: &Team, doc: usize, para: usize, area: Rect, buf: &mut Buffer) {
        let decision = team.settled[doc].decisions.paragraphs.get(&para);
        let t = strings(self.state.lang);
        let who = &team.consensus;
        let text = match decision {
            Some(p) if p.settled || !p.codes.is_empty() => {
                let labels: Vec<String> = p
                    .codes
                    .iter()
                    .map(|id| {
                        sanitize_line(
                            self.state
                                .codebook
                                .get(id)
                                .map_or(id.as_str(), |c| c.label.get(self.state.lang)),
                        )
                    })
                    .collect();
                if labels.is_empty() {
                    fill(t.ui_settle_as_none, &[("who", who)])
                } else {
                    let codes = labels.join(", ");
                    fill(t.ui_settle_as, &[("who", who), ("codes", &codes)])
                }
            }
            _ => fill(t.ui_settle_not_yet, &[("who", who)]),
        };
        let style = if decision.is_some() {
            self.theme.ok()
        } else {
            self.theme.warning()
        };
        buf.set_line(
            area.x,
            area.y,
            &Line::from(Span::styled(fit(&text, usize::from(area.width)), style)),
            area.width,
        );
    }

    fn keys(&self, team: &Team, area: Rect, buf: &mut Buffer) {
        let q = self.queue;
        let t = strings(self.state.lang);
        let text = if let Some(why) = &team.readonly {
            crate::app::update::read_only(self.state, why)
        } else if q.by_hand {
            t.ui_settle_by_hand.into()
        } else {
            let last =
                char::from(b'a' + u8::try_from(q.coders.len().saturating_sub(1)).unwrap_or(0));
            let keys = if q.show_settled {
                t.ui_settle_keys_hide
            } else {
                t.ui_settle_keys_show
            };
            fill(keys, &[("last", &last)])
        };
        Paragraph::new(Line::from(Span::styled(text, Style::new())))
            .wrap(Wrap { trim: true })
            .render(area, buf);
    }
}
