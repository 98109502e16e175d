//! RELIABILITY C4 end to end: `codebook.json` edited by two real tandai processes in
//! one folder, and rewritten by a text editor under a running tandai.

mod common;

use common::tmux::{Tmux, sample_copy};
use tandai::core::codebook::Codebook;

fn path(dir: &tempfile::TempDir) -> &str {
    dir.path().to_str().expect("utf8")
}

/// Adds a code after the selected one in the codebook screen (`b`, `a`, label, Enter).
fn add_code(t: &Tmux, label: &str) {
    t.keys(&["b"]);
    t.wait_text("Codebook ·");
    t.keys(&["a"]);
    t.wait_text("New code after the selected one");
    t.type_text(label);
    t.keys(&["Enter"]);
}

fn on_disk(dir: &tempfile::TempDir) -> Codebook {
    Codebook::load(&dir.path().join("codebook.json")).expect("a valid codebook")
}

#[test]
fn two_tandai_processes_each_adding_a_code_both_keep_theirs() {
    let dir = sample_copy();
    let ana = Tmux::start(&[path(&dir), "--coder", "ana"], 100, 24);
    let budi = Tmux::start(&[path(&dir), "--coder", "budi"], 100, 24);
    ana.wait_text("informan-a");
    budi.wait_text("informan-a");
    add_code(&ana, "Kode Ana");
    ana.wait_for("ana's code saved", |s| {
        s.contains("Kode Ana") && s.contains("✓ saved")
    });
    add_code(&budi, "Kode Budi");
    let s = budi.wait_text("Merged codebook.json: 1 change from another coder/program.");
    assert!(s.contains("Kode Ana") && s.contains("Kode Budi"), "{s}");
    let book = on_disk(&dir);
    assert!(book.get("devito.kode-ana").is_some(), "ana's code survives");
    assert!(
        book.get("devito.kode-budi").is_some(),
        "budi's code survives"
    );
    // Ana's next change takes Budi's code in as well.
    ana.keys(&["o"]);
    let s = ana.wait_text("Merged codebook.json: 1 change");
    assert!(s.contains("Kode Budi"), "{s}");
    for t in [&ana, &budi] {
        t.keys(&["q"]);
        t.wait_text("┌Documents");
        t.keys(&["q"]);
        assert_eq!(t.exit_status(), 0);
    }
    let book = on_disk(&dir);
    assert!(book.get("devito.kode-ana").is_some() && book.get("devito.kode-budi").is_some());
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains("conflict") || n.starts_with(".tandai-"))
        .collect();
    assert!(left.is_empty(), "no conflict copy or temp file: {left:?}");
}

#[test]
fn a_text_editor_rewriting_the_codebook_under_a_running_tandai() {
    let dir = sample_copy();
    let file = dir.path().join("codebook.json");
    let t = Tmux::start(&[path(&dir), "--coder", "ana"], 100, 24);
    t.wait_text("informan-a");
    // The editor adds a code by hand and writes the file in place.
    let text = std::fs::read_to_string(&file).expect("read");
    let edited = text.replacen(
        "\"codes\": [",
        "\"codes\": [\n    {\"id\": \"by-hand\", \"label\": \"Added by hand\"},",
        1,
    );
    std::fs::write(&file, edited).expect("the editor saves");
    add_code(&t, "In tandai");
    let s = t.wait_text("Merged codebook.json: 1 change");
    assert!(
        s.contains("Added by hand") && s.contains("In tandai"),
        "{s}"
    );
    let book = on_disk(&dir);
    assert!(book.get("by-hand").is_some() && book.get("devito.in-tandai").is_some());
    // Both change the same code: theirs is kept, ours written, and R loads theirs.
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("Added by hand", "Changed by hand")).expect("edit");
    t.keys(&["g"]);
    t.wait_text("Added by hand · by-hand");
    t.keys(&["n", "C-u"]);
    t.type_text("Changed in tandai");
    t.keys(&["Enter"]);
    t.wait_text("Kept the other version of codebook.json as codebook.conflict-");
    assert_eq!(
        on_disk(&dir).get("by-hand").expect("code").label.en,
        "Changed in tandai"
    );
    t.keys(&["q"]);
    t.wait_text("┌Documents");
    t.keys(&["R"]);
    t.wait_text("Loaded the other version of the codebook");
    t.wait_for("theirs saved", |s| s.contains("✓ saved"));
    assert_eq!(
        on_disk(&dir).get("by-hand").expect("code").label.en,
        "Changed by hand"
    );
}
