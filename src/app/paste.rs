//! A paste is text, never commands (RELIABILITY I2). The terminal marks a paste
//! (bracketed paste), and `update` hands it here, to whatever takes text in the
//! current mode:
//! - the memo editor inserts it with its line breaks (CRLF and CR become LF);
//! - one-line prompts (search, code picker, retrieval query, the codebook screen's
//!   text fields and target lists, the attributes screen's value and name) insert it with each line break and tab as a
//!   space; the codebook's key prompt refuses it (a key is typed);
//! - every other screen takes keys, not text: the paste is ignored, with a message.
//!
//! Control characters other than line breaks and tabs are dropped everywhere: a paste
//! of terminal output must not store escape codes.

use super::editor::{Ask, Prompt};
use super::state::{Effect, Mode, State};
use super::update::{tr, warn};

/// Characters a one-line prompt takes from one paste: a search or a code name is
/// short, and each character of a search query narrows the matches once.
pub const LINE_LIMIT: usize = 2_000;

/// Text the terminal marked as pasted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paste {
    pub text: String,
    /// Bytes past the terminal layer's limit that were not kept (0: none).
    pub cut: usize,
}

impl From<&str> for Paste {
    fn from(text: &str) -> Paste {
        Paste {
            text: text.to_owned(),
            cut: 0,
        }
    }
}

/// Where a paste goes in the current mode.
enum Goes {
    Memo,
    Line,
    Refused(&'static str),
}

fn target(state: &State) -> Goes {
    match &state.mode {
        Mode::Memo(_) => Goes::Memo,
        Mode::Search | Mode::Picker(_) => Goes::Line,
        Mode::Retrieve if state.retrieval.as_ref().is_some_and(|r| r.editing) => Goes::Line,
        Mode::Attributes(_) if super::attributes::typing(state) => Goes::Line,
        Mode::Editor(e) => match &e.prompt {
            Some(Prompt::Text { ask: Ask::Key, .. }) => Goes::Refused(tr(state).ui_paste_key),
            Some(Prompt::Text { .. } | Prompt::Target { .. }) => Goes::Line,
            _ => Goes::Refused(tr(state).ui_paste_editor),
        },
        _ => Goes::Refused(tr(state).ui_paste_keys),
    }
}

/// Applies a paste to whatever takes text in the current mode.
pub fn paste(state: &mut State, paste: Paste) -> Vec<Effect> {
    let text = match target(state) {
        Goes::Refused(why) => {
            warn(state, why.to_owned());
            return Vec::new();
        }
        Goes::Memo => memo_text(&paste.text),
        Goes::Line => {
            let line = one_line(&paste.text);
            let n = line.chars().count();
            if n > LINE_LIMIT {
                let text = crate::i18n::fill(
                    tr(state).ui_paste_too_long,
                    &[("n", &n), ("limit", &LINE_LIMIT)],
                );
                warn(state, text);
                return Vec::new();
            }
            line
        }
    };
    insert(state, &text);
    if paste.cut > 0 {
        let text = crate::i18n::fill(tr(state).ui_paste_cut, &[("n", &paste.cut)]);
        warn(state, text);
    }
    Vec::new()
}

/// Inserts already cleaned text where the current mode keeps its input.
fn insert(state: &mut State, text: &str) {
    match &mut state.mode {
        Mode::Search => super::search::insert_str(state, text),
        Mode::Retrieve => super::retrieve::insert_str(state, text),
        Mode::Attributes(_) => super::attributes::insert_str(state, text),
        Mode::Memo(ed) => ed.insert_str(text),
        Mode::Picker(p) => {
            p.query.push_str(text);
            p.selected = 0;
        }
        Mode::Editor(e) => match &mut e.prompt {
            Some(Prompt::Text { buffer, .. }) => buffer.push_str(text),
            Some(Prompt::Target {
                query, selected, ..
            }) => {
                query.push_str(text);
                *selected = 0;
            }
            _ => {}
        },
        _ => {}
    }
}

/// A memo keeps line breaks (as LF) and tabs; other control characters go.
pub fn memo_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One line: each line break (CRLF, CR or LF) and tab becomes a space; other
/// control characters go.
pub fn one_line(text: &str) -> String {
    memo_text(text)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_of_every_kind_become_one_kind() {
        assert_eq!(memo_text("a\r\nb\rc\nd\te"), "a\nb\nc\nd\te");
        assert_eq!(one_line("Kendari\r1j2j3\n"), "Kendari 1j2j3 ");
        assert_eq!(memo_text("x\u{1b}[31my\u{7}\u{9b}z"), "x[31myz");
    }
}
