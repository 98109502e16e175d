//! The help screen, generated from the live keymap, the action docs and the codebook,
//! so it never disagrees with what the keys do.

use super::flow::Flow;
use crate::app::action::COMMANDS;
use crate::app::state::State;
use crate::core::display::sanitize_line;
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
const SCREENS: [&str; 14] = [
    "In the code picker: type to filter (label in either language, or id), Up/Down or Ctrl-n/Ctrl-p move, Enter applies or removes the code, Esc or Ctrl-g closes.",
    "Review screen (r), after a transcript changed: it shows where each coding was (as the sidecar kept it) and the paragraph it is on or would go to now. j/k move, Enter confirms a near match or attaches a detached coding to the current paragraph, x detaches / discards (twice), g goes there, u / Ctrl-r undo and redo (saved like any change), Esc closes.",
    "Codebook screen (b): a add, A sub-code, n/e/i/x/E edit texts, c key, o colour, J/K reorder, m move, M merge, s split, R retire, X one-per-paragraph, D delete, u undo, Esc back. A code other coders applied is retired by Enter in the delete question; D there deletes it anyway.",
    "Memo editor (m, M): type; Enter new line; arrows, Home/End move; Alt-Backspace or Ctrl-w delete a word; Ctrl-s or Esc saves and closes; Ctrl-o hands it to $VISUAL / $EDITOR; Ctrl-g discards (twice when changed). u undoes memo changes.",
    "Search (/): type to search every document, ignoring case and accents (Ctrl-t: exact); Enter keeps it, then n/N jump between matching paragraphs and Esc or Ctrl-g clears; Esc or Ctrl-g while typing goes back.",
    "Retrieval (f): paragraphs with the code under the cursor; / types a new query, e edits it, e.g. Kontak and Keterlibatan, 1 or 2, \"Mind and Self\" but not Society (dan, atau, kecuali work too); j/k move, Enter shows one in context, f comes back to the list, c another coder's, Esc or q closes.",
    "Attributes (@): j/k move, Enter edits the value (checked by type), x clears, a adds an attribute, t changes a type, ]/[ next/previous document, u/Ctrl-r undo/redo, Esc closes. Saved to project.json.",
    "Overview (o): Tab switches tables (codes, coverage, code x document, code x attribute), j/k scroll, h/l documents or values, a the next attribute, d documents or paragraphs, c another coder's codings or everyone's (blind: on documents you finished), Esc closes.",
    "Team (F, A): F marks a document finished. A compares you with the other coders on the documents you all finished (blind: nothing of theirs shows before); Tab picks other coders, Enter or d opens the disagreements: a/b/c/d take that coder's codes, + union, & intersection, x none, e by hand (code keys, then Enter), j/k move, s shows settled ones, u undoes; saved as the consensus coder.",
    "Messages (!): the last 50 messages of the session, newest first and whole (a message too long for the status line ends there with the key); j/k scroll, Esc closes.",
    "Pasting: a paste is text, never keys: into a memo with its line breaks; into the search, code picker, retrieval query and codebook fields as one line (at most 2,000 characters); elsewhere it is ignored.",
    "Esc and a key that arrive together (a slow link) read as Alt+key: unbound, that is Esc and then the key.",
    "This help: j/k scroll, g/G (Home/End) go to the top and the end, ? or q or Esc or Enter closes.",
    "Every change is saved at once; the status line says saved / saving / NOT SAVED.",
];

/// The help screen's lines, before wrapping: a key line is the keys' column and what
/// they do; other lines are paragraphs.
pub fn help_lines(state: &State, theme: Theme) -> Vec<Line<'static>> {
    let mut out = vec![
        Line::from(Span::styled("Keys (from your keymap)", theme.title())),
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
            Span::raw(c.help.to_owned()),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        "Code keys (from the codebook): press to apply, again to remove",
        theme.title(),
    )));
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
        out.push(Line::from(format!(
            "  {keyless} more codes without a key: open the code picker and type."
        )));
    }
    out.push(Line::default());
    for text in SCREENS {
        out.push(Line::from(text.to_owned()));
    }
    if !state.files.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled("Files", theme.title())));
        for (what, path) in &state.files {
            out.push(Line::from(vec![
                Span::raw(format!("  {what:<16}")),
                Span::raw(sanitize_line(path)),
            ]));
        }
    }
    if let Some(Ok(c)) = state.project.documents.get(state.doc).map(|d| &d.content)
        && !c.left_out.is_empty()
    {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            format!(
                "This document ({})",
                sanitize_line(&state.project.documents[state.doc].name)
            ),
            theme.title(),
        )));
        for n in &c.left_out {
            out.push(Line::from(format!("  {}", sanitize_line(n))));
        }
    }
    if !state.notes.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            "Notes from loading",
            theme.title(),
        )));
        for n in &state.notes {
            out.push(Line::from(Span::styled(
                format!("  {}", sanitize_line(n)),
                theme.warning(),
            )));
        }
    }
    out
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
        let block = Block::bordered().title(Span::styled(" tandai help ", self.theme.title()));
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
