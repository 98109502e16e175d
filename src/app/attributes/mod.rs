//! The attributes screen (`@`): the current document's attributes (informant role,
//! city, date...) to see and edit, new attributes with a type, all from the keyboard.
//! Values are checked by type as they are entered; every change is an undoable step
//! and is saved to `project.json` at once (an effect; the loop writes it). Another
//! coder's changes to the file are merged value by value when it is saved
//! (RELIABILITY C4): see [`saved`].

mod edits;
mod sync;

pub use edits::AttrEdit;
pub use sync::saved;

use super::state::{Effect, Mode, SaveState, State};
use super::update::{info, tr, warn};
use crate::core::attributes::AttrType;
use crate::i18n::fill;
use edits::{apply_new, describe, new_name, type_edit, undo, value_edit};

/// The attributes' undo history and the save state of `project.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    pub undo: Vec<AttrEdit>,
    pub redo: Vec<AttrEdit>,
    pub save: SaveState,
    /// Counts changes; a save outcome for an older generation is superseded.
    pub generation: u64,
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
pub(super) fn writable(state: &mut State) -> bool {
    match state.project.attributes.readonly.clone() {
        Some(why) => {
            warn(state, crate::app::update::read_only(state, &why));
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
        info(state, tr(state).ui_attr_none_short);
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
        info(state, fill(tr(state).ui_attr_no_value, &[("name", &name)]));
        return Vec::new();
    }
    let text = fill(
        tr(state).ui_attr_cleared,
        &[("name", &name), ("document", &document)],
    );
    info(state, text);
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
    let lang = state.lang;
    let outcome: Result<(Option<AttrEdit>, Option<Prompt>), String> = match &prompt {
        Prompt::Value { name, input, .. } => {
            value_edit(attrs, document(state), name, input).map(|e| (e, None))
        }
        Prompt::Name { input, .. } => new_name(attrs, input, lang).map(|name| {
            let next = Prompt::Type {
                name,
                choice: 0,
                new: true,
                error: None,
            };
            (None, Some(next))
        }),
        Prompt::Type { name, choice, .. } => {
            type_edit(attrs, name, AttrType::ALL[*choice], lang).map(|e| (e, None))
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
                    info(state, describe(&e, false, state.lang));
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
