//! The help screen, generated from the live keymap, the action docs and the codebook,
//! so it never disagrees with what the keys do.

use super::flow::Flow;
use crate::app::action::COMMANDS;
use crate::app::state::State;
use crate::core::display::sanitize_line;
use crate::i18n::{self, Strings};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub struct Help<'a> {
    pub state: &'a State,
    pub theme: Theme,
    pub scroll: usize,
}

/// How the other screens work, one paragraph each (wrapped to the screen's width).
fn screens(t: &Strings) -> [&'static str; 14] {
    [
        t.ui_help_picker,
        t.ui_help_review,
        t.ui_help_codebook,
        t.ui_help_memo,
        t.ui_help_search,
        t.ui_help_retrieve,
        t.ui_help_attributes,
        t.ui_help_overview,
        t.ui_help_team,
        t.ui_help_messages,
        t.ui_help_paste,
        t.ui_help_esc,
        t.ui_help_help,
        t.ui_help_saving,
    ]
}

/// The help screen's lines, before wrapping: a key line is the keys' column and what
/// they do; other lines are paragraphs.
pub fn help_lines(state: &State, theme: Theme) -> Vec<Line<'static>> {
    let t = i18n::strings(state.lang);
    let mut out = vec![
        Line::from(Span::styled(t.ui_help_keys, theme.title())),
        Line::default(),
    ];
    for c in COMMANDS {
        let keys: Vec<String> = state
            .keymap
            .keys_for(c.name)
            .iter()
            .map(|k| k.label())
            .collect();
        out.push(Line::from(vec![
            Span::styled(format!("  {:<16}", keys.join(" ")), theme.key()),
            Span::raw(c.help_in(state.lang)),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(t.ui_help_code_keys, theme.title())));
    let mut keyless = 0;
    for code in state.codebook.codes.iter().filter(|c| c.active()) {
        match code.key {
            Some(k) => out.push(Line::from(vec![
                Span::styled(
                    format!("  {:<16}", sanitize_line(&k.to_string())),
                    theme.key(),
                ),
                Span::raw(sanitize_line(&format!(
                    "{} ({})",
                    code.label.get(state.lang),
                    code.id
                ))),
            ])),
            None => keyless += 1,
        }
    }
    if keyless > 0 {
        let text = i18n::count(keyless, t.ui_help_keyless_one, t.ui_help_keyless_other);
        out.push(Line::from(format!("  {text}")));
    }
    out.push(Line::default());
    for text in screens(t) {
        out.push(Line::from(text.to_owned()));
    }
    if !state.files.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(t.ui_help_files, theme.title())));
        for (what, path) in &state.files {
            out.push(Line::from(vec![
                Span::raw(format!("  {:<16}", file_kind(t, what))),
                Span::raw(sanitize_line(path)),
            ]));
        }
    }
    if let Some(Ok(c)) = state.project.documents.get(state.doc).map(|d| &d.content)
        && !c.left_out.is_empty()
    {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            i18n::fill(
                t.ui_help_this_document,
                &[(
                    "name",
                    &sanitize_line(&state.project.documents[state.doc].name),
                )],
            ),
            theme.title(),
        )));
        for n in &c.left_out {
            out.push(Line::from(format!("  {}", sanitize_line(n))));
        }
    }
    if !state.notes.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(t.ui_help_notes, theme.title())));
        for n in &state.notes {
            out.push(Line::from(Span::styled(
                format!("  {}", sanitize_line(n)),
                theme.warning(),
            )));
        }
    }
    out
}

/// The name of a kind of file in the help's Files section (`state.files` names them
/// in English: codebook, sidecars, config, keymap, state, lock).
fn file_kind<'a>(t: &'static Strings, what: &'a str) -> &'a str {
    match what {
        "codebook" => t.ui_file_codebook,
        "sidecars" => t.ui_file_sidecars,
        "config" => t.ui_file_config,
        "keymap" => t.ui_file_keymap,
        "state" => t.ui_file_state,
        "lock" => t.ui_file_lock,
        other => other,
    }
}

/// A help line flowed to `width`: a key line's description continues under the
/// description, a paragraph's under its second column.
fn wrap_help(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    let spans = &line.spans;
    let (mut flow, rest) = match spans.as_slice() {
        [keys, rest @ ..] if !rest.is_empty() => {
            let mut f = Flow::new(width, crate::core::display::width(&keys.content));
            f.item(vec![keys.clone()], "");
            (f, rest)
        }
        _ => (Flow::new(width, 2), spans.as_slice()),
    };
    for span in rest {
        flow.text(&span.content, span.style.patch(line.style));
    }
    flow.finish()
}

impl Help<'_> {
    /// Draws the help and returns the first line shown (the scroll, kept within the
    /// text).
    pub fn draw(self, area: Rect, buf: &mut Buffer) -> usize {
        let area = area.inner(ratatui::layout::Margin {
            horizontal: 2,
            vertical: 1,
        });
        Clear.render(area, buf);
        let block = Block::bordered().title(Span::styled(
            i18n::strings(self.state.lang).ui_help_title,
            self.theme.title(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width);
        let lines: Vec<Line<'static>> = help_lines(self.state, self.theme)
            .iter()
            .flat_map(|l| wrap_help(l, width))
            .collect();
        let max = lines.len().saturating_sub(usize::from(inner.height));
        let first = self.scroll.min(max);
        for (row, line) in lines
            .iter()
            .skip(first)
            .take(usize::from(inner.height))
            .enumerate()
        {
            buf.set_line(
                inner.x,
                inner.y + u16::try_from(row).unwrap_or(0),
                line,
                inner.width,
            );
        }
        first
    }
}
