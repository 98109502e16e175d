//! Saving off the input path (RELIABILITY S5): a background thread writes the latest
//! bytes for each file; keys never wait on fsync.
//!
//! The UI thread submits the complete new content of a file; if a write of the same
//! file is still queued, the newer content replaces it (latest state wins). Each write
//! reports back, so the status line can say saved / saving / NOT SAVED. [`Flusher`]
//! lets the signal thread wait for everything queued before the process exits.
//!
//! A watched file is written only over the version tandai last read or wrote there:
//! another writer's version is merged in (for files with a merge, the codebook) or
//! kept as a conflict copy, never lost (C2, C4; see [`watched`]).

mod watched;

pub use crate::core::coding::store::{conflict_path, utc_stamp};

use crate::core::coding::store::{Expect, Perms, Written};
use crate::i18n::fill;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What a write is for, so its outcome can be matched to the right status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// The sidecar of document number N.
    Sidecar(usize),
    /// tandai's own state (the resume position).
    State,
    /// The codebook file.
    Codebook,
    /// The project file (`project.json`: attributes, citation, team settings).
    Project,
    /// The consensus coder's sidecar of document N (settled disagreements).
    Consensus(usize),
    /// An audit log (reported only when appending to it failed, or works again).
    Log,
}

/// The result of one write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub target: Target,
    /// The generation submitted with the job.
    pub generation: u64,
    pub result: Result<(), String>,
    /// The file had been changed by someone else since tandai last read or wrote it:
    /// that version is kept at this path (C2).
    pub conflict: Option<PathBuf>,
    /// For a file with a merge: what became of another writer's changes (C4).
    pub merge: Option<Merge>,
}

impl Outcome {
    /// An outcome with no conflict and no merge.
    pub fn new(target: Target, generation: u64, result: Result<(), String>) -> Outcome {
        Outcome {
            target,
            generation,
            result,
            conflict: None,
            merge: None,
        }
    }
}

/// What became of another writer's changes to a file with a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merge {
    /// Merged with the submitted content (`ours`); `written` is on disk now and holds
    /// `changes` changes of theirs.
    Done {
        ours: Vec<u8>,
        written: Vec<u8>,
        changes: usize,
    },
    /// Could not be merged, for this reason: theirs is the conflict copy, ours is
    /// written.
    Refused(String),
}

/// Merges three versions of a file: (base, ours, theirs) -> (merged, changes taken
/// from theirs), or why they cannot be merged. Base is None when there was no file.
pub type MergeFn =
    Arc<dyn Fn(Option<&[u8]>, &[u8], &[u8]) -> Result<(Vec<u8>, usize), String> + Send + Sync>;

/// How the saver writes a file, given what should be there; tests put faults here.
pub type WriteFn = Box<dyn Fn(&Path, &[u8], Expect<'_>) -> Result<Written, String> + Send>;

/// Makes a file's bytes on the saver thread: a sidecar whose paragraphs must be
/// fingerprinted first (a paragraph of megabytes must not be hashed on a key).
pub type MakeFn = Box<dyn FnOnce() -> Vec<u8> + Send>;

/// What a job writes.
enum Bytes {
    Ready(Vec<u8>),
    /// Made when the job runs; nothing is written when they are what the file is
    /// known to hold already.
    Made(MakeFn),
}

struct Job {
    target: Target,
    generation: u64,
    bytes: Bytes,
}

/// A file checked for changes by others before each write.
#[derive(Clone)]
struct Watched {
    /// What the file held when tandai last read or wrote it (None: absent).
    known: Option<Vec<u8>>,
    merge: Option<MergeFn>,
}

#[derive(Default)]
struct Queue {
    watched: HashMap<PathBuf, Watched>,
    pending: BTreeMap<PathBuf, Job>,
    busy: bool,
    stop: bool,
    /// Written only by a flush (at exit or on a signal), not on every change.
    parked: Option<(PathBuf, Vec<u8>)>,
    /// Lines waiting to be appended to audit logs, by log file: appended (and synced)
    /// before any sidecar queued after them is written.
    logs: BTreeMap<PathBuf, Vec<u8>>,
    /// The last append to a log failed (reported once, until one works again).
    log_failed: bool,
    /// Lines that failed wait for new work before they are tried again (no spinning
    /// on a full disk).
    logs_stalled: bool,
    /// tandai's own folder where lines that cannot be appended are kept meanwhile.
    log_aside: Option<PathBuf>,
}

impl Queue {
    /// Log lines that should be appended now.
    fn logs_due(&self) -> bool {
        !self.logs.is_empty() && !self.logs_stalled
    }
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    work: Condvar,
    idle: Condvar,
    /// Woken after each outcome is sent, so the loop shows it at once.
    waker: Mutex<Option<crate::core::wake::Waker>>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The background saver.
pub struct Saver {
    shared: Arc<Shared>,
    outcomes: Receiver<Outcome>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Waits for the saver to finish what is queued; usable from another thread.
#[derive(Clone)]
pub struct Flusher(Arc<Shared>);

impl Saver {
    /// Starts the saver with the real save protocol. Everything it writes is a file of
    /// the project (sidecars, the codebook), so modes follow [`Perms::Shared`].
    pub fn start() -> Saver {
        Saver::with_writer(Box::new(|path, bytes, expect| {
            crate::core::coding::store::write_checked(path, bytes, Perms::Shared, expect)
        }))
    }

    /// Starts the saver with a custom write function.
    pub fn with_writer(write: WriteFn) -> Saver {
        let shared = Arc::new(Shared::default());
        let (tx, outcomes) = mpsc::channel();
        let worker = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("tandai-saver".into())
            .spawn(move || run(&worker, &write, &tx))
            .ok();
        Saver {
            shared,
            outcomes,
            thread,
        }
    }

    /// Wakes `waker` after every outcome (the loop sleeps until input or news).
    pub fn set_waker(&self, waker: crate::core::wake::Waker) {
        *self
            .shared
            .waker
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(waker);
    }

    /// Queues `bytes` to be written to `path`, replacing any queued write of it.
    pub fn submit(&self, path: PathBuf, target: Target, generation: u64, bytes: Vec<u8>) {
        self.queue(path, target, generation, Bytes::Ready(bytes));
    }

    /// Queues a write to `path` of the bytes `make` returns, made on the saver thread
    /// when the job runs (a newer job of the same file replaces it unmade). When they
    /// are what the file is known to hold, nothing is written and the outcome is a
    /// success.
    pub fn submit_made(&self, path: PathBuf, target: Target, generation: u64, make: MakeFn) {
        self.queue(path, target, generation, Bytes::Made(make));
    }

    fn queue(&self, path: PathBuf, target: Target, generation: u64, bytes: Bytes) {
        let mut q = self.shared.lock();
        q.logs_stalled = false;
        q.pending.insert(
            path,
            Job {
                target,
                generation,
                bytes,
            },
        );
        self.shared.work.notify_one();
    }

    /// Watches `path` for changes by others: `on_disk` is what tandai read there
    /// (None: no file). Each write goes only over that version, or over the one tandai
    /// wrote last; anything else is kept as a conflict copy.
    pub fn watch(&self, path: PathBuf, on_disk: Option<Vec<u8>>) {
        let watched = Watched {
            known: on_disk,
            merge: None,
        };
        self.shared.lock().watched.insert(path, watched);
    }

    /// Like [`Saver::watch`], but another writer's version is first merged with the
    /// content submitted; only what cannot be merged becomes a conflict copy.
    pub fn watch_merging(&self, path: PathBuf, on_disk: Option<Vec<u8>>, merge: MergeFn) {
        let watched = Watched {
            known: on_disk,
            merge: Some(merge),
        };
        self.shared.lock().watched.insert(path, watched);
    }

    /// Queues whole lines (each ending in a newline) to be appended to the log at
    /// `path`. They are on disk before any write submitted after this call, so a
    /// crash that a sidecar survives never loses the lines of its changes.
    pub fn log(&self, path: PathBuf, lines: &[u8]) {
        self.shared
            .lock()
            .logs
            .entry(path)
            .or_default()
            .extend_from_slice(lines);
        self.shared.lock().logs_stalled = false;
        self.shared.work.notify_one();
    }

    /// Keeps log lines that cannot be appended (and every line after them) in the
    /// folder `dir` of tandai's own state until they are, so that a crash or a quit
    /// meanwhile does not lose them (offered again at the next start).
    pub fn log_aside(&self, dir: PathBuf) {
        self.shared.lock().log_aside = Some(dir);
    }

    /// Whether some log lines could not be written to their log yet.
    pub fn log_waiting(&self) -> bool {
        let q = self.shared.lock();
        q.log_failed && !q.logs.is_empty()
    }

    /// Forgets what tandai knew of `path` and takes `on_disk` as its content now.
    pub fn rewatch(&self, path: &Path, on_disk: Option<Vec<u8>>) {
        if let Some(w) = self.shared.lock().watched.get_mut(path) {
            w.known = on_disk;
        }
    }

    /// Keeps `bytes` to be written to `path` at the next flush, replacing what was
    /// parked before. For state that changes on every key (the resume position).
    pub fn park(&self, path: PathBuf, bytes: Vec<u8>) {
        self.shared.lock().parked = Some((path, bytes));
    }

    /// True while a write is queued or running.
    pub fn busy(&self) -> bool {
        let q = self.shared.lock();
        q.busy || !q.pending.is_empty() || q.logs_due()
    }

    /// Outcomes that have arrived, without waiting.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.outcomes.try_iter().collect()
    }

    /// A handle that waits for the queue to drain.
    pub fn flusher(&self) -> Flusher {
        Flusher(Arc::clone(&self.shared))
    }
}

impl Flusher {
    /// Waits until nothing is queued or running, or `limit` has passed, then writes
    /// what is parked. Returns true when everything was written (or failed and was
    /// reported).
    pub fn flush(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut q = self.0.lock();
        while q.busy || !q.pending.is_empty() || q.logs_due() {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            q = self
                .0
                .idle
                .wait_timeout(q, left)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
        if let Some((path, bytes)) = q.parked.take() {
            drop(q);
            if let Some(dir) = path.parent() {
                let _ = crate::core::coding::store::create_private_dir(dir);
            }
            let _ = crate::core::coding::store::atomic_write(&path, &bytes, Perms::Private);
        }
        true
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.flusher().flush(Duration::from_secs(30));
        self.shared.lock().stop = true;
        self.shared.work.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The saver thread: takes the next job, writes it, reports.
fn run(shared: &Shared, write: &WriteFn, tx: &Sender<Outcome>) {
    while let Some((logs, job)) = next_job(shared) {
        append_logs(shared, logs, tx);
        let Some((path, job)) = job else {
            let mut q = shared.lock();
            q.busy = false;
            drop(q);
            shared.idle.notify_all();
            continue;
        };
        let watched = shared.lock().watched.get(&path).cloned();
        let (bytes, made) = match job.bytes {
            Bytes::Ready(b) => (b, false),
            Bytes::Made(make) => (make(), true),
        };
        let unchanged = made
            && watched
                .as_ref()
                .is_some_and(|w| w.known.as_ref() == Some(&bytes));
        let saved = match watched {
            _ if unchanged => Ok(watched::Saved {
                written: bytes.clone(),
                kept: None,
                changes: 0,
                refused: None,
            }),
            None => write(&path, &bytes, Expect::Anything).map(|w| watched::Saved {
                written: bytes.clone(),
                kept: w.kept,
                changes: 0,
                refused: None,
            }),
            Some(w) => watched::save(&path, &bytes, w.known, w.merge.as_deref(), write),
        };
        let mut q = shared.lock();
        let mut outcome = Outcome::new(job.target, job.generation, Ok(()));
        match saved {
            Err(why) => outcome.result = Err(why),
            Ok(s) => {
                outcome.conflict.clone_from(&s.kept);
                outcome.merge = s.merge_note(&bytes);
                if let Some(w) = q.watched.get_mut(&path) {
                    w.known = Some(s.written);
                }
            }
        }
        send(shared, tx, outcome);
        q.busy = false;
        drop(q);
        shared.idle.notify_all();
    }
}

/// Reports an outcome and wakes the loop to show it.
fn send(shared: &Shared, tx: &Sender<Outcome>, outcome: Outcome) {
    let _ = tx.send(outcome);
    if let Some(w) = shared
        .waker
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .as_ref()
    {
        w.wake();
    }
}

/// Log lines to append, by log file.
type Logs = BTreeMap<PathBuf, Vec<u8>>;

/// Waits for the next work: the log lines queued so far and the next write (either
/// may be empty); None when the saver stops.
fn next_job(shared: &Shared) -> Option<(Logs, Option<(PathBuf, Job)>)> {
    let mut q = shared.lock();
    loop {
        if !q.pending.is_empty() || q.logs_due() {
            q.busy = true;
            let logs = std::mem::take(&mut q.logs);
            let job = q.pending.pop_first();
            return Some((logs, job));
        }
        if q.stop {
            return None;
        }
        q = shared
            .work
            .wait(q)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
    }
}

/// Appends log lines. Lines that cannot be written go back to the front of the
/// queue (retried with the next work) and the failure is reported once; the sidecar
/// is still written, since the coding matters more than its log.
fn append_logs(shared: &Shared, logs: Logs, tx: &Sender<Outcome>) {
    for (path, lines) in logs {
        let result = crate::core::coding::audit::append(&path, &lines);
        let mut q = shared.lock();
        let aside = q.log_aside.clone();
        match result {
            Ok(()) if q.log_failed => {
                q.log_failed = false;
                if let Some(dir) = &aside {
                    crate::core::coding::audit::clear_aside(dir, &path);
                }
                send(shared, tx, Outcome::new(Target::Log, 0, Ok(())));
            }
            Ok(()) => {}
            Err(why) => {
                let newer = q.logs.remove(&path).unwrap_or_default();
                let mut all = lines;
                all.extend(newer);
                let why = match &aside {
                    Some(dir) => match crate::core::coding::audit::keep_aside(dir, &path, &all) {
                        Ok(()) => fill(words().core_log_kept_aside, &[("why", &why)]),
                        Err(e) => fill(
                            words().core_log_aside_failed,
                            &[("why", &why), ("error", &e)],
                        ),
                    },
                    None => why,
                };
                q.logs.insert(path, all);
                q.logs_stalled = true;
                if !q.log_failed {
                    q.log_failed = true;
                    send(shared, tx, Outcome::new(Target::Log, 0, Err(why)));
                }
            }
        }
    }
}

/// The catalog of the process's language, for the messages of saving.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

#[cfg(test)]
mod tests;
