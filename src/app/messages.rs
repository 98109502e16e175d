//! The message history: the status line's messages of this session, kept so that one
//! the next key replaced, or one too long for the status line, can still be read (the
//! messages key shows them, newest first).

use super::state::{Message, Mode, SaveState, State};
use std::collections::VecDeque;

/// Messages kept; older ones are forgotten.
pub const KEPT: usize = 50;

/// The last [`KEPT`] messages, and what was last recorded so that a message still on
/// screen after another action is not counted twice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Oldest first.
    entries: VecDeque<Message>,
    /// The status message when last recorded (None once it was cleared).
    shown: Option<Message>,
    /// The save failure last recorded, while it lasts.
    failure: Option<String>,
}

impl History {
    /// The messages, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Message> {
        self.entries.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn push(&mut self, message: Message) {
        if self.entries.len() == KEPT {
            self.entries.pop_front();
        }
        self.entries.push_back(message);
    }
}

/// Records the status line's message when it is a new one, and a save failure when
/// it starts (its reason is cut short in the status line). Called after every update.
pub fn record(state: &mut State) {
    let summary = state.save_summary();
    let h = &mut state.history;
    match &state.message {
        Some(m) if h.shown.as_ref() != Some(m) => {
            h.push(m.clone());
            h.shown = Some(m.clone());
        }
        Some(_) => {}
        None => h.shown = None,
    }
    match summary {
        SaveState::Failed(why) if h.failure.as_ref() != Some(&why) => {
            h.push(Message {
                text: crate::i18n::fill(
                    crate::i18n::strings(state.lang).ui_history_not_saved,
                    &[("why", &why)],
                ),
                warning: true,
            });
            h.failure = Some(why);
        }
        SaveState::Failed(_) => {}
        _ => h.failure = None,
    }
}

/// Opens the messages screen, or closes it.
pub fn toggle(state: &mut State) {
    state.mode = match state.mode {
        Mode::Messages { .. } => Mode::Coding,
        _ if state.history.is_empty() => {
            super::update::info(state, super::update::tr(state).ui_no_messages);
            return;
        }
        _ => Mode::Messages { scroll: 0 },
    };
}

/// Scrolls the messages screen by `by` messages, within the list.
pub fn scroll(state: &mut State, by: isize) {
    let last = state.history.len().saturating_sub(1);
    if let Mode::Messages { scroll } = &mut state.mode {
        *scroll = scroll.saturating_add_signed(by).min(last);
    }
}
