//! The attributes screen: the current document's attributes, one row each (name,
//! type, value), the prompt being answered with its error, how quotes of this
//! paragraph are cited, and the keys.

use super::fit;
use crate::app::attributes::{Prompt, Screen, document, rows};
use crate::app::state::State;
use crate::core::attributes::AttrType;
use crate::core::attributes::citation::{Quote, Template};
use crate::core::display::{sanitize_line, width as text_width};
use crate::i18n::{fill, strings};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub struct AttributesView<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub screen: &'a Screen,
}

/// Width of the type column.
const TYPE_W: usize = 8;

/// `s` padded with spaces (or cut) to `w` columns.
fn pad(s: &str, w: usize) -> String {
    let s = fit(s, w);
    let n = w.saturating_sub(text_width(&s));
    format!("{s}{}", " ".repeat(n))
}

impl AttributesView<'_> {
    fn title(&self) -> String {
        let s = self.state;
        let t = strings(s.lang);
        let ro = s
            .project
            .attributes
            .readonly
            .as_ref()
            .map(|_| format!(" · {}", t.ui_status_readonly))
            .unwrap_or_default();
        fill(
            t.ui_attr_title,
            &[
                ("name", &sanitize_line(document(s))),
                ("n", &(s.doc + 1)),
                ("total", &s.project.documents.len()),
                ("ro", &ro),
            ],
        )
    }

    /// One row: the marker, name, type and value; a value that does not fit its
    /// type (kept from the file as it was) says so.
    fn row(&self, name: &str, name_w: usize, width: usize, selected: bool) -> Line<'static> {
        let a = &self.state.project.attributes;
        let ty = a.type_of(name);
        let declared = a.declared(name).is_some();
        let value = a.value(document(self.state), name);
        let mut value_span = match value {
            Some(v) => Span::raw(sanitize_line(v)),
            None => Span::styled("·", self.theme.dim()),
        };
        let odd = value.is_some_and(|v| ty.check(v).is_err());
        let type_text = if declared { ty.name() } else { "(text)" };
        let head = format!(
            "{}{} {} ",
            if selected { "▶ " } else { "  " },
            pad(&sanitize_line(name), name_w),
            pad(type_text, TYPE_W)
        );
        let room = width.saturating_sub(text_width(&head));
        value_span.content = fit(&value_span.content, room).into();
        let mut spans = vec![Span::raw(head), value_span];
        if odd {
            spans.push(Span::styled(
                format!(" ⚠ {}", article(self.state.lang, ty)),
                self.theme.warning(),
            ));
        }
        let line = Line::from(spans);
        if selected {
            line.style(self.theme.selected())
        } else {
            line
        }
    }

    /// The prompt's lines: what is asked with the input and a cursor, then the error
    /// or what is expected.
    fn prompt(&self, p: &Prompt, width: usize) -> Vec<Line<'static>> {
        let cursor = Span::styled(" ", Style::new().add_modifier(Modifier::REVERSED));
        let a = &self.state.project.attributes;
        let t = strings(self.state.lang);
        let (ask, input, error, hint) = match p {
            Prompt::Value { name, input, error } => {
                let ty = a.type_of(name);
                (
                    format!("{} ({}): ", sanitize_line(name), ty.name()),
                    input.as_str(),
                    error,
                    fill(t.ui_attr_value_hint, &[("expects", &capital(ty.expects()))]),
                )
            }
            Prompt::Name { input, error } => (
                format!("{} ", t.ui_attr_new_name),
                input.as_str(),
                error,
                t.ui_attr_name_hint.to_owned(),
            ),
            Prompt::Type {
                name,
                choice,
                new,
                error,
            } => return self.type_prompt(name, *choice, *new, error.as_deref(), width),
        };
        let shown = sanitize_line(input);
        let room = width.saturating_sub(text_width(&ask) + 1);
        let tail = tail(&shown, room);
        let second = match error {
            Some(e) => Span::styled(fit(&sanitize_line(e), width), self.theme.warning()),
            None => Span::styled(fit(&hint, width), self.theme.dim()),
        };
        vec![
            Line::from(vec![
                Span::styled(ask, self.theme.heading()),
                Span::raw(tail),
                cursor,
            ]),
            Line::from(second),
        ]
    }

    fn type_prompt(
        &self,
        name: &str,
        choice: usize,
        new: bool,
        error: Option<&str>,
        width: usize,
    ) -> Vec<Line<'static>> {
        let tr = strings(self.state.lang);
        let ask = if new {
            tr.ui_attr_type_of
        } else {
            tr.ui_attr_new_type_of
        };
        let mut spans = vec![Span::styled(
            format!("{} ", fill(ask, &[("name", &sanitize_line(name))])),
            self.theme.heading(),
        )];
        for (i, t) in AttrType::ALL.iter().enumerate() {
            let label = format!("[{}]{}", &t.name()[..1], &t.name()[1..]);
            let style = if i == choice {
                self.theme.selected()
            } else {
                Style::new()
            };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw(" "));
        }
        let second = match error {
            Some(e) => Span::styled(fit(&sanitize_line(e), width), self.theme.warning()),
            None => Span::styled(fit(tr.ui_attr_type_hint, width), self.theme.dim()),
        };
        vec![Line::from(spans), Line::from(second)]
    }

    /// How a quote of the current paragraph is cited, when the project has a
    /// citation template.
    fn citation(&self) -> Option<String> {
        let s = self.state;
        let a = &s.project.attributes;
        a.citation.as_ref()?;
        let doc = s.project.documents.get(s.doc)?;
        let speaker = doc
            .content
            .as_ref()
            .ok()
            .and_then(|c| c.paragraphs.get(s.para).and_then(|p| p.speaker(&c.text)));
        let coder = [s.coder.as_str()];
        let cited = Template::of(a).render(
            a,
            &Quote {
                document: &doc.name,
                paragraph: s.para + 1,
                speaker,
                coders: &coder,
            },
        );
        Some(fill(
            strings(s.lang).ui_attr_cited,
            &[("n", &(s.para + 1)), ("cited", &sanitize_line(&cited))],
        ))
    }
}

/// "not a number", "not a date", ... for a warning.
fn article(lang: crate::i18n::Lang, t: AttrType) -> &'static str {
    let s = strings(lang);
    match t {
        AttrType::Text => s.ui_attr_not_text,
        AttrType::Number => s.ui_attr_not_number,
        AttrType::Date => s.ui_attr_not_date,
        AttrType::YesNo => s.ui_attr_not_yes_no,
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The end of `s` that fits in `w` columns (what is being typed stays in sight).
fn tail(s: &str, w: usize) -> String {
    if text_width(s) <= w {
        return s.to_owned();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let cw = text_width(&c.to_string());
        if used + cw > w {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

impl Widget for AttributesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.inner(Margin {
            horizontal: 1,
            vertical: 1,
        });
        Clear.render(area, buf);
        let block = Block::bordered().title(Span::styled(
            fit(&self.title(), usize::from(area.width.saturating_sub(2))),
            self.theme.title(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 5 || inner.width < 20 {
            return;
        }
        let width = usize::from(inner.width);
        let mut bottom: Vec<Line> = match &self.screen.prompt {
            Some(p) => self.prompt(p, width),
            None => Vec::new(),
        };
        if let Some(c) = self.citation() {
            bottom.push(Line::from(Span::styled(fit(&c, width), self.theme.dim())));
        }
        let t = strings(self.state.lang);
        let keys = t.ui_attr_keys;
        bottom.push(Line::from(Span::styled(fit(keys, width), self.theme.dim())));
        let names = rows(self.state);
        let name_w = names
            .iter()
            .map(|n| text_width(&sanitize_line(n)))
            .max()
            .unwrap_or(0)
            .clamp(9, (width / 3).max(9));
        let header = format!(
            "  {} {} {}",
            pad(t.ui_attr_attribute, name_w),
            pad(t.ui_attr_type, TYPE_W),
            t.ui_attr_value
        );
        buf.set_line(
            inner.x,
            inner.y,
            &Line::from(Span::styled(fit(&header, width), self.theme.heading())),
            inner.width,
        );
        let list_rows = usize::from(inner.height)
            .saturating_sub(2 + bottom.len())
            .max(1);
        let selected = self.screen.selected.min(names.len().saturating_sub(1));
        let first = (selected + 1).saturating_sub(list_rows);
        if names.is_empty() {
            let text = t.ui_attr_none;
            buf.set_line(
                inner.x,
                inner.y + 1,
                &Line::from(Span::styled(fit(text, width), self.theme.dim())),
                inner.width,
            );
        }
        for (i, name) in names.iter().enumerate().skip(first).take(list_rows) {
            let y = inner.y + 1 + u16::try_from(i - first).unwrap_or(0);
            buf.set_line(
                inner.x,
                y,
                &self.row(name, name_w, width, i == selected),
                inner.width,
            );
        }
        let top = inner.y + inner.height - u16::try_from(bottom.len()).unwrap_or(0);
        for (i, line) in bottom.iter().enumerate() {
            let y = top + u16::try_from(i).unwrap_or(0);
            buf.set_line(inner.x, y, line, inner.width);
        }
    }
}
