//! Issue 13 item 4: any transcript whose sidecar name fits the file system can be
//! coded and saved (the temp file's name is short), conflict copies of such a sidecar
//! fit too, and a transcript whose sidecar name cannot exist is read-only with a
//! message that says how short its name must be.

mod common;

use common::{code, state_in};
use std::time::Duration;
use tandai::app::state::SaveState;
use tandai::app::{Action, State};
use tandai::core::coding::saver::Saver;
use tandai::core::coding::store::name_max;
use tandai::tui::{Persister, dispatch};

fn settle(s: &mut State, p: &mut Persister) {
    assert!(p.saver.flusher().flush(Duration::from_secs(10)));
    for o in p.saver.outcomes() {
        dispatch(s, p, Action::Saved(o));
    }
}

/// A transcript name of `len` bytes (multi-byte letters, as in real names).
fn name_of(len: usize) -> String {
    let stem = "wawancara-é".repeat(len / 12 + 1);
    let mut cut = len - ".txt".len();
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut name = stem[..cut].to_owned();
    while name.len() < len - 4 {
        name.push('x');
    }
    name + ".txt"
}

#[test]
fn the_longest_transcript_name_with_a_sidecar_is_coded_and_saved() {
    let dir = tempfile::tempdir().expect("tmp");
    let max = name_max(dir.path());
    let room = max - ".ana.tandai.json".len();
    let name = name_of(room);
    assert_eq!(name.len(), room);
    std::fs::write(dir.path().join(&name), "P: halo\n\nI: iya\n").expect("write");
    let mut s = state_in(dir.path(), "ana");
    assert_eq!(s.docs[0].readonly, None);
    let mut p = Persister::new(&s, Saver::start(), None);
    let contact = code(&s, "devito.contact");
    dispatch(&mut s, &mut p, Action::ToggleCode(contact));
    settle(&mut s, &mut p);
    assert_eq!(s.save_summary(), SaveState::Saved);
    let sidecar = s.sidecar_path(0);
    assert_eq!(sidecar.file_name().expect("name").len(), max);
    assert!(
        std::fs::read_to_string(&sidecar)
            .expect("saved")
            .contains("devito.contact")
    );
    // Another program changes it: the conflict copy's name is shortened to fit.
    let theirs = std::fs::read_to_string(&sidecar)
        .expect("read")
        .replace("devito.contact", "devito.repairx");
    std::fs::write(&sidecar, &theirs).expect("rewrite");
    s.go_to(0, 1);
    dispatch(&mut s, &mut p, Action::ToggleCode(contact));
    settle(&mut s, &mut p);
    let copy = s.docs[0].conflict.clone().expect("conflict copy");
    let copy_name = copy
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(copy_name.len() <= max, "{} bytes", copy_name.len());
    assert!(copy_name.contains("~.ana.tandai.conflict-"), "{copy_name}");
    assert_eq!(std::fs::read_to_string(&copy).expect("copy"), theirs);
    // R loads it, keeping ours as another (shortened) copy.
    dispatch(&mut s, &mut p, Action::LoadOtherVersion);
    settle(&mut s, &mut p);
    assert_eq!(s.save_summary(), SaveState::Saved);
    assert_eq!(std::fs::read_to_string(&sidecar).expect("theirs"), theirs);
    assert_eq!(common::temp_files(dir.path()), 0);
}

#[test]
fn a_transcript_whose_sidecar_name_cannot_exist_says_how_short_it_must_be() {
    let dir = tempfile::tempdir().expect("tmp");
    let max = name_max(dir.path());
    let room = max - ".ana.tandai.json".len();
    let name = name_of(room + 1);
    std::fs::write(dir.path().join(&name), "P: halo\n").expect("write");
    let mut s = state_in(dir.path(), "ana");
    let why = s.docs[0].readonly.clone().expect("read-only");
    assert!(
        why.contains(&format!(
            "its sidecar's name would be {} bytes, and the file system takes at most {max}; rename the transcript to at most {room} bytes to code it as ana",
            max + 1
        )),
        "{why}"
    );
    assert!(why.contains(&name), "names the transcript: {why}");
    let mut p = Persister::new(&s, Saver::start(), None);
    let contact = code(&s, "devito.contact");
    dispatch(&mut s, &mut p, Action::ToggleCode(contact));
    let msg = s.message.clone().expect("told").text;
    assert!(
        msg.starts_with("Read-only:") && msg.contains("rename the transcript"),
        "{msg}"
    );
}
