//! Searching as one types, off the input path: a thread of its own folds the
//! documents (the first time) and answers the latest query only, so a key never
//! waits for a search and a query typed over is never searched at all.
//!
//! A query that extends the one answered before searches only the paragraphs that
//! matched it; results are shared with the screen, not copied.

use crate::core::analysis::search::{Hit, Index, fold};
use crate::core::project::Content;
use crate::core::wake::Waker;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// A query to search for; `generation` tells its answer apart from older ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub generation: u64,
    pub query: String,
    pub exact: bool,
}

/// The answer to a request: the matching paragraphs in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub generation: u64,
    pub hits: Arc<[Hit]>,
}

/// The search thread.
pub struct Searcher {
    tx: Sender<Request>,
    rx: Receiver<Found>,
}

impl Searcher {
    /// Starts the thread over these documents (None: unreadable); `waker` is woken
    /// when an answer is ready.
    pub fn start(contents: Vec<Option<Arc<Content>>>, waker: Option<Waker>) -> Searcher {
        let (tx, requests) = mpsc::channel();
        let (answers, rx) = mpsc::channel();
        let _ = std::thread::Builder::new()
            .name("tandai-search".into())
            .spawn(move || run(&contents, &requests, &answers, waker.as_ref()));
        Searcher { tx, rx }
    }

    /// Asks for a search; an answer to an older request still on its way is dropped
    /// when it arrives (its generation is older).
    pub fn ask(&self, request: Request) {
        let _ = self.tx.send(request);
    }

    /// The newest answer that has arrived, if any (older ones are dropped).
    pub fn found(&self) -> Option<Found> {
        self.rx.try_iter().last()
    }
}

/// The last answer, kept to narrow the next query.
struct Last {
    query: String,
    exact: bool,
    hits: Arc<[Hit]>,
}

impl Last {
    /// Whether `r` can only match paragraphs this answer matched: it extends this
    /// query (folding works a character at a time, so the folded query extends the
    /// folded one too), unless this one folded to nothing (a lone accent).
    fn narrows(&self, r: &Request) -> bool {
        r.exact == self.exact
            && r.query.starts_with(&self.query)
            && (self.exact || !fold(&self.query).is_empty())
    }
}

fn run(
    contents: &[Option<Arc<Content>>],
    requests: &Receiver<Request>,
    answers: &Sender<Found>,
    waker: Option<&Waker>,
) {
    let mut index: Option<Index> = None;
    let mut last: Option<Last> = None;
    while let Ok(first) = requests.recv() {
        let index = index.get_or_insert_with(|| Index::of(contents));
        // Only the newest request is answered (keys typed while folding or
        // searching make the older ones stale).
        let request = requests.try_iter().last().unwrap_or(first);
        let within = last
            .as_ref()
            .filter(|l| l.narrows(&request))
            .map(|l| Arc::clone(&l.hits));
        let hits: Arc<[Hit]> = index
            .search(&request.query, request.exact, within.as_deref())
            .into();
        let found = Found {
            generation: request.generation,
            hits: Arc::clone(&hits),
        };
        if answers.send(found).is_err() {
            break;
        }
        if let Some(w) = waker {
            w.wake();
        }
        last = Some(Last {
            query: request.query,
            exact: request.exact,
            hits,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn content(text: &str) -> Option<Arc<Content>> {
        Some(Arc::new(Content::new(text.into(), "sha256:x".into())))
    }

    fn answer(s: &Searcher, generation: u64) -> Found {
        let start = Instant::now();
        loop {
            if let Some(f) = s.found().filter(|f| f.generation == generation) {
                return f;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "no answer");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn the_latest_query_is_answered_and_narrowing_finds_what_a_full_search_finds() {
        let docs = vec![
            content("A: kontak pertama\n\nB: Kontak lagi, kontak\n\nA: lain"),
            None,
            content("A: KONTAK\n\nB: kon\n\nA: tak"),
        ];
        let s = Searcher::start(docs, None);
        for (g, q) in ["k", "ko", "kon", "kont", "konta", "kontak"]
            .iter()
            .enumerate()
        {
            s.ask(Request {
                generation: g as u64,
                query: (*q).into(),
                exact: false,
            });
        }
        let found = answer(&s, 5);
        let hits: Vec<(usize, usize, usize)> = found
            .hits
            .iter()
            .map(|h| (h.doc, h.para, h.count))
            .collect();
        assert_eq!(
            hits,
            [(0, 0, 1), (0, 1, 2), (2, 0, 1)],
            "no match across paragraphs"
        );
        s.ask(Request {
            generation: 6,
            query: "Kontak".into(),
            exact: true,
        });
        let exact: Vec<usize> = answer(&s, 6).hits.iter().map(|h| h.para).collect();
        assert_eq!(exact, [1]);
    }
}
