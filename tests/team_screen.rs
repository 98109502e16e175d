//! Team work in the coding screen: the finished mark, the agreement view and the
//! queue of disagreements settled into the consensus coder's sidecars, driven through
//! the real loop's `dispatch` (effects performed, sidecars written by the saver).

mod common;

use std::path::Path;
use std::time::Duration;
use tandai::app::keymap::{Key, KeyCode};
use tandai::app::state::Mode;
use tandai::app::team::{Pair, TeamAction};
use tandai::app::{Action, State};
use tandai::core::coding::saver::Saver;
use tandai::core::coding::sidecar::SidecarFile;
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

    fn team(&mut self, a: TeamAction) {
        self.act(Action::Team(a));
    }

    fn code(&mut self, doc: usize, para: usize, id: &str) {
        self.state.go_to(doc, para);
        let c = common::code(&self.state, id);
        self.act(Action::ToggleCode(c));
    }

    /// Waits for the saver and takes its outcomes in, as the loop does.
    fn settle(&mut self) {
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

    fn message(&self) -> String {
        self.state
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default()
    }
}

fn sidecar(dir: &Path, doc: &str, coder: &str) -> Option<SidecarFile> {
    let path = dir.join(format!("{doc}.{coder}.tandai.json"));
    let bytes = std::fs::read(path).ok()?;
    Some(SidecarFile::parse(&bytes, "test").expect("parses"))
}

fn codes_at(file: &SidecarFile, paragraph: usize) -> Option<(Vec<String>, bool)> {
    file.paragraphs
        .iter()
        .find(|e| e.paragraph == paragraph)
        .map(|e| (e.codes.clone(), e.settled))
}

/// budi and ana code informan-1.txt (4 paragraphs): they agree on ¶1, differ on ¶2
/// (Involvement / Intimacy) and ¶4 (only ana codes Contact). Both finish it.
fn two_coders() -> tempfile::TempDir {
    let dir = common::two_docs();
    let mut budi = Session::open(dir.path(), "budi");
    budi.code(0, 0, "devito.contact");
    budi.code(0, 1, "devito.involvement");
    budi.state.go_to(0, 0);
    budi.act(Action::FinishDocument);
    budi.settle();
    drop(budi);
    dir
}

#[test]
fn the_finished_mark_is_saved_shown_and_undone() {
    let dir = common::two_docs();
    let mut ana = Session::open(dir.path(), "ana");
    ana.act(Action::FinishDocument);
    assert!(
        ana.message().contains("informan-1.txt: marked finished"),
        "{}",
        ana.message()
    );
    ana.settle();
    let file = sidecar(dir.path(), "informan-1.txt", "ana").expect("written without codes");
    assert!(file.finished);
    assert!(file.paragraphs.is_empty());
    ana.act(Action::Undo);
    ana.settle();
    assert!(
        !sidecar(dir.path(), "informan-1.txt", "ana")
            .expect("file")
            .finished
    );
    ana.act(Action::Redo);
    ana.settle();
    assert!(
        sidecar(dir.path(), "informan-1.txt", "ana")
            .expect("file")
            .finished
    );
}

#[test]
fn blind_coding_shows_nothing_before_this_coder_has_finished_a_document() {
    let dir = two_coders();
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 0, "devito.contact");
    ana.act(Action::Agreement);
    assert!(matches!(ana.state.mode, Mode::Coding));
    assert!(
        ana.message().starts_with("Blind coding"),
        "{}",
        ana.message()
    );
    assert!(ana.state.team.is_none(), "nothing of budi's was even read");
}

#[test]
fn agreement_then_settling_writes_the_consensus_sidecar_and_undo_takes_it_back() {
    let dir = two_coders();
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 0, "devito.contact");
    ana.code(0, 1, "devito.intimacy");
    ana.code(0, 3, "devito.contact");
    ana.act(Action::FinishDocument);
    ana.act(Action::Agreement);
    let Mode::Agreement(view) = &ana.state.mode else {
        panic!("agreement view: {:?}", ana.message());
    };
    let a = view.result.as_ref().expect("compared");
    assert_eq!(a.coders, ["ana", "budi"]);
    assert_eq!(a.included, [("informan-1.txt".to_string(), 4)]);
    assert_eq!(a.left_out.len(), 1, "informan-2.txt is not finished");
    let contact = a
        .codes
        .iter()
        .find(|r| r.name == "devito.contact")
        .expect("contact row");
    let k = contact.counts.expect("two coders");
    assert_eq!((k.both, k.only_a, k.only_b, k.neither), (1, 1, 0, 2));
    assert_eq!(contact.units, 4);

    ana.team(TeamAction::OpenQueue);
    let Mode::Settle(q) = &ana.state.mode else {
        panic!("queue: {}", ana.message());
    };
    assert_eq!(q.items, [(0, 1), (0, 3)]);
    assert_eq!(q.selected, 0);
    ana.team(TeamAction::Take(1)); // budi's codes on ¶2
    assert!(
        ana.message()
            .contains("¶2: settled with budi's codes. 1 of 2 settled"),
        "{}",
        ana.message()
    );
    let Mode::Settle(q) = &ana.state.mode else {
        panic!("still in the queue")
    };
    assert_eq!(q.selected, 1, "on to the next disagreement");
    ana.team(TeamAction::NoCode);
    assert!(
        ana.message().contains("2 of 2 settled"),
        "{}",
        ana.message()
    );
    ana.settle();
    let consensus = sidecar(dir.path(), "informan-1.txt", "consensus").expect("written");
    assert_eq!(consensus.coder, "consensus");
    assert_eq!(
        codes_at(&consensus, 2),
        Some((vec!["devito.involvement".into()], true))
    );
    assert_eq!(codes_at(&consensus, 4), Some((vec![], true)));
    assert!(sidecar(dir.path(), "informan-1.txt", "ana").is_some());

    ana.act(Action::Undo);
    assert!(
        ana.message().starts_with("Undone: consensus"),
        "{}",
        ana.message()
    );
    ana.settle();
    let consensus = sidecar(dir.path(), "informan-1.txt", "consensus").expect("file");
    assert_eq!(codes_at(&consensus, 4), None, "¶4 is unsettled again");
    let Mode::Settle(q) = &ana.state.mode else {
        panic!("still in the queue")
    };
    assert_eq!(
        q.items[q.selected],
        (0, 3),
        "the queue shows the paragraph undone"
    );

    // Settled paragraphs can be revisited and settled again.
    ana.team(TeamAction::ShowSettled);
    ana.team(TeamAction::Move(-1));
    let Mode::Settle(q) = &ana.state.mode else {
        panic!("queue")
    };
    assert_eq!(q.items[q.selected], (0, 1));
    // (The union of two DeVito stages is refused: tests/settle_exclusive.rs.)
    ana.team(TeamAction::Take(0));
    ana.settle();
    let consensus = sidecar(dir.path(), "informan-1.txt", "consensus").expect("file");
    assert_eq!(
        codes_at(&consensus, 2).map(|c| c.0),
        Some(vec!["devito.intimacy".into()])
    );
    ana.team(TeamAction::Back);
    assert!(matches!(ana.state.mode, Mode::Agreement(_)));
}

#[test]
fn by_hand_the_code_keys_set_the_consensus_and_an_exclusive_group_keeps_one() {
    let dir = two_coders();
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 1, "devito.intimacy");
    ana.act(Action::FinishDocument);
    ana.act(Action::Agreement);
    ana.team(TeamAction::OpenQueue);
    // Keys, as the loop maps them: e, then a code key, then another of the same group.
    let press = |s: &mut Session, c: char| {
        let effects = tandai::app::keys::press(&mut s.state, Key::plain(KeyCode::Char(c)));
        tandai::tui::perform(&mut s.state, &mut s.persister, effects);
    };
    press(&mut ana, 'e');
    let contact = ana
        .state
        .codebook
        .get("devito.contact")
        .and_then(|c| c.key)
        .expect("key");
    let intimacy = ana
        .state
        .codebook
        .get("devito.intimacy")
        .and_then(|c| c.key)
        .expect("key");
    press(&mut ana, contact);
    press(&mut ana, intimacy);
    ana.settle();
    let consensus = sidecar(dir.path(), "informan-1.txt", "consensus").expect("file");
    assert_eq!(
        codes_at(&consensus, 1).map(|c| c.0),
        Some(vec!["devito.intimacy".into()]),
        "DeVito's stages are exclusive: Intimacy replaced Contact"
    );
}

#[test]
fn another_coder_settling_makes_the_queue_read_only() {
    let dir = two_coders();
    let held = match tandai::core::coding::lock::try_lock(dir.path(), "consensus") {
        tandai::core::coding::lock::Locked::Held(l) => l,
        other => panic!("lock: {other:?}"),
    };
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 1, "devito.intimacy");
    ana.act(Action::FinishDocument);
    ana.act(Action::Agreement);
    ana.team(TeamAction::OpenQueue);
    ana.team(TeamAction::Take(0));
    assert!(ana.message().starts_with("Read-only:"), "{}", ana.message());
    assert!(
        ana.message()
            .contains("settling disagreements as consensus")
    );
    ana.settle();
    assert!(sidecar(dir.path(), "informan-1.txt", "consensus").is_none());
    drop(held);
}

#[test]
fn tab_cycles_through_the_pairs_of_coders() {
    let dir = two_coders();
    let mut ana = Session::open(dir.path(), "ana");
    ana.act(Action::FinishDocument);
    ana.act(Action::Agreement);
    let pair = |s: &Session| match &s.state.mode {
        Mode::Agreement(v) => v.pair,
        _ => panic!("agreement view"),
    };
    assert_eq!(pair(&ana), Pair::Everyone);
    ana.team(TeamAction::NextPair);
    assert_eq!(pair(&ana), Pair::Two(0, 1));
    ana.team(TeamAction::NextPair);
    assert_eq!(
        pair(&ana),
        Pair::Everyone,
        "two coders: everyone, then the one pair"
    );
}

#[test]
fn every_action_is_in_the_audit_log_with_who_settled() {
    let dir = two_coders();
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 1, "devito.intimacy");
    ana.code(0, 1, "devito.contact"); // the exclusive group: Contact replaces Intimacy
    ana.act(Action::Undo);
    ana.act(Action::FinishDocument);
    ana.act(Action::Agreement);
    ana.team(TeamAction::OpenQueue);
    ana.team(TeamAction::Take(1));
    ana.settle();
    let read = |coder: &str| {
        let path = dir.path().join(format!("tandai-log/{coder}.jsonl"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (entries, problems) = tandai::core::coding::audit::read(&bytes, "log");
        assert!(problems.is_empty(), "{problems:?}");
        entries
    };
    let ana_log = read("ana");
    let actions: Vec<(&str, Option<usize>)> = ana_log
        .iter()
        .map(|e| (e.action.as_str(), e.paragraph))
        .collect();
    assert_eq!(
        actions,
        [
            ("code", Some(2)),
            ("code", Some(2)),
            ("undo", Some(2)),
            ("finish", None)
        ]
    );
    assert_eq!(ana_log[1].before, Some(vec!["devito.intimacy".to_string()]));
    assert_eq!(ana_log[1].after, Some(vec!["devito.contact".to_string()]));
    assert_eq!(
        ana_log[2].after,
        Some(vec!["devito.intimacy".to_string()]),
        "the undo went back"
    );
    assert!(
        ana_log
            .iter()
            .all(|e| e.time.ends_with('Z') && e.time.len() == 24)
    );
    let budi_log = read("budi");
    assert_eq!(
        budi_log.len(),
        3,
        "budi's session: two codes and the finish"
    );
    let consensus = read("consensus");
    assert_eq!(consensus.len(), 1);
    assert_eq!(consensus[0].action, "adjudicate");
    assert_eq!(consensus[0].by.as_deref(), Some("ana"));
    assert_eq!(
        consensus[0].paragraph,
        Some(1),
        "the first disagreement: only budi coded ¶1"
    );
    assert_eq!(consensus[0].after, Some(vec!["devito.contact".to_string()]));
}

#[test]
fn tandai_log_tells_the_history_in_words() {
    let dir = two_coders();
    let pack = tandai::core::codebook::packs::find("devito").expect("pack");
    std::fs::write(dir.path().join("codebook.json"), pack.json).expect("codebook");
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 1, "devito.intimacy");
    ana.act(Action::FinishDocument);
    ana.act(Action::Agreement);
    ana.team(TeamAction::OpenQueue);
    ana.team(TeamAction::NoCode);
    ana.settle();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandai"))
            .env("LC_ALL", "C.UTF-8")
            .arg("log")
            .arg(dir.path())
            .args(args)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf8")
    };
    let text = run(&["--coder", "ana", "--coder", "consensus"]);
    let tails: Vec<&str> = text.lines().map(|l| &l[21..]).collect();
    assert_eq!(
        tails,
        [
            "informan-1.txt ¶2 (ana): +Intimacy",
            "informan-1.txt (ana): marked finished",
            "informan-1.txt ¶1 (consensus, by ana): settled as none of the codes",
        ],
        "{text}"
    );
    assert!(text.starts_with("20"), "a date first: {text}");
    let all = run(&[]);
    assert_eq!(all.lines().count(), 6, "budi's three lines too: {all}");
    let json = run(&[
        "--format",
        "json",
        "--document",
        "informan-1.txt",
        "--coder",
        "budi",
    ]);
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        assert_eq!(v["coder"], "budi");
    }
    assert_eq!(json.lines().count(), 3);
}

#[test]
fn retrieval_and_the_overview_show_another_coder_only_where_this_coder_finished() {
    let dir = two_coders();
    // budi also coded informan-2.txt, which ana has not finished.
    let mut budi = Session::open(dir.path(), "budi");
    budi.code(1, 0, "devito.contact");
    budi.settle();
    drop(budi);
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 2, "devito.contact");
    ana.state.code_cursor = common::code(&ana.state, "devito.contact");
    ana.act(Action::Retrieve);
    let results = |s: &Session| s.state.retrieval.as_ref().expect("list").results.clone();
    assert_eq!(results(&ana), [(0, 2)], "ana's own");
    ana.act(Action::ShowCoder);
    assert!(
        ana.message().starts_with("Blind coding"),
        "{}",
        ana.message()
    );
    assert_eq!(results(&ana), [(0, 2)]);
    ana.act(Action::Retrieve); // closes the list
    ana.state.go_to(0, 0);
    ana.act(Action::FinishDocument);
    ana.act(Action::Retrieve);
    ana.act(Action::ShowCoder);
    assert!(
        ana.message()
            .contains("Showing the codings of budi (documents you have finished)"),
        "{}",
        ana.message()
    );
    assert_eq!(
        results(&ana),
        [(0, 0)],
        "budi's Contact on informan-1 only, not informan-2"
    );
    ana.act(Action::ShowCoder);
    assert_eq!(results(&ana), [(0, 0), (0, 2)], "everyone's");
    ana.act(Action::ShowCoder);
    assert_eq!(results(&ana), [(0, 2)], "back to ana's");
    ana.act(Action::Retrieve);
    ana.act(Action::Overview);
    ana.act(Action::ShowCoder);
    let Mode::Overview(o) = &ana.state.mode else {
        panic!("overview")
    };
    let contact = o
        .report
        .codes
        .iter()
        .find(|c| c.id == "devito.contact")
        .expect("row");
    assert_eq!(
        contact.paragraphs, 1,
        "budi's one Contact where ana finished: {contact:?}"
    );
}

#[test]
fn a_retest_session_moves_through_the_sample_and_codes_only_it() {
    let dir = common::two_docs();
    let mut s = Session::open(dir.path(), "ana-retest");
    s.state.retest = Some(tandai::app::retest::Retest {
        units: vec![(0, 1), (0, 3), (1, 2)],
        of: "ana".into(),
    });
    s.state.go_to(0, 0);
    s.code(0, 0, "devito.contact");
    assert!(
        s.message().starts_with("Not in the retest sample"),
        "{}",
        s.message()
    );
    assert!(s.state.docs[0].codes(0).is_none());
    s.act(Action::NextParagraph);
    assert_eq!(
        (s.state.doc, s.state.para),
        (0, 1),
        "from outside, j goes to the next unit"
    );
    s.act(Action::NextParagraph);
    assert_eq!((s.state.doc, s.state.para), (0, 3));
    s.act(Action::NextParagraph);
    assert_eq!(
        (s.state.doc, s.state.para),
        (1, 2),
        "on into the next document"
    );
    s.act(Action::NextParagraph);
    assert_eq!((s.state.doc, s.state.para), (1, 2), "the last unit stays");
    s.act(Action::FirstParagraph);
    assert_eq!((s.state.doc, s.state.para), (0, 1));
    let c = common::code(&s.state, "devito.contact");
    s.act(Action::ToggleCode(c));
    assert_eq!(common::codes(&s.state, 0, 1), ["devito.contact"]);
    s.act(Action::NextUncoded);
    assert_eq!((s.state.doc, s.state.para), (0, 3));
    assert_eq!(
        tandai::app::retest::status(&s.state).as_deref(),
        Some("retest 2/3, 1 coded")
    );
    s.act(Action::NextDocument);
    assert_eq!((s.state.doc, s.state.para), (1, 2));
    s.act(Action::PrevDocument);
    assert_eq!((s.state.doc, s.state.para), (0, 1));
    s.act(Action::FinishDocument);
    s.act(Action::Agreement);
    assert!(
        s.message().starts_with("Not during a retest"),
        "{}",
        s.message()
    );
    assert!(
        s.state.team.is_none(),
        "nothing of ana's first coding was read"
    );
}

#[test]
fn the_consensus_lock_is_held_only_while_the_queue_is_open() {
    let dir = two_coders();
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 1, "devito.intimacy");
    ana.act(Action::FinishDocument);
    ana.act(Action::Agreement);
    let free = || {
        matches!(
            tandai::core::coding::lock::try_lock(dir.path(), "consensus"),
            tandai::core::coding::lock::Locked::Held(_)
        )
    };
    assert!(free(), "looking at agreement takes no lock");
    ana.team(TeamAction::OpenQueue);
    assert!(!free(), "settling holds the consensus lock");
    ana.team(TeamAction::Back);
    assert!(
        free(),
        "leaving the queue gives it back to the other coders"
    );
    ana.team(TeamAction::OpenQueue);
    assert!(!free(), "and the queue takes it again");
}

#[test]
fn the_agreement_view_reads_again_what_changed_on_disk() {
    let dir = two_coders();
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 1, "devito.involvement");
    ana.act(Action::FinishDocument);
    ana.act(Action::Agreement);
    let both = |s: &Session| match &s.state.mode {
        Mode::Agreement(v) => v
            .result
            .as_ref()
            .expect("compared")
            .codes
            .iter()
            .find(|r| r.name == "devito.involvement")
            .and_then(|r| r.counts)
            .map(|k| k.both),
        _ => panic!("agreement view"),
    };
    assert_eq!(both(&ana), Some(1));
    ana.team(TeamAction::Close);
    // budi changes his mind in his own session (a git pull would do the same).
    let mut budi = Session::open(dir.path(), "budi");
    budi.code(0, 1, "devito.intimacy");
    budi.settle();
    drop(budi);
    ana.act(Action::Agreement);
    assert_eq!(both(&ana), Some(0), "budi's new coding is compared");
}

#[test]
fn an_unreadable_consensus_sidecar_is_never_settled_over() {
    let dir = two_coders();
    let garbage = "<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n";
    std::fs::write(
        dir.path().join("informan-1.txt.consensus.tandai.json"),
        garbage,
    )
    .expect("write");
    let mut ana = Session::open(dir.path(), "ana");
    ana.code(0, 1, "devito.intimacy");
    ana.act(Action::FinishDocument);
    ana.act(Action::Agreement);
    ana.team(TeamAction::OpenQueue);
    ana.team(TeamAction::Take(0));
    assert!(ana.message().starts_with("Read-only:"), "{}", ana.message());
    ana.settle();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("informan-1.txt.consensus.tandai.json"))
            .expect("read"),
        garbage,
        "left as it is"
    );
}
