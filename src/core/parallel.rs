//! Work over many documents on every core: reading, hashing, segmenting and
//! matching sidecars are independent per document, and a project of 10,000
//! documents should take the machine's cores, not one of them.
//!
//! Plain scoped threads (no thread pool crate): items are taken a chunk at a time
//! from a shared counter, so a slow document (a large `.docx`) does not hold up the
//! others, and the results come back in the items' order.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Items taken at a time by one thread: enough to make the counter cheap, few
/// enough that the threads finish together.
const CHUNK: usize = 16;
/// Threads at most, whatever the machine says.
const MAX_THREADS: usize = 8;

/// Threads to use for `items` items: the cores available, at most one per chunk.
pub fn threads_for(items: usize) -> usize {
    threads_for_chunks(items.div_ceil(CHUNK))
}

fn threads_for_chunks(chunks: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    cores.min(MAX_THREADS).min(chunks).max(1)
}

/// `items.iter().map(f).collect()`, on every core, in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_in_chunks(items, CHUNK, f)
}

/// [`map`] for a few large items (pieces of one long text): each is taken alone,
/// so two items go to two cores.
pub fn map_each<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_in_chunks(items, 1, f)
}

fn map_in_chunks<T: Sync, R: Send>(
    items: &[T],
    chunk: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads_for_chunks(items.len().div_ceil(chunk));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<R>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let start = next.fetch_add(chunk, Ordering::Relaxed);
                    if start >= items.len() {
                        break;
                    }
                    let end = (start + chunk).min(items.len());
                    let out: Vec<R> = items[start..end].iter().map(&f).collect();
                    done.lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((start, out));
                }
            });
        }
    });
    let mut chunks = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    chunks.sort_unstable_by_key(|(start, _)| *start);
    chunks.into_iter().flat_map(|(_, out)| out).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order() {
        let items: Vec<usize> = (0..1000).collect();
        let out = map(&items, |i| i * 2);
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(map(&Vec::<u8>::new(), |b| *b).is_empty());
    }

    #[test]
    fn two_large_items_take_two_threads() {
        // Each item waits until both have started: on one thread this would never
        // finish, so the barrier's timeout is the failure.
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let items = [1usize, 2];
        let started = std::sync::atomic::AtomicUsize::new(0);
        let out = map_each(&items, |i| {
            started.fetch_add(1, Ordering::SeqCst);
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
            while started.load(Ordering::SeqCst) < 2.min(cores)
                && std::time::Instant::now() < deadline
            {
                std::thread::yield_now();
            }
            (i * 10, started.load(Ordering::SeqCst))
        });
        assert_eq!(out.iter().map(|o| o.0).collect::<Vec<_>>(), [10, 20]);
        assert!(
            out.iter().all(|o| o.1 >= 2.min(cores)),
            "both items ran at once on {cores} cores: {out:?}"
        );
    }
}
