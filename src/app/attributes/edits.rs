//! The attributes screen's changes: checking what was typed (a value against its
//! attribute's type, a new name, a type every value must fit), applying a change,
//! and undoing it. Each change names its document and attribute, so undoing it
//! touches nothing another coder changed meanwhile.

use super::super::state::{Effect, SaveState, State};
use super::super::update::info;
use super::writable;
use crate::core::attributes::{AttrType, Attributes, check_name};
use crate::i18n::{Lang, fill, strings};

/// One undoable change, by document and attribute name (so that undoing it touches
/// nothing another coder changed meanwhile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrEdit {
    /// A document's value (None: no value).
    Value {
        document: String,
        name: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// An attribute's declared type (None: not declared).
    Define {
        name: String,
        before: Option<AttrType>,
        after: Option<AttrType>,
    },
}

/// The edit a typed value makes (None: nothing changes); an empty value clears.
pub(super) fn value_edit(
    attrs: &Attributes,
    document: &str,
    name: &str,
    input: &str,
) -> Result<Option<AttrEdit>, String> {
    let after = if input.trim().is_empty() {
        None
    } else {
        Some(attrs.type_of(name).check(input)?)
    };
    let before = attrs.value(document, name).map(str::to_owned);
    Ok((before != after).then(|| AttrEdit::Value {
        document: document.to_owned(),
        name: name.to_owned(),
        before,
        after,
    }))
}

/// A new attribute's name, checked.
pub(super) fn new_name(attrs: &Attributes, input: &str, lang: Lang) -> Result<String, String> {
    let name = input.trim();
    check_name(name)?;
    if attrs.has(name) {
        let quoted = format!("{name:?}");
        return Err(fill(strings(lang).ui_attr_exists, &[("name", &quoted)]));
    }
    Ok(name.to_owned())
}

/// Declaring `name` as `ty`; every value it has must fit.
pub(super) fn type_edit(
    attrs: &Attributes,
    name: &str,
    ty: AttrType,
    lang: Lang,
) -> Result<Option<AttrEdit>, String> {
    let mut bad: Vec<String> = attrs
        .by_document
        .iter()
        .filter_map(|(d, v)| {
            let value = v.get(name)?;
            ty.check(value).err().map(|_| format!("{d} ({value:?})"))
        })
        .collect();
    if !bad.is_empty() {
        bad.sort();
        let n = bad.len();
        bad.truncate(3);
        let listed = format!("{}{}", bad.join(", "), if n > 3 { ", ..." } else { "" });
        return Err(fill(
            strings(lang).ui_attr_values_not,
            &[("n", &n), ("expects", &ty.expects()), ("values", &listed)],
        ));
    }
    let before = attrs.declared(name);
    Ok((before != Some(ty)).then(|| AttrEdit::Define {
        name: name.to_owned(),
        before,
        after: Some(ty),
    }))
}

/// What an edit does, for the status line (`reverse`: undoing it).
pub(super) fn describe(e: &AttrEdit, reverse: bool, lang: Lang) -> String {
    let t = strings(lang);
    match e {
        AttrEdit::Value {
            document,
            name,
            before,
            after,
        } => {
            let now = if reverse { before } else { after };
            match now {
                Some(v) => fill(
                    t.ui_attr_did_value,
                    &[("name", name), ("document", document), ("value", v)],
                ),
                None => fill(
                    t.ui_attr_did_no_value,
                    &[("name", name), ("document", document)],
                ),
            }
        }
        AttrEdit::Define {
            name,
            before,
            after,
        } => match if reverse { before } else { after } {
            Some(ty) => fill(t.ui_attr_did_type, &[("name", name), ("type", &ty.name())]),
            None => fill(t.ui_attr_did_undeclare, &[("name", name)]),
        },
    }
}

/// Makes a new edit (the redo history goes).
pub(super) fn apply_new(state: &mut State, e: AttrEdit) -> Vec<Effect> {
    state.attributes.redo.clear();
    apply(state, &e, false);
    state.attributes.undo.push(e);
    changed(state)
}

/// Makes an edit's `after` true, or its `before` when `reverse`.
fn apply(state: &mut State, e: &AttrEdit, reverse: bool) {
    let attrs = &mut state.project.attributes;
    match e {
        AttrEdit::Value {
            document,
            name,
            before,
            after,
        } => {
            let v = if reverse { before } else { after };
            attrs.set_value(document, name, v.clone());
        }
        AttrEdit::Define {
            name,
            before,
            after,
        } => attrs.define(name, if reverse { *before } else { *after }),
    }
}

/// After a change: save.
fn changed(state: &mut State) -> Vec<Effect> {
    state.attributes.generation += 1;
    state.attributes.save = SaveState::Saving;
    vec![Effect::SaveProject]
}

/// Undo (`back`) or redo the last attribute change.
pub(super) fn undo(state: &mut State, back: bool) -> Vec<Effect> {
    let t = strings(state.lang);
    let (from, none) = if back {
        (&mut state.attributes.undo, t.ui_attr_nothing_to_undo)
    } else {
        (&mut state.attributes.redo, t.ui_attr_nothing_to_redo)
    };
    let Some(e) = from.pop() else {
        info(state, none);
        return Vec::new();
    };
    if !writable(state) {
        let from = if back {
            &mut state.attributes.undo
        } else {
            &mut state.attributes.redo
        };
        from.push(e);
        return Vec::new();
    }
    apply(state, &e, back);
    let what = describe(&e, back, state.lang);
    let text = fill(
        if back { t.ui_undone } else { t.ui_redone },
        &[("what", &what)],
    );
    if back {
        state.attributes.redo.push(e);
    } else {
        state.attributes.undo.push(e);
    }
    info(state, text);
    changed(state)
}
