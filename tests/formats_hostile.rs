//! Hostile and broken documents fail alone, with a message naming the file, within
//! bounded memory, and the other documents of the folder still open (RELIABILITY H8,
//! issue 10 item 4): zip bombs, entity expansion and external entities, deep nesting,
//! truncated archives, a missing body part, a path in an entry name, a file that is
//! not a zip, text that is not UTF-8.

mod common;

use common::tmux::BIN;
use std::io::Write;
use std::path::Path;
use std::process::Command;

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, data) in entries {
        w.start_file(*name, options).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

const W: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;
const END: &str = "</w:body></w:document>";

fn docx(xml: &[u8]) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", xml),
    ])
}

/// One paragraph holding `n` bytes of text in one node: inflates to `n` bytes.
fn bomb_one_node(n: usize) -> Vec<u8> {
    let mut xml = format!("{W}<w:p><w:r><w:t>").into_bytes();
    xml.resize(xml.len() + n, b'a');
    xml.extend_from_slice(format!("</w:t></w:r></w:p>{END}").as_bytes());
    docx(&xml)
}

/// `n` tiny paragraphs: many paragraphs from few compressed bytes.
fn bomb_paragraphs(n: usize) -> Vec<u8> {
    let para = "<w:p><w:r><w:t>a</w:t></w:r></w:p>";
    docx(format!("{W}{}{END}", para.repeat(n)).as_bytes())
}

fn laughs() -> Vec<u8> {
    let mut dtd = String::from("<!DOCTYPE w:document [<!ENTITY l0 \"ha\">");
    for i in 1..10 {
        let prev = format!("&l{};", i - 1);
        dtd.push_str(&format!("<!ENTITY l{i} \"{}\">", prev.repeat(10)));
    }
    dtd.push(']');
    dtd.push('>');
    docx(
        format!("<?xml version=\"1.0\"?>{dtd}{W}<w:p><w:r><w:t>&l9;</w:t></w:r></w:p>{END}")
            .as_bytes(),
    )
}

fn external_entity() -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE w:document SYSTEM \"file:///etc/passwd\">{W}<w:p><w:r><w:t>x</w:t></w:r></w:p>{END}"
    );
    docx(xml.as_bytes())
}

fn deep() -> Vec<u8> {
    let n = 100_000;
    docx(format!("{W}{}{}{END}", "<w:sdt>".repeat(n), "</w:sdt>".repeat(n)).as_bytes())
}

fn truncated() -> Vec<u8> {
    let good = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/pandoc.docx"),
    )
    .expect("fixture");
    good[..good.len() / 2].to_vec()
}

fn unclosed() -> Vec<u8> {
    docx(format!("{W}<w:p><w:r><w:t>potongan").as_bytes())
}

/// (file name, bytes, what its error must say)
fn hostile_set() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        (
            "bomb-node.docx",
            bomb_one_node(300 << 20),
            "refused (a zip bomb?)",
        ),
        (
            "bomb-paragraphs.docx",
            bomb_paragraphs(1_000_000),
            "paragraphs",
        ),
        (
            "laughs.docx",
            laughs(),
            "a DTD (<!DOCTYPE ...>) is not allowed",
        ),
        (
            "external.docx",
            external_entity(),
            "a DTD (<!DOCTYPE ...>) is not allowed",
        ),
        ("deep.docx", deep(), "nested deeper than 256 levels"),
        ("truncated.docx", truncated(), "not a readable zip archive"),
        (
            "unclosed.docx",
            unclosed(),
            "ends before all elements are closed",
        ),
        (
            "no-body.docx",
            zip_of(&[("[Content_Types].xml", b"<Types/>")]),
            "no word/document.xml",
        ),
        (
            "dotdot.docx",
            zip_of(&[("../word/document.xml", format!("{W}{END}").as_bytes())]),
            "no word/document.xml",
        ),
        (
            "not-a-zip.docx",
            b"Peneliti: ini teks biasa\n".to_vec(),
            "not a readable zip archive",
        ),
        (
            "no-content.odt",
            zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")]),
            "no content.xml",
        ),
        (
            "latin1.srt",
            b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n".to_vec(),
            "not valid UTF-8",
        ),
        (
            "broken.vtt",
            b"WEBVTT\n\n00:00:01.000 --> later\nhalo\n".to_vec(),
            "line 3: broken cue timing",
        ),
        (
            "report.pdf",
            b"%PDF-1.4\n".to_vec(),
            "save it as .docx or .txt",
        ),
    ]
}

#[test]
fn each_hostile_file_fails_alone_naming_itself_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("baik.txt"),
        "Peneliti: halo\n\nInforman: iya\n",
    )
    .expect("write");
    let set = hostile_set();
    for (name, bytes, _) in &set {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    // Address space capped at 300 MiB: the binary, its libraries and the largest
    // document must fit (RELIABILITY H8: under 200 MB for any single file).
    let out = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v 307200 && exec "$0" paragraphs --format jsonl "$1""#)
        .arg(BIN)
        .arg(dir.path())
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        stdout.lines().count(),
        2,
        "the good document still prints: {stdout}"
    );
    assert!(stdout.contains("\"document\":\"baik.txt\""));
    for (name, _, reason) in &set {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("/{name}: ")))
            .unwrap_or_else(|| panic!("no error for {name}: {err}"));
        assert!(line.contains(reason), "{name}: {line}");
    }
    assert_eq!(err.lines().count(), set.len(), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_folder_of_only_unreadable_formats_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("wawancara-1.doc"), b"\xd0\xcf\x11\xe0").expect("write");
    std::fs::write(dir.path().join("wawancara-2.pdf"), b"%PDF").expect("write");
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("paragraphs")
        .arg(dir.path())
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains(
            "no transcripts tandai can read; wawancara-1.doc, wawancara-2.pdf: save them as .docx or .txt"
        ),
        "{err}"
    );
    let empty = tempfile::tempdir().expect("tmp");
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("paragraphs")
        .arg(empty.path())
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "no transcripts in this folder (tandai reads .txt, .md, .docx, .odt, .vtt and .srt)"
        ),
        "{err}"
    );
}
