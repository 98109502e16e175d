//! RELIABILITY H5: rewriting a file keeps its mode; a new file of the project or an
//! export follows the umask; only tandai's own config, state and recovery files are
//! private (0600, folders 0700).
//!
//! The umask belongs to the whole process, so this file holds one test, which sets it
//! to 022 and then 002 (and back at the end).

mod common;

use common::{code, state_in, two_docs};
use rustix::fs::Mode;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;
use tandai::app::{Action, State};
use tandai::core::codebook::Codebook;
use tandai::core::coding::saver::Saver;
use tandai::tui::{Persister, dispatch};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn settle(s: &mut State, p: &mut Persister) {
    assert!(p.saver.flusher().flush(Duration::from_secs(10)));
    for o in p.saver.outcomes() {
        dispatch(s, p, Action::Saved(o));
    }
}

/// Codes a paragraph of each document and adds a code to the codebook.
fn code_and_edit(dir: &Path) {
    let mut s = state_in(dir, "ana");
    s.codebook = Codebook::load(&dir.join("codebook.json")).expect("codebook");
    s.codebook_path = Some(dir.join("codebook.json"));
    let mut p = Persister::new(&s, Saver::start(), None);
    for doc in 0..2 {
        s.go_to(doc, 0);
        let c = code(&s, "devito.contact");
        dispatch(&mut s, &mut p, Action::ToggleCode(c));
    }
    dispatch(&mut s, &mut p, Action::CodebookScreen);
    let ed = |a| Action::Editor(a);
    use tandai::app::editor::EditorAction as E;
    dispatch(&mut s, &mut p, ed(E::Add { child: false }));
    for c in "Baru".chars() {
        dispatch(&mut s, &mut p, ed(E::Input(c)));
    }
    dispatch(&mut s, &mut p, ed(E::Accept));
    settle(&mut s, &mut p);
    assert_eq!(s.save_summary(), tandai::app::state::SaveState::Saved);
}

fn check_umask(umask: u32) {
    let shared = 0o666 & !umask;
    let dir = two_docs();
    let book = tandai::core::codebook::packs::find("devito")
        .expect("pack")
        .json;
    std::fs::write(dir.path().join("codebook.json"), book).expect("codebook");
    // A team's files: one sidecar and the codebook already 0640.
    let old_sidecar = dir.path().join("informan-1.txt.ana.tandai.json");
    let first = state_in(dir.path(), "ana");
    std::fs::write(&old_sidecar, first.sidecar_bytes(0).expect("bytes")).expect("sidecar");
    chmod(&old_sidecar, 0o640);
    chmod(&dir.path().join("codebook.json"), 0o640);
    code_and_edit(dir.path());
    assert_eq!(
        mode(&old_sidecar),
        0o640,
        "umask {umask:03o}: rewritten, mode kept"
    );
    assert_eq!(
        mode(&dir.path().join("codebook.json")),
        0o640,
        "umask {umask:03o}"
    );
    let new_sidecar = dir.path().join("informan-2.txt.ana.tandai.json");
    assert_eq!(
        mode(&new_sidecar),
        shared,
        "umask {umask:03o}: a new sidecar"
    );
    // The lock folder and file of the project follow the umask.
    let tandai::core::coding::lock::Locked::Held(lock) =
        tandai::core::coding::lock::try_lock(dir.path(), "ana")
    else {
        panic!("lock")
    };
    let locks = dir.path().join(".tandai/locks");
    assert_eq!(mode(&locks), 0o777 & !umask, "umask {umask:03o}");
    assert_eq!(mode(&locks.join("ana.lock")), shared, "umask {umask:03o}");
    drop(lock);
    // An export with -o follows the umask; one over an existing 0640 file keeps it.
    let out = dir.path().join("codings.csv");
    let export = |extra: &[&str]| {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_tandai"))
            .env("LC_ALL", "C.UTF-8")
            .args(["export", "--format", "csv", "-o"])
            .arg(&out)
            .args(extra)
            .arg(dir.path())
            .output()
            .expect("runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    export(&[]);
    assert_eq!(mode(&out), shared, "umask {umask:03o}: a new export");
    chmod(&out, 0o640);
    // Replacing an existing file may need --force (issue 13 item 2).
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_tandai"))
        .env("LC_ALL", "C.UTF-8")
        .args(["export", "--help"])
        .output()
        .expect("runs");
    let force = String::from_utf8_lossy(&help.stdout).contains("--force");
    export(if force { &["--force"] } else { &[] });
    assert_eq!(
        mode(&out),
        0o640,
        "umask {umask:03o}: an export over a file"
    );
    // tandai's own files are private whatever the umask.
    let config_dir = tempfile::tempdir().expect("tmp");
    let config = config_dir.path().join("tandai/config.toml");
    let c = tandai::core::config::Config {
        coder: Some("ana".into()),
        ..Default::default()
    };
    c.save(&config).expect("config");
    assert_eq!(mode(&config), 0o600);
    assert_eq!(mode(config.parent().expect("dir")), 0o700);
    let journal = config_dir.path().join("state/recovery");
    let entry =
        tandai::core::coding::recovery::record(&journal, &new_sidecar, b"{}").expect("journal");
    assert_eq!(mode(&entry), 0o600);
    assert_eq!(mode(&journal), 0o700);
}

#[test]
fn modes_follow_the_umask_for_the_project_and_stay_private_for_tandai() {
    for umask in [0o022, 0o002] {
        let before = rustix::process::umask(Mode::from_bits_truncate(umask));
        check_umask(umask);
        rustix::process::umask(before);
    }
}
