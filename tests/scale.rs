//! Behaviour that the work for large projects must keep (issue 12): what is computed
//! later or elsewhere gives the same result as before.

use std::sync::Arc;
use tandai::core::coding::sidecar::document_fingerprint;
use tandai::core::documents::fsread::Links;
use tandai::core::project::Document;

#[test]
fn the_document_fingerprint_is_of_the_file_bytes_whether_computed_at_once_or_later() {
    let dir = tempfile::tempdir().expect("tmp");
    let plain = b"Peneliti: satu\r\n\r\nInforman: dua\n".to_vec();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&plain);
    for (name, bytes) in [("plain.txt", &plain), ("bom.txt", &bom)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let doc = Document::load(&path, Links::Follow);
        let content: Arc<_> = doc.content.expect("reads");
        assert_eq!(content.fingerprint(), document_fingerprint(bytes), "{name}");
        assert_eq!(content.paragraphs.len(), 2, "{name}");
    }
}

mod common;

use common::{project_dir, state_in};
use tandai::app::search::SearchAction;
use tandai::app::state::{Effect, Mode};
use tandai::app::{Action, update};
use tandai::core::analysis::search::Index;
use tandai::core::analysis::searcher::{Found, Request};

/// With the search thread, each edit asks for a search and never searches itself.
fn typed(s: &mut tandai::app::State, text: &str) -> Vec<Request> {
    let mut asked = Vec::new();
    for c in text.chars() {
        for e in update(s, Action::SearchEdit(SearchAction::Input(c))) {
            match e {
                Effect::Search(r) => asked.push(r),
                other => panic!("unexpected effect {other:?}"),
            }
        }
    }
    asked
}

/// What the search thread answers for `r`.
fn answer(s: &tandai::app::State, r: &Request) -> Action {
    let index = Index::build(&s.project);
    Action::SearchFound(Found {
        generation: r.generation,
        hits: index.search(&r.query, r.exact, None).into(),
    })
}

fn two() -> tempfile::TempDir {
    project_dir(&[
        ("a.txt", "P: satu\n\nA: kontak pertama\n\nP: dua\n"),
        ("b.txt", "P: tiga\n\nA: Kontak lagi\n"),
    ])
}

#[test]
fn typing_a_search_asks_the_search_thread_and_an_older_answer_is_dropped() {
    let dir = two();
    let mut s = state_in(dir.path(), "ana");
    s.search_async = true;
    update(&mut s, Action::Search);
    let asked = typed(&mut s, "kon");
    assert_eq!(asked.len(), 3, "one request per key");
    assert!(asked.windows(2).all(|w| w[0].generation < w[1].generation));
    assert!(
        s.search
            .as_ref()
            .is_some_and(|x| x.pending && x.hits.is_empty())
    );
    assert_eq!((s.doc, s.para), (0, 0), "nothing moves before an answer");
    // The answer to "ko" comes after "kon" was typed: dropped.
    let a = answer(&s, &asked[1]);
    update(&mut s, a);
    assert!(s.search.as_ref().is_some_and(|x| x.pending));
    let a = answer(&s, &asked[2]);
    update(&mut s, a);
    let search = s.search.as_ref().expect("search");
    assert!(!search.pending);
    assert_eq!(
        (search.hits.len(), search.total(), search.documents()),
        (2, 2, 2)
    );
    assert_eq!((s.doc, s.para), (0, 1), "the first match");
}

#[test]
fn enter_before_the_answer_keeps_the_search_and_goes_to_the_first_match_when_it_comes() {
    let dir = two();
    let mut s = state_in(dir.path(), "ana");
    s.search_async = true;
    update(&mut s, Action::NextDocument);
    update(&mut s, Action::Search);
    let asked = typed(&mut s, "kontak");
    update(&mut s, Action::SearchEdit(SearchAction::Accept));
    assert_eq!(s.mode, Mode::Coding);
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.starts_with("Searching"))
    );
    update(&mut s, Action::NextUncoded);
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.starts_with("Still searching")),
        "n waits for the answer instead of saying there is no match"
    );
    let last = asked.last().expect("asked");
    let a = answer(&s, last);
    update(&mut s, a);
    assert_eq!(
        (s.doc, s.para),
        (1, 1),
        "the first match from where it began"
    );
    assert!(s.message.as_ref().is_some_and(|m| {
        m.text
            .starts_with("2 matches in 2 paragraphs of 2 documents")
    }));
}
