//! Shared helpers for the integration tests: small projects in temp folders.
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::Path;
use tandai::app::State;
use tandai::app::keymap::Keymap;
use tandai::core::codebook::Codebook;
use tandai::core::codebook::packs;
use tandai::core::project::Project;

/// Writes files into a new temp folder.
pub fn project_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    }
    dir
}

/// The DeVito pack with keys assigned against the default keymap.
pub fn devito() -> Codebook {
    let keymap = Keymap::load(None).expect("keymap");
    let mut book = Codebook::parse(
        packs::find("devito").expect("pack").json.as_bytes(),
        "devito",
    )
    .expect("codebook");
    book.assign_keys(&keymap.reserved_chars());
    book
}

/// A state for the project in `dir`, coded by `coder` with the DeVito pack.
pub fn state_in(dir: &Path, coder: &str) -> State {
    let project = Project::open(dir).expect("project opens");
    State::new(
        project,
        devito(),
        Keymap::load(None).expect("keymap"),
        coder.into(),
    )
}

/// Two short transcripts: one with blank-line paragraphs, one turn per line.
pub fn two_docs() -> tempfile::TempDir {
    project_dir(&[
        (
            "informan-1.txt",
            "Peneliti: Halo.\n\nInforman 1: Saya kenal dia dari aplikasi.\n\nPeneliti: Lalu?\n\nInforman 1: Kami sepakat bertemu.\n",
        ),
        ("informan-2.txt", "P: satu\nI: dua\nP: tiga\n"),
    ])
}

/// Index of a code id in the codebook.
pub fn code(state: &State, id: &str) -> usize {
    state.codebook.index_of(id).expect("code exists")
}

/// Codes on paragraph `para` of document `doc`, as sorted ids.
pub fn codes(state: &State, doc: usize, para: usize) -> Vec<String> {
    state.docs[doc]
        .codes(para)
        .map(|c| c.iter().cloned().collect())
        .unwrap_or_default()
}

pub fn reserved() -> HashSet<char> {
    Keymap::load(None).expect("keymap").reserved_chars()
}

/// Toggles the code with this id on the current paragraph.
pub fn toggle(state: &mut State, id: &str) -> Vec<tandai::app::Effect> {
    let c = code(state, id);
    tandai::app::update(state, tandai::app::Action::ToggleCode(c))
}
pub mod pty;
pub mod screen;
pub mod tmux;
pub mod xml;

/// How many of tandai's temp files (`.tandai-*`, and `*.tmp-*` of earlier versions)
/// are in a folder.
pub fn temp_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter(|e| {
            e.as_ref().is_ok_and(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.contains(".tmp-") || name.starts_with(".tandai-")
            })
        })
        .count()
}
