//! REFI-QDA project exchange (`.qdpx`): exports that validate against the official
//! Project.xsd (with `xmllint`, installed by .ci/run), byte-identical re-exports,
//! export-import round trips that keep every coder's codings and memos, imports of
//! the real files in tests/fixtures/refi (byte-for-byte copies of the team's
//! shared/interop/refi, see its README) with counts worked out from their XML,
//! code-point offsets with a byte-order mark, CRLF and characters outside the BMP in
//! both directions, and hostile archives.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use tandai::core::analysis::report;
use tandai::core::codebook::packs::PACKS;
use tandai::core::codebook::{Codebook, Lang};
use tandai::core::coding::sidecar::{Decisions, ParagraphDecision, sidecar_path};
use tandai::core::coding::store::{Perms, atomic_write};
use tandai::core::exchange::refi::{
    self, ImportedProject, Limits, RefiError, WriteOptions, read_qdpx, write_project,
};
use tandai::core::project::{Project, to_sidecar};
use zip::write::SimpleFileOptions;

/// Copies of `shared/interop/refi`, kept in the repository so that the tests run on
/// a fresh clone.
mod common;

use common::xml::FIXTURES;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).expect("reference file")
}

/// Validates a `project.qde` against the official schema with xmllint.
fn validate(xml: &[u8]) -> Result<(), String> {
    common::xml::validate(xml, "Project.xsd")
}

fn entries(qdpx: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(qdpx)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read");
            (entry.name().expect("name").into_owned(), data)
        })
        .collect()
}

fn qdpx(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files {
        zip.start_file(*name, SimpleFileOptions::default())
            .expect("start");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

/// A transcript with a byte-order mark, CRLF line ends, an emoji with a skin-tone
/// modifier, a family emoji joined with ZWJ and a mathematical letter (all outside
/// the BMP, some several code points).
const TRICKY: &[u8] = "\u{FEFF}P: Halo \u{1F600} apa kabar?\r\n\r\nI: Baik \u{1F44D}\u{1F3FD} terima kasih.\r\n\r\nP: \u{1D49C} huruf dan keluarga \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} di rumah.\r\n".as_bytes();

const PLAIN: &str = "Peneliti: Bagaimana awalnya?\n\nInforman: Kami kenal lewat aplikasi.\n\nInforman: Lalu sering bertemu di pasar.\n";

fn devito() -> Codebook {
    let pack = PACKS.iter().find(|p| p.name == "devito").expect("pack");
    Codebook::parse(pack.json.as_bytes(), "devito").expect("pack parses")
}

fn decide(codes: &[&str], memo: &str) -> ParagraphDecision {
    ParagraphDecision {
        codes: codes.iter().map(|c| (*c).to_owned()).collect(),
        memo: memo.to_owned(),
        ..ParagraphDecision::default()
    }
}

/// Writes one coder's decisions on a document of the project as its sidecar.
fn save(dir: &Path, doc: &str, coder: &str, decisions: &Decisions) {
    let project = Project::open(dir).expect("project");
    let d = project
        .documents
        .iter()
        .find(|d| d.name == doc)
        .expect("document");
    let content = d.content.as_ref().expect("readable");
    let file = to_sidecar(d, content, coder, decisions);
    atomic_write(
        &sidecar_path(&d.path, coder),
        &file.to_bytes(),
        Perms::Shared,
    )
    .expect("sidecar");
}

/// A project with two coders, codes on several paragraphs, paragraph and document
/// memos (one with a CR and markup characters), on a tricky and a plain transcript.
fn coded_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("tricky.txt"), TRICKY).expect("write");
    std::fs::write(dir.path().join("plain.md"), PLAIN).expect("write");
    std::fs::write(dir.path().join("codebook.json"), devito().to_json()).expect("write");
    let mut ana = Decisions {
        memo: "Catatan dokumen: <penting> & \"jelas\"".into(),
        ..Decisions::default()
    };
    ana.paragraphs.insert(
        0,
        decide(&["devito.contact"], "sapaan \u{1F600}\r\nbaris dua"),
    );
    ana.paragraphs
        .insert(2, decide(&["devito.intimacy", "devito.involvement"], ""));
    save(dir.path(), "tricky.txt", "ana", &ana);
    let mut budi = Decisions::default();
    budi.paragraphs.insert(1, decide(&["devito.contact"], ""));
    budi.paragraphs.insert(2, decide(&[], "hanya memo"));
    save(dir.path(), "tricky.txt", "budi_2", &budi);
    let mut plain = Decisions::default();
    plain
        .paragraphs
        .insert(1, decide(&["devito.involvement"], ""));
    save(dir.path(), "plain.md", "ana", &plain);
    dir
}

fn export(dir: &Path, coder: Option<&str>) -> refi::QdpxExport {
    let project = Project::open(dir).expect("project");
    let book = Codebook::load(&dir.join("codebook.json")).expect("codebook");
    let (coded, problems) = report::collect(&project, coder);
    assert!(problems.is_empty(), "{problems:?}");
    refi::export_qdpx(&project, &book, &coded, Lang::En).expect("export")
}

/// Every coder's decisions per document name, as the sidecars hold them.
fn decisions_of(dir: &Path) -> BTreeMap<(String, String), Decisions> {
    let project = Project::open(dir).expect("project");
    let (coded, problems) = report::collect(&project, None);
    assert!(problems.is_empty(), "{problems:?}");
    coded
        .into_iter()
        .map(|c| {
            let name = project.documents[c.document].name.clone();
            ((name, c.coder), c.decisions)
        })
        .collect()
}

fn import_into(bytes: &[u8], dir: &Path) -> ImportedProject {
    let imported = read_qdpx(bytes, "test.qdpx").unwrap_or_else(|e| panic!("{e}"));
    write_project(&imported, dir, &WriteOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    imported
}

/// `startPosition`/`endPosition` of every selection, in file order.
fn selections(xml: &str) -> Vec<(usize, usize)> {
    let attr = |tag: &str, name: &str| -> usize {
        let at = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        tag[at..at + tag[at..].find('"').expect("end")]
            .parse()
            .expect("number")
    };
    xml.split("<PlainTextSelection ")
        .skip(1)
        .map(|tag| (attr(tag, "startPosition"), attr(tag, "endPosition")))
        .collect()
}

#[test]
fn export_validates_against_project_xsd_and_is_byte_identical_twice() {
    let dir = coded_project();
    let first = export(dir.path(), None);
    let second = export(dir.path(), None);
    assert_eq!(first.bytes, second.bytes, "two exports are byte-identical");
    let files = entries(&first.bytes);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"project.qde"));
    assert_eq!(
        names.iter().filter(|n| n.starts_with("sources/")).count(),
        2
    );
    validate(&files["project.qde"]).unwrap_or_else(|e| panic!("{e}"));
    let s = first.stats;
    assert_eq!(
        (
            s.documents,
            s.users,
            s.codes,
            s.selections,
            s.codings,
            s.notes
        ),
        (2, 2, 7, 4, 5, 3)
    );
    let xml = String::from_utf8(files["project.qde"].clone()).expect("utf8");
    assert!(xml.contains("name=\"budi_2\""), "{xml}");
    assert!(xml.contains("&#13;"), "a CR in a memo survives XML parsing");
    assert!(xml.contains("&lt;penting&gt; &amp;"), "markup is escaped");
}

#[test]
fn export_of_one_coder_has_only_that_coder() {
    let dir = coded_project();
    let e = export(dir.path(), Some("budi_2"));
    let xml = String::from_utf8(entries(&e.bytes)["project.qde"].clone()).expect("utf8");
    validate(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (e.stats.users, e.stats.selections, e.stats.codings),
        (1, 2, 1)
    );
    assert!(!xml.contains("name=\"ana\""));
}

#[test]
fn exported_offsets_are_code_points_into_the_exported_text() {
    let dir = coded_project();
    let e = export(dir.path(), Some("budi_2"));
    let files = entries(&e.bytes);
    let xml = String::from_utf8(files["project.qde"].clone()).expect("utf8");
    let text_entry = files
        .iter()
        .find(|(n, d)| n.starts_with("sources/") && d.starts_with(b"P: Halo"))
        .map(|(_, d)| String::from_utf8(d.clone()).expect("utf8"))
        .expect("the tricky text, without its byte-order mark");
    assert!(
        text_entry.contains("\r\n\r\n"),
        "line ends kept as in the file"
    );
    let chars: Vec<char> = text_entry.chars().collect();
    let quoted: Vec<String> = selections(&xml)
        .into_iter()
        .map(|(s, e)| chars[s..e].iter().collect())
        .collect();
    assert_eq!(
        quoted,
        [
            "I: Baik \u{1F44D}\u{1F3FD} terima kasih.",
            "P: \u{1D49C} huruf dan keluarga \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} di rumah."
        ]
    );
}

#[test]
fn export_then_import_gives_the_same_codings_and_memos_per_coder() {
    let dir = coded_project();
    let e = export(dir.path(), None);
    let target = tempfile::tempdir().expect("tmp");
    let into = target.path().join("back");
    let imported = import_into(&e.bytes, &into);
    let s = imported.stats;
    assert_eq!((s.exact, s.partial, s.unmapped), (4, 0, 0));
    assert_eq!((s.documents, s.coders, s.codes), (2, 2, 7));
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let coders: Vec<(&str, &str)> = imported
        .coders
        .iter()
        .map(|c| (c.user.as_str(), c.coder.as_str()))
        .collect();
    assert_eq!(coders, [("ana", "ana"), ("budi_2", "budi_2")]);
    let original = decisions_of(dir.path());
    assert_eq!(
        original.len(),
        3,
        "ana and budi_2 on tricky.txt, ana on plain.md"
    );
    assert_eq!(decisions_of(&into), original);
    let book = Codebook::load(&into.join("codebook.json")).expect("codebook");
    let ids = |b: &Codebook| b.codes.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&book), ids(&devito()));
    let text = std::fs::read(into.join("tricky.txt")).expect("document");
    assert_eq!(text, &TRICKY[3..], "same text, UTF-8 without the BOM");
    assert_eq!(
        std::fs::read_to_string(into.join("plain.md")).expect("md"),
        PLAIN
    );
    let again = tempfile::tempdir().expect("tmp");
    let second = export(&into, None);
    let third = import_into(&second.bytes, &again.path().join("x"));
    assert_eq!(
        third.stats, imported.stats,
        "a second round changes nothing"
    );
}

#[test]
fn selections_with_bom_crlf_and_astral_characters_map_to_paragraphs() {
    let text = std::str::from_utf8(&TRICKY[3..]).expect("utf8");
    let at = |needle: &str| text[..text.find(needle).expect("in text")].chars().count();
    let len = |s: &str| s.chars().count();
    let second = "I: Baik \u{1F44D}\u{1F3FD} terima kasih.";
    let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
    let exact = (at(second), at(second) + len(second) + 2); // with its CRLF
    let partial = (at(family), at(family) + len(family));
    let total = len(text);
    let sel = |guid: &str, (s, e): (usize, usize), code: &str, note: &str| {
        let (before, after) = if note.starts_with("<Description>") {
            (note, "")
        } else {
            ("", note)
        };
        format!(
            r#"<PlainTextSelection guid="{guid}" startPosition="{s}" endPosition="{e}" creatingUser="00000000-0000-4000-8000-00000000000a">{before}<Coding guid="{guid}"><CodeRef targetGUID="{code}"/></Coding>{after}</PlainTextSelection>"#
        )
    };
    let c1 = "10000000-0000-4000-8000-000000000001";
    let c2 = "{10000000-0000-4000-8000-000000000002}";
    let note_ref = r#"<NoteRef targetGUID="30000000-0000-4000-8000-000000000001"/>"#;
    let sources = format!(
        r#"<TextSource guid="20000000-0000-4000-8000-000000000001" name="Wawancara &#x1F600; 1.docx" plainTextPath="internal://20000000-0000-4000-8000-000000000001.txt">{}{}{}{}</TextSource>"#,
        sel("40000000-0000-4000-8000-000000000001", exact, c1, note_ref),
        sel(
            "40000000-0000-4000-8000-000000000002",
            partial,
            c2,
            "<Description>keluarga inti</Description>"
        ),
        sel(
            "40000000-0000-4000-8000-000000000004",
            (0, at(second) + len(second)),
            c2,
            ""
        ),
        sel(
            "40000000-0000-4000-8000-000000000003",
            (total - 2, total + 5),
            c1,
            ""
        ),
    );
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="bom" origin="synthetic">
  <Users><User guid="00000000-0000-4000-8000-00000000000A" name="Rina Wati"/></Users>
  <CodeBook><Codes>
    <Code guid="10000000-0000-4000-8000-000000000001" name="Percaya" isCodable="true"/>
    <Code guid="10000000-0000-4000-8000-000000000002" name="Keluarga" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>{sources}</Sources>
  <Notes><Note guid="30000000-0000-4000-8000-000000000001" creatingUser="00000000-0000-4000-8000-00000000000a"><PlainTextContent>jawaban singkat &#x1F44D;</PlainTextContent></Note></Notes>
</Project>
"#
    );
    validate(xml.as_bytes()).unwrap_or_else(|e| panic!("the fixture itself: {e}"));
    let bytes = qdpx(&[
        ("project.qde", xml.as_bytes()),
        ("Sources/20000000-0000-4000-8000-000000000001.txt", TRICKY),
    ]);
    let dir = tempfile::tempdir().expect("tmp");
    let imported = import_into(&bytes, dir.path());
    let s = imported.stats;
    assert_eq!((s.exact, s.partial, s.unmapped), (2, 1, 1));
    assert!(
        imported.unmapped[0].contains("past the end of the text"),
        "{:?}",
        imported.unmapped
    );
    let name = "Wawancara \u{1F600} 1.txt";
    assert_eq!(
        std::fs::read(dir.path().join(name)).expect("written"),
        &TRICKY[3..]
    );
    let got = decisions_of(dir.path());
    let d = &got[&(name.to_owned(), "rina-wati".to_owned())];
    assert_eq!(d.paragraphs.len(), 3, "{d:?}");
    assert_eq!(d.paragraphs[&0], decide(&["keluarga"], ""));
    assert_eq!(
        d.paragraphs[&1],
        decide(&["keluarga", "percaya"], "jawaban singkat \u{1F44D}")
    );
    assert_eq!(d.paragraphs[&2], decide(&["keluarga"], "keluarga inti"));
    let project = Project::open(dir.path()).expect("project");
    let content = project.documents[0].content.as_ref().expect("text");
    assert_eq!(content.paragraphs[1].chars(), exact.0..exact.1 - 2);
}

#[test]
fn reference_files_import_with_the_counts_in_their_xml() {
    // (file, documents, skipped sources, coders, exact, partial, unmapped, non-text
    // selections, codings, paragraph codings, codes). Worked out from the XML:
    // - ATLAS.ti blank: 2 users, nothing else.
    // - ATLAS.ti target: 2 users, 3 codes (a parent with 2 children), no sources.
    // - NVivo: 2 TextSources whose .txt is one "\n" (so no paragraphs), 2 users,
    //   262 codes, no selections.
    // - qc: 2 TextSources (plainTextPath without internal://), 1 user, 158
    //   selections, each one line of a blank-line separated block, so none covers a
    //   whole paragraph; their 205 codings land on 200 distinct (paragraph, code)
    //   pairs (checked with an independent script over the XML and the text).
    // - Annex A.2: 6 TextSources whose texts are not in the archive (6 selections,
    //   7 codings), 9 selections on picture/PDF/video sources, 3 users, 14 codes.
    let expected = [
        (
            "atlasti23_blank-atlas-project.qdpx",
            0,
            0,
            2,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
        ),
        (
            "atlasti23_target-atlas-project.qdpx",
            0,
            0,
            2,
            0,
            0,
            0,
            0,
            0,
            0,
            3,
        ),
        (
            "nvivo15mac_nvivo_project.qdpx",
            2,
            0,
            2,
            0,
            0,
            0,
            0,
            0,
            0,
            262,
        ),
        (
            "qc132_demo_nonconformant.qdpx",
            2,
            0,
            1,
            0,
            158,
            0,
            0,
            205,
            200,
            262,
        ),
        (
            "spec-annexA2_TestProject.qdpx",
            0,
            6,
            3,
            0,
            0,
            6,
            9,
            7,
            0,
            14,
        ),
    ];
    for (file, docs, skipped, coders, exact, partial, unmapped, non_text, codings, pc, codes) in
        expected
    {
        let p = read_qdpx(&fixture(file), file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let s = p.stats;
        assert_eq!(
            (
                s.documents,
                s.sources_skipped,
                s.coders,
                s.exact,
                s.partial,
                s.unmapped,
                s.non_text,
                s.codings,
                s.paragraph_codings,
                s.codes
            ),
            (
                docs, skipped, coders, exact, partial, unmapped, non_text, codings, pc, codes
            ),
            "{file}"
        );
    }
}

#[test]
fn reference_users_become_valid_coders() {
    let coders = |file: &str| -> Vec<(String, String)> {
        read_qdpx(&fixture(file), file)
            .expect("reads")
            .coders
            .into_iter()
            .map(|c| (c.user, c.coder))
            .collect()
    };
    let pair = |u: &str, c: &str| (u.to_owned(), c.to_owned());
    assert_eq!(
        coders("spec-annexA2_TestProject.qdpx"),
        [
            pair("ATLAS.ti", "atlas-ti"),
            pair("Friedrich Markgraf", "friedrich-markgraf"),
            pair("Sebastian Petrausch", "sebastian-petrausch"),
        ]
    );
    assert_eq!(
        coders("nvivo15mac_nvivo_project.qdpx"),
        [pair("chrisp", "chrisp"), pair("cp", "cp")]
    );
}

#[test]
fn qc_import_writes_a_project_tandai_opens_with_the_codings() {
    let file = "qc132_demo_nonconformant.qdpx";
    let dir = tempfile::tempdir().expect("tmp");
    let imported = import_into(&fixture(file), dir.path());
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("lacks internal://")),
        "{:?}",
        imported.warnings
    );
    let project = Project::open(dir.path()).expect("opens");
    let names: Vec<&str> = project.documents.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["admin-1.txt", "board_2017.txt"]);
    let got = decisions_of(dir.path());
    assert_eq!(got.len(), 1, "one sidecar: cp on board_2017.txt");
    let d = &got[&("board_2017.txt".to_owned(), "cp".to_owned())];
    let codings: usize = d.paragraphs.values().map(|p| p.codes.len()).sum();
    assert_eq!(codings, 200);
    // Selection "line:6" (320-400) is a line inside the second paragraph.
    let board = &project.documents[1];
    let content = board.content.as_ref().expect("text");
    let p = &content.paragraphs[1];
    assert!(p.chars().start <= 320 && 400 <= p.chars().end + 1, "{p:?}");
    assert!(d.paragraphs.contains_key(&1));
    assert!(
        std::fs::read(board.path.clone())
            .expect("bytes")
            .starts_with(b"Speaker 1:"),
        "the text is written as it was"
    );
}

#[test]
fn annex_skipped_sources_say_why() {
    let file = "spec-annexA2_TestProject.qdpx";
    let p = read_qdpx(&fixture(file), file).expect("reads");
    assert!(
        p.skipped
            .iter()
            .all(|s| s.contains("is missing from the archive")),
        "{:?}",
        p.skipped
    );
    assert!(p.skipped[0].starts_with("1960s Coca Cola commercial - Audio.docx: sources/"));
    assert_eq!(
        (p.not_taken.media_sources, p.not_taken.media_selections),
        (6, 9)
    );
}

fn minimal_project(source: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t">
<CodeBook><Codes><Code guid="10000000-0000-4000-8000-000000000001" name="A" isCodable="true"/></Codes></CodeBook>
<Sources>{source}</Sources></Project>"#
    )
}

const SEL: &str = r#"<PlainTextSelection guid="40000000-0000-4000-8000-000000000001" startPosition="0" endPosition="4"><Coding guid="50000000-0000-4000-8000-000000000001"><CodeRef targetGUID="10000000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>"#;

#[test]
fn zip_slip_names_are_never_paths() {
    let source = format!(
        r#"<TextSource guid="20000000-0000-4000-8000-000000000001" name="../../evil" plainTextPath="internal://../evil.txt">{SEL}</TextSource><TextSource guid="20000000-0000-4000-8000-000000000002" name="/etc/passwd" plainTextPath="internal://ok.txt">{SEL}</TextSource>"#
    );
    let xml = minimal_project(&source);
    let bytes = qdpx(&[
        ("project.qde", xml.as_bytes()),
        ("sources/../evil.txt", b"evil\n"),
        ("../evil.txt", b"evil\n"),
        ("sources/ok.txt", b"good text\n"),
    ]);
    let root = tempfile::tempdir().expect("tmp");
    let dir = root.path().join("project");
    let p = import_into(&bytes, &dir);
    assert_eq!(p.stats.documents, 1);
    assert!(
        p.skipped[0].contains("not a plain file name"),
        "{:?}",
        p.skipped
    );
    assert_eq!(
        (p.stats.exact, p.stats.partial, p.stats.unmapped),
        (0, 1, 1),
        "the refused source's selection is unmapped"
    );
    let top: Vec<PathBuf> = std::fs::read_dir(root.path())
        .expect("list")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(
        top,
        std::slice::from_ref(&dir),
        "nothing written beside the project"
    );
    let mut inside: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    inside.sort();
    assert_eq!(
        inside,
        [
            "codebook.json",
            "etc_passwd.txt",
            "etc_passwd.txt.imported.tandai.json",
            "project.json",
            "tandai-refi.json"
        ]
    );
}

#[test]
fn a_dtd_is_refused_with_its_position() {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Project [<!ENTITY a \"aaaa\">]>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"t\"/>";
    let bytes = qdpx(&[("project.qde", xml.as_bytes())]);
    match read_qdpx(&bytes, "dtd.qdpx") {
        Err(e @ RefiError::Doctype { line: 2, .. }) => {
            assert!(
                e.to_string().starts_with("dtd.qdpx (project.qde): line 2"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn broken_archives_and_xml_are_clear_errors() {
    let err = |bytes: &[u8]| read_qdpx(bytes, "bad.qdpx").expect_err("fails").to_string();
    assert!(err(b"<Project/>").contains("not a zip archive"));
    let good = qdpx(&[("project.qde", minimal_project("").as_bytes())]);
    assert!(err(&good[..good.len() / 2]).starts_with("bad.qdpx:"));
    assert!(err(&qdpx(&[("other.xml", b"<x/>")])).contains("no project.qde"));
    let broken = qdpx(&[(
        "project.qde",
        b"<Project name=\"t\">\n<Sources>\n</Project>",
    )]);
    let message = err(&broken);
    assert!(message.contains("line 3"), "{message}");
    let codebook = qdpx(&[("project.qde", b"<CodeBook/>")]);
    assert!(err(&codebook).contains("expected <Project>"));
}

#[test]
fn missing_docx_only_outside_and_past_the_end_are_counted_not_fatal() {
    let past = r#"<PlainTextSelection guid="40000000-0000-4000-8000-000000000002" startPosition="3" endPosition="999"/>"#;
    let garbage = r#"<PlainTextSelection guid="40000000-0000-4000-8000-000000000003" startPosition="-1" endPosition="2"/>"#;
    let source = format!(
        r#"<TextSource guid="20000000-0000-4000-8000-000000000001" name="missing" plainTextPath="internal://gone.txt">{SEL}</TextSource>
<TextSource guid="20000000-0000-4000-8000-000000000002" name="rich" richTextPath="internal://r.docx"/>
<TextSource guid="20000000-0000-4000-8000-000000000003" name="away" plainTextPath="relative:///a.txt"/>
<TextSource guid="20000000-0000-4000-8000-000000000004" name="inline"><PlainTextContent>Satu dua.

Tiga.</PlainTextContent>{SEL}{past}{garbage}</TextSource>
<TextSource guid="20000000-0000-4000-8000-000000000005" name="latin1" plainTextPath="internal://l.txt"/>"#
    );
    let xml = minimal_project(&source);
    validate(xml.as_bytes()).unwrap_or_else(|e| panic!("the fixture itself: {e}"));
    let bytes = qdpx(&[
        ("project.qde", xml.as_bytes()),
        ("sources/l.txt", b"caf\xe9"),
    ]);
    let p = read_qdpx(&bytes, "t.qdpx").expect("reads");
    assert_eq!(p.stats.documents, 1, "only the inline text");
    let reasons = p.skipped.join("\n");
    for reason in [
        "missing: sources/gone.txt is missing from the archive",
        "rich: sources/r.docx is missing from the archive",
        "away: its text is outside the archive (relative:// path",
        "latin1: sources/l.txt: not valid UTF-8",
    ] {
        assert!(reasons.contains(reason), "{reason}\n{reasons}");
    }
    assert_eq!(
        (p.stats.exact, p.stats.partial, p.stats.unmapped),
        (0, 1, 3)
    );
    let unmapped = p.unmapped.join("\n");
    assert!(unmapped.contains("past the end"), "{unmapped}");
    assert!(
        unmapped.contains("not a non-negative whole number"),
        "{unmapped}"
    );
}

#[test]
fn a_source_over_the_unpacked_limit_is_skipped() {
    let big = "kata ".repeat(10_000);
    let source = r#"<TextSource guid="20000000-0000-4000-8000-000000000001" name="big" plainTextPath="internal://big.txt"/>"#;
    let xml = minimal_project(source);
    let bytes = qdpx(&[
        ("project.qde", xml.as_bytes()),
        ("sources/big.txt", big.as_bytes()),
    ]);
    let limits = Limits {
        max_unpacked: 20_000,
        ..Limits::DEFAULT
    };
    let p = refi::read_qdpx_with(&bytes, "big.qdpx", &limits).expect("reads");
    assert_eq!(p.stats.documents, 0);
    assert!(
        p.skipped[0].contains("over the 20000-byte limit"),
        "{:?}",
        p.skipped
    );
}

#[test]
fn a_folder_with_files_is_refused_and_force_overwrites_nothing() {
    let source = r#"<TextSource guid="20000000-0000-4000-8000-000000000001" name="a.txt"><PlainTextContent>Baru.</PlainTextContent></TextSource>"#;
    let bytes = qdpx(&[("project.qde", minimal_project(source).as_bytes())]);
    let imported = read_qdpx(&bytes, "t.qdpx").expect("reads");
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("a.txt"), "Lama.").expect("write");
    std::fs::write(dir.path().join("codebook.json"), "{}").expect("write");
    let refused = write_project(&imported, dir.path(), &WriteOptions::default())
        .expect_err("not empty")
        .to_string();
    assert!(refused.contains("is not empty"), "{refused}");
    assert!(refused.contains("--force"), "{refused}");
    let options = WriteOptions {
        force: true,
        stamp: "T".into(),
    };
    let written = write_project(&imported, dir.path(), &options).expect("forced");
    let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).expect("read");
    assert_eq!(read("a.txt"), "Lama.");
    assert_eq!(read("a-2.txt"), "Baru.");
    assert_eq!(read("codebook.json.before-import-T"), "{}");
    assert!(read("codebook.json").contains("\"a\""));
    assert_eq!(written.documents[0].1, dir.path().join("a-2.txt"));
}

fn run(args: &[&str], cwd: &Path) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tandai"))
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn cli_import_reports_counts_and_export_writes_a_file() {
    let work = tempfile::tempdir().expect("tmp");
    let qc = Path::new(FIXTURES).join("qc132_demo_nonconformant.qdpx");
    let (code, _, err) = run(&["import", qc.to_str().expect("utf8")], work.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("selections: 0 exact, 158 partial (coded as whole paragraphs), 0 unmapped"),
        "{err}"
    );
    assert!(err.contains("user \"cp\" -> coder cp"), "{err}");
    let dir = work.path().join("qc132_demo_nonconformant");
    assert!(dir.join("board_2017.txt.cp.tandai.json").is_file());
    let (code, _, err) = run(&["import", qc.to_str().expect("utf8")], work.path());
    assert_eq!(code, 1, "a second import into the same folder is refused");
    assert!(err.contains("is not empty"), "{err}");
    let (code, _, err) = run(
        &[
            "export",
            "qc132_demo_nonconformant",
            "--format",
            "qdpx",
            "-o",
            "out.qdpx",
        ],
        work.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 coders"), "{err}");
    let bytes = std::fs::read(work.path().join("out.qdpx")).expect("written");
    validate(&entries(&bytes)["project.qde"]).unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout, _) = run(
        &["export", "qc132_demo_nonconformant", "--format", "qdpx"],
        work.path(),
    );
    assert_eq!(code, 0);
    assert_eq!(stdout, bytes, "to a pipe, the same bytes");
    let blank = Path::new(FIXTURES).join("atlasti23_blank-atlas-project.qdpx");
    let (code, _, err) = run(&["import", blank.to_str().expect("utf8")], work.path());
    assert_eq!(code, 1);
    assert!(err.contains("nothing to import"), "{err}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A project with one source text and selections at the given offsets.
    fn project_with(text: &[u8], selections: &[(usize, usize)]) -> Vec<u8> {
        let sels: String = selections
            .iter()
            .enumerate()
            .map(|(i, (s, e))| {
                format!(
                    r#"<PlainTextSelection guid="40000000-0000-4000-8000-{i:012}" startPosition="{s}" endPosition="{e}"><Coding guid="50000000-0000-4000-8000-{i:012}"><CodeRef targetGUID="10000000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>"#
                )
            })
            .collect();
        let source = format!(
            r#"<TextSource guid="20000000-0000-4000-8000-000000000001" name="t" plainTextPath="internal://t.txt">{sels}</TextSource>"#
        );
        qdpx(&[
            ("project.qde", minimal_project(&source).as_bytes()),
            ("sources/t.txt", text),
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// Whatever the offsets, every selection is counted once as exact, partial or
        /// unmapped, and nothing panics.
        #[test]
        fn every_selection_is_counted_once(
            bom in any::<bool>(),
            text in "[ab é😀\u{1F3FD}\r\n]{0,40}",
            selections in prop::collection::vec((0usize..50, 0usize..50), 0..8),
        ) {
            let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
            bytes.extend_from_slice(text.as_bytes());
            let p = read_qdpx(&project_with(&bytes, &selections), "p.qdpx")
                .expect("reads");
            let s = p.stats;
            prop_assert_eq!(s.exact + s.partial + s.unmapped, selections.len());
            prop_assert_eq!(s.documents, 1);
        }

        /// A selection of exactly a paragraph's offsets (as tandai exports it) is exact
        /// and codes that paragraph, with any BOM, CRLF and astral characters.
        #[test]
        fn paragraph_offsets_map_back_exactly(
            bom in any::<bool>(),
            paragraphs in prop::collection::vec("[ab é😀\u{1F3FD}]{0,6}[ab😀]", 1..5),
            crlf in any::<bool>(),
            pick in any::<prop::sample::Index>(),
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let text = paragraphs.join(&format!("{end}{end}"));
            let segmented = tandai::core::documents::segment::segment(&text);
            let i = pick.index(segmented.len());
            let range = segmented[i].chars();
            let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
            bytes.extend_from_slice(text.as_bytes());
            let p = read_qdpx(&project_with(&bytes, &[(range.start, range.end)]), "p.qdpx")
                .expect("reads");
            prop_assert_eq!(p.stats.exact, 1);
            let decisions = &p.documents[0].decisions["imported"];
            let coded: Vec<usize> = decisions.paragraphs.keys().copied().collect();
            prop_assert_eq!(coded, vec![i]);
        }
    }
}
