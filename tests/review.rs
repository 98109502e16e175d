//! The review screen (RELIABILITY C3): after the transcript changed, near matches are
//! confirmed or detached, and detached codings are attached to a paragraph or
//! discarded, explicitly, by the coder.

mod common;

use common::{codes, state_in, toggle};
use tandai::app::state::{Mode, ReviewItem};
use tandai::app::{Action, State, update};

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
    let file = tandai::core::sidecar::SidecarFile::parse(&s.sidecar_bytes(0).expect("bytes"), "s")
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
