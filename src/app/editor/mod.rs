//! The codebook screen: browse the code tree with usage counts and change the
//! codebook from the keyboard. Every change is saved to `codebook.json` with the
//! save protocol and can be undone. Ids never change: renaming edits labels; a merge
//! or retirement is recorded in the codebook, so every coder's sidecars still read.

mod ops;

pub use ops::{coded_with, usage};

use super::state::{Effect, Message, Mode, State};
use crate::core::codebook::{Code, Codebook, Text};
use crate::core::coding::sidecar::Decisions;
use ops::{
    accept_text, ask_delete, change, cycle_colour, delete, merge, recode, reorder,
    toggle_exclusive, toggle_retire, undo,
};
use std::collections::BTreeSet;

/// A text field of a code that the screen edits, in the current language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Label,
    Definition,
    Include,
    Exclude,
    Example,
}

impl Field {
    pub fn name(self) -> &'static str {
        self.name_in(crate::i18n::Lang::En)
    }

    /// The field's name in `lang`, for the prompt that edits it.
    pub fn name_in(self, lang: crate::i18n::Lang) -> &'static str {
        let t = crate::i18n::strings(lang);
        match self {
            Field::Label => t.ui_field_label,
            Field::Definition => t.ui_field_definition,
            Field::Include => t.ui_field_include,
            Field::Exclude => t.ui_field_exclude,
            Field::Example => t.ui_field_example,
        }
    }

    fn of(self, code: &mut Code) -> &mut Text {
        match self {
            Field::Label => &mut code.label,
            Field::Definition => &mut code.definition,
            Field::Include => &mut code.include,
            Field::Exclude => &mut code.exclude,
            Field::Example => &mut code.example,
        }
    }
}

/// What a text prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    Edit(Field),
    NewSibling,
    NewChild,
    /// A new sub-code that selected paragraphs will move to.
    SplitInto,
    Key,
}

/// What a target list is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    MoveUnder,
    MergeInto,
}

/// A question the screen is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    Text {
        ask: Ask,
        buffer: String,
    },
    Target {
        purpose: Target,
        query: String,
        selected: usize,
    },
    ConfirmDelete {
        message: String,
        /// Other coders applied the code: Enter retires it, D deletes it anyway.
        others: bool,
    },
    /// Paragraphs coded with `from`; the checked ones are moved to `into`.
    Split {
        from: String,
        into: String,
        rows: Vec<(usize, usize)>,
        checked: BTreeSet<usize>,
        selected: usize,
    },
}

/// The screen's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub selected: usize,
    pub prompt: Option<Prompt>,
}

/// Everything the screen can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorAction {
    Open,
    Move(isize),
    Add {
        child: bool,
    },
    Edit(Field),
    AskKey,
    CycleColour,
    Reorder(isize),
    MoveUnder,
    MergeInto,
    Split,
    ToggleRetire,
    ToggleExclusive,
    Delete,
    /// How many paragraphs each other coder gave the code: the answer to
    /// [`crate::app::state::Effect::CountUsage`], for the delete question.
    UsageCounted(String, Vec<(String, usize)>),
    /// Delete a code other coders use (their codings become unknown codes).
    ForceDelete,
    Undo,
    Redo,
    Input(char),
    Backspace,
    ClearInput,
    PromptMove(isize),
    ToggleRow,
    Accept,
    Cancel,
}

/// An undo step: the codebook and the decisions of the documents the change touched.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub book: Codebook,
    pub docs: Vec<(usize, Decisions)>,
}

const HISTORY: usize = 100;

/// Applies an editor action.
pub fn update_editor(state: &mut State, action: EditorAction) -> Vec<Effect> {
    if action == EditorAction::Open {
        let selected = state
            .code_cursor
            .min(state.codebook.codes.len().saturating_sub(1));
        state.mode = Mode::Editor(Editor {
            selected,
            prompt: None,
        });
        return Vec::new();
    }
    let Mode::Editor(editor) = &state.mode else {
        return Vec::new();
    };
    let editor = editor.clone();
    match (&editor.prompt, action) {
        (Some(_), EditorAction::Cancel) => set_prompt(state, None),
        (None, EditorAction::Cancel) => state.mode = Mode::Coding,
        (Some(p), a) => return prompt_action(state, &editor, p.clone(), a),
        (None, a) => return browse_action(state, &editor, a),
    }
    Vec::new()
}

fn browse_action(state: &mut State, editor: &Editor, action: EditorAction) -> Vec<Effect> {
    let sel = editor.selected;
    let has = !state.codebook.codes.is_empty();
    match action {
        EditorAction::Move(by) => select(state, sel.saturating_add_signed(by)),
        EditorAction::Add { child } if has || !child => {
            let ask = if child {
                Ask::NewChild
            } else {
                Ask::NewSibling
            };
            set_prompt(
                state,
                Some(Prompt::Text {
                    ask,
                    buffer: String::new(),
                }),
            );
        }
        EditorAction::Edit(field) if has => {
            let buffer = current_text(state, sel, field);
            set_prompt(
                state,
                Some(Prompt::Text {
                    ask: Ask::Edit(field),
                    buffer,
                }),
            );
        }
        EditorAction::AskKey if has => set_prompt(state, Some(text_prompt(Ask::Key))),
        EditorAction::CycleColour if has => return change(state, |s| cycle_colour(s, sel)),
        EditorAction::Reorder(by) if has => return change(state, |s| reorder(s, sel, by)),
        EditorAction::MoveUnder if has => set_prompt(state, Some(target(Target::MoveUnder))),
        EditorAction::MergeInto if has => set_prompt(state, Some(target(Target::MergeInto))),
        EditorAction::Split if has => set_prompt(state, Some(text_prompt(Ask::SplitInto))),
        EditorAction::ToggleRetire if has => return change(state, |s| toggle_retire(s, sel)),
        EditorAction::ToggleExclusive if has => return change(state, |s| toggle_exclusive(s, sel)),
        EditorAction::Delete if has => return ops::ask_usage(state, sel),
        EditorAction::UsageCounted(id, others) if has => {
            return ask_delete(state, sel, &id, &others);
        }
        EditorAction::Undo => return undo(state, true),
        EditorAction::Redo => return undo(state, false),
        _ => {}
    }
    Vec::new()
}

fn text_prompt(ask: Ask) -> Prompt {
    Prompt::Text {
        ask,
        buffer: String::new(),
    }
}

fn target(purpose: Target) -> Prompt {
    Prompt::Target {
        purpose,
        query: String::new(),
        selected: 0,
    }
}

fn select(state: &mut State, i: usize) {
    let n = state.codebook.codes.len();
    if let Mode::Editor(e) = &mut state.mode {
        e.selected = i.min(n.saturating_sub(1));
    }
}

fn set_prompt(state: &mut State, prompt: Option<Prompt>) {
    if let Mode::Editor(e) = &mut state.mode {
        e.prompt = prompt;
    }
}

fn selected(state: &State) -> usize {
    match &state.mode {
        Mode::Editor(e) => e.selected,
        _ => 0,
    }
}

fn current_text(state: &State, i: usize, field: Field) -> String {
    let mut code = state.codebook.codes[i].clone();
    field.of(&mut code).get(state.lang).to_owned()
}

fn note(state: &mut State, text: String, warning: bool) {
    state.message = Some(Message { text, warning });
}

/// Codes a target list offers: for a move, "(top level)" first (as None) and every
/// code outside the selected code's subtree; for a merge, every active code but it.
pub fn targets(state: &State, purpose: Target, query: &str) -> Vec<Option<usize>> {
    let sel = selected(state);
    let book = &state.codebook;
    let candidates: Vec<usize> = super::picker::filter_all(book, query)
        .into_iter()
        .filter(|&i| match purpose {
            Target::MoveUnder => i != sel && !book.is_descendant(i, sel),
            Target::MergeInto => i != sel && book.codes[i].active(),
        })
        .collect();
    let top = (purpose == Target::MoveUnder && query.is_empty()).then_some(None);
    top.into_iter()
        .chain(candidates.into_iter().map(Some))
        .collect()
}

fn prompt_action(
    state: &mut State,
    editor: &Editor,
    prompt: Prompt,
    action: EditorAction,
) -> Vec<Effect> {
    match (prompt, action) {
        (Prompt::Text { ask, mut buffer }, a) => match a {
            EditorAction::Input(c) => {
                buffer.push(c);
                set_prompt(state, Some(Prompt::Text { ask, buffer }));
            }
            EditorAction::Backspace => {
                buffer.pop();
                set_prompt(state, Some(Prompt::Text { ask, buffer }));
            }
            EditorAction::ClearInput => set_prompt(
                state,
                Some(Prompt::Text {
                    ask,
                    buffer: String::new(),
                }),
            ),
            EditorAction::Accept => {
                set_prompt(state, None);
                return accept_text(state, editor.selected, ask, buffer.trim());
            }
            _ => {}
        },
        (
            Prompt::Target {
                purpose,
                mut query,
                selected,
            },
            a,
        ) => match a {
            EditorAction::Input(c) => {
                query.push(c);
                set_prompt(
                    state,
                    Some(Prompt::Target {
                        purpose,
                        query,
                        selected: 0,
                    }),
                );
            }
            EditorAction::Backspace => {
                query.pop();
                set_prompt(
                    state,
                    Some(Prompt::Target {
                        purpose,
                        query,
                        selected: 0,
                    }),
                );
            }
            EditorAction::PromptMove(by) => {
                let n = targets(state, purpose, &query).len();
                let selected = selected.saturating_add_signed(by).min(n.saturating_sub(1));
                set_prompt(
                    state,
                    Some(Prompt::Target {
                        purpose,
                        query,
                        selected,
                    }),
                );
            }
            EditorAction::Accept => {
                let choice = targets(state, purpose, &query).get(selected).copied();
                set_prompt(state, None);
                let sel = editor.selected;
                return match (purpose, choice) {
                    (_, None) => {
                        let text = crate::app::update::tr(state).ui_no_code_matches;
                        note(state, text.into(), false);
                        Vec::new()
                    }
                    (Target::MoveUnder, Some(parent)) => change(state, |s| {
                        s.codebook.move_code(sel, parent).map(|()| Vec::new())
                    }),
                    (Target::MergeInto, Some(Some(into))) => change(state, |s| merge(s, sel, into)),
                    (Target::MergeInto, Some(None)) => Vec::new(),
                };
            }
            _ => {}
        },
        (Prompt::ConfirmDelete { others: true, .. }, EditorAction::Accept) => {
            set_prompt(state, None);
            let sel = editor.selected;
            if !state.codebook.codes[sel].retired {
                return change(state, |s| ops::toggle_retire(s, sel));
            }
        }
        (Prompt::ConfirmDelete { .. }, EditorAction::Accept | EditorAction::ForceDelete) => {
            set_prompt(state, None);
            let sel = editor.selected;
            return change(state, |s| delete(s, sel));
        }
        (Prompt::ConfirmDelete { .. }, _) => {}
        (
            Prompt::Split {
                from,
                into,
                rows,
                mut checked,
                selected,
            },
            a,
        ) => match a {
            EditorAction::PromptMove(by) => {
                let selected = selected
                    .saturating_add_signed(by)
                    .min(rows.len().saturating_sub(1));
                set_prompt(
                    state,
                    Some(Prompt::Split {
                        from,
                        into,
                        rows,
                        checked,
                        selected,
                    }),
                );
            }
            EditorAction::ToggleRow => {
                if !checked.remove(&selected) {
                    checked.insert(selected);
                }
                set_prompt(
                    state,
                    Some(Prompt::Split {
                        from,
                        into,
                        rows,
                        checked,
                        selected,
                    }),
                );
            }
            EditorAction::Accept => {
                set_prompt(state, None);
                let chosen: Vec<(usize, usize)> = checked
                    .iter()
                    .filter_map(|&r| rows.get(r).copied())
                    .collect();
                return change(state, |s| recode(s, &from, &into, &chosen));
            }
            _ => {}
        },
    }
    Vec::new()
}
