//! The audit log's promise (docs/audit-log.md): the lines of a change are on disk
//! before the sidecar that holds the change, so a crash that the sidecar survived
//! never loses a line. Driven as the real loop drives a key: `press`, then `perform`
//! (not `dispatch`, which logs after each `update` and so hid the order of a key).

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tandai::app::keymap::{Key, KeyCode};
use tandai::app::keys::press;
use tandai::core::coding::saver::Saver;
use tandai::core::coding::store::{Perms, write_checked};
use tandai::tui::{Persister, perform};

/// Lines in the log of `coder` in `dir` (0 when there is no log).
fn log_lines(dir: &Path, coder: &str) -> usize {
    std::fs::read(dir.join(format!("tandai-log/{coder}.jsonl")))
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

#[test]
fn a_key_logs_its_line_before_its_sidecar_is_written() {
    let dir = common::two_docs();
    let root: PathBuf = dir.path().to_owned();
    // For each sidecar written: the lines of the log at that moment.
    let seen: Arc<Mutex<Vec<usize>>> = Arc::default();
    let record = Arc::clone(&seen);
    let saver = Saver::with_writer(Box::new(move |path, bytes, expect| {
        if path.to_string_lossy().ends_with(".ana.tandai.json") {
            record.lock().expect("lock").push(log_lines(&root, "ana"));
        }
        write_checked(path, bytes, Perms::Shared, expect)
    }));
    let mut state = common::state_in(dir.path(), "ana");
    let mut persister = Persister::new(&state, saver, None);
    let key = state.codebook.codes[common::code(&state, "devito.contact")]
        .key
        .expect("Contact has a key");
    let effects = press(&mut state, Key::plain(KeyCode::Char(key)));
    perform(&mut state, &mut persister, effects);
    // What a kill -9 right after the save leaves: nothing else is dispatched.
    assert!(persister.saver.flusher().flush(Duration::from_secs(10)));
    assert_eq!(
        *seen.lock().expect("lock"),
        [1],
        "the sidecar was written once, after the log had the key's line"
    );
    assert_eq!(log_lines(dir.path(), "ana"), 1);
}
