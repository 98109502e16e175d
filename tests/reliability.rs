//! RELIABILITY.md checks at the level of the save path: changed-on-disk conflicts (C2),
//! the recovery journal (S4), faults at every step (S1/S4) and stray temp files (S3).

mod common;

use common::{code, state_in, two_docs};
use std::path::Path;
use std::time::Duration;
use tandai::app::state::SaveState;
use tandai::app::{Action, State};
use tandai::core::coding::saver::Saver;
use tandai::core::coding::store::{Perms, Rename, Step, write_with};
use tandai::tui::{Persister, dispatch};

fn settle(s: &mut State, p: &mut Persister) {
    assert!(p.saver.flusher().flush(Duration::from_secs(10)));
    for o in p.saver.outcomes() {
        dispatch(s, p, Action::Saved(o));
    }
}

fn toggle(s: &mut State, p: &mut Persister, id: &str) {
    let c = code(s, id);
    dispatch(s, p, Action::ToggleCode(c));
}

fn conflict_copies(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains(".conflict-"))
        .collect();
    v.sort();
    v
}

#[test]
fn sidecar_changed_on_disk_is_kept_as_a_conflict_copy_and_can_be_loaded() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let mut p = Persister::new(&s, Saver::start(), None);
    toggle(&mut s, &mut p, "devito.contact");
    settle(&mut s, &mut p);
    let sidecar = s.sidecar_path(0);
    // Another tool (or a git checkout) rewrites it: same size, within the same second.
    let ours = std::fs::read_to_string(&sidecar).expect("saved");
    let theirs = ours.replace("devito.contact", "devito.repairx");
    assert_eq!(ours.len(), theirs.len());
    std::fs::write(&sidecar, &theirs).expect("rewrite");
    s.go_to(0, 1);
    toggle(&mut s, &mut p, "devito.repair");
    settle(&mut s, &mut p);
    let copies = conflict_copies(dir.path());
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&copies[0])).expect("copy"),
        theirs,
        "their version kept byte for byte"
    );
    assert!(
        std::fs::read_to_string(&sidecar)
            .expect("ours")
            .contains("devito.repair\"")
    );
    let msg = s.message.clone().expect("told").text;
    assert!(
        msg.contains("changed outside tandai") && msg.contains("Press R"),
        "{msg}"
    );
    assert_eq!(s.save_summary(), SaveState::Saved);
    // R loads their version; ours is kept as a second copy.
    dispatch(&mut s, &mut p, Action::LoadOtherVersion);
    settle(&mut s, &mut p);
    assert_eq!(common::codes(&s, 0, 0), ["devito.repairx"]);
    assert!(common::codes(&s, 0, 1).is_empty());
    assert_eq!(
        conflict_copies(dir.path()).len(),
        2,
        "both versions are on disk"
    );
    assert_eq!(
        std::fs::read_to_string(&sidecar).expect("now theirs"),
        theirs
    );
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.starts_with("Loaded the other version"))
    );
}

#[test]
fn a_save_that_cannot_succeed_goes_to_the_recovery_journal_and_is_cleared_after() {
    let dir = two_docs();
    let state_dir = tempfile::tempdir().expect("state");
    let journal_dir = state_dir.path().join("recovery");
    let mut s = state_in(dir.path(), "ana");
    let sidecar = s.sidecar_path(0);
    std::fs::create_dir(&sidecar).expect("a folder where the sidecar goes makes every save fail");
    let mut p = Persister::new(&s, Saver::start(), None).with_recovery(journal_dir.clone());
    toggle(&mut s, &mut p, "devito.contact");
    settle(&mut s, &mut p);
    let SaveState::Failed(why) = s.save_summary() else {
        panic!("must fail")
    };
    assert!(
        why.contains("not a regular file") && why.contains("recovery journal"),
        "{why}"
    );
    let (entry, _) =
        tandai::core::coding::recovery::pending(&journal_dir, &sidecar).expect("journaled");
    assert!(entry.content.contains("devito.contact"));
    std::fs::remove_dir(&sidecar).expect("fault gone");
    toggle(&mut s, &mut p, "devito.contact");
    toggle(&mut s, &mut p, "devito.contact");
    settle(&mut s, &mut p);
    assert_eq!(
        s.save_summary(),
        SaveState::Saved,
        "the next change retried and succeeded"
    );
    assert!(
        std::fs::read_to_string(&sidecar)
            .expect("saved")
            .contains("devito.contact")
    );
    assert!(
        tandai::core::coding::recovery::pending(&journal_dir, &sidecar).is_none(),
        "journal cleared once saved"
    );
}

#[test]
fn faults_at_every_step_keep_the_previous_sidecar_byte_identical() {
    for step in [Step::Create, Step::Write, Step::Sync, Step::Rename] {
        let dir = two_docs();
        let mut s = state_in(dir.path(), "ana");
        let mut p = Persister::new(&s, Saver::start(), None);
        toggle(&mut s, &mut p, "devito.contact");
        settle(&mut s, &mut p);
        let sidecar = s.sidecar_path(0);
        let before = std::fs::read(&sidecar).expect("saved");
        let failing = Saver::with_writer(Box::new(move |path, bytes, expect| {
            write_with(path, bytes, Perms::Shared, expect, Rename::Atomic, |at| {
                if at == step {
                    Err(std::io::Error::other("injected"))
                } else {
                    Ok(())
                }
            })
        }));
        let mut p2 = Persister::new(&s, failing, None);
        s.go_to(0, 2);
        toggle(&mut s, &mut p2, "devito.intimacy");
        settle(&mut s, &mut p2);
        assert!(
            matches!(s.save_summary(), SaveState::Failed(w) if w.contains("injected")),
            "{step:?}"
        );
        assert_eq!(std::fs::read(&sidecar).expect("intact"), before, "{step:?}");
        assert!(
            common::temp_files(dir.path()) == 0,
            "{step:?}: no temp file left"
        );
        assert_eq!(
            common::codes(&s, 0, 2),
            ["devito.intimacy"],
            "edit kept in memory"
        );
        // The fault goes away: the next change saves everything.
        s.go_to(0, 3);
        toggle(&mut s, &mut p, "devito.repair");
        settle(&mut s, &mut p);
        assert_eq!(
            s.save_summary(),
            SaveState::Saved,
            "{step:?}: {:?}",
            s.docs[0].save
        );
        let text = std::fs::read_to_string(&sidecar).expect("saved");
        assert!(
            text.contains("devito.intimacy") && text.contains("devito.repair"),
            "{step:?}"
        );
    }
}

#[test]
fn hostile_sidecars_open_read_only_with_a_reason_and_stay_untouched() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            b"{\"format\": \"tandai-sidecar\", \"version\": 1, \"paragr".to_vec(),
            "line 1, column",
        ),
        (
            "bom",
            b"\xEF\xBB\xBF{\"format\":\"tandai-sidecar\",\"version\":1}".to_vec(),
            "byte-order mark",
        ),
        ("nul", vec![0u8; 4096], "line 1, column 1"),
        (
            "deep",
            format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)).into_bytes(),
            "line 1",
        ),
        (
            "dup",
            b"{\"format\":\"tandai-sidecar\",\"version\":1,\"document\":\"a\",\"document\":\"b\"}"
                .to_vec(),
            "duplicate field `document`",
        ),
        (
            "utf8",
            b"{\"format\":\"tandai-sidecar\xff\"}".to_vec(),
            "line 1",
        ),
        (
            "newer",
            b"{\"format\":\"tandai-sidecar\",\"version\":99}".to_vec(),
            "version 99 is newer",
        ),
    ];
    for (name, bytes, expect) in cases {
        let dir = two_docs();
        let sidecar = dir.path().join("informan-1.txt.ana.tandai.json");
        std::fs::write(&sidecar, &bytes).expect("write");
        let mut s = state_in(dir.path(), "ana");
        let why = s.docs[0]
            .readonly
            .clone()
            .unwrap_or_else(|| panic!("{name}: must open read-only"));
        assert!(
            why.contains("informan-1.txt.ana.tandai.json") && why.contains(expect),
            "{name}: {why}"
        );
        let mut p = Persister::new(&s, Saver::start(), None);
        toggle(&mut s, &mut p, "devito.contact");
        settle(&mut s, &mut p);
        assert_eq!(
            std::fs::read(&sidecar).expect("still there"),
            bytes,
            "{name}: never overwritten"
        );
        assert!(
            s.docs[1].readonly.is_none(),
            "{name}: the other document opens normally"
        );
    }
}

#[test]
fn oversized_sidecar_is_refused_by_its_size_before_reading() {
    let dir = two_docs();
    let sidecar = dir.path().join("informan-1.txt.ana.tandai.json");
    let f = std::fs::File::create(&sidecar).expect("create");
    f.set_len(tandai::core::coding::sidecar::MAX_SIDECAR_BYTES + 1)
        .expect("sparse file");
    let s = state_in(dir.path(), "ana");
    let why = s.docs[0].readonly.clone().expect("read-only");
    assert!(why.contains("larger than the 67108864-byte limit"), "{why}");
}

#[test]
fn symlink_where_a_sidecar_goes_is_refused_and_its_target_untouched() {
    let dir = two_docs();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").expect("write");
    std::os::unix::fs::symlink(&victim, dir.path().join("informan-1.txt.ana.tandai.json"))
        .expect("link");
    let mut s = state_in(dir.path(), "ana");
    assert!(
        s.docs[0]
            .readonly
            .as_deref()
            .is_some_and(|w| w.contains("symbolic link"))
    );
    let mut p = Persister::new(&s, Saver::start(), None);
    toggle(&mut s, &mut p, "devito.contact");
    settle(&mut s, &mut p);
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep me");
}
