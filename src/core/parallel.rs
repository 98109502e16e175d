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
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    cores.min(MAX_THREADS).min(items.div_ceil(CHUNK)).max(1)
}

/// `items.iter().map(f).collect()`, on every core, in order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<R>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                    if start >= items.len() {
                        break;
                    }
                    let end = (start + CHUNK).min(items.len());
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
}
