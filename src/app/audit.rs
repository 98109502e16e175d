//! What the audit log says of each change (see `core::coding::audit`): built here, from the
//! state, without a clock; the loop stamps the time when it hands the lines to the
//! saver.

use super::state::{Change, Edit, State};
use crate::core::coding::audit::Entry;
use std::collections::BTreeSet;

/// The log entry of `edit` made forward (or backward when `reverse`); `how` names an
/// undo or redo.
pub fn entry(state: &State, edit: &Edit, reverse: bool, how: Option<&str>) -> Entry {
    let document = state
        .project
        .documents
        .get(edit.doc)
        .map(|d| d.name.clone())
        .unwrap_or_default();
    let mut e = Entry {
        time: String::new(),
        coder: state.coder.clone(),
        by: None,
        document,
        paragraph: Some(edit.para + 1),
        action: String::new(),
        before: None,
        after: None,
        memo: None,
        note: None,
    };
    let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
    let action = match &edit.change {
        Change::Codes { before, after } => {
            let (from, to) = pick(reverse, before, after);
            e.before = Some(list(from));
            e.after = Some(list(to));
            // A code added (replacing another or not) is a coding; only removing is not.
            if to.is_subset(from) { "uncode" } else { "code" }
        }
        Change::Memo { before, after } => {
            e.memo = Some(pick(reverse, before, after).1.clone());
            "memo"
        }
        Change::DocumentMemo { before, after } => {
            e.paragraph = None;
            e.memo = Some(pick(reverse, before, after).1.clone());
            "document-memo"
        }
        Change::Finished { before, after } => {
            e.paragraph = None;
            if *pick(reverse, before, after).1 {
                "finish"
            } else {
                "unfinish"
            }
        }
        Change::Settle { before, after } => {
            let (from, to) = pick(reverse, before, after);
            e.coder = state.team.as_ref().map_or_else(
                || state.project.consensus_coder().to_owned(),
                |t| t.consensus.clone(),
            );
            e.by = Some(state.coder.clone());
            e.before = Some(list(&from.codes));
            e.after = Some(list(&to.codes));
            "adjudicate"
        }
        Change::Review(rc) => {
            // A discard touches no paragraph of the text as it is now.
            match rc.codes(reverse) {
                Some((before, after)) => {
                    e.before = Some(before);
                    e.after = Some(after);
                }
                None => e.paragraph = None,
            }
            e.note = Some(rc.note.clone());
            "review"
        }
    };
    e.action = how.unwrap_or(action).to_owned();
    e
}

/// (from, to) of a change made forward, or backward when `reverse`.
fn pick<T>(reverse: bool, before: T, after: T) -> (T, T) {
    if reverse {
        (after, before)
    } else {
        (before, after)
    }
}

/// An entry for an action that is not an undoable edit (a merge of codes, a review, a
/// version loaded after a conflict), on paragraph index `para` or the whole document.
pub fn note(
    project: &crate::core::project::Project,
    coder: &str,
    doc: usize,
    para: Option<usize>,
    action: &str,
) -> Entry {
    Entry {
        time: String::new(),
        coder: coder.to_owned(),
        by: None,
        document: project
            .documents
            .get(doc)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        paragraph: para.map(|p| p + 1),
        action: action.to_owned(),
        before: None,
        after: None,
        memo: None,
        note: None,
    }
}

/// Entries for a codebook change (merge, split, delete, and their undo) in the
/// paragraphs whose codes it changed: `before` holds the decisions of the documents
/// it touched, as they were. `action` says which change (`codebook-edit`,
/// `codebook-undo`, `codebook-redo`).
pub fn codebook_change(
    state: &mut State,
    before: &[(usize, crate::core::coding::sidecar::Decisions)],
    action: &str,
) {
    let mut entries = Vec::new();
    for (doc, old) in before {
        let Some(now) = state.docs.get(*doc).map(|d| &d.decisions) else {
            continue;
        };
        let paragraphs: BTreeSet<usize> = old
            .paragraphs
            .keys()
            .chain(now.paragraphs.keys())
            .copied()
            .collect();
        for para in paragraphs {
            let codes = |d: &crate::core::coding::sidecar::Decisions| {
                d.paragraphs
                    .get(&para)
                    .map(|p| p.codes.iter().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
            };
            let (was, is) = (codes(old), codes(now));
            if was != is {
                let mut e = note(&state.project, &state.coder, *doc, Some(para), action);
                e.before = Some(was);
                e.after = Some(is);
                entries.push(e);
            }
        }
    }
    state.audit.extend(entries);
}
