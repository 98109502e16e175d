//! Wrapped lines per paragraph and width, computed only as far as the screen needs.

use crate::core::display::{WrappedLine, wrap};
use std::collections::HashMap;

/// How many paragraphs' wrappings to keep before starting afresh.
const MAX_ENTRIES: usize = 4096;

#[derive(Default)]
struct Entry {
    lines: Vec<WrappedLine>,
    next: usize,
    done: bool,
}

/// Cache of wrapped paragraph bodies, keyed by document, paragraph and width; and
/// where the transcript pane's top was in the last frame.
#[derive(Default)]
pub struct WrapCache {
    entries: HashMap<(usize, usize, usize), Entry>,
    /// The transcript pane's top row in the last frame: a step to a paragraph that
    /// fits on screen from there keeps it, so the highlight moves and the text stays
    /// (over a slow link only the changed cells travel).
    pub anchor: Option<Anchor>,
}

/// The paragraph at the top of the transcript pane, and how many of its rows were
/// above the pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub doc: usize,
    pub para: usize,
    pub skip: usize,
    /// The pane's width and height: another size lays out afresh.
    pub size: (u16, u16),
}

impl WrapCache {
    /// At least `upto` wrapped lines of `text` (fewer if it has fewer), and whether
    /// that is all of it.
    pub fn lines(
        &mut self,
        key: (usize, usize, usize),
        text: &str,
        upto: usize,
    ) -> (&[WrappedLine], bool) {
        if self.entries.len() > MAX_ENTRIES && !self.entries.contains_key(&key) {
            self.entries.clear();
        }
        let e = self.entries.entry(key).or_default();
        if !e.done && e.lines.len() < upto {
            let more = wrap(text, e.next, key.2, upto - e.lines.len());
            e.next = more.last().map_or(text.len(), |l| l.source.end);
            e.lines.extend(more);
            e.done = e.next >= text.len();
        }
        (&e.lines, e.done)
    }
}
