//! The loop's side of reading documents in the background (`core::documents::loader`,
//! `app::loading`): what has been read joins the state (and the saver learns what
//! each sidecar held, to compare writes against); the document on screen is read at
//! once if it has not been; a key that needs every document waits, with the
//! progress on screen, until all are read.

use super::{Persister, dispatch, terminal::Term};
use crate::app::State;
use crate::app::state::Message;
use crate::core::documents::loader::{self, Loaded, Loader};
use crate::core::wake::Waker;
use std::time::{Duration, Instant};

/// Projects of at most this many documents are read whole before the first frame;
/// larger ones show the first document at once and read the rest in the background.
pub const READ_AT_ONCE: usize = 64;

/// How often the screen shows reading progress (the counts filling in): often
/// enough to see it move, rarely enough to cost little over a slow link.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The background reading, if any, and when its progress was last drawn.
pub struct Loading {
    loader: Option<Loader>,
    /// Documents have been read since the last frame.
    dirty: bool,
    last_draw: Instant,
    /// Loading notes there were when the background reading began: the ones added
    /// while it read (a transcript changed since it was coded) are announced at the
    /// end.
    notes: usize,
}

impl Default for Loading {
    fn default() -> Self {
        Loading {
            loader: None,
            dirty: false,
            last_draw: Instant::now(),
            notes: 0,
        }
    }
}

impl Loading {
    /// Starts reading the documents not read yet, on every core, from the one on
    /// screen onwards (the next ones are the likeliest to be opened).
    pub fn start(&mut self, state: &State, waker: Waker) {
        if state.all_read() || self.loader.is_some() {
            return;
        }
        let n = state.project.documents.len();
        let order: Vec<(usize, std::path::PathBuf)> = (0..n)
            .map(|k| (state.doc + k) % n)
            .filter(|&i| state.project.documents[i].is_pending())
            .map(|i| (i, state.project.documents[i].path.clone()))
            .collect();
        let threads = crate::core::parallel::threads_for(order.len());
        self.notes = state.notes.len();
        self.loader = Some(Loader::start(
            order,
            state.project.root.clone(),
            state.project.follow_links,
            state.coder.clone(),
            Some(waker),
            threads,
        ));
    }

    /// Stops reading (at quit): the threads stop after the document in hand.
    pub fn stop(&self) {
        if let Some(l) = &self.loader {
            l.stop();
        }
    }

    /// Takes what has been read into the state. True when anything was.
    pub fn take(&mut self, state: &mut State, persister: &mut Persister) -> bool {
        let Some(l) = &self.loader else {
            return false;
        };
        let batch = l.ready();
        let any = install(state, persister, batch);
        self.dirty |= any;
        if any && state.all_read() {
            self.announce(state);
        }
        any
    }

    /// Says, once every document is read, that notes about them wait in help.
    fn announce(&self, state: &mut State) {
        let new = state.notes.len().saturating_sub(self.notes);
        if new > 0 && state.message.is_none() {
            state.message = Some(Message {
                text: {
                    let t = crate::i18n::strings(state.lang);
                    let notes =
                        crate::i18n::count(new, t.ui_loading_note_one, t.ui_loading_note_other);
                    crate::i18n::fill(
                        t.ui_loading_read_all,
                        &[("n", &state.project.documents.len()), ("notes", &notes)],
                    )
                },
                warning: true,
            });
        }
    }

    /// Whether progress should be drawn now.
    pub fn due(&self) -> bool {
        self.dirty && self.last_draw.elapsed() >= PROGRESS_EVERY
    }

    /// How long the loop may sleep before progress is due (None: no limit).
    pub fn timeout(&self) -> Option<Duration> {
        self.dirty
            .then(|| PROGRESS_EVERY.saturating_sub(self.last_draw.elapsed()))
    }

    /// A frame was drawn: the progress on screen is current.
    pub fn drawn(&mut self) {
        self.dirty = false;
        self.last_draw = Instant::now();
    }

    /// Reads document `doc` now, unless it has been read.
    pub fn ensure(&mut self, state: &mut State, persister: &mut Persister, doc: usize) {
        let Some(d) = state.project.documents.get(doc) else {
            return;
        };
        if !d.is_pending() {
            return;
        }
        let p = &state.project;
        let loaded = loader::load(doc, &d.path, &p.root, p.follow_links, &state.coder);
        install(state, persister, vec![loaded]);
        if doc == state.doc && state.message.is_none() {
            state.announce_left_out();
        }
    }

    /// Reads every document not read yet, now, on every core (before the screen
    /// opens: a test-retest session needs them all).
    pub fn read_all_now(&self, state: &mut State, persister: &mut Persister) {
        let p = &state.project;
        let pending: Vec<usize> = (0..p.documents.len())
            .filter(|&i| p.documents[i].is_pending())
            .collect();
        let batch = crate::core::parallel::map(&pending, |&i| {
            loader::load(
                i,
                &p.documents[i].path,
                &p.root,
                p.follow_links,
                &state.coder,
            )
        });
        install(state, persister, batch);
    }

    /// Waits until every document is read, showing how far reading has come: a
    /// key that needs them all (`what` it opens) is handled after.
    pub fn finish(
        &mut self,
        terminal: &mut Term,
        state: &mut State,
        persister: &mut Persister,
        what: &str,
    ) {
        let Some(l) = &self.loader else {
            return self.read_all_now(state, persister);
        };
        let total = state.project.documents.len();
        let mut cache = super::WrapCache::default();
        let theme = super::Theme::from_env();
        let before = state.message.take();
        while !state.all_read() {
            state.message = Some(Message {
                text: crate::i18n::fill(
                    crate::i18n::strings(state.lang).ui_loading_reading_for,
                    &[
                        ("what", &what),
                        ("done", &(total - state.pending)),
                        ("total", &total),
                    ],
                ),
                warning: false,
            });
            let _ = super::draw(terminal, state, persister, &mut cache, theme);
            let batch = l.wait(PROGRESS_EVERY);
            let stopped = batch.is_empty() && l.finished();
            install(state, persister, batch);
            if stopped {
                // Every thread is done yet some documents are missing (a thread
                // that could not start or failed): read the rest here.
                self.read_all_now(state, persister);
            }
        }
        state.message = before;
        self.announce(state);
        self.drawn();
    }
}

/// Installs documents read, lets the saver know their sidecars, and saves those
/// whose codings of merged codes were moved. True when any was installed.
fn install(state: &mut State, persister: &mut Persister, batch: Vec<Loaded>) -> bool {
    let mut any = false;
    for loaded in batch {
        let doc = loaded.index;
        if let Some(on_disk) = state.install(loaded) {
            persister.watch_document(state, doc, on_disk);
            any = true;
        }
    }
    if !state.pending_saves.is_empty() {
        // Their audit lines go to the saver before the sidecars.
        persister.log_audit(state);
        for doc in std::mem::take(&mut state.pending_saves) {
            if let Some(done) = persister.save(state, doc) {
                dispatch(state, persister, done);
            }
        }
    }
    any
}
