//! RELIABILITY S4 for the consensus coder's sidecars: a settled disagreement that
//! cannot be saved (disk full, read-only folder) is journaled to the state folder like
//! any coding, so a crash while it shows NOT SAVED does not lose the adjudication.

mod common;

use std::time::Duration;
use tandai::app::Action;
use tandai::app::team::TeamAction;
use tandai::core::coding::saver::Saver;
use tandai::tui::{Persister, dispatch};

#[test]
fn a_settled_disagreement_that_cannot_be_saved_is_journaled() {
    let dir = common::two_docs();
    for (coder, id) in [("budi", "devito.involvement"), ("ana", "devito.intimacy")] {
        let mut state = common::state_in(dir.path(), coder);
        let mut persister = Persister::new(&state, Saver::start(), None);
        state.go_to(0, 1);
        let c = common::code(&state, id);
        dispatch(&mut state, &mut persister, Action::ToggleCode(c));
        dispatch(&mut state, &mut persister, Action::FinishDocument);
        assert!(persister.saver.flusher().flush(Duration::from_secs(10)));
    }
    let consensus = dir.path().join("informan-1.txt.consensus.tandai.json");
    let state_dir = tempfile::tempdir().expect("state");
    let journal = state_dir.path().join("recovery");
    let mut state = common::state_in(dir.path(), "ana");
    // A full disk: every write of this session fails.
    let full = Saver::with_writer(Box::new(|_, _, _| Err("No space left on device".into())));
    let mut persister = Persister::new(&state, full, None).with_recovery(journal.clone());
    for a in [
        Action::Agreement,
        Action::Team(TeamAction::OpenQueue),
        Action::Team(TeamAction::Take(1)),
    ] {
        dispatch(&mut state, &mut persister, a);
    }
    assert!(persister.saver.flusher().flush(Duration::from_secs(10)));
    for o in persister.saver.outcomes() {
        dispatch(&mut state, &mut persister, Action::Saved(o));
    }
    let settled = state.team.as_ref().expect("team").settled[0]
        .decisions
        .paragraphs
        .get(&1)
        .map(|p| p.codes.clone());
    assert!(
        settled.is_some_and(|c| c.contains("devito.involvement")),
        "budi's codes settled on ¶2 in memory"
    );
    let entry = tandai::core::coding::recovery::pending(&journal, &consensus);
    assert!(
        entry.is_some_and(|(e, _)| e.content.contains("devito.involvement")),
        "the settled ¶2 is only in memory: a crash now loses it"
    );
}

#[test]
fn journaled_settled_decisions_are_saved_at_the_next_start() {
    let dir = common::two_docs();
    let consensus = dir.path().join("informan-1.txt.consensus.tandai.json");
    let state_dir = tempfile::tempdir().expect("state");
    let journal = state_dir.path().join("tandai/recovery");
    let bytes = b"{\"format\":\"tandai-sidecar\",\"version\":1,\"document\":\"informan-1.txt\",\"document_fingerprint\":\"sha256:00\",\"coder\":\"consensus\",\"paragraphs\":[]}\n";
    tandai::core::coding::recovery::record(&journal, &consensus, bytes).expect("journal");
    let t = common::tmux::Tmux::start_env(
        &[
            dir.path().to_str().expect("utf8"),
            "--coder",
            "ana",
            "--pack",
            "devito",
        ],
        80,
        24,
        &[("XDG_STATE_HOME", state_dir.path().to_str().expect("utf8"))],
    );
    t.wait_text("Save them now? [Y/n]");
    t.keys(&["Enter"]);
    t.wait_text("informan-1");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert_eq!(std::fs::read(&consensus).expect("written"), bytes);
    assert!(
        tandai::core::coding::recovery::pending(&journal, &consensus).is_none(),
        "cleared"
    );
}
