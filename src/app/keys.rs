//! Which action a key means, given the mode: keymap actions and code keys while
//! coding; fixed editing keys in the picker and help. Pure: no terminal types.

use super::action::Action;
use super::editor::{EditorAction, Field, Prompt};
use super::keymap::{Key, KeyCode};
use super::state::{Mode, State};

/// The action for a key press, if any.
pub fn action_for(state: &State, key: Key) -> Option<Action> {
    match &state.mode {
        Mode::Coding => coding(state, key),
        Mode::Help { .. } => help(state, key),
        Mode::Picker(_) => picker(key),
        Mode::Review { .. } => review(state, key),
        Mode::Editor(e) => editor(state, key, e.prompt.as_ref()).map(|a| match a {
            Ok(a) => Action::Editor(a),
            Err(a) => a,
        }),
    }
}

/// The codebook screen's keys (help lists them). `Err` carries a non-editor action.
fn editor(
    state: &State,
    key: Key,
    prompt: Option<&Prompt>,
) -> Option<Result<EditorAction, Action>> {
    use EditorAction as E;
    let cancel = matches!(key.code, KeyCode::Esc)
        || (key.ctrl && matches!(key.code, KeyCode::Char('g' | 'c')));
    if let Some(prompt) = prompt {
        if cancel {
            return Some(Ok(E::Cancel));
        }
        let typed = match key {
            Key {
                code: KeyCode::Char(c),
                ctrl: false,
                alt: false,
            } => Some(c),
            _ => None,
        };
        return Some(Ok(match (prompt, key.code) {
            (_, KeyCode::Enter) => E::Accept,
            (Prompt::ConfirmDelete { .. }, _) => E::Cancel,
            (Prompt::Split { .. }, KeyCode::Char(' ' | 'x')) => E::ToggleRow,
            (Prompt::Split { .. } | Prompt::Target { .. }, KeyCode::Down | KeyCode::Tab) => {
                E::PromptMove(1)
            }
            (Prompt::Split { .. } | Prompt::Target { .. }, KeyCode::Up | KeyCode::BackTab) => {
                E::PromptMove(-1)
            }
            (Prompt::Split { .. }, KeyCode::Char('j')) => E::PromptMove(1),
            (Prompt::Split { .. }, KeyCode::Char('k')) => E::PromptMove(-1),
            (Prompt::Target { .. }, KeyCode::Char('n')) if key.ctrl => E::PromptMove(1),
            (Prompt::Target { .. }, KeyCode::Char('p')) if key.ctrl => E::PromptMove(-1),
            (Prompt::Text { .. }, KeyCode::Char('u')) if key.ctrl => E::ClearInput,
            (Prompt::Text { .. } | Prompt::Target { .. }, KeyCode::Backspace) => E::Backspace,
            (Prompt::Text { .. } | Prompt::Target { .. }, _) => E::Input(typed?),
            _ => return None,
        }));
    }
    if cancel {
        return Some(Ok(E::Cancel));
    }
    match state.keymap.action(key) {
        Some(Action::NextParagraph) => return Some(Ok(E::Move(1))),
        Some(Action::PrevParagraph) => return Some(Ok(E::Move(-1))),
        Some(Action::PageDown) => return Some(Ok(E::Move(10))),
        Some(Action::PageUp) => return Some(Ok(E::Move(-10))),
        Some(Action::FirstParagraph) => return Some(Ok(E::Move(-1_000_000))),
        Some(Action::LastParagraph) => return Some(Ok(E::Move(1_000_000))),
        Some(Action::Quit | Action::CodebookScreen) => return Some(Ok(E::Cancel)),
        Some(a @ (Action::SwitchLanguage | Action::Help)) => return Some(Err(a)),
        Some(Action::Undo) => return Some(Ok(E::Undo)),
        Some(Action::Redo) => return Some(Ok(E::Redo)),
        _ => {}
    }
    if key.ctrl || key.alt {
        return None;
    }
    Some(Ok(match key.code {
        KeyCode::Char('a') => E::Add { child: false },
        KeyCode::Char('A') => E::Add { child: true },
        KeyCode::Char('n') => E::Edit(Field::Label),
        KeyCode::Char('e') => E::Edit(Field::Definition),
        KeyCode::Char('i') => E::Edit(Field::Include),
        KeyCode::Char('x') => E::Edit(Field::Exclude),
        KeyCode::Char('E') => E::Edit(Field::Example),
        KeyCode::Char('c') => E::AskKey,
        KeyCode::Char('o') => E::CycleColour,
        KeyCode::Char('K') => E::Reorder(-1),
        KeyCode::Char('J') => E::Reorder(1),
        KeyCode::Char('m') => E::MoveUnder,
        KeyCode::Char('M') => E::MergeInto,
        KeyCode::Char('s') => E::Split,
        KeyCode::Char('R') => E::ToggleRetire,
        KeyCode::Char('X') => E::ToggleExclusive,
        KeyCode::Char('D') | KeyCode::Delete => E::Delete,
        _ => return None,
    }))
}

/// The review list: j/k or arrows move, Enter accepts, x rejects, g goes to the
/// paragraph; Esc, q, r (or the review key) close.
fn review(state: &State, key: Key) -> Option<Action> {
    match state.keymap.action(key) {
        Some(Action::NextParagraph) => return Some(Action::ReviewMove(1)),
        Some(Action::PrevParagraph) => return Some(Action::ReviewMove(-1)),
        Some(Action::Quit | Action::Review | Action::Help) => return Some(Action::Close),
        _ => {}
    }
    match (key.code, key.ctrl) {
        (KeyCode::Enter, _) | (KeyCode::Char('c'), false) => Some(Action::ReviewAccept),
        (KeyCode::Char('x') | KeyCode::Delete, false) => Some(Action::ReviewReject),
        (KeyCode::Char('g'), false) => Some(Action::ReviewGoTo),
        (KeyCode::Esc, _) | (KeyCode::Char('g'), true) => Some(Action::Close),
        _ => None,
    }
}

fn coding(state: &State, key: Key) -> Option<Action> {
    if let Some(action) = state.keymap.action(key) {
        return Some(action);
    }
    match key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: false,
        } => state.codebook.by_key(c).map(Action::ToggleCode),
        _ => None,
    }
}

/// Help closes with Esc, q, ? (or whatever help and quit are bound to), and scrolls.
fn help(state: &State, key: Key) -> Option<Action> {
    match state.keymap.action(key) {
        Some(Action::Help | Action::Quit) => return Some(Action::Close),
        Some(Action::NextParagraph) => return Some(Action::HelpScroll(1)),
        Some(Action::PrevParagraph) => return Some(Action::HelpScroll(-1)),
        Some(Action::PageDown) => return Some(Action::HelpScroll(10)),
        Some(Action::PageUp) => return Some(Action::HelpScroll(-10)),
        _ => {}
    }
    match key.code {
        KeyCode::Esc | KeyCode::Enter => Some(Action::Close),
        KeyCode::Char('g') if key.ctrl => Some(Action::Close),
        _ => None,
    }
}

/// The picker takes text, so its keys are fixed: Enter applies, Esc / Ctrl-g /
/// Ctrl-c close (Esc is never the only way out), arrows or Ctrl-n / Ctrl-p move.
fn picker(key: Key) -> Option<Action> {
    match (key.code, key.ctrl) {
        (KeyCode::Enter, _) => Some(Action::PickerAccept),
        (KeyCode::Esc, _) | (KeyCode::Char('g' | 'c'), true) => Some(Action::Close),
        (KeyCode::Backspace, _) => Some(Action::PickerBackspace),
        (KeyCode::Up | KeyCode::BackTab, _) | (KeyCode::Char('p' | 'k'), true) => {
            Some(Action::PickerMove(-1))
        }
        (KeyCode::Down | KeyCode::Tab, _) | (KeyCode::Char('n' | 'j'), true) => {
            Some(Action::PickerMove(1))
        }
        (KeyCode::PageUp, _) => Some(Action::PickerMove(-10)),
        (KeyCode::PageDown, _) => Some(Action::PickerMove(10)),
        (KeyCode::Char(c), false) if !key.alt => Some(Action::PickerInput(c)),
        _ => None,
    }
}
