//! The terminal layer: a synchronous loop that blocks on input, maps keys to actions,
//! calls `update`, performs the effects, and redraws.

pub mod theme;
pub mod view;
pub mod wrap_cache;

use crate::app::keymap::{Key, KeyCode};
use crate::app::keys::action_for;
use crate::app::state::{Effect, SaveState};
use crate::app::{Action, State, update};
use crate::core::config::{Position, Positions};
use crate::core::saver::{Outcome, Saver, Target};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyCode as CtKey, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::time::Duration;
use theme::Theme;
use wrap_cache::WrapCache;

/// How long to wait for input while a save is under way before checking on it.
const SAVE_POLL: Duration = Duration::from_millis(20);
/// How long quitting or a signal waits for queued saves.
pub const FLUSH_LIMIT: Duration = Duration::from_secs(10);

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// Input ended (EOF or an I/O error on the terminal).
    InputClosed,
    /// The first frame was drawn and `exit_after_first_frame` was set.
    FirstFrame,
}

/// Writes sidecars through the saver, skipping writes that would change nothing.
pub struct Persister {
    pub saver: Saver,
    last: Vec<Option<Vec<u8>>>,
    positions: Option<(PathBuf, Positions)>,
}

impl Persister {
    /// `positions_file`: where resume positions are kept (None: not kept).
    pub fn new(state: &State, saver: Saver, positions_file: Option<PathBuf>) -> Persister {
        let last = state.docs.iter().map(|d| d.on_disk.clone()).collect();
        let positions = positions_file.map(|p| {
            let loaded = Positions::load(&p);
            (p, loaded)
        });
        Persister {
            saver,
            last,
            positions,
        }
    }

    /// The position saved for this project and coder, if any.
    pub fn resume(&self, state: &State) -> Option<(usize, usize)> {
        let (_, positions) = self.positions.as_ref()?;
        let pos = positions.get(&state.project.root, &state.coder)?;
        let doc = state
            .project
            .documents
            .iter()
            .position(|d| d.name == pos.document)?;
        Some((doc, pos.paragraph.saturating_sub(1)))
    }

    /// Performs a save effect. Returns an action when there was nothing to write.
    pub fn save(&mut self, state: &State, doc: usize) -> Option<Action> {
        let bytes = state.sidecar_bytes(doc)?;
        let generation = state.docs[doc].generation;
        if self.last[doc].as_ref() == Some(&bytes) {
            return Some(Action::Saved(Outcome {
                target: Target::Sidecar(doc),
                generation,
                result: Ok(()),
            }));
        }
        self.last[doc] = Some(bytes.clone());
        self.saver.submit(
            state.sidecar_path(doc),
            Target::Sidecar(doc),
            generation,
            bytes,
        );
        None
    }

    /// Notes a finished write: after a failure the next change must write again.
    pub fn outcome(&mut self, outcome: &Outcome) {
        if let (Target::Sidecar(doc), Err(_)) = (outcome.target, &outcome.result)
            && let Some(l) = self.last.get_mut(doc)
        {
            *l = None;
        }
    }

    /// Keeps the current position, written at exit (or on a signal).
    pub fn park_position(&mut self, state: &State) {
        let Some((path, positions)) = self.positions.as_mut() else {
            return;
        };
        let Some(doc) = state.project.documents.get(state.doc) else {
            return;
        };
        let pos = Position {
            document: doc.name.clone(),
            paragraph: state.para + 1,
        };
        if positions.get(&state.project.root, &state.coder) == Some(&pos) {
            return;
        }
        positions.set(&state.project.root, &state.coder, pos);
        self.saver.park(path.clone(), positions.to_bytes());
    }
}

/// Converts a terminal key event into tandai's key type.
pub fn convert_key(ev: KeyEvent) -> Option<Key> {
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let alt = ev.modifiers.contains(KeyModifiers::ALT);
    let code = match ev.code {
        CtKey::Char(c) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        CtKey::Enter => KeyCode::Enter,
        CtKey::Esc => KeyCode::Esc,
        CtKey::Tab => KeyCode::Tab,
        CtKey::BackTab => KeyCode::BackTab,
        CtKey::Backspace => KeyCode::Backspace,
        CtKey::Delete => KeyCode::Delete,
        CtKey::Up => KeyCode::Up,
        CtKey::Down => KeyCode::Down,
        CtKey::Left => KeyCode::Left,
        CtKey::Right => KeyCode::Right,
        CtKey::PageUp => KeyCode::PageUp,
        CtKey::PageDown => KeyCode::PageDown,
        CtKey::Home => KeyCode::Home,
        CtKey::End => KeyCode::End,
        CtKey::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key { code, ctrl, alt })
}

/// Applies an action and performs its effects. Returns true when the user quit.
pub fn dispatch(state: &mut State, persister: &mut Persister, action: Action) -> bool {
    let mut queue = vec![action];
    while let Some(action) = queue.pop() {
        if let Action::Saved(o) = &action {
            persister.outcome(o);
        }
        for effect in update(state, action) {
            match effect {
                Effect::Save(doc) => queue.extend(persister.save(state, doc)),
                Effect::Quit => return true,
            }
        }
    }
    persister.park_position(state);
    false
}

/// Runs the coding screen until the user quits or input ends.
pub fn run(
    terminal: &mut DefaultTerminal,
    state: &mut State,
    persister: &mut Persister,
    exit_after_first_frame: bool,
) -> std::io::Result<Ending> {
    let theme = Theme::from_env();
    let mut cache = WrapCache::default();
    let size = terminal.size()?;
    dispatch(state, persister, Action::Resize(size.width, size.height));
    let mut redraw = true;
    loop {
        // Outcomes first: a save that finished while the last key was handled must
        // show as saved now, not at the next key.
        for outcome in persister.saver.outcomes() {
            dispatch(state, persister, Action::Saved(outcome));
            redraw = true;
        }
        if redraw {
            let mut feedback = view::Feedback::default();
            terminal.draw(|frame| feedback = view::render(frame, state, &mut cache, theme))?;
            if let Some(scroll) = feedback.scroll {
                dispatch(state, persister, Action::ScrollShown(scroll));
            }
            redraw = false;
            if exit_after_first_frame {
                return Ok(Ending::FirstFrame);
            }
        }
        // While anything shows as saving, wake up to collect the outcome; otherwise
        // block on input (no idle redraw, no busy poll).
        let waiting =
            persister.saver.busy() || state.docs.iter().any(|d| d.save == SaveState::Saving);
        let event = if waiting {
            match event::poll(SAVE_POLL) {
                Ok(true) => Some(event::read()),
                Ok(false) => None,
                Err(e) => Some(Err(e)),
            }
        } else {
            Some(event::read())
        };
        let Some(event) = event else { continue };
        let Ok(event) = event else {
            return Ok(Ending::InputClosed);
        };
        if matches!(
            event,
            Event::Resize(..) | Event::Key(_) | Event::FocusGained
        ) {
            redraw = true;
        }
        let action = match event {
            Event::Resize(w, h) => Some(Action::Resize(w, h)),
            other => other
                .as_key_press_event()
                .and_then(convert_key)
                .and_then(|k| action_for(state, k)),
        };
        if let Some(action) = action
            && dispatch(state, persister, action)
        {
            return Ok(Ending::Quit);
        }
    }
}
