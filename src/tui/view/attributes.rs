//! The attributes screen: the current document's attributes, one row each (name,
//! type, value), the prompt being answered with its error, how quotes of this
//! paragraph are cited, and the keys.

use super::fit;
use crate::app::attributes::{Prompt, Screen, document, rows};
use crate::app::state::State;
use crate::core::attributes::AttrType;
use crate::core::attributes::citation::{Quote, Template};
use crate::core::display::{sanitize_line, width as text_width};
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
        let ro = s
            .project
            .attributes
            .readonly
            .as_ref()
            .map(|_| " · READ-ONLY")
            .unwrap_or_default();
        format!(
            " Attributes of {} ({}/{}){ro} · ]/[ document · Esc closes ",
            sanitize_line(document(s)),
            s.doc + 1,
            s.project.documents.len()
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
                format!(" ⚠ not {}", article(ty)),
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
        let (ask, input, error, hint) = match p {
            Prompt::Value { name, input, error } => {
                let ty = a.type_of(name);
                (
                    format!("{} ({}): ", sanitize_line(name), ty.name()),
                    input.as_str(),
                    error,
                    format!(
                        "{}; empty clears it · Enter saves · Esc back",
                        capital(ty.expects())
                    ),
                )
            }
            Prompt::Name { input, error } => (
                "New attribute's name: ".to_owned(),
                input.as_str(),
                error,
                "e.g. role, city, age · Enter: then its type · Esc back".to_owned(),
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
        let mut spans = vec![Span::styled(
            format!(
                "{} {}: ",
                if new { "Type of" } else { "New type of" },
                sanitize_line(name)
            ),
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
            None => Span::styled(
                fit(
                    "t, n, d or y chooses · Tab moves, Enter takes it · Esc back",
                    width,
                ),
                self.theme.dim(),
            ),
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
        Some(format!(
            "Quotes of ¶{} are cited: {}",
            s.para + 1,
            sanitize_line(&cited)
        ))
    }
}

/// "a number", "a date", ... for a warning.
fn article(t: AttrType) -> &'static str {
    match t {
        AttrType::Text => "text",
        AttrType::Number => "a number",
        AttrType::Date => "a date",
        AttrType::YesNo => "yes/no",
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
        let keys = "Enter edit · x clear · a add · t type · ]/[ document · u undo · Ctrl-r redo";
        bottom.push(Line::from(Span::styled(fit(keys, width), self.theme.dim())));
        let names = rows(self.state);
        let name_w = names
            .iter()
            .map(|n| text_width(&sanitize_line(n)))
            .max()
            .unwrap_or(0)
            .clamp(9, (width / 3).max(9));
        let header = format!(
            "  {} {} Value",
            pad("Attribute", name_w),
            pad("Type", TYPE_W)
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
            let text = "No attributes yet: a adds one (its name, then its type), or import a spreadsheet: tandai attributes import FILE.csv";
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
