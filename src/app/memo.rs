//! The memo editor: a small multi-line editor for the memo on a paragraph or on a
//! document, and the hand-over to `$EDITOR`. Pure: the text lives in the state, and
//! running an external editor is an effect the loop performs.

use super::state::{Change, Edit, Effect, Mode, SaveState, State};
use crate::core::display::{sanitize_line, width, wrap};
use std::ops::Range;

/// What a memo is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoTarget {
    Paragraph { doc: usize, para: usize },
    Document { doc: usize },
}

/// The memo being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoEditor {
    pub target: MemoTarget,
    pub text: String,
    /// Byte offset of the cursor in `text`.
    pub cursor: usize,
    /// The memo as it was when the editor opened.
    pub original: String,
    /// Set after one discard key on a changed memo: the next one discards.
    pub armed: bool,
}

/// What the memo editor's keys do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoAction {
    Insert(char),
    Newline,
    Backspace,
    /// Delete the word before the cursor (Alt-Backspace, Ctrl-w).
    DeleteWord,
    Delete,
    Left,
    Right,
    Up,
    Down,
    LineStart,
    LineEnd,
    /// Save the memo and close.
    Save,
    /// Close without saving (asks again when the memo changed).
    Discard,
    /// Hand the memo to `$VISUAL` / `$EDITOR`.
    External,
    /// The external editor finished: the new text, or why it failed.
    ExternalDone(Result<String, String>),
}

/// Columns the memo editor's text area has at this terminal size. The view draws
/// with the same width, so Up and Down move by the lines the user sees.
pub fn text_width(size: (u16, u16)) -> usize {
    usize::from(size.0.saturating_sub(8).clamp(20, 96)) - 2
}

/// Rows the text area has at this terminal size.
pub fn text_height(size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(10).clamp(3, 16))
}

/// The text's display lines at `w` columns as byte ranges, with an empty last line
/// when the text is empty or ends with a line break (where the cursor can be).
pub fn visual_lines(text: &str, w: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = wrap(text, 0, w, usize::MAX)
        .into_iter()
        .map(|l| l.source)
        .collect();
    if text.is_empty() || text.ends_with('\n') {
        out.push(text.len()..text.len());
    }
    out
}

/// The display line holding the cursor, and the cursor's column in it.
pub fn cursor_place(lines: &[Range<usize>], text: &str, cursor: usize) -> (usize, usize) {
    let line = lines
        .iter()
        .rposition(|r| r.start <= cursor)
        .unwrap_or_default();
    let start = lines.get(line).map_or(0, |r| r.start);
    let col = width(&sanitize_line(&text[start..cursor.max(start)]));
    (line, col)
}

impl MemoEditor {
    fn changed(&self) -> bool {
        self.text != self.original
    }

    /// Byte offset in line `r` closest to display column `col`, not past its end: a
    /// hard line's end is before its line break, a soft-wrapped line's is before its
    /// last character (its end is where the next line starts).
    fn at_column(&self, r: &Range<usize>, col: usize) -> usize {
        let raw = &self.text[r.clone()];
        let body = raw.trim_end_matches(['\n', '\r']);
        let hard = body.len() < raw.len();
        let last = if hard || r.end == self.text.len() {
            r.start + body.len()
        } else {
            r.start + body.char_indices().last().map_or(0, |(i, _)| i)
        };
        for (i, c) in body.char_indices() {
            let p = r.start + i;
            if p >= last || width(&sanitize_line(&body[..i + c.len_utf8()])) > col {
                return p.min(last);
            }
        }
        last
    }

    /// Inserts text at the cursor (a paste), in one step however long it is.
    pub fn insert_str(&mut self, text: &str) {
        self.text.insert_str(self.cursor, text);
        self.cursor += text.len();
        self.armed = false;
    }

    fn edit(&mut self, a: &MemoAction, w: usize) {
        let t = &mut self.text;
        let prev = |t: &str, at: usize| {
            t[..at]
                .chars()
                .next_back()
                .map_or(at, |c| at - c.len_utf8())
        };
        let next = |t: &str, at: usize| t[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        match a {
            MemoAction::Insert(c) => {
                t.insert(self.cursor, *c);
                self.cursor += c.len_utf8();
            }
            MemoAction::Newline => {
                t.insert(self.cursor, '\n');
                self.cursor += 1;
            }
            MemoAction::Backspace => {
                let p = prev(t, self.cursor);
                t.replace_range(p..self.cursor, "");
                self.cursor = p;
            }
            MemoAction::DeleteWord => {
                let before = &t[..self.cursor];
                let word_end = before.trim_end().len();
                let start = before[..word_end]
                    .rfind(char::is_whitespace)
                    .map_or(0, |i| {
                        i + before[i..].chars().next().map_or(1, char::len_utf8)
                    });
                t.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            MemoAction::Delete => {
                let n = next(t, self.cursor);
                t.replace_range(self.cursor..n, "");
            }
            MemoAction::Left => self.cursor = prev(t, self.cursor),
            MemoAction::Right => self.cursor = next(t, self.cursor),
            MemoAction::Up | MemoAction::Down | MemoAction::LineStart | MemoAction::LineEnd => {
                let lines = visual_lines(&self.text, w);
                let (line, col) = cursor_place(&lines, &self.text, self.cursor);
                self.cursor = match a {
                    MemoAction::Up if line > 0 => self.at_column(&lines[line - 1], col),
                    MemoAction::Up => 0,
                    MemoAction::Down if line + 1 < lines.len() => {
                        self.at_column(&lines[line + 1], col)
                    }
                    MemoAction::Down => self.text.len(),
                    MemoAction::LineStart => lines[line].start,
                    _ => self.at_column(&lines[line], usize::MAX),
                };
            }
            _ => {}
        }
        self.armed = false;
    }
}

/// `text` with CRLF and lone CR line ends as LF, so that the editor's keys and the
/// sidecar see one kind of line end.
fn unix_lines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Opens the editor on the current paragraph's memo, or on the document's.
pub fn open(state: &mut State, document: bool) {
    let doc = state.doc;
    if let Some(why) = &state.docs[doc].readonly {
        super::update::warn(state, crate::app::update::read_only(state, why));
        return;
    }
    if !document && state.para >= state.para_count() {
        super::update::warn(state, super::update::tr(state).ui_memo_no_paragraphs.into());
        return;
    }
    if !super::retest::allows(state) {
        return;
    }
    let (target, text) = if document {
        (
            MemoTarget::Document { doc },
            state.docs[doc].decisions.memo.clone(),
        )
    } else {
        let para = state.para;
        (
            MemoTarget::Paragraph { doc, para },
            state.docs[doc]
                .decisions
                .paragraphs
                .get(&para)
                .map(|p| p.memo.clone())
                .unwrap_or_default(),
        )
    };
    let text = unix_lines(&text);
    state.mode = Mode::Memo(MemoEditor {
        target,
        cursor: text.len(),
        original: text.clone(),
        text,
        armed: false,
    });
}

/// Applies a memo editor action.
pub fn update_memo(state: &mut State, a: MemoAction) -> Vec<Effect> {
    let w = text_width(state.size);
    let Mode::Memo(ed) = &mut state.mode else {
        return Vec::new();
    };
    match a {
        MemoAction::Save => {
            let ed = ed.clone();
            state.mode = Mode::Coding;
            save(state, ed.target, &ed.original, &ed.text)
        }
        MemoAction::Discard => {
            let changed = ed.changed();
            if changed && !ed.armed {
                ed.armed = true;
                let text = super::update::tr(state).ui_memo_discard_ask;
                super::update::warn(state, text.into());
            } else {
                state.mode = Mode::Coding;
                if changed {
                    super::update::info(state, super::update::tr(state).ui_memo_discarded);
                }
            }
            Vec::new()
        }
        MemoAction::External => vec![Effect::ExternalEditor(ed.text.clone())],
        MemoAction::ExternalDone(Ok(text)) => {
            ed.text = unix_lines(&text);
            ed.cursor = ed.text.len();
            let ed = ed.clone();
            state.mode = Mode::Coding;
            save(state, ed.target, &ed.original, &ed.text)
        }
        MemoAction::ExternalDone(Err(why)) => {
            let text =
                crate::i18n::fill(super::update::tr(state).ui_editor_failed, &[("why", &why)]);
            super::update::warn(state, text);
            Vec::new()
        }
        a => {
            ed.edit(&a, w);
            Vec::new()
        }
    }
}

/// Saves a memo as an undoable change; trailing blank lines and spaces are dropped.
fn save(state: &mut State, target: MemoTarget, before: &str, after: &str) -> Vec<Effect> {
    let after = after.trim_end().to_owned();
    if after == before {
        return Vec::new();
    }
    let edit = match target {
        MemoTarget::Paragraph { doc, para } => Edit {
            doc,
            para,
            change: Change::Memo {
                before: before.to_owned(),
                after,
            },
        },
        MemoTarget::Document { doc } => Edit {
            doc,
            para: state.para,
            change: Change::DocumentMemo {
                before: before.to_owned(),
                after,
            },
        },
    };
    state.redo.clear();
    super::update::info(state, super::update::tr(state).ui_memo_updated);
    super::update::apply(state, &edit, false)
}

/// Sets the memo a change describes (`after`, or `before` when undoing).
pub fn set_memo(state: &mut State, edit: &Edit, text: &str) {
    let d = &mut state.docs[edit.doc];
    match edit.change {
        Change::DocumentMemo { .. } => d.decisions.memo = text.to_owned(),
        _ => {
            let entry = d.decisions.paragraphs.entry(edit.para).or_default();
            entry.memo = text.to_owned();
            if entry.is_empty() {
                d.decisions.paragraphs.remove(&edit.para);
            }
        }
    }
    d.generation += 1;
    d.save = SaveState::Saving;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ed(text: &str, cursor: usize) -> MemoEditor {
        MemoEditor {
            target: MemoTarget::Document { doc: 0 },
            text: text.into(),
            cursor,
            original: String::new(),
            armed: false,
        }
    }

    #[test]
    fn delete_word_takes_the_word_before_the_cursor_and_its_spaces() {
        let mut e = ed("Informan sangat  ragu  ", 23);
        e.edit(&MemoAction::DeleteWord, 20);
        assert_eq!((e.text.as_str(), e.cursor), ("Informan sangat  ", 17));
        e.edit(&MemoAction::DeleteWord, 20);
        assert_eq!((e.text.as_str(), e.cursor), ("Informan ", 9));
        let mut e = ed("kata😀ñ", "kata😀ñ".len());
        e.edit(&MemoAction::DeleteWord, 20);
        assert_eq!((e.text.as_str(), e.cursor), ("", 0));
        e.edit(&MemoAction::DeleteWord, 20);
        assert_eq!(e.text, "", "nothing before the cursor: nothing happens");
    }

    #[test]
    fn typing_and_deleting_handle_multibyte_text() {
        let mut e = ed("", 0);
        for c in "añ😀".chars() {
            e.edit(&MemoAction::Insert(c), 20);
        }
        e.edit(&MemoAction::Left, 20);
        e.edit(&MemoAction::Backspace, 20);
        assert_eq!(e.text, "a😀");
        e.edit(&MemoAction::Delete, 20);
        assert_eq!(e.text, "a");
        e.edit(&MemoAction::Delete, 20);
        e.edit(&MemoAction::Right, 20);
        assert_eq!((e.text.as_str(), e.cursor), ("a", 1));
    }

    #[test]
    fn up_and_down_follow_the_lines_on_screen() {
        // "satu dua " wraps before "tiga" at 9 columns.
        let text = "satu dua tiga\nx\n";
        let mut e = ed(text, 2);
        e.edit(&MemoAction::Down, 9);
        assert_eq!(&e.text[e.cursor..], "ga\nx\n");
        e.edit(&MemoAction::Down, 9);
        assert_eq!(
            &e.text[e.cursor..],
            "\n",
            "column clamps to the short line's end"
        );
        e.edit(&MemoAction::Down, 9);
        assert_eq!(e.cursor, text.len(), "the empty last line");
        e.edit(&MemoAction::Up, 9);
        e.edit(&MemoAction::LineStart, 9);
        assert_eq!(&e.text[e.cursor..], "x\n");
        e.edit(&MemoAction::Up, 9);
        e.edit(&MemoAction::LineEnd, 9);
        assert_eq!(&e.text[e.cursor..], "\nx\n");
        e.edit(&MemoAction::Up, 9);
        e.edit(&MemoAction::LineEnd, 9);
        assert_eq!(
            &e.text[e.cursor..],
            " tiga\nx\n",
            "a wrapped line ends before the next"
        );
    }
}
