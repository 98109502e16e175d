//! Which action a key means, given the mode: keymap actions and code keys while
//! coding; fixed editing keys in the picker and help. Pure: no terminal types.

use super::action::Action;
use super::keymap::{Key, KeyCode};
use super::state::{Mode, State};

/// The action for a key press, if any.
pub fn action_for(state: &State, key: Key) -> Option<Action> {
    match &state.mode {
        Mode::Coding => coding(state, key),
        Mode::Help { .. } => help(state, key),
        Mode::Picker(_) => picker(key),
        Mode::Review { .. } => review(state, key),
    }
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
