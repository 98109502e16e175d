//! Saving off the input path (RELIABILITY S5): a background thread writes the latest
//! bytes for each file; keys never wait on fsync.
//!
//! The UI thread submits the complete new content of a file; if a write of the same
//! file is still queued, the newer content replaces it (latest state wins). Each write
//! reports back, so the status line can say saved / saving / NOT SAVED. [`Flusher`]
//! lets the signal thread wait for everything queued before the process exits.

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
}

/// The result of one write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub target: Target,
    /// The generation submitted with the job.
    pub generation: u64,
    pub result: Result<(), String>,
    /// The file had been changed by someone else since tandai last read or wrote it:
    /// that version was kept at this path before tandai wrote its own (C2).
    pub conflict: Option<PathBuf>,
}

struct Job {
    target: Target,
    generation: u64,
    bytes: Vec<u8>,
}

#[derive(Default)]
struct Queue {
    /// What each watched file held when tandai last read or wrote it (None: absent).
    known: HashMap<PathBuf, Option<Vec<u8>>>,
    pending: BTreeMap<PathBuf, Job>,
    busy: bool,
    stop: bool,
    /// Written only by a flush (at exit or on a signal), not on every change.
    parked: Option<(PathBuf, Vec<u8>)>,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    work: Condvar,
    idle: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// How the saver writes a file; tests put faults here.
pub type WriteFn = Box<dyn Fn(&Path, &[u8]) -> Result<(), String> + Send>;

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
    /// Starts the saver with the real save protocol.
    pub fn start() -> Saver {
        Saver::with_writer(Box::new(|path, bytes| {
            crate::core::store::atomic_write(path, bytes)
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

    /// Queues `bytes` to be written to `path`, replacing any queued write of it.
    pub fn submit(&self, path: PathBuf, target: Target, generation: u64, bytes: Vec<u8>) {
        self.shared.lock().pending.insert(
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
    /// (None: no file). Before each write the file is compared with what tandai last
    /// read or wrote; a different file is kept as a conflict copy first.
    pub fn watch(&self, path: PathBuf, on_disk: Option<Vec<u8>>) {
        self.shared.lock().known.insert(path, on_disk);
    }

    /// Forgets what tandai knew of `path` and takes `on_disk` as its content now.
    pub fn rewatch(&self, path: &Path, on_disk: Option<Vec<u8>>) {
        if let Some(k) = self.shared.lock().known.get_mut(path) {
            *k = on_disk;
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
        q.busy || !q.pending.is_empty()
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
        while q.busy || !q.pending.is_empty() {
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
                let _ = crate::core::store::create_private_dir(dir);
            }
            let _ = crate::core::store::atomic_write(&path, &bytes);
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

fn run(shared: &Shared, write: &WriteFn, tx: &Sender<Outcome>) {
    loop {
        let (path, job) = {
            let mut q = shared.lock();
            loop {
                if let Some(next) = q.pending.pop_first() {
                    q.busy = true;
                    break next;
                }
                if q.stop {
                    return;
                }
                q = shared
                    .work
                    .wait(q)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
            }
        };
        let expected = shared.lock().known.get(&path).cloned();
        let conflict = match expected {
            Some(expected) => keep_if_changed(&path, expected.as_deref(), write),
            None => Ok(None),
        };
        let result = conflict.clone().and_then(|_| write(&path, &job.bytes));
        let mut q = shared.lock();
        if result.is_ok()
            && let Some(k) = q.known.get_mut(&path)
        {
            *k = Some(job.bytes);
        }
        let _ = tx.send(Outcome {
            target: job.target,
            generation: job.generation,
            result,
            conflict: conflict.ok().flatten(),
        });
        q.busy = false;
        drop(q);
        shared.idle.notify_all();
    }
}

/// If the file at `path` is not what tandai expects, copies it to a dated conflict
/// file beside it and returns that path. An error means the check itself failed, and
/// the write must not go ahead.
fn keep_if_changed(
    path: &Path,
    expected: Option<&[u8]>,
    write: &WriteFn,
) -> Result<Option<PathBuf>, String> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
        return Ok(None); // not a regular file: the write refuses it with the reason
    }
    let current = match crate::core::sidecar::read_bytes(path) {
        Ok(b) => b,
        Err(e) => {
            return Err(format!(
                "{}: cannot check it before writing: {}",
                path.display(),
                e.reason()
            ));
        }
    };
    if current.as_deref() == expected {
        return Ok(None);
    }
    let Some(theirs) = current else {
        return Ok(None); // removed by someone else: nothing of theirs to keep
    };
    let copy = conflict_path(path);
    write(&copy, &theirs)
        .map_err(|e| format!("keeping the changed file as a conflict copy failed: {e}"))?;
    Ok(Some(copy))
}

/// `x.ana.tandai.json` -> `x.ana.tandai.conflict-20261123-014501.json` (UTC), with a
/// counter when that name is taken.
pub fn conflict_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    let stamp = utc_stamp(std::time::SystemTime::now());
    (1..)
        .map(|n| {
            let extra = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            path.with_file_name(format!("{stem}.conflict-{stamp}{extra}.json"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.with_extension("conflict.json"))
}

/// `YYYYMMDD-HHMMSS` in UTC.
pub fn utc_stamp(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}-{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn latest_state_wins_and_outcomes_arrive() {
        let writes = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&writes);
        let gate = Arc::new(Mutex::new(()));
        let held = gate.lock().expect("gate");
        let g2 = Arc::clone(&gate);
        let saver = Saver::with_writer(Box::new(move |p, b| {
            let _wait = g2.lock();
            seen.lock().expect("w").push((p.to_path_buf(), b.to_vec()));
            Ok(())
        }));
        let a = PathBuf::from("a");
        saver.submit(a.clone(), Target::Sidecar(0), 1, b"1".to_vec());
        std::thread::sleep(Duration::from_millis(50));
        saver.submit(a.clone(), Target::Sidecar(0), 2, b"2".to_vec());
        saver.submit(a.clone(), Target::Sidecar(0), 3, b"3".to_vec());
        assert!(saver.busy());
        drop(held);
        assert!(saver.flusher().flush(Duration::from_secs(5)));
        let w = writes.lock().expect("w").clone();
        assert_eq!(
            w,
            [(a.clone(), b"1".to_vec()), (a, b"3".to_vec())],
            "generation 2 was coalesced"
        );
        let gens: Vec<u64> = saver.outcomes().iter().map(|o| o.generation).collect();
        assert_eq!(gens, [1, 3]);
        assert!(!saver.busy());
    }

    #[test]
    fn parked_bytes_are_written_only_by_flush() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("state/positions.json");
        let saver = Saver::start();
        saver.park(path.clone(), b"old".to_vec());
        saver.park(path.clone(), b"new".to_vec());
        assert!(!path.exists());
        assert!(saver.flusher().flush(Duration::from_secs(5)));
        assert_eq!(std::fs::read(&path).expect("written"), b"new");
    }

    #[test]
    fn a_file_changed_by_someone_else_is_kept_before_writing() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("a.txt.ana.tandai.json");
        std::fs::write(&path, b"mine-1").expect("write");
        let saver = Saver::start();
        saver.watch(path.clone(), Some(b"mine-1".to_vec()));
        saver.submit(path.clone(), Target::Sidecar(0), 1, b"mine-2".to_vec());
        assert!(saver.flusher().flush(Duration::from_secs(5)));
        assert_eq!(saver.outcomes()[0].conflict, None, "unchanged: plain write");
        // Same size, same second: only the content tells.
        std::fs::write(&path, b"them-2").expect("write");
        saver.submit(path.clone(), Target::Sidecar(0), 2, b"mine-3".to_vec());
        assert!(saver.flusher().flush(Duration::from_secs(5)));
        let out = saver.outcomes();
        let copy = out[0].conflict.clone().expect("conflict kept");
        assert_eq!(std::fs::read(&copy).expect("copy"), b"them-2");
        assert_eq!(std::fs::read(&path).expect("ours"), b"mine-3");
        assert!(
            copy.file_name()
                .expect("name")
                .to_string_lossy()
                .starts_with("a.txt.ana.tandai.conflict-")
        );
    }

    #[test]
    fn utc_stamps() {
        let t = std::time::UNIX_EPOCH + Duration::from_secs(1_795_398_301);
        assert_eq!(utc_stamp(t), "20261123-014501");
        assert_eq!(
            utc_stamp(std::time::UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "20000229-000000"
        );
    }

    #[test]
    fn failures_are_reported() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = Arc::clone(&calls);
        let saver = Saver::with_writer(Box::new(move |_, _| {
            c.fetch_add(1, Ordering::SeqCst);
            Err("disk full".into())
        }));
        saver.submit(PathBuf::from("x"), Target::State, 7, Vec::new());
        assert!(saver.flusher().flush(Duration::from_secs(5)));
        let out = saver.outcomes();
        assert_eq!(
            out,
            [Outcome {
                target: Target::State,
                generation: 7,
                result: Err("disk full".into()),
                conflict: None
            }]
        );
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
