//! The terminal layer: a synchronous loop that blocks on input, maps keys to actions,
//! calls `update`, performs the effects, and redraws.

pub mod external;
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
    /// Where edits that cannot be saved are journaled (None: nowhere).
    recovery: Option<PathBuf>,
    journaled: Vec<bool>,
    /// A memo to hand to the external editor: the loop runs it (it needs the terminal).
    pub external: Option<String>,
}

impl Persister {
    /// `positions_file`: where resume positions are kept; `recovery`: the journal
    /// folder for edits that cannot be saved (None: not kept).
    pub fn new(state: &State, saver: Saver, positions_file: Option<PathBuf>) -> Persister {
        let last: Vec<Option<Vec<u8>>> = state.docs.iter().map(|d| d.on_disk.clone()).collect();
        for (doc, on_disk) in last.iter().enumerate() {
            saver.watch(state.sidecar_path(doc), on_disk.clone());
        }
        let positions = positions_file.map(|p| {
            let loaded = Positions::load(&p);
            (p, loaded)
        });
        let journaled = vec![false; last.len()];
        Persister {
            saver,
            last,
            positions,
            recovery: None,
            journaled,
            external: None,
        }
    }

    /// Journals edits that cannot be saved into `dir` (RELIABILITY S4).
    pub fn with_recovery(mut self, dir: PathBuf) -> Persister {
        self.recovery = Some(dir);
        self
    }

    /// Marks a document as having a journal entry (offered and loaded at start), so
    /// it is cleared once the document saves.
    pub fn mark_journaled(&mut self, doc: usize) {
        if let Some(j) = self.journaled.get_mut(doc) {
            *j = true;
        }
    }

    /// Performs [`Effect::LoadConflict`]: reads the other version, keeps the current
    /// decisions as a conflict copy of their own, and returns the replacing action.
    pub fn load_conflict(&mut self, state: &State, doc: usize) -> Action {
        let fail = |why: String| {
            Action::Saved(Outcome {
                target: Target::Sidecar(doc),
                generation: state.docs[doc].generation,
                result: Err(why),
                conflict: None,
            })
        };
        let (Some(copy), Ok(content)) = (
            state.docs[doc].conflict.clone(),
            state.project.documents[doc].content.as_ref(),
        ) else {
            return fail("no other version to load".into());
        };
        let shown = copy.display().to_string();
        let file = match crate::core::fsread::read(
            &copy,
            crate::core::sidecar::MAX_SIDECAR_BYTES,
            crate::core::fsread::Links::Refuse,
        )
        .map_err(|e| e.to_string())
        .and_then(|b| {
            crate::core::sidecar::SidecarFile::parse(&b, &shown).map_err(|e| e.to_string())
        }) {
            Ok(f) => f,
            Err(why) => return fail(format!("cannot load the other version: {why}")),
        };
        let mine = crate::core::saver::conflict_path(&state.sidecar_path(doc));
        if let Some(bytes) = state.sidecar_bytes(doc)
            && let Err(why) = crate::core::store::atomic_write(&mine, &bytes)
        {
            return fail(format!(
                "cannot keep your version before loading the other: {why}"
            ));
        }
        let (decisions, _) = crate::core::project::attach(file, content);
        let note = format!(
            "Loaded the other version; yours is kept as {}.",
            mine.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        Action::ReplaceDecisions(doc, decisions, note)
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
                conflict: None,
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

    /// Performs [`Effect::SaveCodebook`]: queues `codebook.json`, or says why it
    /// cannot be saved.
    pub fn save_codebook(&mut self, state: &State) -> Option<Action> {
        let generation = state.book_generation;
        let Some(path) = state.codebook_path.clone() else {
            return Some(Action::Saved(Outcome {
                target: Target::Codebook,
                generation,
                result: Err("this codebook has no file to save to".into()),
                conflict: None,
            }));
        };
        self.saver.submit(
            path,
            Target::Codebook,
            generation,
            state.codebook.to_json().into_bytes(),
        );
        None
    }

    /// Notes a finished write. After a failure the latest decisions go to the
    /// recovery journal (the reason says so) and the next change must write again;
    /// after a success the journal entry goes.
    pub fn outcome(&mut self, state: &State, outcome: &mut Outcome) {
        let Target::Sidecar(doc) = outcome.target else {
            return;
        };
        match &mut outcome.result {
            Err(why) => {
                let latest = self.last.get_mut(doc).and_then(Option::take);
                if let (Some(dir), Some(bytes)) = (&self.recovery, latest) {
                    match crate::core::recovery::record(dir, &state.sidecar_path(doc), &bytes) {
                        Ok(_) => {
                            self.journaled[doc] = true;
                            why.push_str(" (edits kept in the recovery journal)");
                        }
                        Err(e) => why.push_str(&format!(" (and the recovery journal failed: {e})")),
                    }
                }
            }
            Ok(())
                if self.journaled.get(doc) == Some(&true)
                    && outcome.generation == state.docs[doc].generation =>
            {
                if let Some(dir) = &self.recovery {
                    crate::core::recovery::clear(dir, &state.sidecar_path(doc));
                }
                self.journaled[doc] = false;
            }
            Ok(()) => {}
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
    while let Some(mut action) = queue.pop() {
        if let Action::Saved(o) = &mut action {
            persister.outcome(state, o);
        }
        for effect in update(state, action) {
            match effect {
                Effect::Save(doc) => queue.extend(persister.save(state, doc)),
                Effect::LoadConflict(doc) => queue.push(persister.load_conflict(state, doc)),
                Effect::SaveCodebook => queue.extend(persister.save_codebook(state)),
                Effect::ExternalEditor(text) => persister.external = Some(text),
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
        if let Some(text) = persister.external.take() {
            let result = external::edit(terminal, &text);
            let done = Action::MemoEdit(crate::app::memo::MemoAction::ExternalDone(result));
            dispatch(state, persister, done);
            redraw = true;
        }
    }
}
