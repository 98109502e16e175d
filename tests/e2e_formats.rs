//! End-to-end: a folder with a Word file and a PDF, in the real binary in tmux. The
//! .docx is listed, segmented and coded like a .txt, its sidecar is named after its
//! full file name and records the extractor, the .docx is never modified; the .pdf is
//! listed with ✗ and what to do.

mod common;

use common::tmux::Tmux;
use std::path::Path;

#[test]
fn a_docx_is_coded_and_a_pdf_is_listed_with_what_to_do() {
    let dir = tempfile::tempdir().expect("tmp");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/libreoffice.docx");
    let docx = dir.path().join("wawancara-1.docx");
    std::fs::copy(&fixture, &docx).expect("copy");
    std::fs::write(dir.path().join("wawancara-2.pdf"), b"%PDF-1.4\n").expect("write");
    let before = std::fs::read(&docx).expect("read");
    let t = Tmux::start(
        &[
            dir.path().to_str().expect("utf8"),
            "--coder",
            "ana",
            "--pack",
            "devito",
        ],
        100,
        30,
    );
    let screen = t.wait_text("¶1/6");
    assert!(screen.contains("wawancara-1"), "{screen}");
    assert!(screen.contains("✗ wawancara-2"), "{screen}");
    assert!(
        screen.contains("1 footnote or endnote left out"),
        "the reader's notes show on opening: {screen}"
    );
    t.keys(&["j", "1"]);
    t.wait_for("coded and saved", |s| {
        s.contains("[Contact]") && s.contains("✓ saved")
    });
    t.keys(&["?"]);
    t.wait_text("Keys (from your keymap)");
    t.send_burst(&["j"; 80]);
    t.wait_for("the document's notes in help", |s| {
        s.contains("This document (wawancara-1.docx)")
            && s.contains("tracked changes read as accepted")
    });
    t.keys(&["q", "]"]);
    let pdf = t.wait_text("cannot read .pdf files; save it as .docx or");
    assert!(pdf.contains("✗ wawancara-2.pdf"), "{pdf}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert_eq!(
        std::fs::read(&docx).expect("read"),
        before,
        "the .docx is untouched"
    );
    let sidecar = dir.path().join("wawancara-1.docx.ana.tandai.json");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sidecar).expect("sidecar")).expect("json");
    assert_eq!(v["document"], "wawancara-1.docx");
    assert_eq!(v["extractor"], "docx/1");
    assert_eq!(v["paragraphs"][0]["paragraph"], 2);
    assert_eq!(v["paragraphs"][0]["codes"][0], "devito.contact");
    assert_eq!(
        v["paragraphs"][0]["start"], 22,
        "offsets count in the extracted text: after \"Wawancara Informan B\\n\\n\""
    );
    assert!(!dir.path().join("wawancara-2.pdf.ana.tandai.json").exists());
}
