//! The agreement view in the coding screen after coding changes: brought up to date
//! from the documents changed, it shows exactly what a full comparison shows. A
//! fixed pseudo-random walk of code toggles (codes used before and never used),
//! finished marks, undo and pairs of coders, compared after every step.

mod common;

use std::path::Path;
use std::time::Duration;
use tandai::app::state::Mode;
use tandai::app::team::TeamAction;
use tandai::app::{Action, State};
use tandai::core::analysis::agreement::Agreement;
use tandai::core::coding::saver::Saver;
use tandai::tui::{Persister, dispatch};

struct Session {
    state: State,
    persister: Persister,
}

impl Session {
    fn open(dir: &Path, coder: &str) -> Session {
        let state = common::state_in(dir, coder);
        let persister = Persister::new(&state, Saver::start(), None);
        Session { state, persister }
    }

    fn act(&mut self, a: Action) {
        dispatch(&mut self.state, &mut self.persister, a);
    }

    fn code(&mut self, doc: usize, para: usize, id: &str) {
        self.state.go_to(doc, para);
        let c = common::code(&self.state, id);
        self.act(Action::ToggleCode(c));
    }

    fn finish(&mut self, doc: usize) {
        self.state.go_to(doc, 0);
        self.act(Action::FinishDocument);
    }

    fn flush(&mut self) {
        assert!(
            self.persister
                .saver
                .flusher()
                .flush(Duration::from_secs(10))
        );
        for o in self.persister.saver.outcomes() {
            self.act(Action::Saved(o));
        }
    }

    /// The agreement the view shows for the coders chosen by `tabs` presses of Tab
    /// (from the kept comparison when there is one), then the one it shows computed
    /// from nothing kept; back to the coding screen.
    fn shown_and_full(&mut self, tabs: usize) -> (String, String) {
        let open = |s: &mut Session| {
            s.act(Action::Agreement);
            for _ in 0..tabs {
                s.act(Action::Team(TeamAction::NextPair));
            }
            let result = match &s.state.mode {
                Mode::Agreement(v) => shown(&v.result),
                other => panic!("no agreement view: {other:?}"),
            };
            s.act(Action::Team(TeamAction::Close));
            result
        };
        let kept = open(self);
        self.state.agreement_cache = None;
        let full = open(self);
        (kept, full)
    }
}

fn shown(result: &Result<Agreement, String>) -> String {
    format!("{result:#?}")
}

/// budi and cici code both documents at random and finish them.
fn three_coders(next: &mut impl FnMut(u64) -> u64, ids: &[String]) -> tempfile::TempDir {
    let dir = common::two_docs();
    for coder in ["budi", "cici"] {
        let mut s = Session::open(dir.path(), coder);
        for doc in 0..2 {
            for para in 0..s.state.project.documents[doc].len() {
                if next(2) == 0 {
                    let id = &ids[next(ids.len() as u64) as usize];
                    s.code(doc, para, id);
                }
            }
            s.finish(doc);
        }
        s.flush();
    }
    dir
}

#[test]
fn the_view_after_coding_changes_equals_a_full_comparison() {
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let book = common::devito();
    let ids: Vec<String> = book
        .codes
        .iter()
        .filter(|c| c.active())
        .map(|c| c.id.clone())
        .collect();
    // The others use only some codes, so that ana brings in codes never used.
    let dir = three_coders(&mut next, &ids[..ids.len().min(4)]);
    let mut ana = Session::open(dir.path(), "ana");
    ana.finish(0);
    ana.finish(1);
    let (kept, full) = ana.shown_and_full(0);
    assert_eq!(kept, full);
    assert!(kept.contains("Ok("), "{kept}");
    // Everyone, then each pair of the three coders.
    let mut tabs = 0;
    for step in 0..80 {
        match next(10) {
            0 => ana.finish(next(2) as usize),
            1 => ana.act(Action::Undo),
            2 => tabs = (tabs + 1) % 4,
            _ => {
                let doc = next(2) as usize;
                let para = next(ana.state.project.documents[doc].len() as u64) as usize;
                let id = ids[next(ids.len() as u64) as usize].clone();
                ana.code(doc, para, &id);
            }
        }
        // Blind coding with nothing finished: the view does not open.
        if !ana.state.docs.iter().any(|d| d.decisions.finished) {
            continue;
        }
        let (kept, full) = ana.shown_and_full(tabs);
        assert_eq!(kept, full, "step {step}");
    }
    ana.flush();
}
