//! Saving through the real loop pieces: determinism, no write without a change,
//! failures shown and retried, and everything restored on reopening.

mod common;

use common::{state_in, toggle, two_docs};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tandai::app::state::SaveState;
use tandai::app::{Action, update};
use tandai::core::coding::saver::Saver;
use tandai::tui::{Persister, dispatch};

fn settle(s: &mut tandai::app::State, p: &mut Persister) {
    assert!(p.saver.flusher().flush(Duration::from_secs(10)));
    for o in p.saver.outcomes() {
        dispatch(s, p, Action::Saved(o));
    }
}

#[test]
fn same_decisions_in_any_order_give_identical_bytes() {
    let a_dir = two_docs();
    let b_dir = two_docs();
    let mut a = state_in(a_dir.path(), "ana");
    let mut b = state_in(b_dir.path(), "ana");
    for (para, id) in [
        (0, "devito.contact"),
        (3, "devito.repair"),
        (1, "devito.intimacy"),
    ] {
        a.go_to(0, para);
        toggle(&mut a, id);
    }
    for (para, id) in [
        (1, "devito.contact"),
        (1, "devito.intimacy"),
        (3, "devito.repair"),
        (0, "devito.contact"),
    ] {
        b.go_to(0, para);
        toggle(&mut b, id);
    }
    assert_eq!(a.sidecar_bytes(0), b.sidecar_bytes(0));
}

#[test]
fn writes_only_when_the_sidecar_would_change() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let writes = Arc::new(AtomicUsize::new(0));
    let w = Arc::clone(&writes);
    let saver = Saver::with_writer(Box::new(move |path, bytes, expect| {
        w.fetch_add(1, Ordering::SeqCst);
        tandai::core::coding::store::write_checked(
            path,
            bytes,
            tandai::core::coding::store::Perms::Shared,
            expect,
        )
    }));
    let mut p = Persister::new(&s, saver, None);
    for a in [
        Action::NextParagraph,
        Action::LastParagraph,
        Action::NextDocument,
        Action::Help,
        Action::Close,
    ] {
        dispatch(&mut s, &mut p, a);
    }
    settle(&mut s, &mut p);
    assert_eq!(
        writes.load(Ordering::SeqCst),
        0,
        "moving around writes nothing"
    );
    s.go_to(0, 0);
    let contact = common::code(&s, "devito.contact");
    dispatch(&mut s, &mut p, Action::ToggleCode(contact));
    settle(&mut s, &mut p);
    assert_eq!(writes.load(Ordering::SeqCst), 1);
    assert_eq!(s.save_summary(), SaveState::Saved);
    dispatch(&mut s, &mut p, Action::ToggleCode(contact));
    dispatch(&mut s, &mut p, Action::ToggleCode(contact));
    settle(&mut s, &mut p);
    let n = writes.load(Ordering::SeqCst);
    assert!((1..=3).contains(&n), "{n}");
    let before = n;
    dispatch(&mut s, &mut p, Action::Undo);
    dispatch(&mut s, &mut p, Action::Redo);
    settle(&mut s, &mut p);
    assert!(writes.load(Ordering::SeqCst) <= before + 2);
    assert_eq!(
        s.save_summary(),
        SaveState::Saved,
        "a change back to what is on disk counts as saved"
    );
}

#[test]
fn a_failed_save_is_shown_kept_in_memory_and_retried_by_the_next_change() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let fail = Arc::new(Mutex::new(true));
    let f = Arc::clone(&fail);
    let saver = Saver::with_writer(Box::new(move |path, bytes, expect| {
        if *f.lock().expect("lock") {
            return Err(format!(
                "{}: writing failed: No space left on device",
                path.display()
            ));
        }
        tandai::core::coding::store::write_checked(
            path,
            bytes,
            tandai::core::coding::store::Perms::Shared,
            expect,
        )
    }));
    let mut p = Persister::new(&s, saver, None);
    let sidecar = s.sidecar_path(0);
    let contact = common::code(&s, "devito.contact");
    dispatch(&mut s, &mut p, Action::ToggleCode(contact));
    settle(&mut s, &mut p);
    assert!(matches!(s.save_summary(), SaveState::Failed(why) if why.contains("No space left")));
    assert!(!sidecar.exists());
    assert_eq!(
        common::codes(&s, 0, 0),
        ["devito.contact"],
        "the edit stays in memory"
    );
    *fail.lock().expect("lock") = false;
    dispatch(&mut s, &mut p, Action::NextParagraph);
    settle(&mut s, &mut p);
    assert!(
        matches!(s.save_summary(), SaveState::Failed(_)),
        "NOT SAVED persists until a save succeeds"
    );
    let repair = common::code(&s, "devito.repair");
    dispatch(&mut s, &mut p, Action::ToggleCode(repair));
    settle(&mut s, &mut p);
    assert_eq!(s.save_summary(), SaveState::Saved);
    let text = std::fs::read_to_string(&sidecar).expect("written");
    assert!(
        text.contains("devito.contact") && text.contains("devito.repair"),
        "{text}"
    );
}

#[test]
fn reopening_restores_every_decision() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let mut p = Persister::new(&s, Saver::start(), None);
    for (doc, para, id) in [
        (0, 1, "devito.contact"),
        (0, 3, "devito.intimacy"),
        (1, 2, "devito.dissolution"),
    ] {
        s.go_to(doc, para);
        let c = common::code(&s, id);
        dispatch(&mut s, &mut p, Action::ToggleCode(c));
    }
    settle(&mut s, &mut p);
    let again = state_in(dir.path(), "ana");
    for doc in 0..2 {
        assert_eq!(again.docs[doc].decisions, s.docs[doc].decisions);
    }
    let other = state_in(dir.path(), "budi");
    assert!(
        other.docs[0].decisions.paragraphs.is_empty(),
        "each coder has their own sidecar"
    );
    update(&mut s, Action::Quit);
}
