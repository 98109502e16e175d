//! Settling keeps the codebook's constraints: the union of two coders' codes must not
//! put two codes of an exclusive group (two of DeVito's stages) on one paragraph, which
//! `tandai check` then reports as a violation in the consensus sidecar.

mod common;

use std::time::Duration;
use tandai::app::Action;
use tandai::app::team::TeamAction;
use tandai::core::coding::saver::Saver;
use tandai::tui::{Persister, dispatch};

#[test]
fn the_union_of_two_stages_is_refused_and_nothing_is_settled() {
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
    let mut state = common::state_in(dir.path(), "ana");
    let mut persister = Persister::new(&state, Saver::start(), None);
    for a in [
        Action::Agreement,
        Action::Team(TeamAction::OpenQueue),
        Action::Team(TeamAction::Union),
    ] {
        dispatch(&mut state, &mut persister, a);
    }
    assert!(persister.saver.flusher().flush(Duration::from_secs(10)));
    let settled = &state.team.as_ref().expect("team").settled[0].decisions;
    assert!(
        !settled.paragraphs.contains_key(&1),
        "¶2 settled as {:?}",
        settled.paragraphs.get(&1).map(|p| &p.codes)
    );
    let message = state
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(message.contains("one per paragraph"), "{message}");
}
