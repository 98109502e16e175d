//! The attributes screen in the real binary, in tmux at 80x24: a value edited and a
//! new attribute added from the keyboard are in project.json afterwards; a value of
//! the wrong type is refused on screen and never written.

mod common;

use common::tmux::{Tmux, sample_copy};
use tandai::core::attributes::{AttrType, Attributes};

fn on_disk(dir: &tempfile::TempDir) -> (Attributes, String) {
    let text = std::fs::read_to_string(dir.path().join("project.json")).expect("read");
    let a = tandai::core::attributes::file::from_bytes(text.as_bytes(), "project.json")
        .expect("project.json parses");
    (a, text)
}

#[test]
fn a_value_edited_on_screen_is_in_project_json() {
    let dir = sample_copy();
    let path = dir.path().to_str().expect("utf8");
    let t = Tmux::start(&[path, "--coder", "ana"], 80, 24);
    t.wait_text("informan-a");
    t.keys(&["@"]);
    t.wait_text("Attributes of informan-a.txt (1/4)");
    // city is the second row: replace Kendari.
    t.keys(&["j", "Enter", "C-u"]);
    t.wait_text("city (text):");
    t.type_text("Kota Kendari");
    t.keys(&["Enter"]);
    // The message comes with the change ("… saving"); "✓ saved" after the write.
    t.wait_for("the value saved", |s| {
        s.contains("city of informan-a.txt: Kota Kendari") && s.contains("✓ saved")
    });
    let (a, text) = on_disk(&dir);
    assert_eq!(a.value("informan-a.txt", "city"), Some("Kota Kendari"));
    assert_eq!(a.value("informan-b.txt", "city"), Some("Bitung"), "{text}");
    // A new number attribute; a word is refused, a number is saved as a number.
    t.keys(&["a"]);
    t.wait_text("New attribute's name:");
    t.type_text("umur");
    t.keys(&["Enter"]);
    t.wait_text("[n]umber");
    t.keys(&["n"]);
    t.wait_for("umur declared", |s| s.contains("Attribute umur: number"));
    t.keys(&["Enter"]);
    t.wait_text("umur (number):");
    t.type_text("tiga puluh");
    t.keys(&["Enter"]);
    t.wait_text("\"tiga puluh\" is not a number");
    t.keys(&["C-u"]);
    t.type_text("34");
    t.keys(&["Enter"]);
    t.wait_for("the number saved", |s| {
        s.contains("umur of informan-a.txt: 34") && s.contains("✓ saved")
    });
    let (a, text) = on_disk(&dir);
    assert_eq!(a.type_of("umur"), AttrType::Number);
    assert!(text.contains("\"umur\": 34"), "{text}");
    assert!(!text.contains("tiga puluh"), "{text}");
    // Undo takes the value back out of the file.
    t.keys(&["u"]);
    t.wait_for("undone and saved", |s| {
        s.contains("Undone: umur of informan-a.txt: no value") && s.contains("✓ saved")
    });
    assert_eq!(on_disk(&dir).0.value("informan-a.txt", "umur"), None);
    t.keys(&["Escape"]);
    // Back on the coding screen (at 80 columns its documents pane hides itself).
    t.wait_text("┌Codebook");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains("conflict") || n.starts_with(".tandai-"))
        .collect();
    assert!(names.is_empty(), "no conflict copy or temp file: {names:?}");
}

#[test]
fn a_second_tandai_of_the_same_coder_cannot_edit_attributes() {
    let dir = sample_copy();
    let path = dir.path().to_str().expect("utf8");
    let first = Tmux::start(&[path, "--coder", "ana"], 80, 24);
    first.wait_text("informan-a");
    let second = Tmux::start(&[path, "--coder", "ana"], 80, 24);
    second.wait_text("READ-ONLY");
    second.keys(&["@"]);
    second.wait_text("Attributes of informan-a.txt (1/4) · READ-ONLY");
    second.keys(&["a"]);
    second.wait_text("Read-only:");
    let before = std::fs::read(dir.path().join("project.json")).expect("read");
    second.keys(&["x"]);
    second.wait_text("Read-only:");
    assert_eq!(
        std::fs::read(dir.path().join("project.json")).expect("read"),
        before
    );
}
