//! The codebook screen: the code tree with keys, colours and this coder's usage; the
//! selected code's texts; and the prompt of the change under way.

use super::fit;
use crate::app::editor::{Ask, Editor, Prompt, Target, targets, usage};
use crate::app::state::State;
use crate::core::display::{sanitize_line, wrap};
use crate::i18n::{fill, strings};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub struct EditorView<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub editor: &'a Editor,
}

impl Widget for EditorView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        let s = self.state;
        let title = fill(
            strings(s.lang).ui_editor_title,
            &[
                ("title", &s.codebook.title.get(s.lang)),
                ("lang", &s.lang.code().to_uppercase()),
            ],
        );
        let block = Block::bordered().title(Span::styled(
            fit(&sanitize_line(&title), usize::from(area.width) - 2),
            self.theme.title(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        let foot_lines = self.keys(usize::from(inner.width));
        let foot_h = u16::try_from(foot_lines.len()).unwrap_or(u16::MAX);
        let [body, foot] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(foot_h)]).areas(inner);
        let [list, details] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(body);
        self.list(list, buf);
        self.details(details, buf);
        for (row, line) in foot_lines.iter().enumerate() {
            buf.set_line(
                foot.x,
                foot.y + u16::try_from(row).unwrap_or(0),
                line,
                foot.width,
            );
        }
        if let Some(p) = &self.editor.prompt {
            self.prompt(p, inner, buf);
        }
    }
}

impl EditorView<'_> {
    /// The screen's keys (`ui_editor_keys`) flowed to the width, each key kept with
    /// what it does, so every key shows (three lines at 80 columns).
    fn keys(&self, width: usize) -> Vec<Line<'static>> {
        let mut f = super::flow::Flow::new(width, 0);
        for item in strings(self.state.lang).ui_editor_keys.split(" · ") {
            let (key, what) = item.split_once(' ').unwrap_or((item, ""));
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

    fn list(&self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let used = usage(s);
        let rows = usize::from(area.height);
        let n = s.codebook.codes.len();
        let t = strings(s.lang);
        if n == 0 {
            buf.set_string(area.x, area.y, t.ui_editor_empty, self.theme.dim());
            return;
        }
        let first = self
            .editor
            .selected
            .saturating_sub(rows / 2)
            .min(n.saturating_sub(rows));
        for (row, (i, c)) in s
            .codebook
            .codes
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .enumerate()
        {
            let u = used.get(&c.id).copied().unwrap_or_default();
            let key = c.key.map_or("  ".to_owned(), |k| {
                format!("{} ", sanitize_line(&k.to_string()))
            });
            let state_note = match (&c.merged_into, c.retired, c.codable) {
                (Some(into), _, _) => format!(" → {into}"),
                (None, true, _) => format!(" {}", t.ui_editor_retired),
                (None, false, false) => {
                    if c.exclusive {
                        format!(" {}", t.ui_editor_heading_one)
                    } else {
                        format!(" {}", t.ui_editor_heading)
                    }
                }
                _ if c.exclusive => format!(" {}", t.ui_editor_one_sub),
                _ => String::new(),
            };
            let count = if u.paragraphs > 0 {
                format!("{}¶ {}d", u.paragraphs, u.documents)
            } else {
                String::new()
            };
            let width = usize::from(area.width);
            let indent = "  ".repeat(c.depth.min(5));
            let label = format!("{indent}{}{state_note}", sanitize_line(c.label.get(s.lang)));
            let room = width.saturating_sub(4 + count.len() + 1);
            let label = fit(&label, room);
            let pad = room.saturating_sub(crate::core::display::width(&label));
            let base = if i == self.editor.selected {
                self.theme.selected()
            } else {
                Style::new()
            };
            let text_style = if !c.active() {
                base.add_modifier(Modifier::DIM)
            } else {
                base
            };
            let line = Line::from(vec![
                Span::styled(key, self.theme.key().patch(base)),
                Span::styled("■ ", self.theme.code(c.color).patch(base)),
                Span::styled(label, text_style),
                Span::styled(" ".repeat(pad + 1), base),
                Span::styled(count, base),
            ]);
            buf.set_line(
                area.x,
                area.y + u16::try_from(row).unwrap_or(0),
                &line,
                area.width,
            );
        }
    }

    fn details(&self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let Some(c) = s.codebook.codes.get(self.editor.selected) else {
            return;
        };
        let width = usize::from(area.width).saturating_sub(2);
        let tr = strings(s.lang);
        let mut out: Vec<Line> = Vec::new();
        push_wrapped(
            &mut out,
            &format!("{} · {}", c.label.get(s.lang), c.id),
            width,
            self.theme.title(),
        );
        let other = s.lang.other();
        let lang = other.code().to_uppercase();
        let other_label = match c.label.own(other) {
            "" => fill(tr.ui_editor_label_missing, &[("lang", &lang)]),
            text => fill(tr.ui_editor_label, &[("lang", &lang), ("label", &text)]),
        };
        push_wrapped(&mut out, &other_label, width, self.theme.dim());
        for (head, text) in [
            (tr.ui_editor_definition, &c.definition),
            (tr.ui_code_use_when, &c.include),
            (tr.ui_editor_do_not_use, &c.exclude),
            (tr.ui_code_example, &c.example),
        ] {
            let t = text.get(s.lang);
            push_wrapped(
                &mut out,
                &format!("{head} {}", if t.is_empty() { "—" } else { t }),
                width,
                Style::new(),
            );
        }
        // The code memo (from another QDA program's code notes): shown when there is one.
        if !c.memo.trim().is_empty() {
            push_wrapped(
                &mut out,
                &format!("{} {}", tr.ui_editor_memo, c.memo.trim()),
                width,
                self.theme.dim(),
            );
        }
        for (row, line) in out.iter().take(usize::from(area.height)).enumerate() {
            buf.set_line(
                area.x + 2,
                area.y + u16::try_from(row).unwrap_or(0),
                line,
                area.width.saturating_sub(2),
            );
        }
    }

    fn prompt(&self, prompt: &Prompt, area: Rect, buf: &mut Buffer) {
        let w = area.width.saturating_sub(4).min(90);
        let h = area.height.saturating_sub(2).min(16);
        let popup = super::centered(area, w, h);
        Clear.render(popup, buf);
        let (title, lines) = self.prompt_lines(
            prompt,
            usize::from(w.saturating_sub(2)),
            usize::from(h.saturating_sub(2)),
        );
        // A title too long for the border is written whole inside instead.
        let title = sanitize_line(&title);
        let (block, lines) = if crate::core::display::width(&title) + 4 <= usize::from(w) {
            let block =
                Block::bordered().title(Span::styled(format!(" {title} "), self.theme.title()));
            (block, lines)
        } else {
            let mut all = super::flow::paragraph(&title, self.theme.title(), usize::from(w - 2), 0);
            all.extend(lines);
            (Block::bordered(), all)
        };
        let inner = block.inner(popup);
        block.render(popup, buf);
        for (row, line) in lines.iter().take(usize::from(inner.height)).enumerate() {
            buf.set_line(
                inner.x,
                inner.y + u16::try_from(row).unwrap_or(0),
                line,
                inner.width,
            );
        }
    }

    fn prompt_lines(
        &self,
        prompt: &Prompt,
        width: usize,
        rows: usize,
    ) -> (String, Vec<Line<'static>>) {
        let s = self.state;
        let code = s.codebook.codes.get(self.editor.selected);
        let id = code.map(|c| c.id.as_str()).unwrap_or_default();
        let t = strings(s.lang);
        match prompt {
            Prompt::Text { ask, buffer } => {
                let title = match ask {
                    Ask::Edit(f) => fill(
                        t.ui_editor_ask_edit,
                        &[
                            ("field", &f.name_in(s.lang)),
                            ("id", &id),
                            ("lang", &s.lang.code()),
                        ],
                    ),
                    Ask::NewSibling => t.ui_editor_ask_sibling.into(),
                    Ask::NewChild => fill(t.ui_editor_ask_child, &[("id", &id)]),
                    Ask::SplitInto => fill(t.ui_editor_ask_split, &[("id", &id)]),
                    Ask::Key => fill(t.ui_editor_ask_key, &[("id", &id)]),
                };
                let text = sanitize_line(buffer);
                let shown: String = {
                    let chars: Vec<char> = text.chars().collect();
                    chars[chars.len().saturating_sub(width.saturating_sub(2))..]
                        .iter()
                        .collect()
                };
                (
                    title,
                    vec![Line::from(vec![
                        Span::styled("> ", self.theme.key()),
                        Span::raw(shown),
                        Span::styled("▏", self.theme.key()),
                    ])],
                )
            }
            Prompt::Target {
                purpose,
                query,
                selected,
            } => {
                let title = match purpose {
                    Target::MoveUnder => fill(t.ui_editor_ask_move, &[("id", &id)]),
                    Target::MergeInto => fill(t.ui_editor_ask_merge, &[("id", &id)]),
                };
                let mut lines = vec![Line::from(vec![
                    Span::styled("> ", self.theme.key()),
                    Span::raw(sanitize_line(query)),
                    Span::styled("▏", self.theme.key()),
                ])];
                let list = targets(s, *purpose, query);
                let first = selected.saturating_sub(rows.saturating_sub(2));
                for (i, t) in list
                    .iter()
                    .enumerate()
                    .skip(first)
                    .take(rows.saturating_sub(1))
                {
                    let label = match t {
                        None => strings(s.lang).ui_editor_top_level.to_owned(),
                        Some(c) => format!(
                            "{} · {}",
                            s.codebook.codes[*c].label.get(s.lang),
                            s.codebook.codes[*c].id
                        ),
                    };
                    let style = if i == *selected {
                        self.theme.selected()
                    } else {
                        Style::new()
                    };
                    lines.push(Line::from(Span::styled(
                        fit(&sanitize_line(&label), width),
                        style,
                    )));
                }
                (title, lines)
            }
            Prompt::ConfirmDelete { message, .. } => {
                let mut lines = Vec::new();
                push_wrapped(&mut lines, message, width, self.theme.warning());
                (t.ui_editor_delete_title.into(), lines)
            }
            Prompt::Split {
                from,
                into,
                rows: paragraphs,
                checked,
                selected,
            } => {
                let title = fill(
                    t.ui_editor_split_title,
                    &[
                        ("from", from),
                        ("into", into),
                        ("n", &checked.len()),
                        ("total", &paragraphs.len()),
                    ],
                );
                let mut lines = Vec::new();
                let first = selected.saturating_sub(rows.saturating_sub(1));
                for (i, &(doc, para)) in paragraphs.iter().enumerate().skip(first).take(rows) {
                    let d = &s.project.documents[doc];
                    let text = d
                        .content
                        .as_ref()
                        .ok()
                        .map(|c| c.paragraphs[para].body(&c.text).to_owned())
                        .unwrap_or_default();
                    let mark = if checked.contains(&i) { "[x]" } else { "[ ]" };
                    let row = format!("{mark} {} ¶{}: {}", d.name, para + 1, text);
                    let style = if i == *selected {
                        self.theme.selected()
                    } else {
                        Style::new()
                    };
                    lines.push(Line::from(Span::styled(
                        fit(&sanitize_line(&row), width),
                        style,
                    )));
                }
                (title, lines)
            }
        }
    }
}

fn push_wrapped(out: &mut Vec<Line<'static>>, text: &str, width: usize, style: Style) {
    for l in wrap(text, 0, width.max(1), 50) {
        out.push(Line::from(Span::styled(l.text, style)));
    }
}
