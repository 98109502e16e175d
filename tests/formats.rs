//! Word and OpenDocument files written by real programs: pandoc and LibreOffice make
//! them at test time from sources in tests/fixtures/formats (a heading, bold and plain
//! speakers, a soft line break, a speaker table, a footnote, a comment, a header,
//! tracked changes), and the same files made once are committed there, so the readers
//! are checked even where the programs write differently. Expected paragraphs are
//! written out by hand. `.ci/run` installs pandoc and LibreOffice.

mod common;

use common::tmux::BIN;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

/// (speaker, time, text) of each paragraph, from `tandai paragraphs --format jsonl`.
type Rows = Vec<(Option<String>, Option<String>, String)>;

fn paragraphs(path: &Path) -> Rows {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .args(["paragraphs", "--format", "jsonl"])
        .arg(path)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            assert_eq!(v["paragraph"], i + 1, "{line}");
            let s = |k: &str| v[k].as_str().map(str::to_owned);
            (s("speaker"), s("time"), s("text").expect("text"))
        })
        .collect()
}

fn rows(expected: &[(Option<&str>, &str)]) -> Rows {
    expected
        .iter()
        .map(|(s, t)| (s.map(str::to_owned), None, (*t).to_owned()))
        .collect()
}

/// What each file's reader left out, from the text format's header lines.
fn left_out(path: &Path) -> Vec<String> {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("paragraphs")
        .arg(path)
        .output()
        .expect("runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("   (").and_then(|l| l.strip_suffix(')')))
        .map(str::to_owned)
        .collect()
}

/// interview-a.md as pandoc writes it to .docx.
fn pandoc_expected(odt: bool) -> Rows {
    // pandoc's ODT writer has no comments: it writes the comment's text inline.
    let asked = if odt {
        "Bagaimana awalnya Perlu dicek lagi.kenal dengan dia?"
    } else {
        "Bagaimana awalnya kenal dengan dia?"
    };
    rows(&[
        (None, "Wawancara Informan A"),
        (
            Some("Peneliti"),
            "Selamat pagi, terima kasih sudah mau diwawancarai.",
        ),
        (
            Some("Informan A (32, Kupang)"),
            "Sama-sama.\nSaya senang bisa membantu.",
        ),
        (Some("Peneliti"), asked),
        (Some("Pembicara"), "Ucapan"),
        (Some("Peneliti"), "Sejak kapan?"),
        (Some("Informan A"), "Sejak tahun lalu."),
        (None, "Penutup"),
        (None, "Terima kasih."),
    ])
}

/// interview-b.fodt as LibreOffice writes it to .docx and .odt.
fn libreoffice_expected() -> Rows {
    rows(&[
        (None, "Wawancara Informan B"),
        (Some("Peneliti"), "Kapan Anda mulai memakai aplikasi itu?"),
        (
            Some("Informan B"),
            "Saya mulai sangat awal tahun ini.\nWaktu itu masih kuliah.",
        ),
        (Some("Peneliti"), "Lalu?"),
        (Some("Peneliti"), "Dengan siapa?"),
        (Some("Informan B"), "Dengan teman.\nTeman kuliah."),
    ])
}

const LIBREOFFICE_LEFT_OUT: [&str; 4] = [
    "1 footnote or endnote left out",
    "1 comment left out",
    "headers and footers left out",
    "tracked changes read as accepted (1 insertion, 1 deletion)",
];

fn pandoc(source: &Path, out: &Path) {
    let status = Command::new("pandoc")
        .arg(source)
        .arg("-o")
        .arg(out)
        .status()
        .expect("pandoc runs (apt-get install pandoc)");
    assert!(status.success(), "pandoc {}", out.display());
}

/// `soffice --headless --convert-to FORMAT`, with a profile of its own so that tests
/// running at once do not share one.
fn libreoffice(source: &Path, format: &str, dir: &Path) -> PathBuf {
    let profile = format!("file://{}/lo-profile-{format}", dir.display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(source)
        .output()
        .expect("soffice runs (apt-get install libreoffice-writer-nogui)");
    let stem = source.file_stem().expect("stem").to_string_lossy();
    let made = dir.join(format!("{stem}.{format}"));
    assert!(
        made.exists(),
        "soffice made no {}: {}",
        made.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    made
}

#[test]
fn pandoc_docx_and_odt_made_now_give_the_paragraphs_written_by_hand() {
    let dir = tempfile::tempdir().expect("tmp");
    let (docx, odt) = (dir.path().join("a.docx"), dir.path().join("a.odt"));
    pandoc(&fixtures().join("interview-a.md"), &docx);
    pandoc(&fixtures().join("interview-a.md"), &odt);
    assert_eq!(paragraphs(&docx), pandoc_expected(false));
    assert_eq!(paragraphs(&odt), pandoc_expected(true));
    assert_eq!(
        left_out(&docx),
        ["1 footnote or endnote left out", "1 comment left out"]
    );
    assert_eq!(left_out(&odt), ["1 footnote or endnote left out"]);
}

#[test]
fn libreoffice_docx_and_odt_made_now_give_the_paragraphs_written_by_hand() {
    let dir = tempfile::tempdir().expect("tmp");
    let source = fixtures().join("interview-b.fodt");
    let docx = libreoffice(&source, "docx", dir.path());
    let odt = libreoffice(&source, "odt", dir.path());
    let xml = unzip(&docx, "word/document.xml");
    assert!(
        xml.contains("<w:ins ") && xml.contains("<w:delText"),
        "{xml}"
    );
    for file in [&docx, &odt] {
        assert_eq!(
            paragraphs(file),
            libreoffice_expected(),
            "{}",
            file.display()
        );
        assert_eq!(left_out(file), LIBREOFFICE_LEFT_OUT, "{}", file.display());
    }
}

#[test]
fn committed_files_give_the_same_paragraphs() {
    let f = fixtures();
    assert_eq!(paragraphs(&f.join("pandoc.docx")), pandoc_expected(false));
    assert_eq!(paragraphs(&f.join("pandoc.odt")), pandoc_expected(true));
    for name in ["libreoffice.docx", "libreoffice.odt"] {
        assert_eq!(paragraphs(&f.join(name)), libreoffice_expected(), "{name}");
        assert_eq!(left_out(&f.join(name)), LIBREOFFICE_LEFT_OUT, "{name}");
    }
}

#[test]
fn extraction_is_deterministic_and_offsets_count_in_the_text() {
    use tandai::core::project::Document;
    let doc = Document::load(
        &fixtures().join("libreoffice.docx"),
        tandai::core::documents::fsread::Links::Follow,
    );
    let again = Document::load(
        &fixtures().join("libreoffice.docx"),
        tandai::core::documents::fsread::Links::Follow,
    );
    let (c, d) = (doc.content.expect("reads"), again.content.expect("reads"));
    assert_eq!(c.text, d.text);
    assert_eq!(c.paragraphs, d.paragraphs);
    assert_eq!(c.extractor, Some("docx/1"));
    let bytes = std::fs::read(fixtures().join("libreoffice.docx")).expect("read");
    assert_eq!(
        c.fingerprint(),
        tandai::core::coding::sidecar::document_fingerprint(&bytes),
        "the document fingerprint is the file's bytes"
    );
    for p in &c.paragraphs {
        let chars: String = c
            .text
            .chars()
            .skip(p.chars().start)
            .take(p.chars().len())
            .collect();
        assert_eq!(chars, p.text(&c.text));
    }
    assert!(
        c.text
            .starts_with("Wawancara Informan B\n\nPeneliti: Kapan")
    );
}

/// A Word file whose text is built here with tracked changes of every kind: an
/// insertion kept, a deletion and a moved-away passage dropped, a deleted paragraph
/// mark joining two paragraphs, a deleted table row gone, old formatting ignored.
#[test]
fn tracked_changes_read_as_accepted() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Saya </w:t></w:r><w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve">sangat </w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText>tidak </w:delText></w:r></w:del><w:r><w:t>setuju.</w:t></w:r><w:moveFrom w:id="3" w:author="A"><w:r><w:t>Pindah.</w:t></w:r></w:moveFrom></w:p>
<w:p><w:pPr><w:rPr><w:del w:id="4" w:author="A"/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">Dua paragraf </w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:rPrChange w:id="5" w:author="A"><w:rPr><w:b/></w:rPr></w:rPrChange></w:rPr><w:t>jadi satu, ya.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ana</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Tetap.</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:trPr><w:del w:id="6" w:author="A"/></w:trPr><w:tc><w:p><w:r><w:t>Budi</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Dihapus.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("changes.docx");
    std::fs::write(&path, docx_with_body(body)).expect("write");
    assert_eq!(
        paragraphs(&path),
        rows(&[
            (None, "Saya sangat setuju."),
            (None, "Dua paragraf jadi satu, ya."),
            (Some("Ana"), "Tetap."),
        ])
    );
    assert_eq!(
        left_out(&path),
        ["tracked changes read as accepted (1 insertion, 3 deletions)"]
    );
}

/// A body over 1 MiB is inflated on a thread of its own while it is parsed: the
/// result is the same as for a small one, every paragraph in order.
#[test]
fn a_large_body_reads_whole_and_in_order() {
    let body: String = (1..=40_000)
        .map(|i| format!("<w:p><w:r><w:t>Peneliti: pertanyaan {i}</w:t></w:r></w:p>"))
        .collect();
    assert!(body.len() > 2 << 20);
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("large.docx");
    std::fs::write(&path, docx_with_body(&body)).expect("write");
    let rows = paragraphs(&path);
    assert_eq!(rows.len(), 40_000);
    for (i, row) in rows.iter().enumerate() {
        let expected = (
            Some("Peneliti".to_owned()),
            None,
            format!("pertanyaan {}", i + 1),
        );
        assert_eq!(*row, expected);
    }
}

/// A minimal .docx: `[Content_Types].xml` and `word/document.xml` with `body`.
pub fn docx_with_body(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>".as_slice()),
        ("word/document.xml", xml.as_bytes()),
    ])
}

pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("start");
        std::io::Write::write_all(&mut w, data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn unzip(path: &Path, entry: &str) -> String {
    let bytes = std::fs::read(path).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut s = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(entry).expect("entry"), &mut s).expect("utf8");
    s
}

/// NVivo's .qdpx keeps the real text of a source in a .docx beside an empty .txt:
/// import reads the .docx and says so. The archive is built here like NVivo's
/// (tests/fixtures/refi/nvivo15mac_nvivo_project.qdpx) with a real Word file in it.
#[test]
fn import_reads_the_word_file_when_the_plain_text_is_empty() {
    let qde = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="nvivo" origin="NVivo for Mac 15.0.0">
<Users><User guid="1b0b1791-be46-4557-9957-7333544cfaf2" name="ana"/></Users>
<Sources><TextSource guid="e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4" name="Wawancara A" plainTextPath="internal://e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.txt" richTextPath="internal://e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.docx"/></Sources>
</Project>"#;
    let word = std::fs::read(fixtures().join("pandoc.docx")).expect("fixture");
    let qdpx = zip_of(&[
        ("project.qde", qde.as_bytes()),
        ("sources/e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.txt", b"\n"),
        ("sources/e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.docx", &word),
    ]);
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("nvivo.qdpx");
    std::fs::write(&file, qdpx).expect("write");
    let into = dir.path().join("project");
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("import")
        .arg(&file)
        .arg(&into)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("Wawancara A: sources/e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.txt is empty; the text was read from the Word file sources/e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.docx"),
        "{err}"
    );
    let text = std::fs::read_to_string(into.join("Wawancara A.txt")).expect("document written");
    assert!(
        text.starts_with("Wawancara Informan A\n\nPeneliti: Selamat pagi"),
        "{text}"
    );
}
