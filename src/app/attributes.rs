//! The attributes screen (`@`): the current document's attributes (informant role,
//! city, date...) to see and edit, new attributes with a type, all from the keyboard.
//! Values are checked by type as they are entered; every change is an undoable step
//! and is saved to `project.json` at once (an effect; the loop writes it). Another
//! coder's changes to the file are merged value by value when it is saved
//! (RELIABILITY C4): see [`saved`].

use super::state::{Effect, Message, Mode, SaveState, State};
use super::update::{info, warn};
use crate::core::attributes::{AttrType, Attributes, check_name, merge};
use crate::core::saver::{Merge, Outcome};

/// The attributes' undo history and the save state of `project.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    pub undo: Vec<AttrEdit>,
    pub redo: Vec<AttrEdit>,
    pub save: SaveState,
    /// Counts changes; a save outcome for an older generation is superseded.
    pub generation: u64,
}

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

/// The screen: the selected row and the prompt being answered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Screen {
    pub selected: usize,
    pub prompt: Option<Prompt>,
}

/// What is being typed or chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// A value of attribute `name` for the current document.
    Value {
        name: String,
        input: String,
        error: Option<String>,
    },
    /// The name of a new attribute.
    Name {
        input: String,
        error: Option<String>,
    },
    /// The type of attribute `name` (new, or changing); `choice` indexes
    /// [`AttrType::ALL`].
    Type {
        name: String,
        choice: usize,
        new: bool,
        error: Option<String>,
    },
}

/// What the attributes screen's keys do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrAction {
    Move(isize),
    /// Edit the selected attribute's value.
    Edit,
    /// Clear the selected attribute's value.
    Clear,
    /// Add an attribute: its name, then its type.
    Add,
    /// Change the selected attribute's type.
    ChangeType,
    Input(char),
    Backspace,
    ClearInput,
    /// In the type prompt: the next or previous type.
    Choose(isize),
    /// In the type prompt: this type.
    Pick(AttrType),
    Accept,
    /// Leave the prompt.
    Cancel,
    /// The next or previous document.
    Document(isize),
    Undo,
    Redo,
    Close,
}

/// Opens the screen on the current document.
pub fn open(state: &mut State) {
    state.mode = Mode::Attributes(Box::default());
}

/// The rows: declared attributes, then names only documents use.
pub fn rows(state: &State) -> Vec<String> {
    state.project.attributes.all_names()
}

/// The current document's file name.
pub fn document(state: &State) -> &str {
    state
        .project
        .documents
        .get(state.doc)
        .map_or("", |d| d.name.as_str())
}

/// Applies a key of the attributes screen.
pub fn update_attributes(state: &mut State, a: AttrAction) -> Vec<Effect> {
    let Mode::Attributes(screen) = &state.mode else {
        return Vec::new();
    };
    let screen = (**screen).clone();
    if screen.prompt.is_some() {
        return prompt_key(state, screen, a);
    }
    match a {
        AttrAction::Move(by) => {
            let n = rows(state).len();
            set_screen(
                state,
                Screen {
                    selected: screen
                        .selected
                        .saturating_add_signed(by)
                        .min(n.saturating_sub(1)),
                    prompt: None,
                },
            );
        }
        AttrAction::Edit => edit(state, &screen),
        AttrAction::Clear => return clear(state, &screen),
        AttrAction::Add if writable(state) => {
            let name = Prompt::Name {
                input: String::new(),
                error: None,
            };
            ask(state, &screen, name);
        }
        AttrAction::ChangeType => change_type(state, &screen),
        AttrAction::Document(by) => {
            let n = state.project.documents.len().max(1);
            let doc = (state.doc as isize + by).rem_euclid(n as isize) as usize;
            state.go_to(doc, 0);
        }
        AttrAction::Undo => return undo(state, true),
        AttrAction::Redo => return undo(state, false),
        AttrAction::Close | AttrAction::Cancel => state.mode = Mode::Coding,
        _ => {}
    }
    Vec::new()
}

fn set_screen(state: &mut State, screen: Screen) {
    state.mode = Mode::Attributes(Box::new(screen));
}

fn ask(state: &mut State, screen: &Screen, prompt: Prompt) {
    set_screen(
        state,
        Screen {
            selected: screen.selected,
            prompt: Some(prompt),
        },
    );
}

/// Whether project.json may be changed; says why not.
fn writable(state: &mut State) -> bool {
    match state.project.attributes.readonly.clone() {
        Some(why) => {
            warn(state, format!("Read-only: {why}"));
            false
        }
        None => true,
    }
}

fn selected_name(state: &State, screen: &Screen) -> Option<String> {
    rows(state).get(screen.selected).cloned()
}

fn edit(state: &mut State, screen: &Screen) {
    let Some(name) = selected_name(state, screen) else {
        info(state, "No attributes yet: a adds one.");
        return;
    };
    if !writable(state) {
        return;
    }
    let input = state
        .project
        .attributes
        .value(document(state), &name)
        .unwrap_or_default()
        .to_owned();
    ask(
        state,
        screen,
        Prompt::Value {
            name,
            input,
            error: None,
        },
    );
}

fn clear(state: &mut State, screen: &Screen) -> Vec<Effect> {
    let Some(name) = selected_name(state, screen) else {
        return Vec::new();
    };
    if !writable(state) {
        return Vec::new();
    }
    let document = document(state).to_owned();
    let before = state
        .project
        .attributes
        .value(&document, &name)
        .map(str::to_owned);
    if before.is_none() {
        info(state, format!("{name} has no value here."));
        return Vec::new();
    }
    info(state, format!("Cleared {name} of {document}."));
    apply_new(
        state,
        AttrEdit::Value {
            document,
            name,
            before,
            after: None,
        },
    )
}

fn change_type(state: &mut State, screen: &Screen) {
    let Some(name) = selected_name(state, screen) else {
        return;
    };
    if !writable(state) {
        return;
    }
    let now = state.project.attributes.type_of(&name);
    let choice = AttrType::ALL.iter().position(|t| *t == now).unwrap_or(0);
    ask(
        state,
        screen,
        Prompt::Type {
            name,
            choice,
            new: false,
            error: None,
        },
    );
}

/// A key while a prompt is open.
fn prompt_key(state: &mut State, screen: Screen, a: AttrAction) -> Vec<Effect> {
    let Some(mut prompt) = screen.prompt.clone() else {
        return Vec::new();
    };
    match (&mut prompt, a) {
        (_, AttrAction::Cancel | AttrAction::Close) => {
            set_screen(
                state,
                Screen {
                    prompt: None,
                    ..screen
                },
            );
            return Vec::new();
        }
        (_, AttrAction::Accept) => return accept(state, screen, prompt),
        (Prompt::Type { choice, error, .. }, AttrAction::Choose(by)) => {
            *choice = (*choice as isize + by).rem_euclid(AttrType::ALL.len() as isize) as usize;
            *error = None;
        }
        (Prompt::Type { choice, .. }, AttrAction::Pick(t)) => {
            *choice = AttrType::ALL.iter().position(|x| *x == t).unwrap_or(0);
            return accept(state, screen, prompt);
        }
        (
            Prompt::Value { input, error, .. } | Prompt::Name { input, error },
            AttrAction::Input(c),
        ) => {
            input.push(c);
            *error = None;
        }
        (
            Prompt::Value { input, error, .. } | Prompt::Name { input, error },
            AttrAction::Backspace,
        ) => {
            input.pop();
            *error = None;
        }
        (
            Prompt::Value { input, error, .. } | Prompt::Name { input, error },
            AttrAction::ClearInput,
        ) => {
            input.clear();
            *error = None;
        }
        _ => return Vec::new(),
    }
    set_screen(
        state,
        Screen {
            prompt: Some(prompt),
            ..screen
        },
    );
    Vec::new()
}

/// Pasted text for the prompt being typed (one line).
pub fn insert_str(state: &mut State, text: &str) {
    if let Mode::Attributes(s) = &mut state.mode
        && let Some(Prompt::Value { input, error, .. } | Prompt::Name { input, error }) =
            &mut s.prompt
    {
        input.push_str(text);
        *error = None;
    }
}

/// Whether a one-line prompt takes text now.
pub fn typing(state: &State) -> bool {
    matches!(
        &state.mode,
        Mode::Attributes(s) if matches!(s.prompt, Some(Prompt::Value { .. } | Prompt::Name { .. }))
    )
}

/// Enter in a prompt: the value, name or type is checked; an error keeps the prompt
/// open with the reason.
fn accept(state: &mut State, screen: Screen, prompt: Prompt) -> Vec<Effect> {
    let attrs = &state.project.attributes;
    let outcome: Result<(Option<AttrEdit>, Option<Prompt>), String> = match &prompt {
        Prompt::Value { name, input, .. } => {
            value_edit(attrs, document(state), name, input).map(|e| (e, None))
        }
        Prompt::Name { input, .. } => new_name(attrs, input).map(|name| {
            let next = Prompt::Type {
                name,
                choice: 0,
                new: true,
                error: None,
            };
            (None, Some(next))
        }),
        Prompt::Type { name, choice, .. } => {
            type_edit(attrs, name, AttrType::ALL[*choice]).map(|e| (e, None))
        }
    };
    match outcome {
        Err(why) => {
            set_screen(
                state,
                Screen {
                    prompt: Some(with_error(prompt, why)),
                    ..screen
                },
            );
            Vec::new()
        }
        Ok((edit, next)) => {
            let selected = match &edit {
                Some(AttrEdit::Define { name, .. }) => {
                    let rows = state.project.attributes.all_names();
                    rows.iter().position(|n| n == name).unwrap_or(rows.len())
                }
                _ => screen.selected,
            };
            set_screen(
                state,
                Screen {
                    selected,
                    prompt: next,
                },
            );
            match edit {
                Some(e) => {
                    info(state, describe(&e, false));
                    apply_new(state, e)
                }
                None => Vec::new(),
            }
        }
    }
}

fn with_error(prompt: Prompt, why: String) -> Prompt {
    match prompt {
        Prompt::Value { name, input, .. } => Prompt::Value {
            name,
            input,
            error: Some(why),
        },
        Prompt::Name { input, .. } => Prompt::Name {
            input,
            error: Some(why),
        },
        Prompt::Type {
            name, choice, new, ..
        } => Prompt::Type {
            name,
            choice,
            new,
            error: Some(why),
        },
    }
}

/// The edit a typed value makes (None: nothing changes); an empty value clears.
fn value_edit(
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
fn new_name(attrs: &Attributes, input: &str) -> Result<String, String> {
    let name = input.trim();
    check_name(name)?;
    if attrs.has(name) {
        return Err(format!("there is an attribute {name:?} already"));
    }
    Ok(name.to_owned())
}

/// Declaring `name` as `ty`; every value it has must fit.
fn type_edit(attrs: &Attributes, name: &str, ty: AttrType) -> Result<Option<AttrEdit>, String> {
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
        return Err(format!(
            "{n} values are not {}: {}{}",
            ty.expects(),
            bad.join(", "),
            if n > 3 { ", ..." } else { "" }
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
fn describe(e: &AttrEdit, reverse: bool) -> String {
    match e {
        AttrEdit::Value {
            document,
            name,
            before,
            after,
        } => {
            let now = if reverse { before } else { after };
            match now {
                Some(v) => format!("{name} of {document}: {v}"),
                None => format!("{name} of {document}: no value"),
            }
        }
        AttrEdit::Define {
            name,
            before,
            after,
        } => match if reverse { before } else { after } {
            Some(t) => format!("Attribute {name}: {}", t.name()),
            None => format!("Attribute {name} no longer declared"),
        },
    }
}

/// Makes a new edit (the redo history goes).
fn apply_new(state: &mut State, e: AttrEdit) -> Vec<Effect> {
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
fn undo(state: &mut State, back: bool) -> Vec<Effect> {
    let (from, what) = if back {
        (&mut state.attributes.undo, "undo")
    } else {
        (&mut state.attributes.redo, "redo")
    };
    let Some(e) = from.pop() else {
        info(state, format!("No attribute change to {what}."));
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
    let text = format!(
        "{}: {}",
        if back { "Undone" } else { "Redone" },
        describe(&e, back)
    );
    if back {
        state.attributes.redo.push(e);
    } else {
        state.attributes.undo.push(e);
    }
    info(state, text);
    changed(state)
}

/// Applies the outcome of a save of `project.json`: the save state, and another
/// coder's changes merged in (or their version kept aside when it could not be).
pub fn saved(state: &mut State, outcome: Outcome) -> Vec<Effect> {
    match outcome.result {
        Err(why) => state.attributes.save = SaveState::Failed(format!("project.json: {why}")),
        Ok(()) if outcome.generation == state.attributes.generation => {
            state.attributes.save = SaveState::Saved;
        }
        Ok(()) => {}
    }
    let refused = match outcome.merge {
        Some(Merge::Done {
            ours,
            written,
            changes,
        }) => return adopt(state, &ours, &written, changes),
        Some(Merge::Refused(why)) => format!(": {why}"),
        None => String::new(),
    };
    if let Some(copy) = outcome.conflict {
        let name = copy
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = format!(
            "Kept the other version of project.json as {name} (yours is saved); it cannot be merged with yours{refused}."
        );
        state.notes.push(text.clone());
        warn(state, text);
    }
    Vec::new()
}

/// Takes in the merged `project.json` now on disk, keeping any change made since the
/// save was queued (`ours` is what was queued).
fn adopt(state: &mut State, ours: &[u8], written: &[u8], changes: usize) -> Vec<Effect> {
    use crate::core::attributes::file::from_bytes;
    let pair = from_bytes(ours, "queued")
        .and_then(|o| from_bytes(written, "project.json").map(|w| (o, w)));
    let (queued, disk) = match pair {
        Ok(p) => p,
        Err(e) => {
            warn(
                state,
                format!("project.json was merged but cannot be read back: {e}"),
            );
            return Vec::new();
        }
    };
    match merge::merge(&queued, &state.project.attributes, &disk) {
        Ok((mut merged, _)) => {
            merged.on_disk = state.project.attributes.on_disk.take();
            state.project.attributes = merged;
            let s = if changes == 1 { "" } else { "s" };
            let text =
                format!("Merged project.json: {changes} change{s} from another coder/program.");
            state.notes.push(text.clone());
            state.message = Some(Message {
                text,
                warning: false,
            });
            Vec::new()
        }
        // A change made since the save clashes with theirs: the next save goes over
        // the merged file as over any other version, keeping theirs as a copy.
        Err(_) => vec![Effect::ProjectBase(ours.to_vec()), Effect::SaveProject],
    }
}
