//! The terminal layer: a synchronous loop that waits for input, reads all of it,
//! maps keys to actions, calls `update`, performs the effects, and redraws.

mod codebook_save;
pub mod external;
pub mod input;
pub mod loading;
mod persister;
mod project_save;
pub mod signals;
mod team;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod wrap_cache;

use crate::app::keys::press;
use crate::app::state::Effect;
use crate::app::{Action, State, update};
use input::{Batch, Input, Tty};
pub use loading::Loading;
pub use persister::Persister;
use std::time::Duration;
use terminal::Term;
use theme::Theme;
use wrap_cache::WrapCache;

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

/// Applies an action and performs its effects. Returns true when the user quit.
pub fn dispatch(state: &mut State, persister: &mut Persister, action: Action) -> bool {
    settle(state, persister, vec![action], Vec::new())
}

/// Performs effects that `update` returned, and the actions they lead to. Returns
/// true when the user quit.
pub fn perform(state: &mut State, persister: &mut Persister, effects: Vec<Effect>) -> bool {
    settle(state, persister, Vec::new(), effects)
}

fn settle(
    state: &mut State,
    persister: &mut Persister,
    mut queue: Vec<Action>,
    mut effects: Vec<Effect>,
) -> bool {
    // A key's `update` ran before this (in `press`): its lines go to the saver before
    // the sidecars its effects submit, or a crash after the save loses them.
    persister.log_audit(state);
    loop {
        for effect in effects {
            match effect {
                Effect::Save(doc) => queue.extend(persister.save(state, doc)),
                Effect::LoadConflict(doc) => queue.push(persister.load_conflict(state, doc)),
                Effect::SaveCodebook => queue.extend(persister.save_codebook(state)),
                Effect::CountUsage(id) => {
                    let others = persister.count_usage(state, &id);
                    queue.push(Action::Editor(
                        crate::app::editor::EditorAction::UsageCounted(id, others),
                    ));
                }
                Effect::LoadTeam => {
                    let team = persister.load_team(state);
                    queue.push(Action::TeamLoaded(Box::new(team)));
                }
                Effect::SaveConsensus(doc) => queue.extend(persister.save_consensus(state, doc)),
                Effect::RefreshTeam => queue.push(match persister.refresh_team(state) {
                    Some(team) => Action::TeamLoaded(Box::new(team)),
                    None => Action::TeamFresh,
                }),
                Effect::LockConsensus => {
                    queue.push(Action::ConsensusLock(persister.lock_consensus(state)));
                }
                Effect::UnlockConsensus => persister.unlock_consensus(state),
                Effect::LoadCodebookConflict => queue.push(persister.load_codebook_conflict(state)),
                Effect::CodebookBase(bytes) => persister.codebook_base(state, bytes),
                Effect::SaveProject => queue.extend(persister.save_project(state)),
                Effect::ProjectBase(bytes) => persister.project_base(state, bytes),
                Effect::ExternalEditor(text) => persister.external = Some(text),
                Effect::KeepSetting(key, value) => {
                    queue.push(Action::ConfigWritten(keep_setting(state, key, value)));
                }
                Effect::Search(request) => persister.search(state, request),
                Effect::Quit => return true,
            }
        }
        let Some(mut action) = queue.pop() else {
            break;
        };
        let mut outcome_of = None;
        if let Action::Saved(o) = &mut action {
            persister.outcome(state, o);
            outcome_of = Some(o.target);
        }
        effects = update(state, action);
        // The lines of these changes go to the saver before their sidecars do.
        persister.log_audit(state);
        match outcome_of {
            Some(crate::core::coding::saver::Target::Codebook) => {
                queue.extend(persister.codebook_pending(state));
            }
            Some(crate::core::coding::saver::Target::Project) => {
                queue.extend(persister.project_pending(state));
            }
            _ => {}
        }
    }
    persister.park_position(state);
    false
}

/// Writes a choice of the coder (the documents pane, the language) into the user's
/// config, when tandai knows where it is. A tiny file, written at once: a key that
/// asks for it is rare.
fn keep_setting(state: &State, key: &str, value: &str) -> Result<(), String> {
    let Some(path) = &state.config_file else {
        return Ok(());
    };
    crate::core::config::Config::set_value(path, key, &format!("{value:?}"))
}

/// What the loop does after handling a batch of input.
enum Step {
    Go,
    Quit,
    Closed,
}

/// Runs the coding screen until the user quits or input ends; `loading` reads the
/// documents not read yet (see [`loading`]).
pub fn run(
    terminal: &mut Term,
    tty: &mut Tty,
    state: &mut State,
    persister: &mut Persister,
    loading: &mut Loading,
    exit_after_first_frame: bool,
) -> Ending {
    let theme = Theme::from_env();
    let mut cache = WrapCache::default();
    persister.set_waker(tty.waker());
    state.search_async = true;
    resized(terminal, state, persister);
    let mut redraw = true;
    loop {
        // Outcomes first: a save that finished while the last key was handled must
        // show as saved now, not at the next key.
        for outcome in persister.saver.outcomes() {
            dispatch(state, persister, Action::Saved(outcome));
            redraw = true;
        }
        if let Some(found) = persister.found() {
            dispatch(state, persister, Action::SearchFound(found));
            redraw = true;
        }
        loading.take(state, persister);
        if redraw || loading.due() {
            if draw(terminal, state, persister, &mut cache, theme).is_err() {
                // Output failed: the terminal has gone.
                return Ending::InputClosed;
            }
            redraw = false;
            loading.drawn();
            if exit_after_first_frame {
                return Ending::FirstFrame;
            }
            // The other documents are read once the first frame is on screen.
            loading.start(state, tty.waker());
        }
        // Wait for input, or for another thread to wake the loop (a save's outcome,
        // documents read): no idle redraw, no busy poll. While documents are being
        // read, their progress is drawn at most every so often.
        match tty.wait(loading.timeout()) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(_) => return Ending::InputClosed,
        }
        let step = {
            // Keys read are handed to the saver before a signal can end tandai.
            let _gate = signals::gate();
            let batch = tty.read_available();
            handle(terminal, tty, state, persister, loading, batch)
        };
        redraw = true;
        match step {
            Step::Quit => return Ending::Quit,
            Step::Closed => return Ending::InputClosed,
            Step::Go => {}
        }
        if let Some(text) = persister.external.take() {
            let result = external::edit(terminal, &text, state.lang);
            let done = Action::MemoEdit(crate::app::memo::MemoAction::ExternalDone(result));
            dispatch(state, persister, done);
        }
    }
}

/// Handles everything one read brought, in order. After a key that hands the memo
/// to $EDITOR, the rest waits until the editor is done.
fn handle(
    terminal: &mut Term,
    tty: &mut Tty,
    state: &mut State,
    persister: &mut Persister,
    loading: &mut Loading,
    batch: Batch,
) -> Step {
    let mut inputs = batch.inputs.into_iter();
    while let Some(input) = inputs.next() {
        let quit = match input {
            Input::Key(key) => {
                if let Some(what) = needs_every_document(state, key) {
                    loading.finish(terminal, state, persister, what);
                }
                let effects = press(state, key);
                perform(state, persister, effects)
            }
            Input::Paste(p) => dispatch(state, persister, Action::Paste(p)),
        };
        if quit {
            return Step::Quit;
        }
        // The document on screen is always read (a key may have moved to another).
        loading.ensure(state, persister, state.doc);
        if persister.external.is_some() {
            tty.unread(inputs.by_ref());
            break;
        }
    }
    if batch.resized {
        resized(terminal, state, persister);
    }
    if batch.closed {
        terminal::mark_gone();
        return Step::Closed;
    }
    Step::Go
}

/// What a key opens when it needs every document read first (while they are still
/// being read), in words for the progress line; None when it can go ahead.
fn needs_every_document(state: &State, key: crate::app::keymap::Key) -> Option<&'static str> {
    if state.all_read() {
        return None;
    }
    let action = crate::app::keys::action_for(state, key).or_else(|| {
        key.alt
            .then(|| {
                crate::app::keys::action_for(state, crate::app::keymap::Key { alt: false, ..key })
            })
            .flatten()
    })?;
    let t = crate::i18n::strings(state.lang);
    crate::app::loading::needs_all(state, &action).then_some(match action {
        Action::Search => t.ui_loading_for_search,
        Action::Retrieve => t.ui_loading_for_retrieval,
        Action::Overview => t.ui_loading_for_overview,
        Action::Agreement => t.ui_loading_for_agreement,
        Action::CodebookScreen => t.ui_loading_for_codebook,
        Action::ShowCoder => t.ui_loading_for_coder,
        _ => t.ui_loading_for_uncoded,
    })
}

/// Tells the state the terminal's size.
fn resized(terminal: &Term, state: &mut State, persister: &mut Persister) {
    if let Ok(size) = terminal.size() {
        dispatch(state, persister, Action::Resize(size.width, size.height));
    }
}

pub(crate) fn draw(
    terminal: &mut Term,
    state: &mut State,
    persister: &mut Persister,
    cache: &mut WrapCache,
    theme: Theme,
) -> std::io::Result<()> {
    let mut feedback = view::Feedback::default();
    terminal.draw(|frame| feedback = view::render(frame, state, cache, theme))?;
    if let Some(scroll) = feedback.scroll {
        dispatch(state, persister, Action::ScrollShown(scroll));
    }
    if let Some(first) = feedback.help_scroll {
        dispatch(state, persister, Action::HelpScrollShown(first));
    }
    Ok(())
}
