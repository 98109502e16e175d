//! Reading a project's documents and one coder's sidecars in the background, so that
//! the coding screen shows the first document at once while the others are read.
//!
//! Threads take documents in the order given (the one on screen first, then the ones
//! after it) and send each one read, with its sidecar, to the loop, waking it. The
//! loop installs what arrives; a document it needs before that (the one the coder
//! moves to) it reads itself with [`load`], and what a thread sends later for it is
//! dropped: the first version installed is the one tandai compares saves against.

use crate::core::documents::fsread::Links;
use crate::core::project::{Document, LoadedSidecar, load_sidecar};
use crate::core::wake::Waker;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One document read, with the coder's sidecar matched to it.
#[derive(Debug)]
pub struct Loaded {
    /// The document's index in the project.
    pub index: usize,
    pub document: Document,
    pub sidecar: LoadedSidecar,
}

/// Reads document `index` at `path` and `coder`'s sidecar of it; links are followed
/// as the project says (`root`, `follow`).
pub fn load(index: usize, path: &Path, root: &Path, follow: bool, coder: &str) -> Loaded {
    let links = if follow {
        Links::Follow
    } else {
        Links::Inside(root)
    };
    let document = Document::load(path, links);
    let sidecar = load_sidecar(&document, coder);
    Loaded {
        index,
        document,
        sidecar,
    }
}

/// What the threads share.
struct Shared {
    /// The documents to read: index and path, in the order to read them.
    order: Vec<(usize, PathBuf)>,
    /// The next entry of `order` to take.
    next: AtomicUsize,
    stop: AtomicBool,
    /// Threads still reading.
    running: AtomicUsize,
    /// Set when the loop has been woken and has not taken what arrived yet: one
    /// wake for many documents.
    woken: AtomicBool,
    waker: Option<Waker>,
    root: PathBuf,
    follow: bool,
    coder: String,
}

/// The background reading of a project's documents.
pub struct Loader {
    shared: Arc<Shared>,
    rx: Mutex<Receiver<Loaded>>,
}

impl Loader {
    /// Starts reading the documents of `order` (index, path) on `threads` threads.
    pub fn start(
        order: Vec<(usize, PathBuf)>,
        root: PathBuf,
        follow: bool,
        coder: String,
        waker: Option<Waker>,
        threads: usize,
    ) -> Loader {
        let (tx, rx) = mpsc::channel();
        let shared = Arc::new(Shared {
            order,
            next: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            running: AtomicUsize::new(0),
            woken: AtomicBool::new(false),
            waker,
            root,
            follow,
            coder,
        });
        for n in 0..threads.max(1) {
            let worker = Arc::clone(&shared);
            let tx = tx.clone();
            shared.running.fetch_add(1, Ordering::SeqCst);
            // A thread that cannot start leaves its documents to the others, or to
            // the loop, which reads any document it needs itself.
            let started = std::thread::Builder::new()
                .name(format!("tandai-reader-{n}"))
                .spawn(move || {
                    let _done = Running(&worker);
                    read(&worker, &tx);
                });
            if started.is_err() {
                shared.running.fetch_sub(1, Ordering::SeqCst);
            }
        }
        Loader {
            shared,
            rx: Mutex::new(rx),
        }
    }

    /// What has arrived, without waiting.
    pub fn ready(&self) -> Vec<Loaded> {
        self.shared.woken.store(false, Ordering::SeqCst);
        self.receiver().try_iter().collect()
    }

    /// What arrives within `limit` (at least one document unless the time passes or
    /// every thread is done).
    pub fn wait(&self, limit: Duration) -> Vec<Loaded> {
        let rx = self.receiver();
        let mut out = match rx.recv_timeout(limit) {
            Ok(first) => vec![first],
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Vec::new(),
        };
        self.shared.woken.store(false, Ordering::SeqCst);
        out.extend(rx.try_iter());
        out
    }

    /// Whether every thread has stopped (all read, stopped, or failed).
    pub fn finished(&self) -> bool {
        self.shared.running.load(Ordering::SeqCst) == 0
    }

    /// Stops the threads after the document each is reading (at quit).
    pub fn stop(&self) {
        self.shared.stop.store(true, Ordering::SeqCst);
    }

    fn receiver(&self) -> std::sync::MutexGuard<'_, Receiver<Loaded>> {
        self.rx
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Loader {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Counts a reading thread out when it ends, however it ends.
struct Running<'a>(&'a Shared);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A reading thread: takes the next document until none is left or it is stopped.
fn read(shared: &Shared, tx: &mpsc::Sender<Loaded>) {
    while !shared.stop.load(Ordering::SeqCst) {
        let k = shared.next.fetch_add(1, Ordering::SeqCst);
        let Some((index, path)) = shared.order.get(k) else {
            break;
        };
        let loaded = load(*index, path, &shared.root, shared.follow, &shared.coder);
        if tx.send(loaded).is_err() {
            break;
        }
        if !shared.woken.swap(true, Ordering::SeqCst)
            && let Some(w) = &shared.waker
        {
            w.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_arrives_once_with_its_sidecar_and_the_loop_is_woken() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut order = Vec::new();
        for i in 0..50 {
            let path = dir.path().join(format!("d{i:02}.txt"));
            std::fs::write(&path, format!("P: satu {i}\n\nI: dua\n")).expect("write");
            order.push((i, path));
        }
        let (waker, wakes) = crate::core::wake::pair().expect("pair");
        let loader = Loader::start(
            order,
            dir.path().to_path_buf(),
            false,
            "ana".into(),
            Some(waker),
            2,
        );
        let mut seen = Vec::new();
        while seen.len() < 50 {
            let batch = loader.wait(Duration::from_secs(10));
            assert!(!batch.is_empty(), "documents keep arriving");
            seen.extend(batch.into_iter().map(|l| {
                assert_eq!(l.document.len(), 2);
                assert!(l.sidecar.readonly.is_none() && l.sidecar.on_disk.is_none());
                l.index
            }));
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..50).collect::<Vec<_>>());
        assert!(wakes.drain(), "the loop was woken");
        assert!(loader.wait(Duration::from_millis(50)).is_empty());
    }
}
