//! Import, notes that belong to no passage or document: the project's
//! `Description` and its notes become the project memo, and the notes a code refers
//! to (`Code/NoteRef`) become that code's memo.
//!
//! The project's notes are the ones its `NoteRef`s name and the ones nothing in the
//! file refers to (free memos, as ATLAS.ti writes them); each goes into the memo
//! under its name, so no note is lost.

use super::Imported;
use super::build::normal_guid;
use super::project_read::{RawNote, RawProject};
use std::collections::{HashMap, HashSet};

/// A note's text: its content and its description (a blank line between, when it
/// has both), else its name; None when it has none of them.
pub(super) fn note_text(note: &RawNote) -> Option<String> {
    // As written: a memo exported by tandai comes back exactly.
    let parts: Vec<&str> = [note.content.as_str(), note.description.as_str()]
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .collect();
    if parts.is_empty() {
        return note
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
    }
    Some(parts.join("\n\n"))
}

/// Every note GUID (normalised) that a source, selection, coding or code refers to:
/// those become memos of their own.
pub(super) fn referred(raw: &RawProject, book: Option<&Imported>) -> HashSet<String> {
    let mut out: HashSet<String> = HashSet::new();
    for source in &raw.sources {
        out.extend(source.note_refs.iter().map(|g| normal_guid(g)));
        for sel in &source.selections {
            out.extend(sel.note_refs.iter().map(|g| normal_guid(g)));
            for coding in &sel.codings {
                out.extend(coding.note_refs.iter().map(|g| normal_guid(g)));
            }
        }
    }
    for refs in book.iter().flat_map(|b| b.code_notes.values()) {
        out.extend(refs.iter().map(|g| normal_guid(g)));
    }
    out
}

/// The project memo: the description, then each project note (its name as a first
/// line), separated by blank lines.
pub(super) fn project_memo(raw: &RawProject, referred: &HashSet<String>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !raw.description.trim().is_empty() {
        parts.push(raw.description.trim().to_owned());
    }
    let named: HashSet<String> = raw.note_refs.iter().map(|g| normal_guid(g)).collect();
    let by_ref = raw
        .notes
        .iter()
        .filter(|n| named.contains(&normal_guid(&n.guid)));
    let free = raw.notes.iter().filter(|n| {
        let g = normal_guid(&n.guid);
        !named.contains(&g) && !referred.contains(&g)
    });
    for note in by_ref.chain(free) {
        let Some(text) = note_text(note) else {
            continue;
        };
        let text = text.trim();
        match note
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty() && *n != text)
        {
            Some(name) => parts.push(format!("{name}\n{text}")),
            None => parts.push(text.to_owned()),
        }
    }
    parts.join("\n\n")
}

/// Sets each code's memo from the notes it refers to; returns how many references
/// point at no note.
pub(super) fn code_memos(book: &mut Imported, raw: &RawProject) -> usize {
    let notes: HashMap<String, &RawNote> = raw
        .notes
        .iter()
        .map(|n| (normal_guid(&n.guid), n))
        .collect();
    let mut missing = 0;
    for (id, refs) in &book.code_notes {
        let Some(i) = book.book.index_of(id) else {
            continue;
        };
        let mut texts = Vec::new();
        for guid in refs {
            match notes.get(&normal_guid(guid)) {
                Some(note) => texts.extend(note_text(note).map(|t| t.trim().to_owned())),
                None => missing += 1,
            }
        }
        book.book.codes[i].memo = texts.join("\n\n");
    }
    missing
}
