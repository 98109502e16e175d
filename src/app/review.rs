//! The review screen's decisions on codings that a transcript edit moved by a near
//! match (confirm, or detach) or left without a paragraph (attach to the current
//! paragraph, or discard). Each decision is an [`Edit`] like a coding, so `u` and
//! `Ctrl-r` take it back and forth, the audit log says so, and every step is saved.

use super::state::{Change, Edit, Effect, Mode, ReviewItem, SaveState, State};
use super::update::{apply, info, warn};
use crate::core::coding::sidecar::{ParagraphDecision, ParagraphEntry};
use crate::i18n::{Strings, fill};

/// What a review decision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKind {
    /// A near match confirmed: its codings stay where they are, no longer flagged.
    Confirm,
    /// A detached coding attached to a paragraph.
    Attach,
    /// A near match taken off its paragraph into the detached list.
    Detach,
    /// A detached coding discarded for good.
    Discard,
}

/// A detached coding that leaves the detached list (`joins` false) or joins it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachedMove {
    pub index: usize,
    pub entry: ParagraphEntry,
    pub joins: bool,
}

/// A review decision as an undoable change of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewChange {
    pub kind: ReviewKind,
    /// The decision on the edit's paragraph before and after (None: no decision);
    /// None when the paragraph is not touched (a discard).
    pub decision: Option<(Option<ParagraphDecision>, Option<ParagraphDecision>)>,
    pub detached: Option<DetachedMove>,
    /// What was done, in words ("confirmed the codings of ¶3"): the audit log's note,
    /// in English whatever the interface speaks.
    pub note: String,
    /// The same in the interface's language, for the status line.
    pub said: String,
}

/// A review note in English (for the audit log) and in the screen's language.
fn note(
    state: &State,
    pick: fn(&Strings) -> &'static str,
    values: &[(&str, &dyn std::fmt::Display)],
) -> (String, String) {
    (
        fill(pick(&crate::i18n::en::EN), values),
        fill(pick(super::update::tr(state)), values),
    )
}

impl ReviewChange {
    /// The paragraph's codes before and after (empty for no decision).
    pub fn codes(&self, reverse: bool) -> Option<(Vec<String>, Vec<String>)> {
        let (before, after) = self.decision.as_ref()?;
        let list = |d: &Option<ParagraphDecision>| {
            d.as_ref()
                .map(|d| d.codes.iter().cloned().collect())
                .unwrap_or_default()
        };
        let (b, a) = (list(before), list(after));
        Some(if reverse { (a, b) } else { (b, a) })
    }
}

/// Makes a review decision true, or takes it back when `reverse`.
pub(crate) fn change(state: &mut State, edit: &Edit, rc: &ReviewChange, reverse: bool) {
    let d = &mut state.docs[edit.doc];
    if rc.kind == ReviewKind::Confirm {
        // Only the flag: codes changed since (a merge of codes on the codebook screen)
        // stay as they are.
        if let Some(p) = d.decisions.paragraphs.get_mut(&edit.para) {
            p.review = reverse;
        }
    } else if let Some((before, after)) = &rc.decision {
        match if reverse { before } else { after } {
            Some(p) => {
                d.decisions.paragraphs.insert(edit.para, p.clone());
            }
            None => {
                d.decisions.paragraphs.remove(&edit.para);
            }
        }
    }
    if let Some(m) = &rc.detached {
        let list = &mut d.decisions.detached;
        if m.joins == reverse {
            // Undo and redo run in order, so it is at its index; the search is a guard.
            let at = (list.get(m.index) == Some(&m.entry))
                .then_some(m.index)
                .or_else(|| list.iter().position(|e| *e == m.entry));
            if let Some(at) = at {
                list.remove(at);
            }
        } else {
            list.insert(m.index.min(list.len()), m.entry.clone());
        }
    }
    d.generation += 1;
    d.save = SaveState::Saving;
}

pub(super) fn open(state: &mut State) {
    if state.docs[state.doc].review_items().is_empty() {
        info(state, super::update::tr(state).ui_review_nothing);
        return;
    }
    state.mode = Mode::Review {
        selected: 0,
        armed: false,
    };
}

fn selected(state: &State) -> Option<ReviewItem> {
    let Mode::Review { selected, .. } = state.mode else {
        return None;
    };
    state.docs[state.doc].review_items().get(selected).copied()
}

pub(super) fn step(state: &mut State, by: isize) {
    let n = state.docs[state.doc].review_items().len();
    if let Mode::Review { selected, armed } = &mut state.mode {
        *selected = selected.saturating_add_signed(by).min(n.saturating_sub(1));
        *armed = false;
    }
}

/// Applies a review decision as a new edit (clearing redo, like a coding), and leaves
/// the review when nothing is left to review.
fn decide(state: &mut State, para: usize, rc: ReviewChange) -> Vec<Effect> {
    let note = rc.said.clone();
    let edit = Edit {
        doc: state.doc,
        para,
        change: Change::Review(Box::new(rc)),
    };
    state.redo.clear();
    let effects = apply(state, &edit, false);
    settle_selection(state);
    info(state, capitalised(&note));
    effects
}

/// After a review change (or its undo), keeps the selection on the list, or goes back
/// to coding when nothing is left to review.
pub(super) fn settle_selection(state: &mut State) {
    let left = state.docs[state.doc].review_items().len();
    match &mut state.mode {
        Mode::Review { selected, armed } if left > 0 => {
            *selected = (*selected).min(left - 1);
            *armed = false;
        }
        Mode::Review { .. } => state.mode = Mode::Coding,
        _ => {}
    }
}

/// After undo or redo of a review decision on the review screen: select the item it
/// brought back, if any.
pub(super) fn follow(state: &mut State, edit: &Edit, reverse: bool) {
    let Change::Review(rc) = &edit.change else {
        settle_selection(state);
        return;
    };
    let items = state.docs[state.doc].review_items();
    let back = match (rc.kind, reverse) {
        (ReviewKind::Confirm, true) => Some(ReviewItem::NearMatch(edit.para)),
        (ReviewKind::Detach, false) | (ReviewKind::Attach | ReviewKind::Discard, true) => rc
            .detached
            .as_ref()
            .and_then(|m| {
                let list = &state.docs[state.doc].decisions.detached;
                list.iter().position(|e| *e == m.entry)
            })
            .map(ReviewItem::Detached),
        (ReviewKind::Detach, true) => Some(ReviewItem::NearMatch(edit.para)),
        _ => None,
    };
    if let (Mode::Review { selected, .. }, Some(at)) = (
        &mut state.mode,
        back.and_then(|b| items.iter().position(|i| *i == b)),
    ) {
        *selected = at;
    }
    settle_selection(state);
}

fn capitalised(note: &str) -> String {
    let mut chars = note.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>() + "."
    })
}

pub(super) fn accept(state: &mut State) -> Vec<Effect> {
    if let Some(why) = state.docs[state.doc].readonly.clone() {
        warn(state, crate::app::update::read_only(state, &why));
        return Vec::new();
    }
    let para = state.para;
    let d = &state.docs[state.doc].decisions;
    match selected(state) {
        Some(ReviewItem::NearMatch(i)) => {
            let before = d.paragraphs.get(&i).cloned();
            let after = before
                .clone()
                .map(|p| ParagraphDecision { review: false, ..p });
            let (note, said) = note(state, |t| t.ui_rv_confirmed, &[("n", &(i + 1))]);
            let rc = ReviewChange {
                kind: ReviewKind::Confirm,
                decision: Some((before, after)),
                detached: None,
                note,
                said,
            };
            decide(state, i, rc)
        }
        Some(ReviewItem::Detached(k)) if para < state.para_count() => {
            let entry = d.detached[k].clone();
            let before = d.paragraphs.get(&para).cloned();
            let mut target = before.clone().unwrap_or_default();
            target.codes.extend(entry.codes.iter().cloned());
            if target.memo.is_empty() {
                target.memo.clone_from(&entry.memo);
            } else if !entry.memo.is_empty() {
                target.memo = format!("{}\n\n{}", target.memo, entry.memo);
            }
            let (note, said) = note(
                state,
                |t| t.ui_rv_attached,
                &[("from", &entry.paragraph), ("to", &(para + 1))],
            );
            let rc = ReviewChange {
                kind: ReviewKind::Attach,
                decision: Some((before, Some(target))),
                detached: Some(DetachedMove {
                    index: k,
                    entry,
                    joins: false,
                }),
                note,
                said,
            };
            decide(state, para, rc)
        }
        _ => Vec::new(),
    }
}

pub(super) fn reject(state: &mut State) -> Vec<Effect> {
    if let Some(why) = state.docs[state.doc].readonly.clone() {
        warn(state, crate::app::update::read_only(state, &why));
        return Vec::new();
    }
    match selected(state) {
        Some(ReviewItem::NearMatch(i)) => detach(state, i),
        Some(ReviewItem::Detached(k)) => {
            if let Mode::Review { armed, .. } = &mut state.mode
                && !*armed
            {
                *armed = true;
                let text = super::update::tr(state).ui_review_discard_ask;
                warn(state, text.into());
                return Vec::new();
            }
            let entry = state.docs[state.doc].decisions.detached[k].clone();
            let (note, said) = note(state, |t| t.ui_rv_discarded, &[("n", &entry.paragraph)]);
            let rc = ReviewChange {
                kind: ReviewKind::Discard,
                decision: None,
                detached: Some(DetachedMove {
                    index: k,
                    entry,
                    joins: false,
                }),
                note,
                said,
            };
            decide(state, state.para, rc)
        }
        None => Vec::new(),
    }
}

/// Takes a near match's codings (and memo) off paragraph `i` into the detached list,
/// as the sidecar would keep them.
fn detach(state: &mut State, i: usize) -> Vec<Effect> {
    let doc = state.doc;
    let Some(content) = state.project.documents[doc].content.as_ref().ok() else {
        return Vec::new();
    };
    let file = crate::core::project::to_sidecar(
        &state.project.documents[doc],
        content,
        &state.coder,
        &state.docs[doc].decisions,
    );
    let d = &state.docs[doc].decisions;
    let (Some(entry), Some(before)) = (
        file.paragraphs.into_iter().find(|e| e.paragraph == i + 1),
        d.paragraphs.get(&i).cloned(),
    ) else {
        return Vec::new();
    };
    let (note, said) = note(state, |t| t.ui_rv_detached, &[("n", &(i + 1))]);
    let rc = ReviewChange {
        kind: ReviewKind::Detach,
        decision: Some((Some(before), None)),
        detached: Some(DetachedMove {
            index: d.detached.len(),
            entry: ParagraphEntry {
                review: false,
                ..entry
            },
            joins: true,
        }),
        note,
        said,
    };
    decide(state, i, rc)
}

pub(super) fn go_to(state: &mut State) {
    if let Some(ReviewItem::NearMatch(i)) = selected(state) {
        state.mode = Mode::Coding;
        state.go_to(state.doc, i);
    }
}
