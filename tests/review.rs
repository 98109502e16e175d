//! The review screen (RELIABILITY C3): after the transcript changed, near matches are
//! confirmed or detached, and detached codings are attached to a paragraph or
//! discarded, explicitly, by the coder.

mod common;

use common::{codes, state_in, toggle};
use std::time::Duration;
use tandai::app::keymap::{Key, KeyCode};
use tandai::app::keys::action_for;
use tandai::app::state::{Mode, ReviewItem};
use tandai::app::{Action, State, update};
use tandai::core::coding::saver::Saver;
use tandai::core::coding::sidecar::SidecarFile;
use tandai::tui::{Persister, dispatch};

const P: [&str; 4] = [
    "Peneliti: Bagaimana awalnya Kakak mengenal pelanggan lewat aplikasi itu, dan apa yang pertama dilihat?",
    "Informan A: Biasanya dari foto profil dulu, lalu mereka menyapa dengan sopan dan bertanya soal waktu.",
    "Informan A: Kalau sudah sering bertemu, kami jadi akrab dan dia sering cerita soal keluarganya juga.",
    "Informan A: Lama-lama dia jarang menghubungi, pesan dibalas singkat, dan akhirnya saya blokir saja.",
];

/// Codes ¶2 (contact) and ¶3 (intimacy), saves, then edits the transcript: a typo in
/// ¶3 (near match) and ¶2 rewritten (detached). Returns the reopened state.
fn edited() -> (tempfile::TempDir, State) {
    let dir = common::project_dir(&[("a.txt", &(P.join("\n\n") + "\n"))]);
    let mut s = state_in(dir.path(), "ana");
    s.go_to(0, 1);
    toggle(&mut s, "devito.contact");
    s.go_to(0, 2);
    toggle(&mut s, "devito.intimacy");
    std::fs::write(s.sidecar_path(0), s.sidecar_bytes(0).expect("bytes")).expect("save");
    let rewritten = "Informan A: Tidak ada yang istimewa, semuanya biasa saja menurut saya.";
    let typo = P[2].replace("keluarganya", "keluarga-nya");
    std::fs::write(
        dir.path().join("a.txt"),
        [P[0], rewritten, &typo, P[3]].join("\n\n") + "\n",
    )
    .expect("edit");
    let s = state_in(dir.path(), "ana");
    (dir, s)
}

#[test]
fn reopening_an_edited_transcript_lists_what_needs_review() {
    let (_dir, s) = edited();
    assert_eq!(
        s.docs[0].review_items(),
        [ReviewItem::NearMatch(2), ReviewItem::Detached(0)]
    );
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("1 codings moved by a near match, 1 without a paragraph")),
        "{:?}",
        s.notes
    );
    assert_eq!(
        codes(&s, 0, 2),
        ["devito.intimacy"],
        "the near match is applied, flagged"
    );
    assert!(
        codes(&s, 0, 1).is_empty(),
        "nothing lands on the rewritten paragraph"
    );
}

#[test]
fn confirm_near_match_and_attach_detached_to_the_current_paragraph() {
    let (_dir, mut s) = edited();
    update(&mut s, Action::Review);
    assert_eq!(
        s.mode,
        Mode::Review {
            selected: 0,
            armed: false
        }
    );
    assert!(!update(&mut s, Action::ReviewAccept).is_empty(), "saves");
    assert_eq!(s.docs[0].review_items(), [ReviewItem::Detached(0)]);
    update(&mut s, Action::Close);
    s.go_to(0, 3);
    update(&mut s, Action::Review);
    update(&mut s, Action::ReviewAccept);
    assert_eq!(codes(&s, 0, 3), ["devito.contact"]);
    assert!(s.docs[0].review_items().is_empty());
    assert_eq!(
        s.mode,
        Mode::Coding,
        "the review closes when nothing is left"
    );
    let file =
        tandai::core::coding::sidecar::SidecarFile::parse(&s.sidecar_bytes(0).expect("bytes"), "s")
            .expect("parses");
    assert!(file.detached.is_empty() && file.paragraphs.iter().all(|p| !p.review));
}

#[test]
fn reject_detaches_a_near_match_and_discards_only_on_the_second_press() {
    let (_dir, mut s) = edited();
    update(&mut s, Action::Review);
    update(&mut s, Action::ReviewReject);
    assert!(codes(&s, 0, 2).is_empty());
    assert_eq!(
        s.docs[0].decisions.detached.len(),
        2,
        "detached, not dropped"
    );
    update(&mut s, Action::ReviewReject);
    assert_eq!(
        s.docs[0].decisions.detached.len(),
        2,
        "one press only arms the discard"
    );
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("Press x again"))
    );
    update(&mut s, Action::ReviewReject);
    assert_eq!(s.docs[0].decisions.detached.len(), 1);
}

#[test]
fn review_flags_survive_saving_until_confirmed() {
    let (dir, s) = edited();
    std::fs::write(s.sidecar_path(0), s.sidecar_bytes(0).expect("bytes")).expect("save");
    let again = state_in(dir.path(), "ana");
    assert_eq!(again.docs[0].review_items(), s.docs[0].review_items());
}

#[test]
fn go_to_shows_the_near_match_in_context() {
    let (_dir, mut s) = edited();
    update(&mut s, Action::Review);
    update(&mut s, Action::ReviewGoTo);
    assert_eq!((s.mode.clone(), s.para), (Mode::Coding, 2));
}

/// Presses a key as the loop does (its action in the current mode) and performs the
/// effects with the real persister: sidecars are written by the saver.
fn key(s: &mut State, p: &mut Persister, k: Key) {
    if let Some(action) = action_for(s, k) {
        dispatch(s, p, action);
    }
    assert!(p.saver.flusher().flush(Duration::from_secs(10)));
    for o in p.saver.outcomes() {
        dispatch(s, p, Action::Saved(o));
    }
}

fn on_disk(s: &State) -> SidecarFile {
    let bytes = std::fs::read(s.sidecar_path(0)).expect("sidecar written");
    SidecarFile::parse(&bytes, "sidecar").expect("parses")
}

fn flagged(file: &SidecarFile) -> Vec<usize> {
    file.paragraphs
        .iter()
        .filter(|e| e.review)
        .map(|e| e.paragraph)
        .collect()
}

#[test]
fn confirm_and_detach_are_undone_and_redone_on_the_review_screen_and_saved() {
    let (_dir, mut s) = edited();
    let mut p = Persister::new(&s, Saver::start(), None);
    key(&mut s, &mut p, Key::char('r'));
    key(&mut s, &mut p, Key::plain(KeyCode::Enter));
    assert_eq!(s.docs[0].review_items(), [ReviewItem::Detached(0)]);
    assert!(
        flagged(&on_disk(&s)).is_empty(),
        "the confirmation is saved"
    );
    key(&mut s, &mut p, Key::char('u'));
    assert_eq!(
        s.docs[0].review_items(),
        [ReviewItem::NearMatch(2), ReviewItem::Detached(0)],
        "u on the review screen brings the near match back"
    );
    assert_eq!(
        s.mode,
        Mode::Review {
            selected: 0,
            armed: false
        },
        "still reviewing, on the item that came back"
    );
    assert_eq!(flagged(&on_disk(&s)), [3], "and the sidecar follows");
    assert_eq!(
        s.message.as_ref().map(|m| m.text.as_str()),
        Some("Undone: review: confirmed the codings of ¶3")
    );
    key(&mut s, &mut p, Key::ctrl('r'));
    assert!(flagged(&on_disk(&s)).is_empty(), "redone and saved");
    key(&mut s, &mut p, Key::char('u'));
    // Detach the near match, then take that back too.
    key(&mut s, &mut p, Key::char('x'));
    assert!(codes(&s, 0, 2).is_empty());
    assert_eq!(on_disk(&s).detached.len(), 2);
    key(&mut s, &mut p, Key::char('u'));
    assert_eq!(codes(&s, 0, 2), ["devito.intimacy"]);
    let file = on_disk(&s);
    assert_eq!((file.detached.len(), flagged(&file)), (1, vec![3]));
}

#[test]
fn attach_and_discard_are_undone_with_the_detached_coding_back_in_its_place() {
    let (dir, mut s) = edited();
    let mut p = Persister::new(&s, Saver::start(), None);
    let detached = s.docs[0].decisions.detached.clone();
    s.go_to(0, 3);
    key(&mut s, &mut p, Key::char('r'));
    key(&mut s, &mut p, Key::char('j'));
    key(&mut s, &mut p, Key::plain(KeyCode::Enter));
    assert_eq!(codes(&s, 0, 3), ["devito.contact"]);
    assert!(on_disk(&s).detached.is_empty(), "attached and saved");
    key(&mut s, &mut p, Key::char('u'));
    assert!(codes(&s, 0, 3).is_empty(), "the attachment is taken back");
    assert_eq!(s.docs[0].decisions.detached, detached);
    assert_eq!(on_disk(&s).detached, detached, "and the sidecar follows");
    // Discarding (x twice) is undone the same way, on the coding screen too.
    key(&mut s, &mut p, Key::char('j'));
    key(&mut s, &mut p, Key::char('x'));
    key(&mut s, &mut p, Key::char('x'));
    assert!(on_disk(&s).detached.is_empty(), "discarded");
    key(&mut s, &mut p, Key::plain(KeyCode::Esc));
    key(&mut s, &mut p, Key::char('u'));
    assert_eq!(
        on_disk(&s).detached,
        detached,
        "u brings a discarded coding back"
    );
    key(&mut s, &mut p, Key::ctrl('r'));
    assert!(
        on_disk(&s).detached.is_empty(),
        "and Ctrl-r discards it again"
    );
    drop(p);
    let log = std::fs::read_to_string(dir.path().join("tandai-log/ana.jsonl")).expect("audit log");
    for needle in [
        r#""action":"review""#,
        r#""action":"undo""#,
        r#""action":"redo""#,
        "discarded the codings that were on ¶2",
    ] {
        assert!(log.contains(needle), "{needle} in:\n{log}");
    }
}

#[test]
fn the_review_screen_shows_where_a_coding_was_and_the_paragraph_now() {
    let (_dir, mut s) = edited();
    assert_eq!(
        s.docs[0].moved_from.get(&2).map(|o| o.paragraph),
        Some(3),
        "the near match's place in the sidecar is known"
    );
    s.go_to(0, 3);
    update(&mut s, Action::Review);
    let shown = common::screen::screen(&mut s, 80, 24);
    for needle in [
        "Was: ¶3, characters",
        "Now: ¶3  Informan A",
        "Kalau sudah sering bertemu, kami jadi akrab",
        "[Intimacy]",
    ] {
        assert!(shown.contains(needle), "{needle:?} in:\n{shown}");
    }
    update(&mut s, Action::ReviewMove(1));
    let shown = common::screen::screen(&mut s, 80, 24);
    for needle in [
        "Was: ¶2, characters",
        "[Contact]",
        "Its number now: ¶2  Informan A",
        "Tidak ada yang istimewa",
        "Would go to: ¶4  Informan A",
        "Lama-lama dia jarang menghubungi",
        "attaches to ¶4",
    ] {
        assert!(shown.contains(needle), "{needle:?} in:\n{shown}");
    }
}
