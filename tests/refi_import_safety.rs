//! A `.qdpx` import either writes the whole project or nothing (issue 13 item 5), a
//! source that starts with U+FEFF imports with that character kept, and what an
//! import writes stays within what tandai reads back (item 8).

mod common;

use common::tmux::bin;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use tandai::core::project::Project;
use zip::write::SimpleFileOptions;

/// A deflated archive: a small file may hold far more.
fn qdpx(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files {
        zip.start_file(*name, SimpleFileOptions::default())
            .expect("start");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

const CODE: &str = "10000000-0000-4000-8000-000000000001";

/// A project with one code (its description given) and these sources.
fn project_xml(description: &str, sources: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
<Users><User guid="20000000-0000-4000-8000-000000000001" name="ana"/></Users>
<CodeBook><Codes><Code guid="{CODE}" name="A" isCodable="true"><Description>{description}</Description></Code></Codes></CodeBook>
<Sources>{sources}</Sources></Project>"#
    )
}

/// A text source with one coded selection of its first `end` characters, with a memo.
fn source(n: u32, name: &str, text: &str, end: usize, memo: &str) -> String {
    format!(
        r#"<TextSource guid="30000000-0000-4000-8000-00000000000{n}" name="{name}"><PlainTextContent>{text}</PlainTextContent><PlainTextSelection guid="40000000-0000-4000-8000-00000000000{n}" startPosition="0" endPosition="{end}" creatingUser="20000000-0000-4000-8000-000000000001"><Description>{memo}</Description><Coding guid="50000000-0000-4000-8000-00000000000{n}" creatingUser="20000000-0000-4000-8000-000000000001"><CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection></TextSource>"#
    )
}

fn run(args: &[&str], cwd: &Path) -> (i32, String) {
    let out = Command::new(bin())
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

/// Two sources: the first imports; the second's memo makes a sidecar larger than
/// tandai reads (64 MiB), from an archive of a few hundred kilobytes.
fn failing_archive() -> Vec<u8> {
    let huge = "catatan ".repeat(9 * 1024 * 1024);
    let sources = source(1, "a.txt", "P: satu\n\nI: dua", 7, "pendek")
        + &source(2, "b.txt", "P: tiga", 7, &huge);
    qdpx(&[("project.qde", project_xml("", &sources).as_bytes())])
}

#[test]
fn a_failed_import_leaves_nothing_and_can_be_tried_again() {
    let work = tempfile::tempdir().expect("tmp");
    let w = work.path();
    let archive = failing_archive();
    assert!(archive.len() < 2 * 1024 * 1024, "{}", archive.len());
    std::fs::write(w.join("big.qdpx"), &archive).expect("write");
    for _ in 0..2 {
        let (code, err) = run(&["import", "big.qdpx", "proj"], w);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("b.txt") && err.contains("sidecar"), "{err}");
        assert!(err.contains("67108864-byte limit"), "{err}");
        assert!(
            !err.contains("not empty"),
            "the second try is not refused: {err}"
        );
        assert_eq!(names(w), ["big.qdpx"], "nothing is left: {err}");
    }
    let (code, err) = run(&["import", "big.qdpx", "deep/er/proj"], w);
    assert_eq!(code, 1, "{err}");
    assert_eq!(names(w), ["big.qdpx"], "not even the parent folders");
}

#[test]
fn a_failed_import_with_force_leaves_the_folder_as_it_was() {
    let work = tempfile::tempdir().expect("tmp");
    let w = work.path();
    std::fs::write(w.join("big.qdpx"), failing_archive()).expect("write");
    let proj = w.join("proj");
    std::fs::create_dir(&proj).expect("mkdir");
    std::fs::write(proj.join("a.txt"), "lama").expect("write");
    std::fs::write(proj.join("codebook.json"), "{}").expect("write");
    let (code, err) = run(&["import", "big.qdpx", "proj", "--force"], w);
    assert_eq!(code, 1, "{err}");
    assert_eq!(names(&proj), ["a.txt", "codebook.json"], "{err}");
    assert_eq!(std::fs::read(proj.join("codebook.json")).expect("r"), b"{}");
    // A successful one moves every file in and leaves no staging folder.
    let sources = source(1, "a.txt", "P: baru", 7, "m");
    let small = qdpx(&[("project.qde", project_xml("", &sources).as_bytes())]);
    std::fs::write(w.join("small.qdpx"), small).expect("write");
    let (code, err) = run(&["import", "small.qdpx", "proj", "--force"], w);
    assert_eq!(code, 0, "{err}");
    let kept = names(&proj)
        .into_iter()
        .find(|n| n.starts_with("codebook.json.before-import-"))
        .expect("the old codebook is kept");
    assert_eq!(
        names(&proj),
        [
            "a-2.txt",
            "a-2.txt.ana.tandai.json",
            "a.txt",
            "codebook.json",
            kept.as_str(),
            "project.json",
            "tandai-refi.json"
        ],
        "{err}"
    );
}

#[test]
fn a_source_starting_with_feff_imports_with_the_character_kept() {
    let work = tempfile::tempdir().expect("tmp");
    let w = work.path();
    // As a character inside PlainTextContent, and as a second BOM in a source file.
    let sources = source(1, "a.txt", "\u{FEFF}P: satu\n\nI: dua", 8, "m")
        + r#"<TextSource guid="30000000-0000-4000-8000-000000000002" name="b.txt" plainTextPath="internal://b.txt"/>"#;
    let file = b"\xEF\xBB\xBF\xEF\xBB\xBFQ: tiga\n";
    let archive = qdpx(&[
        ("project.qde", project_xml("", &sources).as_bytes()),
        ("sources/b.txt", file),
    ]);
    std::fs::write(w.join("bom.qdpx"), archive).expect("write");
    let (code, err) = run(&["import", "bom.qdpx", "proj"], w);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 exact"), "{err}");
    let p = Project::open(&w.join("proj")).expect("opens");
    let text = |name: &str| {
        let doc = p.documents.iter().find(|d| d.name == name).expect(name);
        doc.content.as_ref().expect("readable").text.clone()
    };
    assert_eq!(text("a.txt"), "\u{FEFF}P: satu\n\nI: dua");
    assert_eq!(text("b.txt"), "\u{FEFF}Q: tiga\n");
    let sidecar = std::fs::read_to_string(w.join("proj/a.txt.ana.tandai.json")).expect("coded");
    assert!(sidecar.contains("\"paragraph\": 1"), "{sidecar}");
}

#[test]
fn an_imported_codebook_larger_than_tandai_reads_is_refused_before_writing() {
    let work = tempfile::tempdir().expect("tmp");
    let w = work.path();
    let description = "definisi ".repeat(2 * 1024 * 1024);
    let archive = qdpx(&[(
        "project.qde",
        project_xml(&description, &source(1, "a.txt", "P: satu", 7, "m")).as_bytes(),
    )]);
    assert!(archive.len() < 1024 * 1024);
    std::fs::write(w.join("cb.qdpx"), archive).expect("write");
    for args in [
        &["import", "cb.qdpx", "proj"][..],
        &["codebook", "import", "cb.qdpx", "."],
    ] {
        let (code, err) = run(args, w);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains("codebook.json would be"), "{args:?}: {err}");
        assert_eq!(names(w), ["cb.qdpx"], "{args:?}: nothing written");
    }
}

#[test]
fn staging_folders_of_a_killed_import_are_removed_by_the_next() {
    let work = tempfile::tempdir().expect("tmp");
    let w = work.path();
    // What an import killed part-way leaves (the pid above any live process), beside
    // a new folder and inside an existing one; a live process's is kept.
    let dead = 4_194_303;
    let mine = std::process::id();
    for stale in [
        format!(".proj.tandai-import-{dead}"),
        format!(".proj.tandai-import-{mine}"),
    ] {
        std::fs::create_dir(w.join(&stale)).expect("mkdir");
        std::fs::write(w.join(&stale).join("a.txt"), "P: setengah").expect("write");
    }
    let sources = source(1, "a.txt", "P: satu\n\nI: dua", 7, "");
    std::fs::write(
        w.join("ok.qdpx"),
        qdpx(&[("project.qde", project_xml("", &sources).as_bytes())]),
    )
    .expect("write");
    let (code, err) = run(&["import", "ok.qdpx", "proj"], w);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        names(w),
        [
            format!(".proj.tandai-import-{mine}"),
            "ok.qdpx".into(),
            "proj".into()
        ],
        "the dead import's folder is gone, a live one's kept"
    );
    std::fs::create_dir(w.join("proj").join(format!(".tandai-import-{dead}"))).expect("mkdir");
    let (code, err) = run(&["import", "ok.qdpx", "proj", "--force"], w);
    assert_eq!(code, 0, "{err}");
    assert!(
        !names(&w.join("proj"))
            .iter()
            .any(|n| n.contains("tandai-import")),
        "{:?}",
        names(&w.join("proj"))
    );
}

/// A case with thousands of values on thousands of sources, and thousands of
/// variables of one name: read in bounded time and memory, with what was left out
/// counted (a naive reading is quadratic in both).
#[test]
fn many_variables_and_case_values_are_bounded() {
    let guid = |kind: u32, n: u32| format!("{kind:08X}-0000-4000-8000-{n:012X}");
    let (n_sources, n_vars) = (2_000, 12_000);
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="t"><Variables>"#,
    );
    for v in 0..n_vars {
        xml.push_str(&format!(
            r#"<Variable guid="{}" name="x" typeOfVariable="Text"/>"#,
            guid(1, v)
        ));
    }
    xml.push_str(&format!(
        r#"</Variables><Cases><Case guid="{}">"#,
        guid(2, 0)
    ));
    for v in 0..n_sources {
        xml.push_str(&format!(
            r#"<VariableValue><VariableRef targetGUID="{}"/><TextValue>v</TextValue></VariableValue>"#,
            guid(1, v)
        ));
    }
    for s in 0..n_sources {
        xml.push_str(&format!(r#"<SourceRef targetGUID="{}"/>"#, guid(3, s)));
    }
    xml.push_str("</Case></Cases><Sources>");
    for s in 0..n_sources {
        xml.push_str(&format!(
            r#"<TextSource guid="{}" name="d{s}"><PlainTextContent>P: teks</PlainTextContent></TextSource>"#,
            guid(3, s)
        ));
    }
    xml.push_str("</Sources></Project>");
    let bytes = qdpx(&[("project.qde", xml.as_bytes())]);
    let p = tandai::core::exchange::refi::read_qdpx(&bytes, "many.qdpx").expect("reads");
    assert_eq!(p.attributes.len(), 10_000, "at most 10,000 variables");
    assert_eq!(p.attributes[1].name, "x (2)");
    assert_eq!(p.attributes[9_999].name, "x (10000)");
    let given: usize = p.documents.iter().map(|d| d.attributes.len()).sum();
    assert_eq!(given, 500_000, "at most 500,000 values given out");
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("12000 variables; only the first 10000")),
        "{:?}",
        p.warnings
    );
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("3500000 variable values for sources left out")),
        "{:?}",
        p.warnings
    );
}
