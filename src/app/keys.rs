//! Which action a key means, given the mode: keymap actions and code keys while
//! coding; fixed editing keys in the picker and help. Pure: no terminal types.

use super::action::Action;
use super::attributes::{AttrAction, Prompt as AttrPrompt};
use super::editor::{EditorAction, Field, Prompt};
use super::keymap::{Key, KeyCode};
use super::memo::MemoAction;
use super::overview::OverviewAction;
use super::retrieve::RetrieveAction;
use super::search::SearchAction;
use super::state::{Effect, Mode, State};
use super::team::TeamAction;
use super::update::update;
use crate::core::attributes::AttrType;

/// Applies a key press: its action in the current mode, or, for an Alt-x that means
/// nothing here, Esc and then x. Over a slow link Esc and the next key arrive in one
/// packet, which reads as Alt-x; Esc is never the only way out of a mode, so this
/// takes no binding from anyone.
pub fn press(state: &mut State, key: Key) -> Vec<Effect> {
    if let Some(action) = action_for(state, key) {
        return update(state, action);
    }
    if !key.alt {
        return Vec::new();
    }
    let esc = Key::plain(KeyCode::Esc);
    let mut effects = action_for(state, esc).map_or_else(Vec::new, |a| update(state, a));
    if effects.contains(&Effect::Quit) {
        return effects;
    }
    let plain = Key { alt: false, ..key };
    if let Some(action) = action_for(state, plain) {
        effects.extend(update(state, action));
    }
    effects
}

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
        Mode::Search => search(key).map(Action::SearchEdit),
        Mode::Memo(_) => memo(key).map(Action::MemoEdit),
        Mode::Retrieve => retrieve(state, key),
        Mode::Overview(_) => overview(state, key),
        Mode::Agreement(_) => agreement(state, key).map(Action::Team),
        Mode::Attributes(s) => attributes(state, key, s.prompt.as_ref()),
        Mode::Settle(q) => settle(state, key, q.by_hand),
        Mode::Messages { .. } => messages(state, key),
    }
}

/// The messages screen: j/k and pages scroll, g/G go to the newest and the oldest;
/// Esc, Enter, q or the messages key close.
fn messages(state: &State, key: Key) -> Option<Action> {
    if cancels(key) || key.code == KeyCode::Enter {
        return Some(Action::Messages);
    }
    if let Some(by) = list_move(state, key, 5) {
        return Some(Action::MessagesScroll(by));
    }
    match state.keymap.action(key)? {
        Action::Quit | Action::Messages => Some(Action::Messages),
        a @ (Action::Help | Action::SwitchLanguage) => Some(a),
        _ => None,
    }
}

/// The agreement view: j/k and pages scroll; Tab / Shift-Tab choose the coders
/// compared; Enter or d open the queue of disagreements; Esc, q or the agreement key
/// close.
fn agreement(state: &State, key: Key) -> Option<TeamAction> {
    use TeamAction as T;
    if cancels(key) {
        return Some(T::Close);
    }
    if let Some(by) = list_move(state, key, 10) {
        return Some(T::Scroll(by));
    }
    Some(match (key.code, key.ctrl) {
        (KeyCode::Tab | KeyCode::Right, _) => T::NextPair,
        (KeyCode::BackTab | KeyCode::Left, _) => T::PrevPair,
        (KeyCode::Enter | KeyCode::Char('d'), false) => T::OpenQueue,
        _ => match state.keymap.action(key) {
            Some(Action::Quit | Action::Agreement) => T::Close,
            _ => return None,
        },
    })
}

/// The queue of disagreements: j/k move; a, b, c, d take that coder's codes; + the
/// union, & the intersection, x none of the codes, e by hand (code keys, then Enter
/// or Esc); s shows settled paragraphs too; u / Ctrl-r undo and redo; Esc back.
fn settle(state: &State, key: Key, by_hand: bool) -> Option<Action> {
    use TeamAction as T;
    if by_hand {
        if cancels(key) || key.code == KeyCode::Enter {
            return Some(Action::Team(T::ByHand));
        }
        return match key.code {
            KeyCode::Char(c) if !key.ctrl && !key.alt => state
                .codebook
                .by_key(c)
                .map(|i| Action::Team(T::HandToggle(i))),
            _ => None,
        };
    }
    if cancels(key) {
        return Some(Action::Team(T::Back));
    }
    if let Some(by) = list_move(state, key, 10) {
        return Some(Action::Team(T::Move(by)));
    }
    match state.keymap.action(key) {
        Some(a @ (Action::Undo | Action::Redo | Action::Help | Action::SwitchLanguage)) => {
            return Some(a);
        }
        Some(Action::Quit | Action::Agreement) => return Some(Action::Team(T::Back)),
        _ => {}
    }
    let a = match typed(key)? {
        c @ 'a'..='d' => T::Take(usize::from(c as u8 - b'a')),
        '+' => T::Union,
        '&' | '*' => T::Intersection,
        'x' | '0' => T::NoCode,
        'e' => T::ByHand,
        's' => T::ShowSettled,
        _ => return None,
    };
    Some(Action::Team(a))
}

/// How far the paragraph keys (j/k, pages, first/last) move in a list: a row, a page
/// of `page` rows, or to either end.
fn list_move(state: &State, key: Key, page: isize) -> Option<isize> {
    Some(match state.keymap.action(key)? {
        Action::NextParagraph => 1,
        Action::PrevParagraph => -1,
        Action::PageDown => page,
        Action::PageUp => -page,
        Action::FirstParagraph => isize::MIN,
        Action::LastParagraph => isize::MAX,
        _ => return None,
    })
}

/// A plain character typed (no Ctrl or Alt).
fn typed(key: Key) -> Option<char> {
    match key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: false,
        } => Some(c),
        _ => None,
    }
}

/// Whether the key cancels a prompt: Esc, Ctrl-g or Ctrl-c (Esc is never the only
/// way out: tmux delays it).
fn cancels(key: Key) -> bool {
    matches!(key.code, KeyCode::Esc) || (key.ctrl && matches!(key.code, KeyCode::Char('g' | 'c')))
}

/// The search prompt: typing searches; Enter keeps the search; Esc, Ctrl-g or Ctrl-c
/// go back to where it began; Ctrl-t switches exact matching; Ctrl-u clears.
fn search(key: Key) -> Option<SearchAction> {
    if cancels(key) {
        return Some(SearchAction::Cancel);
    }
    match (key.code, key.ctrl) {
        (KeyCode::Enter, _) => Some(SearchAction::Accept),
        (KeyCode::Backspace, _) => Some(SearchAction::Backspace),
        (KeyCode::Char('t'), true) => Some(SearchAction::ToggleExact),
        (KeyCode::Char('u'), true) => Some(SearchAction::ClearInput),
        _ => typed(key).map(SearchAction::Input),
    }
}

/// The memo editor: typing writes; Enter is a new line; Ctrl-s (or Esc) saves and
/// closes; Ctrl-g or Ctrl-c discard (twice when the memo changed); Ctrl-o hands the
/// memo to $EDITOR.
fn memo(key: Key) -> Option<MemoAction> {
    use MemoAction as M;
    Some(match (key.code, key.ctrl) {
        (KeyCode::Esc, _) | (KeyCode::Char('s'), true) => M::Save,
        (KeyCode::Char('g' | 'c'), true) => M::Discard,
        (KeyCode::Char('o'), true) => M::External,
        (KeyCode::Enter, _) => M::Newline,
        // Alt-Backspace is bound: otherwise it would read as Esc (save and close).
        (KeyCode::Backspace, _) if key.alt => M::DeleteWord,
        (KeyCode::Char('w'), true) => M::DeleteWord,
        (KeyCode::Backspace, _) => M::Backspace,
        (KeyCode::Delete, _) => M::Delete,
        (KeyCode::Left, _) | (KeyCode::Char('b'), true) => M::Left,
        (KeyCode::Right, _) | (KeyCode::Char('f'), true) => M::Right,
        (KeyCode::Up, _) | (KeyCode::Char('p'), true) => M::Up,
        (KeyCode::Down, _) | (KeyCode::Char('n'), true) => M::Down,
        (KeyCode::Home, _) | (KeyCode::Char('a'), true) => M::LineStart,
        (KeyCode::End, _) | (KeyCode::Char('e'), true) => M::LineEnd,
        _ => return typed(key).map(M::Insert),
    })
}

/// The retrieval list: j/k, arrows and pages move; Enter shows the passage in
/// context; / types a new query, e edits the one there; Esc, q, Ctrl-g or the
/// retrieval key close.
fn retrieve(state: &State, key: Key) -> Option<Action> {
    use RetrieveAction as R;
    let editing = state.retrieval.as_ref().is_some_and(|r| r.editing);
    if editing {
        let a = if cancels(key) || key.code == KeyCode::Enter {
            R::EndEdit
        } else {
            match (key.code, key.ctrl) {
                (KeyCode::Backspace, _) => R::Backspace,
                (KeyCode::Char('u'), true) => R::ClearInput,
                (KeyCode::Up, _) => R::Move(-1),
                (KeyCode::Down, _) => R::Move(1),
                _ => R::Input(typed(key)?),
            }
        };
        return Some(Action::RetrieveEdit(a));
    }
    if cancels(key) {
        return Some(Action::RetrieveEdit(R::Close));
    }
    if let Some(by) = list_move(state, key, 5) {
        return Some(Action::RetrieveEdit(R::Move(by)));
    }
    let a = match state.keymap.action(key) {
        Some(Action::Quit | Action::Retrieve) => R::Close,
        Some(a @ (Action::SwitchLanguage | Action::Help)) => return Some(a),
        Some(Action::Search) => R::New,
        _ => match key.code {
            KeyCode::Enter => R::Open,
            KeyCode::Char('e') if !key.ctrl => R::Edit,
            KeyCode::Char('c') if !key.ctrl => return Some(Action::ShowCoder),
            _ => return None,
        },
    };
    Some(Action::RetrieveEdit(a))
}

/// The overview: Tab or Left/Right-of-tables switch tables, j/k and pages scroll,
/// h/l scroll the document (or value) columns, a chooses the attribute of the code x
/// attribute table, d counts documents there; Esc, q, Ctrl-g or the overview key
/// close.
fn overview(state: &State, key: Key) -> Option<Action> {
    use OverviewAction as O;
    if cancels(key) {
        return Some(Action::OverviewEdit(O::Close));
    }
    if let Some(by) = list_move(state, key, 10) {
        return Some(Action::OverviewEdit(O::Scroll(by)));
    }
    let a = match (key.code, key.ctrl) {
        (KeyCode::Tab, _) => O::NextTable,
        (KeyCode::BackTab, _) => O::PrevTable,
        (KeyCode::Char('l') | KeyCode::Right, false) => O::Columns(1),
        (KeyCode::Char('h') | KeyCode::Left, false) => O::Columns(-1),
        (KeyCode::Char('c'), false) => return Some(Action::ShowCoder),
        (KeyCode::Char('a'), false) => O::NextAttribute,
        (KeyCode::Char('d'), false) => O::ToggleCount,
        _ => match state.keymap.action(key) {
            Some(Action::Quit | Action::Overview) => O::Close,
            Some(a @ (Action::SwitchLanguage | Action::Help)) => return Some(a),
            _ => return None,
        },
    };
    Some(Action::OverviewEdit(a))
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
            (Prompt::ConfirmDelete { others: true, .. }, KeyCode::Char('D')) => E::ForceDelete,
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

/// The attributes screen: j/k move; Enter or e edits the value, x (or Delete)
/// clears it, a adds an attribute, t changes the type; ]/[ the next or previous
/// document; u / Ctrl-r undo and redo; Esc, q or @ close. In a prompt: typing,
/// Backspace, Ctrl-u clears, Enter accepts, Esc / Ctrl-g / Ctrl-c go back; in the
/// type prompt t, n, d, y choose a type, Tab and arrows move.
fn attributes(state: &State, key: Key, prompt: Option<&AttrPrompt>) -> Option<Action> {
    use AttrAction as T;
    let a = match prompt {
        Some(p) => attribute_prompt(key, p)?,
        None => {
            if cancels(key) {
                return Some(Action::AttributesEdit(T::Close));
            }
            if let Some(by) = list_move(state, key, 5) {
                return Some(Action::AttributesEdit(T::Move(by)));
            }
            match state.keymap.action(key) {
                Some(Action::Quit | Action::Attributes) => T::Close,
                Some(Action::Undo) => T::Undo,
                Some(Action::Redo) => T::Redo,
                Some(Action::NextDocument) => T::Document(1),
                Some(Action::PrevDocument) => T::Document(-1),
                Some(a @ (Action::SwitchLanguage | Action::Help)) => return Some(a),
                _ => match (key.code, typed(key)) {
                    (KeyCode::Enter, _) | (_, Some('e')) => T::Edit,
                    (KeyCode::Delete, _) | (_, Some('x')) => T::Clear,
                    (_, Some('a')) => T::Add,
                    (_, Some('t')) => T::ChangeType,
                    _ => return None,
                },
            }
        }
    };
    Some(Action::AttributesEdit(a))
}

/// Keys in a prompt of the attributes screen.
fn attribute_prompt(key: Key, prompt: &AttrPrompt) -> Option<AttrAction> {
    use AttrAction as T;
    if cancels(key) {
        return Some(T::Cancel);
    }
    if key.code == KeyCode::Enter {
        return Some(T::Accept);
    }
    if let AttrPrompt::Type { .. } = prompt {
        return Some(match (key.code, typed(key)) {
            (KeyCode::Tab | KeyCode::Right | KeyCode::Down, _) | (_, Some('j' | 'l')) => {
                T::Choose(1)
            }
            (KeyCode::BackTab | KeyCode::Left | KeyCode::Up, _) | (_, Some('k' | 'h')) => {
                T::Choose(-1)
            }
            (_, Some('t')) => T::Pick(AttrType::Text),
            (_, Some('n')) => T::Pick(AttrType::Number),
            (_, Some('d')) => T::Pick(AttrType::Date),
            (_, Some('y')) => T::Pick(AttrType::YesNo),
            _ => return None,
        });
    }
    Some(match (key.code, key.ctrl) {
        (KeyCode::Backspace, _) => T::Backspace,
        (KeyCode::Char('u'), true) => T::ClearInput,
        _ => T::Input(typed(key)?),
    })
}

/// The review list: j/k or arrows move, Enter accepts, x rejects, g goes to the
/// paragraph; u / Ctrl-r undo and redo; Esc, q, r (or the review key) close.
fn review(state: &State, key: Key) -> Option<Action> {
    match state.keymap.action(key) {
        Some(Action::NextParagraph) => return Some(Action::ReviewMove(1)),
        Some(Action::PrevParagraph) => return Some(Action::ReviewMove(-1)),
        Some(a @ (Action::Undo | Action::Redo)) => return Some(a),
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
    if state.search.is_some() && cancels(key) && !matches!(key.code, KeyCode::Char('c')) {
        return Some(Action::ClearSearch);
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
        Some(Action::LastParagraph) => return Some(Action::HelpScroll(isize::MAX)),
        Some(Action::FirstParagraph) => return Some(Action::HelpScroll(isize::MIN)),
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
