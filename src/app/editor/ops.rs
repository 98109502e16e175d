//! The changes the codebook screen makes: each runs through `change`, which keeps an
//! undo snapshot and asks for the saves.

use super::{Ask, Field, HISTORY, Prompt, Snapshot, note, select, selected, set_prompt};
use crate::app::state::{Effect, SaveState, State};
use crate::app::update::tr;
use crate::core::codebook::{AnsiColor, Codebook, Text};
use crate::i18n::{count, fill};
use std::collections::BTreeSet;

/// Runs a change that returns the documents whose decisions it touched (or an error
/// to show), keeps an undo snapshot, re-assigns keys, and asks for the saves.
pub(super) fn change(
    state: &mut State,
    f: impl FnOnce(&mut State) -> Result<Vec<usize>, String>,
) -> Vec<Effect> {
    let before = Snapshot {
        book: state.codebook.clone(),
        docs: state
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (i, d.decisions.clone()))
            .collect(),
    };
    let sel_before = selected(state);
    let old_id = state.codebook.codes.get(sel_before).map(|c| c.id.clone());
    match f(state) {
        Err(why) => {
            note(state, why, true);
            Vec::new()
        }
        Ok(touched) => {
            let docs: Vec<_> = before
                .docs
                .into_iter()
                .filter(|(i, _)| touched.contains(i))
                .collect();
            crate::app::audit::codebook_change(state, &docs, "codebook-edit");
            state.book_undo.push(Snapshot {
                book: before.book,
                docs,
            });
            if state.book_undo.len() > HISTORY {
                state.book_undo.remove(0);
            }
            state.book_redo.clear();
            // Keep the same code selected, unless the change chose another (a new code).
            let keep = if selected(state) == sel_before {
                old_id
            } else {
                state
                    .codebook
                    .codes
                    .get(selected(state))
                    .map(|c| c.id.clone())
            };
            after_change(state, keep.as_deref(), &touched)
        }
    }
}

fn after_change(state: &mut State, keep: Option<&str>, touched: &[usize]) -> Vec<Effect> {
    let warnings = state.codebook.warnings.len();
    let reserved = state.keymap.reserved_chars();
    state.codebook.assign_keys(&reserved);
    state.codebook.warnings.truncate(warnings);
    if let Some(i) = keep.and_then(|id| state.codebook.index_of(id)) {
        select(state, i);
    } else {
        select(state, selected(state));
    }
    state.code_cursor = state
        .code_cursor
        .min(state.codebook.codes.len().saturating_sub(1));
    state.book_generation += 1;
    state.book_save = SaveState::Saving;
    let mut effects = vec![Effect::SaveCodebook];
    for &doc in touched {
        state.docs[doc].generation += 1;
        state.docs[doc].save = SaveState::Saving;
        effects.push(Effect::Save(doc));
    }
    effects
}

pub(super) fn undo(state: &mut State, back: bool) -> Vec<Effect> {
    let (from, to) = if back {
        (&mut state.book_undo, &mut state.book_redo)
    } else {
        (&mut state.book_redo, &mut state.book_undo)
    };
    let Some(snap) = from.pop() else {
        let t = tr(state);
        let text = if back {
            t.ui_book_nothing_to_undo
        } else {
            t.ui_nothing_to_redo
        };
        note(state, text.into(), false);
        return Vec::new();
    };
    let touched: Vec<usize> = snap.docs.iter().map(|(i, _)| *i).collect();
    let current = Snapshot {
        book: state.codebook.clone(),
        docs: touched
            .iter()
            .map(|&i| (i, state.docs[i].decisions.clone()))
            .collect(),
    };
    let was = current.docs.clone();
    to.push(current);
    state.codebook = snap.book;
    for (i, d) in snap.docs {
        state.docs[i].decisions = d;
    }
    let action = if back {
        "codebook-undo"
    } else {
        "codebook-redo"
    };
    crate::app::audit::codebook_change(state, &was, action);
    let t = tr(state);
    note(
        state,
        if back {
            t.ui_book_undid
        } else {
            t.ui_book_redid
        }
        .into(),
        false,
    );
    let id = state
        .codebook
        .codes
        .get(selected(state))
        .map(|c| c.id.clone());
    after_change(state, id.as_deref(), &touched)
}

/// A fresh id under `parent` from a label: `parent.slug`, made unique.
fn new_id(book: &Codebook, parent: Option<usize>, label: &str) -> String {
    let slug: String = label
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' => c,
            'à' | 'á' | 'â' | 'ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            _ => '-',
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() {
        "code".to_owned()
    } else {
        slug
    };
    let base = match parent {
        Some(p) => format!("{}.{slug}", book.codes[p].id),
        None => slug,
    };
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| book.index_of(id).is_none())
        .unwrap_or(base)
}

pub(super) fn accept_text(state: &mut State, sel: usize, ask: Ask, text: &str) -> Vec<Effect> {
    if text.is_empty() && !matches!(ask, Ask::Edit(f) if f != Field::Label) {
        note(state, tr(state).ui_book_nothing_entered.into(), false);
        return Vec::new();
    }
    let lang = state.lang;
    // A new code is named in the language on screen only: the other language's label
    // stays empty (shown as not written yet) rather than a copy that looks translated.
    let label = Text::only(lang, text);
    match ask {
        Ask::Edit(field) => change(state, |s| {
            let code = &mut s.codebook.codes[sel];
            let t = field.of(code);
            match lang {
                crate::core::codebook::Lang::En => t.en = text.to_owned(),
                crate::core::codebook::Lang::Id => t.id = text.to_owned(),
            }
            Ok(Vec::new())
        }),
        Ask::NewSibling | Ask::NewChild => change(state, |s| {
            let (parent, after) = match (ask, s.codebook.codes.get(sel)) {
                (Ask::NewChild, Some(_)) => (Some(sel), None),
                (_, Some(c)) => (c.parent, Some(sel)),
                (_, None) => (None, None),
            };
            let id = new_id(&s.codebook, parent, text);
            let i = s.codebook.insert_code(parent, after, &id, label)?;
            select(s, i);
            Ok(Vec::new())
        }),
        Ask::SplitInto => split(state, sel, text, label),
        Ask::Key => {
            let had = state.codebook.codes.get(sel).and_then(|c| c.key);
            let taken_from: Vec<usize> = text
                .chars()
                .next()
                .map(|k| {
                    (0..state.codebook.codes.len())
                        .filter(|&o| o != sel && state.codebook.codes[o].key == Some(k))
                        .collect()
                })
                .unwrap_or_default();
            let effects = change(state, |s| set_key(s, sel, text));
            let t = tr(state);
            let moved: Vec<String> = taken_from
                .iter()
                .filter_map(|&o| state.codebook.codes.get(o))
                .filter(|c| c.key != text.chars().next())
                .map(|c| match c.key {
                    Some(k) => fill(
                        t.ui_book_key_moved,
                        &[("id", &c.id), ("key", &format!("{k:?}"))],
                    ),
                    None => fill(t.ui_book_key_gone, &[("id", &c.id)]),
                })
                .collect();
            if !effects.is_empty() && !moved.is_empty() && had != text.chars().next() {
                let key = format!("{text:?}");
                let text = fill(
                    t.ui_book_key_set,
                    &[("key", &key), ("moved", &moved.join("; "))],
                );
                note(state, text, false);
            }
            effects
        }
    }
}

fn set_key(state: &mut State, sel: usize, text: &str) -> Result<Vec<usize>, String> {
    let mut chars = text.chars();
    let (Some(key), None) = (chars.next(), chars.next()) else {
        return Err(tr(state).ui_book_key_one_char.into());
    };
    let quoted = format!("{key:?}");
    if state.keymap.reserved_chars().contains(&key) {
        return Err(fill(tr(state).ui_book_key_reserved, &[("key", &quoted)]));
    }
    if let Some(other) = state
        .codebook
        .codes
        .iter()
        .position(|c| c.own_key == Some(key))
        .filter(|&o| o != sel)
    {
        return Err(fill(
            tr(state).ui_book_key_taken,
            &[("key", &quoted), ("id", &state.codebook.codes[other].id)],
        ));
    }
    for c in state
        .codebook
        .codes
        .iter_mut()
        .filter(|c| c.key == Some(key))
    {
        c.key = None;
    }
    let code = &mut state.codebook.codes[sel];
    code.own_key = Some(key);
    code.key = Some(key);
    Ok(Vec::new())
}

pub(super) fn cycle_colour(state: &mut State, sel: usize) -> Result<Vec<usize>, String> {
    const CYCLE: [AnsiColor; 12] = [
        AnsiColor::Red,
        AnsiColor::Green,
        AnsiColor::Yellow,
        AnsiColor::Blue,
        AnsiColor::Magenta,
        AnsiColor::Cyan,
        AnsiColor::LightRed,
        AnsiColor::LightGreen,
        AnsiColor::LightYellow,
        AnsiColor::LightBlue,
        AnsiColor::LightMagenta,
        AnsiColor::LightCyan,
    ];
    let book = &mut state.codebook;
    let next = match book.codes[sel]
        .own_color
        .and_then(|c| CYCLE.iter().position(|&x| x == c))
    {
        Some(i) if i + 1 < CYCLE.len() => Some(CYCLE[i + 1]),
        Some(_) => None,
        None => Some(CYCLE[0]),
    };
    book.codes[sel].own_color = next;
    // A colour chosen here replaces an RGB colour from another program.
    book.codes[sel].hex = None;
    let inherited = book.codes[sel].parent.and_then(|p| book.codes[p].color);
    book.codes[sel].color = next.or(inherited);
    Ok(Vec::new())
}

pub(super) fn reorder(state: &mut State, sel: usize, by: isize) -> Result<Vec<usize>, String> {
    state
        .codebook
        .reorder(sel, by)
        .map(|_| Vec::new())
        .ok_or_else(|| tr(state).ui_book_at_end.into())
}

pub(super) fn toggle_retire(state: &mut State, sel: usize) -> Result<Vec<usize>, String> {
    let code = &mut state.codebook.codes[sel];
    if code.merged_into.is_some() {
        return Err(crate::i18n::strings(state.lang).ui_book_merged_stays.into());
    }
    code.retired = !code.retired;
    Ok(Vec::new())
}

pub(super) fn toggle_exclusive(state: &mut State, sel: usize) -> Result<Vec<usize>, String> {
    let code = &mut state.codebook.codes[sel];
    code.exclusive = !code.exclusive;
    Ok(Vec::new())
}

/// The paragraphs of this coder that carry code `id` (merged ones included).
pub fn coded_with(state: &State, id: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (doc, d) in state.docs.iter().enumerate() {
        for (&para, p) in &d.decisions.paragraphs {
            if p.codes.iter().any(|c| state.codebook.resolve(c) == id) {
                out.push((doc, para));
            }
        }
    }
    out
}

/// Delete asked: first, how often the other coders applied the code (read from their
/// sidecars by the loop), then the question.
pub(super) fn ask_usage(state: &mut State, sel: usize) -> Vec<Effect> {
    vec![Effect::CountUsage(state.codebook.codes[sel].id.clone())]
}

/// The delete question, naming every coder who applied the code. A code other coders
/// use is retired by Enter (their codings stay readable); D deletes it anyway.
pub(super) fn ask_delete(
    state: &mut State,
    sel: usize,
    id: &str,
    others: &[(String, usize)],
) -> Vec<Effect> {
    if state.codebook.codes.get(sel).is_none_or(|c| c.id != id) {
        return Vec::new();
    }
    let used = coded_with(state, id);
    if used.is_empty() && others.is_empty() {
        return change(state, |s| delete(s, sel));
    }
    let docs: BTreeSet<usize> = used.iter().map(|(d, _)| *d).collect();
    let t = tr(state);
    let paras = |n: usize| count(n, t.ui_search_paras_one, t.ui_search_paras_other);
    let mine = if used.is_empty() {
        t.ui_book_not_applied.to_owned()
    } else {
        let documents = count(
            docs.len(),
            t.ui_search_documents_one,
            t.ui_search_documents_other,
        );
        fill(
            t.ui_book_applied,
            &[("paras", &paras(used.len())), ("docs", &documents)],
        )
    };
    let message = if others.is_empty() {
        fill(t.ui_book_delete_ask, &[("id", &id), ("mine", &mine)])
    } else {
        let names: Vec<String> = others
            .iter()
            .map(|(c, n)| format!("{c} ({})", paras(*n)))
            .collect();
        fill(
            t.ui_book_delete_others,
            &[("id", &id), ("mine", &mine), ("others", &names.join(", "))],
        )
    };
    set_prompt(
        state,
        Some(Prompt::ConfirmDelete {
            message,
            others: !others.is_empty(),
        }),
    );
    Vec::new()
}

pub(super) fn delete(state: &mut State, sel: usize) -> Result<Vec<usize>, String> {
    let id = state.codebook.codes[sel].id.clone();
    state.codebook.remove_code(sel)?;
    let mut touched = Vec::new();
    for (doc, d) in state.docs.iter_mut().enumerate() {
        let mut hit = false;
        for p in d.decisions.paragraphs.values_mut() {
            hit |= p.codes.remove(&id);
        }
        d.decisions.paragraphs.retain(|_, p| !p.is_empty());
        if hit {
            touched.push(doc);
        }
    }
    let text = fill(tr(state).ui_book_deleted, &[("id", &id)]);
    note(state, text, false);
    Ok(touched)
}

pub(super) fn merge(state: &mut State, sel: usize, into: usize) -> Result<Vec<usize>, String> {
    let from = state.codebook.codes[sel].id.clone();
    let to = state.codebook.codes[into].id.clone();
    if state.codebook.codes.iter().any(|c| c.parent == Some(sel)) {
        return Err(fill(tr(state).ui_book_has_children, &[("id", &from)]));
    }
    state.codebook.codes[sel].merged_into = Some(to.clone());
    let touched = recode_all(state, &from, &to);
    note(
        state,
        fill(
            tr(state).ui_book_merged_code,
            &[("from", &from), ("to", &to)],
        ),
        false,
    );
    Ok(touched)
}

/// Replaces `from` with `to` in every paragraph of this coder. Returns the documents.
fn recode_all(state: &mut State, from: &str, to: &str) -> Vec<usize> {
    let all = coded_with_exact(state, from);
    recode_paragraphs(state, from, to, &all)
}

fn coded_with_exact(state: &State, id: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (doc, d) in state.docs.iter().enumerate() {
        out.extend(
            d.decisions
                .paragraphs
                .iter()
                .filter(|(_, p)| p.codes.contains(id))
                .map(|(&para, _)| (doc, para)),
        );
    }
    out
}

fn recode_paragraphs(
    state: &mut State,
    from: &str,
    to: &str,
    rows: &[(usize, usize)],
) -> Vec<usize> {
    let mut touched = BTreeSet::new();
    for &(doc, para) in rows {
        if let Some(p) = state.docs[doc].decisions.paragraphs.get_mut(&para)
            && p.codes.remove(from)
        {
            p.codes.insert(to.to_owned());
            touched.insert(doc);
        }
    }
    touched.into_iter().collect()
}

fn split(state: &mut State, sel: usize, text: &str, label: Text) -> Vec<Effect> {
    let from = state.codebook.codes[sel].id.clone();
    let id = new_id(&state.codebook, Some(sel), text);
    let effects = change(state, |s| {
        s.codebook.insert_code(Some(sel), None, &id, label)?;
        Ok(Vec::new())
    });
    let rows = coded_with_exact(state, &from);
    if rows.is_empty() {
        note(
            state,
            fill(
                tr(state).ui_book_split_none,
                &[("id", &id), ("from", &from)],
            ),
            false,
        );
    } else {
        set_prompt(
            state,
            Some(Prompt::Split {
                from,
                into: id,
                rows,
                checked: BTreeSet::new(),
                selected: 0,
            }),
        );
    }
    effects
}

pub(super) fn recode(
    state: &mut State,
    from: &str,
    into: &str,
    rows: &[(usize, usize)],
) -> Result<Vec<usize>, String> {
    let touched = recode_paragraphs(state, from, into, rows);
    note(
        state,
        fill(
            tr(state).ui_book_moved,
            &[
                (
                    "paras",
                    &count(
                        rows.len(),
                        tr(state).ui_search_paras_one,
                        tr(state).ui_search_paras_other,
                    ),
                ),
                ("from", &from),
                ("into", &into),
            ],
        ),
        false,
    );
    Ok(touched)
}

/// Usage of each code by this coder: paragraphs and documents.
pub fn usage(
    state: &State,
) -> std::collections::HashMap<String, crate::core::codebook::export::Usage> {
    crate::core::codebook::export::usage(&state.codebook, state.docs.iter().map(|d| &d.decisions))
}
