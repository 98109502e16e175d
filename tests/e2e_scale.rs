//! End-to-end: a project too large to read before the first frame (issue 12). The
//! document on screen is read at once, the others in the background; keys that need
//! every document wait for them; a sidecar read in the background keeps every
//! guarantee of one read before the screen opened.

mod common;

use common::tmux::Tmux;
use std::path::Path;
use tandai::app::keymap::Keymap;
use tandai::app::{Action, State, update};
use tandai::core::codebook::Codebook;
use tandai::core::codebook::packs;
use tandai::core::project::Project;

/// More documents than are read before the first frame.
const DOCUMENTS: usize = 120;

/// DOCUMENTS transcripts of 6 paragraphs; each holds the word `kataN` (N its number)
/// in its third paragraph. The DeVito codebook.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("codebook.json"),
        packs::find("devito").expect("pack").json,
    )
    .expect("codebook");
    for d in 0..DOCUMENTS {
        let text: String = (0..6)
            .map(|p| {
                let word = if p == 2 {
                    format!(" kata{d}x")
                } else {
                    String::new()
                };
                format!("Peneliti: paragraf {p} dokumen {d}{word}.\n\n")
            })
            .collect();
        std::fs::write(dir.path().join(name(d)), text).expect("write");
    }
    dir
}

fn name(d: usize) -> String {
    format!("wawancara-{d:03}.txt")
}

/// Writes `coder`'s sidecar of document `d` with code key `key` on paragraph `para`
/// (from 0), as tandai would.
fn code(dir: &Path, d: usize, coder: &str, para: usize, key: char) {
    let project = Project::open(&dir.join(name(d))).expect("document");
    let keymap = Keymap::load(None).expect("keymap");
    let mut book = Codebook::load(&dir.join("codebook.json")).expect("codebook");
    book.assign_keys(&keymap.reserved_chars());
    let code = book.by_key(key).expect("code key");
    let mut s = State::new(project, book, keymap, coder.into());
    s.go_to(0, para);
    update(&mut s, Action::ToggleCode(code));
    std::fs::write(s.sidecar_path(0), s.sidecar_bytes(0).expect("bytes")).expect("sidecar");
}

fn path(dir: &tempfile::TempDir) -> &str {
    dir.path().to_str().expect("utf8")
}

#[test]
fn the_first_frame_shows_the_first_document_while_the_others_are_still_to_be_read() {
    let dir = project();
    let (t, out) = Tmux::start_recorded(
        &[path(&dir), "--coder", "ana", "--exit-after-first-frame"],
        100,
        30,
        &[],
    );
    assert_eq!(t.exit_status(), 0);
    let bytes = Tmux::recorded_through(&out, "[exit ");
    let frame = String::from_utf8_lossy(&bytes);
    assert!(frame.contains("wawancara-000"), "{frame}");
    // Cells left blank are skipped by cursor moves: the words arrive apart.
    assert!(
        frame.contains("reading") && frame.contains(&format!("1/{DOCUMENTS}")),
        "the status says how far reading has come: {frame}"
    );
    assert!(
        frame.contains('…'),
        "documents not read yet show no counts: {frame}"
    );
}

#[test]
fn a_search_typed_at_once_waits_for_every_document_and_finds_the_last() {
    let dir = project();
    code(dir.path(), 100, "ana", 2, '1');
    let t = Tmux::start(&[path(&dir), "--coder", "ana"], 100, 30);
    t.wait_text("wawancara-000");
    // In one burst: the search needs every document, the keys after it wait in
    // order (none of them is taken as a command meanwhile).
    t.send_burst(&["/", "k", "a", "t", "a", "1", "0", "0", "x", "Enter"]);
    let s = t.wait_for("the match in document 100, with its coding", |s| {
        s.contains("wawancara-100.txt") && s.contains("[Contact]") && !s.contains("reading")
    });
    assert!(s.contains("¶3/6"), "{s}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(
        !dir.path()
            .join(format!("{}.ana.tandai.json", name(0)))
            .exists(),
        "no key of the query was taken as a code key"
    );
}

#[test]
fn a_sidecar_read_in_the_background_and_changed_since_is_kept_not_overwritten() {
    let dir = project();
    code(dir.path(), 110, "ana", 0, '2');
    let t = Tmux::start(&[path(&dir), "--coder", "ana"], 100, 30);
    t.wait_text("wawancara-000");
    t.wait_for("every document read", |s| {
        !s.contains("reading") && s.contains("1/6")
    });
    // Another program rewrites the sidecar after tandai read it.
    let sidecar = dir.path().join(format!("{}.ana.tandai.json", name(110)));
    let theirs = std::fs::read_to_string(&sidecar)
        .expect("sidecar")
        .replace("devito.involvement", "devito.intimacy");
    std::fs::write(&sidecar, &theirs).expect("their version");
    t.keys(&["/"]);
    t.type_text("kata110x");
    t.keys(&["Enter", "4"]);
    t.wait_for("the save with their version kept", |s| {
        s.contains("wawancara-110.txt") && s.contains("saved")
    });
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    let copies: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&name(110)) && n.contains("conflict"))
        .collect();
    assert_eq!(copies.len(), 1, "their version is kept: {copies:?}");
    let kept = std::fs::read_to_string(dir.path().join(&copies[0])).expect("copy");
    assert_eq!(kept, theirs);
}
