//! Property: for any sequence of toggles, undo, redo, document switches and
//! save-and-reload, what is loaded back from the sidecars equals what was in memory
//! (load(save(state)) == state), and saving is deterministic.

mod common;

use proptest::prelude::*;
use tandai::app::{Action, State, update};

#[derive(Debug, Clone)]
enum Op {
    Toggle { para: usize, code: usize },
    Undo,
    Redo,
    NextDocument,
    SaveReload,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0usize..4, 0usize..6).prop_map(|(para, code)| Op::Toggle { para, code }),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
        1 => Just(Op::NextDocument),
        1 => Just(Op::SaveReload),
    ]
}

const STAGES: [&str; 6] = [
    "devito.contact",
    "devito.involvement",
    "devito.intimacy",
    "devito.deterioration",
    "devito.repair",
    "devito.dissolution",
];

fn save_all(s: &State) {
    for doc in 0..s.docs.len() {
        if let Some(bytes) = s.sidecar_bytes(doc) {
            std::fs::write(s.sidecar_path(doc), bytes).expect("write sidecar");
        }
    }
}

fn check_round_trip(dir: &std::path::Path, s: &State) {
    save_all(s);
    let loaded = common::state_in(dir, "prop");
    for doc in 0..s.docs.len() {
        assert_eq!(
            loaded.docs[doc].decisions, s.docs[doc].decisions,
            "document {doc}"
        );
        assert_eq!(
            loaded.sidecar_bytes(doc),
            s.sidecar_bytes(doc),
            "deterministic bytes, document {doc}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn load_of_save_is_the_state(ops in proptest::collection::vec(op(), 1..60)) {
        let dir = common::two_docs();
        let mut s = common::state_in(dir.path(), "prop");
        for op in ops {
            match op {
                Op::Toggle { para, code } => {
                    let doc = s.doc;
                    s.go_to(doc, para);
                    let c = common::code(&s, STAGES[code]);
                    update(&mut s, Action::ToggleCode(c));
                    let on_para: Vec<String> = common::codes(&s, s.doc, s.para);
                    prop_assert!(on_para.len() <= 1, "one DeVito stage per paragraph: {on_para:?}");
                }
                Op::Undo => { update(&mut s, Action::Undo); }
                Op::Redo => { update(&mut s, Action::Redo); }
                Op::NextDocument => { update(&mut s, Action::NextDocument); }
                Op::SaveReload => {
                    check_round_trip(dir.path(), &s);
                    let (doc, para) = (s.doc, s.para);
                    let (undo, redo) = (s.undo.clone(), s.redo.clone());
                    s = common::state_in(dir.path(), "prop");
                    s.go_to(doc, para);
                    s.undo = undo;
                    s.redo = redo;
                }
            }
        }
        check_round_trip(dir.path(), &s);
    }

    #[test]
    fn undoing_everything_returns_to_the_start(toggles in proptest::collection::vec((0usize..4, 0usize..6), 1..40)) {
        let dir = common::two_docs();
        let mut s = common::state_in(dir.path(), "prop");
        let start: Vec<_> = s.docs.iter().map(|d| d.decisions.clone()).collect();
        for (para, code) in &toggles {
            s.go_to(0, *para);
            let c = common::code(&s, STAGES[*code]);
            update(&mut s, Action::ToggleCode(c));
        }
        let end: Vec<_> = s.docs.iter().map(|d| d.decisions.clone()).collect();
        for _ in &toggles {
            update(&mut s, Action::Undo);
        }
        let back: Vec<_> = s.docs.iter().map(|d| d.decisions.clone()).collect();
        prop_assert_eq!(back, start);
        for _ in &toggles {
            update(&mut s, Action::Redo);
        }
        let again: Vec<_> = s.docs.iter().map(|d| d.decisions.clone()).collect();
        prop_assert_eq!(again, end);
    }
}
