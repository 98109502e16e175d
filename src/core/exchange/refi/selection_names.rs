//! Import, an offsets sanity check: several programs (ATLAS.ti, NVivo) write the
//! selected text, or its start, as a selection's `name`. Where a name holds text of
//! its source, the text at the selection's offsets must begin with it; when it does
//! not, the file may count offsets in UTF-16 units or in bytes instead of the code
//! points REFI-QDA prescribes, and its codings would land on the wrong paragraphs.
//! tandai does not guess: it counts the disagreements, says whether UTF-16 units
//! or bytes would explain them, and names the first few.

use super::project_read::RawSelection;
use std::collections::{HashMap, HashSet};

/// Shorter names prove nothing (`granola` may be anywhere).
const MIN_CHARS: usize = 8;

/// Bytes of text searched for names that do not agree with their offsets, over
/// one import: a file of many labelled selections on long texts stays quick.
const SCAN_BUDGET: usize = 1 << 30;

/// How many disagreements are named in the warning.
const EXAMPLES: usize = 3;

/// What the check found over all sources.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NameCheck {
    /// Selections whose name holds text of their source.
    pub checked: usize,
    /// Of those, the ones whose offsets point elsewhere.
    pub disagree: usize,
    /// Of the disagreeing ones, those that agree with offsets in UTF-16 units.
    pub utf16: usize,
    /// ... and in UTF-8 bytes.
    pub bytes: usize,
    /// Names left unchecked once [`SCAN_BUDGET`] was spent.
    pub unchecked: usize,
    scanned: usize,
    examples: Vec<String>,
}

impl NameCheck {
    /// Checks the selections of one source against its text. A name found at its
    /// offsets is text that agrees; one that is not is looked for in the whole text
    /// (a label is not found there), within [`SCAN_BUDGET`] bytes per import.
    pub(super) fn check(&mut self, source: &str, text: &str, selections: &[RawSelection]) {
        let named: Vec<(&RawSelection, String)> = selections
            .iter()
            .filter_map(|s| Some((s, name_text(s.name.as_deref()?)?)))
            .collect();
        if named.is_empty() {
            return;
        }
        let offsets =
            |s: &RawSelection| Some((s.start.trim().parse().ok()?, s.end.trim().parse().ok()?));
        let points = byte_offsets(
            text,
            named.iter().filter_map(|(s, _)| offsets(s)),
            Unit::CodePoint,
        );
        let mut flat: Option<String> = None;
        let mut wrong = Vec::new();
        for (sel, name) in &named {
            if agrees(text, &points, offsets(sel), name) {
                self.checked += 1;
                continue;
            }
            if self.scanned > SCAN_BUDGET {
                self.unchecked += 1;
                continue;
            }
            let flat = flat.get_or_insert_with(|| collapse(text));
            self.scanned += flat.len();
            if flat.contains(name.as_str()) {
                self.checked += 1;
                self.disagree += 1;
                wrong.push((*sel, name));
            }
        }
        if wrong.is_empty() {
            return;
        }
        let wanted = || wrong.iter().filter_map(|(s, _)| offsets(s));
        let utf16 = byte_offsets(text, wanted(), Unit::Utf16);
        let bytes = byte_offsets(text, wanted(), Unit::Byte);
        for (sel, name) in wrong {
            self.utf16 += usize::from(agrees(text, &utf16, offsets(sel), name));
            self.bytes += usize::from(agrees(text, &bytes, offsets(sel), name));
            if self.examples.len() < EXAMPLES {
                self.examples.push(format!(
                    "{source}: selection {}-{} is named {:?}",
                    sel.start.trim(),
                    sel.end.trim(),
                    shorten(name)
                ));
            }
        }
    }

    /// The warning for the import summary, when names and offsets disagree.
    pub fn warning(&self) -> Option<String> {
        if self.disagree == 0 {
            return None;
        }
        let mut w = format!(
            "offsets: {} of {} selections whose name holds their text do not find that text at their offsets (REFI-QDA counts characters, as tandai does)",
            self.disagree, self.checked
        );
        if self.utf16 > 0 || self.bytes > 0 {
            w.push_str(&format!(
                "; {} of them would with offsets in UTF-16 units, {} with offsets in bytes: the program that wrote the file probably counts that way",
                self.utf16, self.bytes
            ));
        }
        w.push_str("; their codings may sit on the wrong paragraphs: check them in tandai (e.g. ");
        w.push_str(&self.examples.join("; "));
        w.push(')');
        if self.unchecked > 0 {
            w.push_str(&format!("; {} more names were not checked", self.unchecked));
        }
        Some(w)
    }
}

/// The part of a name to look for: trimmed, without a trailing ellipsis (names are
/// often the text cut short), white space collapsed; None when too short.
fn name_text(name: &str) -> Option<String> {
    let name = name.trim();
    let name = name
        .strip_suffix('…')
        .or_else(|| name.strip_suffix("..."))
        .unwrap_or(name);
    let name = collapse(name);
    (name.chars().count() >= MIN_CHARS).then_some(name)
}

/// Runs of white space as one space, trimmed: names rarely keep line ends.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shorten(name: &str) -> String {
    let mut out: String = name.chars().take(40).collect();
    if out.len() < name.len() {
        out.push('…');
    }
    out
}

/// Whether the text at the selection's offsets (as `bytes_at` maps them) begins
/// with `name`.
fn agrees(
    text: &str,
    bytes_at: &HashMap<usize, usize>,
    offsets: Option<(usize, usize)>,
    name: &str,
) -> bool {
    let Some((start, end)) = offsets else {
        return false;
    };
    match (bytes_at.get(&start), bytes_at.get(&end)) {
        (Some(&a), Some(&b)) if a <= b => collapse(&text[a..b]).starts_with(name),
        _ => false,
    }
}

#[derive(Clone, Copy)]
enum Unit {
    CodePoint,
    Utf16,
    Byte,
}

/// The byte offset of each wanted offset counted in `unit`, in one pass; offsets
/// inside a character or past the end are missing.
fn byte_offsets(
    text: &str,
    wanted: impl Iterator<Item = (usize, usize)>,
    unit: Unit,
) -> HashMap<usize, usize> {
    let wanted: HashSet<usize> = wanted.flat_map(|(a, b)| [a, b]).collect();
    let mut out = HashMap::with_capacity(wanted.len());
    let mut at = 0;
    for (byte, c) in text.char_indices().chain([(text.len(), '\0')]) {
        if wanted.contains(&at) {
            out.insert(at, byte);
        }
        at += match unit {
            Unit::CodePoint => 1,
            Unit::Utf16 => c.len_utf16(),
            Unit::Byte => c.len_utf8(),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(start: usize, end: usize, name: &str) -> RawSelection {
        RawSelection {
            name: Some(name.to_owned()),
            start: start.to_string(),
            end: end.to_string(),
            ..RawSelection::default()
        }
    }

    #[test]
    fn names_that_are_labels_or_short_are_not_checked() {
        let text = "P: Saya suka 😀 sarapan nasi uduk.";
        let mut c = NameCheck::default();
        c.check(
            "a",
            text,
            &[
                sel(0, 5, "line:1"),
                sel(0, 5, "nasi"),
                sel(3, 7, "Quotation 6:1"),
            ],
        );
        assert_eq!(c.checked, 0);
        assert_eq!(c.warning(), None);
    }

    #[test]
    fn code_points_agree_and_utf16_and_bytes_are_told_apart() {
        let text = "P: 😀 Saya suka sarapan nasi uduk di pasar.";
        let start = text.chars().position(|c| c == 'S').expect("S");
        let name = "Saya suka sarapan…";
        let mut c = NameCheck::default();
        c.check("a", text, &[sel(start, start + 17, name)]);
        assert_eq!((c.checked, c.disagree), (1, 0));
        // The same selection counted in UTF-16 units (the emoji is two) and bytes (four).
        c.check(
            "b",
            text,
            &[
                sel(start + 1, start + 18, name),
                sel(start + 3, start + 20, name),
            ],
        );
        assert_eq!((c.checked, c.disagree, c.utf16, c.bytes), (3, 2, 1, 1));
        let w = c.warning().expect("warning");
        assert!(w.starts_with("offsets: 2 of 3 selections"), "{w}");
        assert!(
            w.contains("1 of them would with offsets in UTF-16 units, 1 with offsets in bytes"),
            "{w}"
        );
        assert!(w.contains("b: selection"), "{w}");
    }
}
