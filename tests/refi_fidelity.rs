//! REFI-QDA without silent losses (issue 10 items 11-14): what another program gave
//! comes back to it. Code, source, user, variable and case GUIDs survive an import
//! and the next export; RGB colours stay exactly as written; code memos, the project
//! name, description and notes find a home; variables and cases become attributes
//! and go out again typed, valid against Project.xsd (xmllint); the import names
//! every kind of element it leaves; selection names reveal files that count offsets
//! in UTF-16 units or bytes.

mod common;

use common::tmux::BIN;
use common::xml::FIXTURES;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use tandai::core::analysis::report;
use tandai::core::codebook::{Codebook, nearest_ansi};
use tandai::core::exchange::refi::{AttrType, KeptIds, QdpxOptions, export_qdpx_with, read_qdpx};
use tandai::core::project::Project;
use zip::write::SimpleFileOptions;

const CODE_TRUST: &str = "85D17F60-7BB0-481E-B742-B4861DD669DF";
const CODE_PRICE: &str = "{0f8a1907-7e42-4739-8610-a676b4d1b69f}";
const USER: &str = "AD68FBE7-E1EE-4A82-A279-23CC698C89EB";
const SOURCE_A: &str = "69A4332D-5B31-4915-B520-5275CFC21B40";
const SOURCE_B: &str = "57C6099B-934F-4C86-90F2-CC6C2F2A3CC3";
const VAR_ROLE: &str = "11111111-2222-4333-8444-555555555555";
const VAR_AGE: &str = "21111111-2222-4333-8444-555555555555";
const CASE_A: &str = "31111111-2222-4333-8444-555555555555";

const TEXT_A: &str = "Pewawancara: Sejak kapan Ibu berjualan di pasar?\n\nIbu Rina: Sejak tahun sembilan puluhan, saya percaya pada pelanggan lama.\n\nIbu Rina: Harga ikan naik terus, itu yang berat.\n";
const TEXT_B: &str = "Pak Yos: Saya jarang ke pasar besar.\n";

/// A project as another program (ATLAS.ti-like) writes one: GUIDs upper case and
/// braced, RGB colours, a code memo, project description and notes, variables, a
/// case with a code reference, a source's own variable value, sets, a link, a graph,
/// a whole-source coding and a picture with a selection.
fn foreign_project() -> Vec<u8> {
    let start =
        TEXT_A.chars().count() - TEXT_A.split("\n\n").last().map_or(0, |p| p.chars().count());
    let end = TEXT_A.trim_end().chars().count();
    let xml = format!(
        r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Studi Pasar Kupang" origin="OtherQDA 9" creatingUserGUID="{USER}">
  <Users><User guid="{USER}" name="Friedrich Markgraf"/></Users>
  <CodeBook><Codes>
    <Code guid="{CODE_TRUST}" name="Kepercayaan" isCodable="true" color="#8B4513">
      <Description>Trust in long-standing customers.</Description>
      <NoteRef targetGUID="E0000000-0000-4000-8000-000000000003"/>
    </Code>
    <Code guid="{CODE_PRICE}" name="Harga" isCodable="true" color="#f00082"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{VAR_ROLE}" name="peran" typeOfVariable="Text"/>
    <Variable guid="{VAR_AGE}" name="umur" typeOfVariable="Integer"/>
  </Variables>
  <Cases>
    <Case guid="{CASE_A}" name="Informan A">
      <CodeRef targetGUID="{CODE_TRUST}"/>
      <VariableValue><VariableRef targetGUID="{VAR_ROLE}"/><TextValue>pedagang ikan</TextValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{VAR_AGE}"/><IntegerValue>47</IntegerValue></VariableValue>
      <SourceRef targetGUID="{SOURCE_A}"/>
    </Case>
    <Case guid="41111111-2222-4333-8444-555555555555" name="Tanpa sumber">
      <VariableValue><VariableRef targetGUID="{VAR_ROLE}"/><TextValue>?</TextValue></VariableValue>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{SOURCE_A}" name="Ibu Rina.docx" plainTextPath="internal://a.txt">
      <PlainTextSelection guid="B0000000-0000-4000-8000-000000000001" name="Harga ikan naik terus, itu yang berat." startPosition="{start}" endPosition="{end}" creatingUser="{USER}">
        <Coding guid="C0000000-0000-4000-8000-000000000001" creatingUser="{USER}"><CodeRef targetGUID="{CODE_PRICE}"/></Coding>
      </PlainTextSelection>
      <Coding guid="C0000000-0000-4000-8000-000000000002"><CodeRef targetGUID="{CODE_TRUST}"/></Coding>
    </TextSource>
    <TextSource guid="{SOURCE_B}" name="Pak Yos" plainTextPath="internal://b.txt">
      <VariableValue><VariableRef targetGUID="{VAR_ROLE}"/><TextValue>nelayan</TextValue></VariableValue>
    </TextSource>
    <PictureSource guid="D0000000-0000-4000-8000-000000000001" name="pasar.jpg" path="internal://p.jpg">
      <PictureSelection guid="D0000000-0000-4000-8000-000000000002" firstX="1" firstY="1" secondX="5" secondY="5"/>
    </PictureSource>
  </Sources>
  <Notes>
    <Note guid="E0000000-0000-4000-8000-000000000001" name="Rencana penelitian"><PlainTextContent>Tiga bulan di Pasar Oeba.</PlainTextContent></Note>
    <Note guid="E0000000-0000-4000-8000-000000000002" name="Catatan lepas"><PlainTextContent>Ide: bandingkan dengan Pasar Kasih.</PlainTextContent></Note>
    <Note guid="E0000000-0000-4000-8000-000000000003" name="Memo kode"><PlainTextContent>Kode ini muncul setelah wawancara ketiga.</PlainTextContent></Note>
  </Notes>
  <Links><Link guid="F0000000-0000-4000-8000-000000000001" originGUID="{CODE_TRUST}" targetGUID="{CODE_PRICE}"/></Links>
  <Sets>
    <Set guid="F0000000-0000-4000-8000-000000000002" name="Pedagang"><MemberSource targetGUID="{SOURCE_A}"/></Set>
    <Set guid="F0000000-0000-4000-8000-000000000003" name="Emosi"/>
  </Sets>
  <Graphs><Graph guid="F0000000-0000-4000-8000-000000000004" name="Jaringan"/></Graphs>
  <Description>Studi tentang pedagang ikan di Kupang.</Description>
  <NoteRef targetGUID="E0000000-0000-4000-8000-000000000001"/>
</Project>
"##
    );
    zip_of(&[
        ("project.qde", xml.as_bytes()),
        ("sources/a.txt", TEXT_A.as_bytes()),
        ("sources/b.txt", TEXT_B.as_bytes()),
    ])
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in files {
        zip.start_file(*name, SimpleFileOptions::default())
            .expect("start");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

fn project_qde(qdpx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(qdpx)).expect("zip");
    let mut entry = zip.by_name("project.qde").expect("project.qde");
    let mut xml = String::new();
    entry.read_to_string(&mut xml).expect("utf-8");
    xml
}

fn run(args: &[&str], cwd: &Path) -> (i32, String) {
    let out = Command::new(BIN)
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

/// Imports the foreign project with the command line into `<tmp>/p`.
fn imported() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("other.qdpx"), foreign_project()).expect("write");
    let (code, err) = run(&["import", "other.qdpx", "p"], tmp.path());
    assert_eq!(code, 0, "{err}");
    let dir = tmp.path().join("p");
    (tmp, dir, err)
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("read")).expect("json")
}

#[test]
fn what_another_program_gave_is_kept_in_the_project() {
    let (_tmp, dir, err) = imported();
    let book = json(&dir.join("codebook.json"));
    let trust = &book["codes"][0];
    assert_eq!(trust["guid"], CODE_TRUST);
    assert_eq!(trust["color"], "#8B4513", "the colour exactly as given");
    assert_eq!(trust["memo"], "Kode ini muncul setelah wawancara ketiga.");
    assert_eq!(book["codes"][1]["guid"], CODE_PRICE, "braces and case kept");
    assert_eq!(book["codes"][1]["color"], "#f00082");
    let loaded = Codebook::load(&dir.join("codebook.json")).expect("loads");
    assert_eq!(
        loaded.codes[0].color,
        Some(nearest_ansi([0x8B, 0x45, 0x13])),
        "the terminal shows the nearest of its colours"
    );
    let project = json(&dir.join("project.json"));
    assert_eq!(project["title"], "Studi Pasar Kupang");
    let memo = project["memo"].as_str().expect("memo");
    assert!(
        memo.starts_with(
            "Studi tentang pedagang ikan di Kupang.\n\nRencana penelitian\nTiga bulan"
        ),
        "{memo}"
    );
    assert!(
        memo.contains("Catatan lepas\nIde: bandingkan"),
        "free notes too: {memo}"
    );
    assert!(
        !memo.contains("wawancara ketiga"),
        "the code's note is the code's"
    );
    assert_eq!(
        project["attributes"],
        serde_json::json!([
            {"name": "peran", "type": "text"},
            {"name": "umur", "type": "number"},
            {"name": "case", "type": "text"}
        ]),
        "the variables' types are kept"
    );
    assert_eq!(
        project["documents"]["Ibu Rina.txt"],
        serde_json::json!({"peran": "pedagang ikan", "umur": 47, "case": "Informan A"})
    );
    assert_eq!(
        project["documents"]["Pak Yos.txt"],
        serde_json::json!({"peran": "nelayan"})
    );
    let (ids, warnings) = KeptIds::parse(
        &std::fs::read(dir.join("tandai-refi.json")).expect("r"),
        "ids",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(ids.sources["Ibu Rina.txt"], SOURCE_A);
    assert_eq!(ids.sources["Pak Yos.txt"], SOURCE_B);
    assert_eq!(ids.users["friedrich-markgraf"], USER);
    assert_eq!(ids.variables["umur"], VAR_AGE);
    assert_eq!(ids.cases["Ibu Rina.txt"], CASE_A);
    assert!(err.contains("title \"Studi Pasar Kupang\""), "{err}");
    assert!(err.contains("1 code memos"), "{err}");
}

#[test]
fn a_re_export_reuses_the_guids_colours_memos_and_title() {
    let (tmp, _dir, _) = imported();
    let (code, err) = run(
        &["export", "p", "--format", "qdpx", "-o", "back.qdpx"],
        tmp.path(),
    );
    assert_eq!(code, 0, "{err}");
    let xml = project_qde(&std::fs::read(tmp.path().join("back.qdpx")).expect("read"));
    common::xml::validate(xml.as_bytes(), "Project.xsd").expect("valid against Project.xsd");
    for (what, needle) in [
        ("title", "name=\"Studi Pasar Kupang\"".to_owned()),
        ("code GUID", format!("<Code guid=\"{CODE_TRUST}\"")),
        ("braced code GUID", format!("<Code guid=\"{CODE_PRICE}\"")),
        (
            "coding's code",
            format!("<CodeRef targetGUID=\"{CODE_PRICE}\"/>"),
        ),
        (
            "user",
            format!("<User guid=\"{USER}\" name=\"friedrich-markgraf\"/>"),
        ),
        (
            "source",
            format!("<TextSource guid=\"{SOURCE_A}\" name=\"Ibu Rina.txt\""),
        ),
        ("other source", format!("<TextSource guid=\"{SOURCE_B}\"")),
        (
            "variable",
            format!("<Variable guid=\"{VAR_AGE}\" name=\"umur\""),
        ),
        (
            "case",
            format!("<Case guid=\"{CASE_A}\" name=\"Ibu Rina.txt\">"),
        ),
        ("colour", "color=\"#8B4513\"".to_owned()),
        ("lower-case colour", "color=\"#f00082\"".to_owned()),
        (
            "project memo",
            "<Description>Studi tentang pedagang ikan di Kupang.".to_owned(),
        ),
        (
            "code memo",
            "Kode ini muncul setelah wawancara ketiga.</PlainTextContent>".to_owned(),
        ),
    ] {
        assert!(xml.contains(&needle), "{what}: {needle} not in\n{xml}");
    }
    assert!(
        xml.contains("<TextValue>pedagang ikan</TextValue>")
            && xml.contains("<IntegerValue>47</IntegerValue>")
            && xml.contains("typeOfVariable=\"Integer\""),
        "a number attribute goes back out as a number: {xml}"
    );
    // The code memo's note is referred to from its code.
    let trust = &xml[xml
        .find(&format!("<Code guid=\"{CODE_TRUST}\""))
        .expect("code")..];
    assert!(
        trust[..trust.find("</Code>").expect("end")].contains("<NoteRef"),
        "{trust}"
    );
}

/// A project with attributes of every type, some values not of their type.
fn typed_project() -> tempfile::TempDir {
    let dir = common::project_dir(&[
        ("a.txt", "P: Satu.\n\nI: Dua.\n"),
        ("b.txt", "P: Tiga.\n"),
        (
            "project.json",
            r#"{"format":"tandai-project","version":1,"title":"Tipe",
                "attributes":["peran","umur","tinggi","tanggal","menikah"],
                "documents":{
                  "a.txt":{"peran":"guru","umur":"34","tinggi":"1,62","tanggal":"2024-05-01","menikah":"ya"},
                  "b.txt":{"peran":"petani","umur":"tiga puluh","tinggi":"1.7","tanggal":"1 Mei 2024","menikah":"tidak"}}}"#,
        ),
    ]);
    std::fs::write(dir.path().join("codebook.json"), common::devito().to_json()).expect("write");
    dir
}

fn kind(name: &str) -> AttrType {
    match name {
        "umur" | "tinggi" => AttrType::Number,
        "tanggal" => AttrType::Date,
        "menikah" => AttrType::YesNo,
        _ => AttrType::Text,
    }
}

#[test]
fn typed_attributes_go_out_as_typed_variables_valid_against_the_schema_and_come_back() {
    let dir = typed_project();
    let project = Project::open(dir.path()).expect("project");
    let (coded, _) = report::collect(&project, None);
    let kept = KeptIds::new();
    let options = QdpxOptions {
        lang: tandai::core::codebook::Lang::En,
        kept: &kept,
        kind_of: &kind,
    };
    let export = export_qdpx_with(&project, &common::devito(), &coded, &options).expect("export");
    let xml = project_qde(&export.bytes);
    common::xml::validate(xml.as_bytes(), "Project.xsd").expect("valid against Project.xsd");
    for needle in [
        "name=\"peran\" typeOfVariable=\"Text\"",
        "name=\"umur\" typeOfVariable=\"Integer\"",
        "name=\"tinggi\" typeOfVariable=\"Float\"",
        "name=\"tanggal\" typeOfVariable=\"Date\"",
        "name=\"menikah\" typeOfVariable=\"Boolean\"",
        "<IntegerValue>34</IntegerValue>",
        "<FloatValue>1.62</FloatValue>",
        "<FloatValue>1.7</FloatValue>",
        "<DateValue>2024-05-01</DateValue>",
        "<BooleanValue>true</BooleanValue>",
        "<BooleanValue>false</BooleanValue>",
    ] {
        assert!(xml.contains(needle), "{needle} not in\n{xml}");
    }
    assert_eq!(xml.matches("<Case ").count(), 2, "one case per document");
    let left_out: Vec<&String> = export
        .warnings
        .iter()
        .filter(|w| w.contains("left out"))
        .collect();
    assert_eq!(left_out.len(), 2, "{:?}", export.warnings);
    assert!(
        left_out[0].contains("b.txt: attribute \"umur\" = \"tiga puluh\" is not a whole number")
    );
    assert!(left_out[1].contains("\"1 Mei 2024\" is not a date"));
    let back = read_qdpx(&export.bytes, "typed.qdpx").expect("reads back");
    let kinds: Vec<(String, AttrType)> = back
        .attributes
        .iter()
        .map(|a| (a.name.clone(), a.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("peran".to_owned(), AttrType::Text),
            ("umur".to_owned(), AttrType::Number),
            ("tinggi".to_owned(), AttrType::Number),
            ("tanggal".to_owned(), AttrType::Date),
            ("menikah".to_owned(), AttrType::YesNo),
        ]
    );
    let a = &back.documents[0];
    assert_eq!(a.file_name, "a.txt");
    let want: BTreeMap<String, String> = [
        ("peran", "guru"),
        ("umur", "34"),
        ("tinggi", "1.62"),
        ("tanggal", "2024-05-01"),
        ("menikah", "true"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(a.attributes, want);
    assert!(back.not_taken.phrases().is_empty(), "{:?}", back.not_taken);
}

#[test]
fn typed_attributes_round_trip_through_the_command_line() {
    let dir = common::project_dir(&[
        ("a.txt", "P: Satu.\n\nI: Dua.\n"),
        ("b.txt", "P: Tiga.\n"),
        (
            "project.json",
            r#"{"format":"tandai-project","version":2,"title":"Tipe",
                "attributes":[{"name":"peran","type":"text"},{"name":"umur","type":"number"},
                  {"name":"tinggi","type":"number"},{"name":"tanggal","type":"date"},
                  {"name":"menikah","type":"yes/no"}],
                "documents":{
                  "a.txt":{"peran":"guru","umur":34,"tinggi":1.62,"tanggal":"2024-05-01","menikah":true},
                  "b.txt":{"peran":"petani","umur":30,"tanggal":"2024-05-02","menikah":false}}}"#,
        ),
    ]);
    std::fs::write(dir.path().join("codebook.json"), common::devito().to_json()).expect("write");
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("t.qdpx");
    let (code, err) = run(
        &[
            "export",
            ".",
            "--format",
            "qdpx",
            "-o",
            out.to_str().expect("utf8"),
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let (code, err) = run(&["import", "t.qdpx", "back"], tmp.path());
    assert_eq!(code, 0, "{err}");
    let before = json(&dir.path().join("project.json"));
    let after = json(&tmp.path().join("back/project.json"));
    assert_eq!(after["title"], "Tipe");
    assert_eq!(after["attributes"], before["attributes"]);
    assert_eq!(
        after["documents"], before["documents"],
        "every value, with its type"
    );
    assert!(
        !tmp.path().join("back/tandai-refi.json").exists(),
        "tandai's own GUIDs need no keeping"
    );
}

#[test]
fn the_summary_names_every_kind_of_element_not_imported() {
    let p = read_qdpx(&foreign_project(), "other.qdpx").expect("reads");
    let n = p.not_taken;
    assert_eq!(
        (
            n.sets,
            n.links,
            n.graphs,
            n.source_codings,
            n.media_sources,
            n.media_selections
        ),
        (2, 1, 1, 1, 1, 1)
    );
    assert_eq!((n.case_refs, n.cases_without_sources), (1, 1));
    let (_tmp, _dir, err) = imported();
    assert!(
        err.contains("not imported (tandai has no place for them): 2 sets (groups of codes or documents), 1 links, 1 graphs (networks), 1 codings of whole sources, 1 picture, PDF, audio or video sources, 1 selections in those, 1 codes and selections referred to by cases, 1 cases without a source"),
        "{err}"
    );
    let annex =
        std::fs::read(Path::new(FIXTURES).join("spec-annexA2_TestProject.qdpx")).expect("annex");
    let a = read_qdpx(&annex, "annex").expect("reads").not_taken;
    assert_eq!(
        (
            a.sets,
            a.links,
            a.graphs,
            a.media_sources,
            a.media_selections
        ),
        (16, 1, 1, 6, 9)
    );
}

/// A project whose one source holds non-ASCII text and whose selections are named
/// with their text, at offsets counted in `unit` (`char`, `utf16` or `byte`).
fn counted_in(unit: &str) -> Vec<u8> {
    let text = "Ibu Rina: Ikan 🐟 mahal sekali minggu ini.\n\nPak Yos: Cuaca buruk, kapal tidak berangkat.\n\nIbu Rina: Pelanggan lama tetap datang, syukurlah.\n";
    let count = |s: &str| match unit {
        "char" => s.chars().count(),
        "utf16" => s.encode_utf16().count(),
        _ => s.len(),
    };
    let mut selections = String::new();
    for (i, passage) in [
        "Cuaca buruk, kapal tidak berangkat.",
        "Pelanggan lama tetap datang, syukurlah.",
    ]
    .iter()
    .enumerate()
    {
        let at = text.find(passage).expect("passage");
        let (start, end) = (count(&text[..at]), count(&text[..at + passage.len()]));
        selections.push_str(&format!(
            r#"<PlainTextSelection guid="B0000000-0000-4000-8000-00000000000{i}" name="{passage}" startPosition="{start}" endPosition="{end}"><Coding guid="C0000000-0000-4000-8000-00000000000{i}"><CodeRef targetGUID="{CODE_TRUST}"/></Coding></PlainTextSelection>"#
        ));
    }
    let xml = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="offsets">
<CodeBook><Codes><Code guid="{CODE_TRUST}" name="Kepercayaan" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="{SOURCE_A}" name="pasar" plainTextPath="internal://a.txt">{selections}</TextSource></Sources>
</Project>"#
    );
    zip_of(&[
        ("project.qde", xml.as_bytes()),
        ("sources/a.txt", text.as_bytes()),
    ])
}

#[test]
fn selection_names_reveal_offsets_in_utf16_units_or_bytes() {
    let fine = read_qdpx(&counted_in("char"), "char.qdpx").expect("reads");
    assert_eq!((fine.names.checked, fine.names.disagree), (2, 0));
    assert_eq!(fine.names.warning(), None);
    let utf16 = read_qdpx(&counted_in("utf16"), "utf16.qdpx").expect("reads");
    assert_eq!(
        (
            utf16.names.checked,
            utf16.names.disagree,
            utf16.names.utf16,
            utf16.names.bytes
        ),
        (2, 2, 2, 0)
    );
    let w = utf16.names.warning().expect("a warning");
    assert!(w.starts_with("offsets: 2 of 2 selections whose name holds their text do not find that text at their offsets"), "{w}");
    assert!(
        w.contains("2 of them would with offsets in UTF-16 units, 0 with offsets in bytes"),
        "{w}"
    );
    assert!(
        w.contains("pasar: selection 53-88 is named \"Cuaca buruk, kapal tidak berangkat.\""),
        "{w}"
    );
    let bytes = read_qdpx(&counted_in("byte"), "bytes.qdpx").expect("reads");
    assert_eq!(
        (bytes.names.disagree, bytes.names.utf16, bytes.names.bytes),
        (2, 0, 2)
    );
    // The command line says so.
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("bytes.qdpx"), counted_in("byte")).expect("write");
    let (code, err) = run(&["import", "bytes.qdpx"], tmp.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("tandai: warning: offsets: 2 of 2 selections"),
        "{err}"
    );
    assert!(
        err.contains("0 of them would with offsets in UTF-16 units, 2 with offsets in bytes"),
        "{err}"
    );
}

#[test]
fn the_codebook_screen_shows_an_imported_code_memo() {
    use tandai::app::keymap::{Key, Keymap};
    use tandai::app::{State, keys::action_for, update};
    let (_tmp, dir, _) = imported();
    let project = Project::open(&dir).expect("project");
    let book = Codebook::load(&dir.join("codebook.json")).expect("codebook");
    let mut s = State::new(
        project,
        book,
        Keymap::load(None).expect("keymap"),
        "ana".into(),
    );
    if let Some(action) = action_for(&s, Key::char('b')) {
        update(&mut s, action);
    }
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).expect("terminal");
    let mut cache = tandai::tui::wrap_cache::WrapCache::default();
    terminal
        .draw(|f| {
            tandai::tui::view::render(f, &s, &mut cache, tandai::tui::theme::Theme { color: true });
        })
        .expect("draw");
    let buf = terminal.backend().buffer();
    let shown: String = (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect();
    assert!(shown.contains("Kepercayaan"), "{shown}");
    assert!(
        shown.contains("Memo: Kode ini muncul setelah wawancara ketiga."),
        "{shown}"
    );
}
