//! REFI-QDA codebook exchange: import of real files from other programs (fixtures in
//! tests/fixtures/refi/, see its README), exports that validate against the official
//! Codebook.xsd (checked with `xmllint`, installed by .ci/run; `apt-get install
//! libxml2-utils` on a developer machine), lossless export-import round trips, and
//! hostile input: malformed XML, DTDs, zip bombs, odd entry names.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use tandai::core::codebook::packs::PACKS;
use tandai::core::codebook::{AnsiColor, Codebook, Lang};
use tandai::core::exchange::refi::{self, Imported, Limits, RefiError};
use zip::write::SimpleFileOptions;

mod common;

use common::xml::FIXTURES;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join(name)).expect("fixture")
}

fn import(name: &str) -> Imported {
    refi::import_codebook(&fixture(name), name).unwrap_or_else(|e| panic!("{e}"))
}

fn import_str(xml: &str) -> Result<Imported, RefiError> {
    refi::import_codebook(xml.as_bytes(), "test.qdc")
}

fn ids(book: &Codebook) -> Vec<&str> {
    book.codes.iter().map(|c| c.id.as_str()).collect()
}

/// Ids of the children of `parent` (`None`: the top level), in order.
fn children<'a>(book: &'a Codebook, parent: Option<&str>) -> Vec<&'a str> {
    let parent = parent.map(|id| book.index_of(id).expect("parent exists"));
    book.codes
        .iter()
        .filter(|c| c.parent == parent)
        .map(|c| c.id.as_str())
        .collect()
}

fn assert_unique_ids(book: &Codebook) {
    let unique: HashSet<&str> = ids(book).into_iter().collect();
    assert_eq!(unique.len(), book.codes.len(), "ids are unique");
}

/// Validates a codebook document against the official schema with xmllint.
fn validate(xml: &str) -> Result<(), String> {
    common::xml::validate(xml.as_bytes(), "Codebook.xsd")
}

fn pack_books() -> Vec<(&'static str, Codebook)> {
    PACKS
        .iter()
        .map(|p| {
            (
                p.name,
                Codebook::parse(p.json.as_bytes(), p.name).expect("pack"),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------
// Reference files

#[test]
fn spec_annex_a1_codebook() {
    let got = import("spec-annexA1_codebook.qdc");
    let book = &got.book;
    assert_eq!(
        ids(book),
        [
            "topics",
            "economy",
            "health-care",
            "values",
            "conservatives",
            "liberals"
        ]
    );
    assert_eq!(children(book, None).len(), 6, "the annex's codes are flat");
    assert_eq!((got.stats.codes, got.stats.levels), (6, 1));
    assert!(
        got.warnings.is_empty(),
        "braced GUIDs are valid: {:?}",
        got.warnings
    );
    let topics = book.get("topics").expect("topics");
    assert!(!topics.codable && book.get("economy").expect("economy").codable);
    let health = book.get("health-care").expect("health care");
    assert_eq!(health.label.en, "Health care");
    assert_eq!(
        health.label.id, "Health care",
        "one REFI name: both languages"
    );
    assert_eq!(
        health.definition.get(Lang::Id),
        "Health care issues, doctor, patients, etc."
    );
    let colours: Vec<_> = book.codes.iter().map(|c| c.own_color).collect();
    assert_eq!(
        colours,
        [
            None,
            Some(AnsiColor::LightYellow),
            Some(AnsiColor::Green),
            None,
            Some(AnsiColor::LightRed),
            Some(AnsiColor::Blue)
        ]
    );
}

#[test]
fn atlas_ti_project_with_nested_codes() {
    let got = import("atlasti23_target-atlas-project.qdpx");
    let book = &got.book;
    assert_eq!((got.stats.codes, got.stats.levels), (3, 2));
    assert_eq!(children(book, None), ["commits"]);
    assert_eq!(
        children(book, Some("commits")),
        [
            "commits.2022-05-10t02-05-59z-19e4dce",
            "commits.2022-02-11t10-39-25z-cdbfd92"
        ]
    );
    assert_eq!(book.codes[1].label.en, "2022-05-10T02:05:59Z 19e4dce");
    assert!(book.codes.iter().all(|c| c.codable));
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    assert_eq!(
        got.origin.as_deref(),
        Some("ATLAS.ti for Windows 23.2.3.27778")
    );
}

/// A project without a codebook is an error, not an empty codebook: importing it
/// would otherwise replace the coder's codebook with nothing.
#[test]
fn atlas_ti_blank_project_has_no_codes() {
    let name = "atlasti23_blank-atlas-project.qdpx";
    let err = refi::import_codebook(&fixture(name), name).expect_err("no codebook");
    assert!(matches!(err, RefiError::NoCodes { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "atlasti23_blank-atlas-project.qdpx (project.qde): no codes: the file has no <CodeBook>"
    );
    let empty = r#"<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>"#;
    let err = import_str(empty).expect_err("empty");
    assert!(err.to_string().contains("no codes"), "{err}");
}

/// NVivo's names repeat under different parents and even under themselves.
#[test]
fn nvivo_project_with_deep_hierarchy_and_repeated_names() {
    let got = import("nvivo15mac_nvivo_project.qdpx");
    let book = &got.book;
    assert_eq!((got.stats.codes, got.stats.levels), (262, 7));
    assert_eq!(
        children(book, None),
        [
            "rq1-definition",
            "rq2-curriculum-and-instruction",
            "rq3-process"
        ]
    );
    assert_unique_ids(book);
    for id in [
        "rq1-definition.competencies.programming",
        "rq1-definition.framings.cs-as-programming.programming",
        "rq2-curriculum-and-instruction.curriculum.graduation-requirement.graduation-requirement",
        "rq2-curriculum-and-instruction.curriculum.interdisciplinary-cs.other-subject-areas.humanities.english.writing",
    ] {
        assert!(book.get(id).is_some(), "{id}");
    }
    let writing = book
        .get("rq2-curriculum-and-instruction.curriculum.interdisciplinary-cs.other-subject-areas.humanities.english.writing")
        .expect("writing");
    assert_eq!((writing.depth, writing.label.en.as_str()), (6, "writing"));
    let labels: HashSet<&str> = book.codes.iter().map(|c| c.label.en.as_str()).collect();
    assert!(labels.len() < 262, "some names repeat");
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn qc_project_codebook() {
    let got = import("qc132_demo_nonconformant.qdpx");
    assert_eq!((got.stats.codes, got.stats.levels), (262, 7));
    assert_unique_ids(&got.book);
    assert_eq!(got.origin.as_deref(), Some("qc 1.3.2"));
    assert_eq!(
        ids(&got.book),
        ids(&import("nvivo15mac_nvivo_project.qdpx").book),
        "the same codebook as the NVivo project"
    );
}

#[test]
fn spec_annex_a2_project_codebook() {
    let got = import("spec-annexA2_TestProject.qdpx");
    let book = &got.book;
    assert_eq!((got.stats.codes, got.stats.levels), (14, 1));
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let diet = book.get("coke-diet-coke").expect("Coke::diet Coke");
    assert_eq!(diet.label.en, "Coke::diet Coke");
    assert_eq!(diet.definition.en, "non sucré");
    assert_eq!(diet.own_color, Some(AnsiColor::DarkGray), "brown #966450");
    let rushed = book.get("rushed").expect("\"rushed\"");
    assert_eq!(rushed.label.id, "\"rushed\"");
    assert_eq!(rushed.own_color, Some(AnsiColor::Magenta));
    assert_eq!(book.get("milk").expect("milk").own_color, None);
    assert_eq!(
        book.get("cornflakes").expect("cornflakes").definition.en,
        "breakfast cereal made by Kellogg’s"
    );
}

#[test]
fn openqda_codebook_with_non_guid_ids_gives_one_warning() {
    let got = import("openqda_example_codebook_nonguid.qdc");
    let book = &got.book;
    assert_eq!((got.stats.codes, got.stats.levels), (44, 2));
    assert_eq!(
        children(book, None),
        [
            "negativ-aufgeregt",
            "negativ-ruhig",
            "positiv-aufgeregt",
            "positiv-ruhig"
        ]
    );
    let sizes: Vec<usize> = children(book, None)
        .iter()
        .map(|id| children(book, Some(id)).len())
        .collect();
    assert_eq!(sizes, [15, 5, 11, 9]);
    assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
    assert!(
        got.warnings[0]
            .starts_with("44 of 44 codes have a guid that is not a REFI GUID (e.g. \"c001\")"),
        "{}",
        got.warnings[0]
    );
    assert_eq!(
        book.codes[0].definition.en, "All emotions with negative valence and positive arousal.",
        "indentation and line ends around the description are dropped"
    );
    assert!(book.get("positiv-aufgeregt.humor-amusement").is_some());
}

#[test]
fn malformed_codebook_names_file_line_and_column() {
    let name = "openqda_example_codebook_defect_malformed.qdc";
    let err = refi::import_codebook(&fixture(name), name).expect_err("malformed");
    let RefiError::Xml { line, column, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*line, 132, "{err}");
    assert!(*column >= 1, "{err}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{name}: line 132, column {column}: ")),
        "{text}"
    );
    assert_eq!(*column, 13, "the `<` of `</Cod>` after 12 spaces");
    assert!(text.contains("`</Cod>`"), "says which tag: {text}");
}

// ---------------------------------------------------------------------------------
// Export

#[test]
fn every_pack_exports_valid_refi_in_both_languages() {
    for (name, book) in pack_books() {
        for lang in [Lang::En, Lang::Id] {
            let xml = refi::export_qdc(&book, lang);
            assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"tandai "));
            if let Err(e) = validate(&xml) {
                panic!("{name} {lang:?} does not validate:\n{e}\n{xml}");
            }
        }
    }
}

#[test]
fn export_is_deterministic_and_guids_are_stable_and_unique() {
    let mut all_guids = HashSet::new();
    for (name, book) in pack_books() {
        let xml = refi::export_qdc(&book, Lang::En);
        assert_eq!(xml, refi::export_qdc(&book, Lang::En), "{name}: same bytes");
        let guids: Vec<&str> = xml
            .split("guid=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        assert_eq!(guids.len(), book.codes.len());
        for (guid, code) in guids.iter().zip(&book.codes) {
            assert_eq!(*guid, refi::code_guid(&code.id), "pre-order, from the id");
            assert!(all_guids.insert(guid.to_string()), "{guid} is unique");
        }
        let id_xml = refi::export_qdc(&book, Lang::Id);
        assert!(
            id_xml.contains(guids[0]),
            "{name}: GUIDs do not depend on the language"
        );
        let again = refi::import_codebook(xml.as_bytes(), name).expect("imports");
        assert_eq!(
            refi::export_qdc(&again.book, Lang::En),
            xml,
            "{name}: re-exporting an import gives the same bytes"
        );
    }
    assert_eq!(
        refi::code_guid("devito.contact"),
        refi::code_guid("devito.contact")
    );
}

// ---------------------------------------------------------------------------------
// Round trips

/// What an export in `lang` keeps of a code.
#[derive(Debug, PartialEq)]
struct Kept {
    id: String,
    parent: Option<String>,
    texts: [String; 5],
    own_color: Option<AnsiColor>,
    own_key: Option<char>,
    codable: bool,
    exclusive: bool,
    retired: bool,
    merged_into: Option<String>,
}

fn kept(book: &Codebook, lang: Lang) -> Vec<Kept> {
    book.codes
        .iter()
        .map(|c| Kept {
            id: c.id.clone(),
            parent: c.parent.map(|p| book.codes[p].id.clone()),
            texts: [&c.label, &c.definition, &c.include, &c.exclude, &c.example]
                .map(|t| t.get(lang).to_owned()),
            own_color: c.own_color,
            own_key: c.own_key,
            codable: c.codable,
            exclusive: c.exclusive,
            retired: c.retired,
            merged_into: c.merged_into.clone(),
        })
        .collect()
}

fn assert_round_trip(name: &str, book: &Codebook) {
    for lang in [Lang::En, Lang::Id] {
        let xml = refi::export_qdc(book, lang);
        let got = refi::import_codebook(xml.as_bytes(), name)
            .unwrap_or_else(|e| panic!("{name} {lang:?}: {e}\n{xml}"));
        assert_eq!(got.warnings, book.warnings, "{name} {lang:?}");
        assert_eq!(
            kept(&got.book, lang),
            kept(book, lang),
            "{name} {lang:?}:\n{xml}"
        );
    }
}

#[test]
fn every_pack_round_trips() {
    for (name, book) in pack_books() {
        assert_round_trip(name, &book);
    }
}

/// Retired and merged codes, a heading that is retired, odd keys, colours on some
/// codes only, empty and one-language texts, and markup, quotes, line ends and
/// non-ASCII everywhere.
const HOSTILE: &str = r#"{"format":"tandai-codebook","version":1,"codes":[
  {"id":"h","label":{"en":"Tom & Jerry <\"quoted\"> 'single' — ünïcödé ✓ 🎉","id":"Tom & Jerry (id)"},
   "codable":false,"exclusive":true,"color":"light-cyan","children":[
    {"id":"h.a","label":"A&amp; </Code> ]]> <!-- x -->","definition":"Line one\nline two\r\nline three\n\nSecond paragraph with <b>tags</b> & \"quotes\"",
     "include":{"en":"when\tthere is a tab"},"exclude":{"id":"hanya bahasa Indonesia"},"example":"\"Saya bilang: 'tidak!'\"","key":"]","color":"black"},
    {"id":"h.old","label":"Retired","retired":true,"key":"é"},
    {"id":"h.gone","label":"Merged [tandai id=fake]","merged_into":"h.a","definition":"[tandai id=evil]"},
    {"id":"h.heading-retired","label":"Old heading","codable":false,"retired":true}
  ]},
  {"id":"x_y-9.z","label":{"id":"Hanya label Indonesia"},"definition":"","color":"white"},
  {"id":"empty","label":""}
]}"#;

#[test]
fn hostile_handmade_codebook_round_trips_and_validates() {
    let book = Codebook::parse(HOSTILE.as_bytes(), "hostile").expect("valid codebook");
    assert!(book.warnings.is_empty(), "{:?}", book.warnings);
    for lang in [Lang::En, Lang::Id] {
        let xml = refi::export_qdc(&book, lang);
        if let Err(e) = validate(&xml) {
            panic!("{lang:?} does not validate:\n{e}\n{xml}");
        }
        assert!(!xml.contains("<b>") && !xml.contains("]]>") && !xml.contains("</Code> "));
    }
    let mut without_empty = book.clone();
    without_empty.codes.retain(|c| c.id != "empty");
    without_empty.reindex();
    assert_round_trip("hostile", &without_empty);
}

/// REFI needs a name; a code without a label comes back named "(no name)".
#[test]
fn empty_label_comes_back_with_a_fallback_and_a_warning() {
    let book = Codebook::parse(HOSTILE.as_bytes(), "hostile").expect("valid");
    let xml = refi::export_qdc(&book, Lang::En);
    let got = refi::import_codebook(xml.as_bytes(), "x.qdc").expect("imports");
    let empty = got.book.get("empty").expect("same id");
    assert_eq!(empty.label.get(Lang::En), "(no name)");
    assert_eq!(
        got.warnings,
        ["empty: the code has no name; it is called \"(no name)\""]
    );
}

// ---------------------------------------------------------------------------------
// Lenient import of odd codebooks

fn qdc(codes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>{codes}</Codes></CodeBook>"#
    )
}

const G1: &str = "11111111-1111-4111-8111-111111111111";

#[test]
fn repeated_sibling_names_get_numbered_ids() {
    let codes: String = ["Fear", "Fear", "fear!", "Fear"]
        .iter()
        .enumerate()
        .map(|(i, n)| {
            format!(
                r#"<Code guid="{i:08}-1111-4111-8111-111111111111" name="{n}" isCodable="true"/>"#
            )
        })
        .collect();
    let got = import_str(&qdc(&codes)).expect("imports");
    assert_eq!(ids(&got.book), ["fear", "fear-2", "fear-3", "fear-4"]);
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
}

#[test]
fn odd_codes_get_warnings_and_fallbacks_never_panics() {
    let codes = format!(
        r##"<Code guid="{G1}" name="  " isCodable="maybe" color="red">
             <Description>
                 Use when: you see it
             </Description>
             <Code guid="{{{G1}}}" name="Ünïcödé Straße" color="#abc"/>
           </Code>
           <Code name="no guid"/>
           <qda:Code xmlns:qda="urn:QDA-XML:codebook:1.0" guid="{G1}" name="prefixed" isCodable="0"/>"##
    );
    let got = import_str(&qdc(&codes)).expect("imports");
    let book = &got.book;
    assert_eq!(
        ids(book),
        ["no-name", "no-name.unicode-strasse", "no-guid", "prefixed"]
    );
    assert_eq!(book.codes[0].label.en, "(no name)");
    assert_eq!(book.codes[0].include.en, "you see it");
    assert_eq!(book.codes[0].own_color, None);
    assert_eq!(book.codes[1].own_color, Some(AnsiColor::Gray));
    assert!(!book.codes[3].codable);
    let w = got.warnings.join("\n");
    for expected in [
        "no-name: the code has no name",
        "no-name: colour \"red\" is not #RRGGBB",
        "no-name: isCodable \"maybe\" is not true or false",
        "1 of 4 codes have a guid that is not a REFI GUID (e.g. \"\")",
        "2 codes repeat the guid of an earlier code",
        "2 codes have no isCodable attribute",
    ] {
        assert!(w.contains(expected), "{expected:?} in\n{w}");
    }
}

#[test]
fn tandai_markers_that_clash_are_not_trusted() {
    let codes = format!(
        r#"<Code guid="{G1}" name="One" isCodable="true"><Description>[tandai id=same lang=en]</Description></Code>
           <Code guid="{G1}" name="Two" isCodable="true"><Description>[tandai id=same lang=en]</Description></Code>
           <Code guid="{G1}" name="Three" isCodable="true"><Description>[tandai id=Bad!ID lang=xx]</Description></Code>
           <Code guid="{G1}" name="Four" isCodable="true"><Description>[tandai id=BAD]</Description></Code>"#
    );
    let got = import_str(&qdc(&codes)).expect("imports");
    assert_eq!(ids(&got.book), ["same", "two", "three", "four"]);
    let w = got.warnings.join("\n");
    assert!(
        w.contains(
            "code id \"same\" from the tandai marker is invalid or used twice; this code became two"
        ),
        "{w}"
    );
    assert!(
        w.contains("ignored a tandai marker (unknown language \"xx\")"),
        "{w}"
    );
    assert!(w.contains("code id \"BAD\" from the tandai marker"), "{w}");
    assert_eq!(
        got.book.codes[2].definition.en, "",
        "a marker line is never a definition"
    );
}

#[test]
fn entities_and_character_references_are_read() {
    let codes = format!(
        r#"<Code guid="{G1}" name="a &amp; b &#233; &#x1F600; &lt;&gt;&quot;&apos;" isCodable="true"><Description><![CDATA[<raw> & ]]> &amp; more</Description></Code>"#
    );
    let got = import_str(&qdc(&codes)).expect("imports");
    assert_eq!(got.book.codes[0].label.en, "a & b é 😀 <>\"'");
    assert_eq!(got.book.codes[0].definition.en, "<raw> &  & more");
}

// ---------------------------------------------------------------------------------
// Hostile input

#[test]
fn doctype_is_refused_billion_laughs() {
    let xml = format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{G1}" name="&lol2;" isCodable="true"/></Codes></CodeBook>"#
    );
    let err = import_str(&xml).expect_err("DTD");
    assert!(
        matches!(
            err,
            RefiError::Doctype {
                line: 2,
                column: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("DTD"), "{err}");
}

#[test]
fn undefined_entities_are_errors_with_a_position() {
    let bad_attr = qdc(&format!(
        r#"<Code guid="{G1}" name="&lol;" isCodable="true"/>"#
    ));
    let err = import_str(&bad_attr).expect_err("entity in attribute");
    assert!(matches!(err, RefiError::Xml { line: 2, .. }), "{err:?}");
    let bad_text = qdc(&format!(
        "<Code guid=\"{G1}\" name=\"x\" isCodable=\"true\">\n<Description>a &lol; b</Description></Code>"
    ));
    let err = import_str(&bad_text).expect_err("entity in text");
    assert!(matches!(err, RefiError::Xml { line: 3, .. }), "{err:?}");
    assert!(err.to_string().contains("unknown entity &lol;"), "{err}");
}

#[test]
fn not_refi_not_utf8_and_truncated_files_are_errors() {
    let err = import_str("<html><body/></html>").expect_err("html");
    assert!(err.to_string().contains("root element is <html>"), "{err}");
    let mut bytes = qdc(&format!(r#"<Code guid="{G1}" name="x" isCodable="true"/>"#)).into_bytes();
    let at = bytes
        .windows(8)
        .position(|w| w == b"name=\"x\"")
        .expect("name");
    bytes[at + 6] = 0xFF;
    let err = refi::import_codebook(&bytes, "latin1.qdc").expect_err("not UTF-8");
    assert!(
        matches!(err, RefiError::Xml { line: 2, .. }) && err.to_string().contains("UTF-8"),
        "{err}"
    );
    let err = import_str("<CodeBook><Codes>").expect_err("truncated");
    assert!(err.to_string().contains("ends before"), "{err}");
    let err = import_str("").expect_err("empty");
    assert!(matches!(err, RefiError::Xml { .. }), "{err}");
}

#[test]
fn too_deep_or_too_many_codes_are_refused() {
    let deep = format!(
        "{}{}",
        format!(r#"<Code guid="{G1}" name="x" isCodable="true">"#).repeat(40),
        "</Code>".repeat(40)
    );
    let err = import_str(&qdc(&deep)).expect_err("deep");
    assert!(err.to_string().contains("deeper than 32 levels"), "{err}");
    let many = format!(r#"<Code guid="{G1}" name="x" isCodable="true"/>"#).repeat(11);
    let limits = Limits {
        max_codes: 10,
        ..Limits::DEFAULT
    };
    let err =
        refi::import_codebook_with(qdc(&many).as_bytes(), "many.qdc", &limits).expect_err("many");
    assert!(err.to_string().contains("more than 10 codes"), "{err}");
}

#[test]
fn input_over_64_mib_is_refused() {
    let big = vec![b' '; 64 * 1024 * 1024 + 1];
    let err = refi::import_codebook(&big, "big.qdc").expect_err("too large");
    assert!(matches!(err, RefiError::TooLarge { .. }), "{err:?}");
}

/// A zip with the given entries, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        writer.start_file(*name, options).expect("entry");
        writer.write_all(data).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

/// Rewrites the uncompressed size of the only entry in its local and central headers,
/// as a hostile archive would.
fn claim_size(zip: &mut [u8], size: u32) {
    let find = |sig: &[u8]| {
        zip.windows(4)
            .position(|w| w == sig)
            .expect("header signature")
    };
    let local = find(b"PK\x03\x04");
    let central = find(b"PK\x01\x02");
    zip[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
    zip[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
}

fn small_codebook() -> String {
    qdc(&format!(
        r#"<Code guid="{G1}" name="ok" isCodable="true"/>"#
    ))
}

#[test]
fn qdpx_entry_claiming_more_than_256_mib_is_refused() {
    let mut zip = zip_of(&[("project.qde", small_codebook().as_bytes())]);
    assert!(
        refi::import_codebook(&zip, "ok.qdpx").is_ok(),
        "unpatched it imports"
    );
    claim_size(&mut zip, 300 * 1024 * 1024);
    let err = refi::import_codebook(&zip, "bomb.qdpx").expect_err("claims too much");
    assert!(matches!(err, RefiError::Unpacked { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "bomb.qdpx (project.qde): unpacks to more than 268435456 bytes; refused (a zip bomb?)"
    );
}

/// An entry that claims to be small but inflates past the limit stops at the limit
/// (a small limit keeps the test fast; the default only changes the number).
#[test]
fn qdpx_entry_inflating_past_the_limit_is_refused() {
    let mut data = small_codebook().into_bytes();
    data.resize(2 * 1024 * 1024, b' ');
    let limits = Limits {
        max_unpacked: 1024 * 1024,
        ..Limits::DEFAULT
    };
    let honest = zip_of(&[("project.qde", &data)]);
    assert!(honest.len() < 20_000, "a real bomb: {} bytes", honest.len());
    let err = refi::import_codebook_with(&honest, "bomb.qdpx", &limits).expect_err("too big");
    assert!(matches!(err, RefiError::Unpacked { .. }), "{err:?}");
    let mut lying = honest.clone();
    claim_size(&mut lying, 1000);
    let err = refi::import_codebook_with(&lying, "liar.qdpx", &limits).expect_err("refused");
    // The zip crate stops at the declared size itself; tandai's own cap is the second
    // line of defence, for when the claim is within the limit but the data is not.
    assert!(matches!(err, RefiError::Zip { .. }), "{err:?}");
}

/// Entry names are compared, never used as paths: nothing is written anywhere, and
/// `../project.qde` is not the project.
#[test]
fn qdpx_entry_names_are_never_paths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let watched = [
        dir.path().to_path_buf(),
        dir.path().parent().expect("parent").to_path_buf(),
        std::env::current_dir().expect("cwd"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
    ];
    let listing = |d: &Path| {
        let mut names: Vec<_> = std::fs::read_dir(d)
            .expect("list")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .filter(|n| n.to_string_lossy().contains("evil"))
            .collect();
        names.sort();
        names
    };
    let before: Vec<_> = watched.iter().map(|d| listing(d)).collect();
    let codebook = small_codebook();
    let zip = zip_of(&[
        ("../evil", b"evil".as_slice()),
        ("../../evil.qde", b"evil"),
        ("/tmp/evil-abs", b"evil"),
        ("Project.QDE", codebook.as_bytes()),
    ]);
    let got = refi::import_codebook(&zip, "evil.qdpx").expect("imports project.qde");
    assert_eq!(ids(&got.book), ["ok"]);
    let after: Vec<_> = watched.iter().map(|d| listing(d)).collect();
    assert_eq!(before, after, "no file appeared");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("list").count(),
        0,
        "the temp dir stays empty"
    );
    assert!(!Path::new("/tmp/evil-abs").exists());
    let only_parent = zip_of(&[("../project.qde", codebook.as_bytes())]);
    let err = refi::import_codebook(&only_parent, "sly.qdpx").expect_err("not the project");
    assert!(matches!(err, RefiError::NoProject { .. }), "{err:?}");
    let err = refi::import_codebook(b"PK\x03\x04garbage", "broken.qdpx").expect_err("broken");
    assert!(matches!(err, RefiError::Zip { .. }), "{err:?}");
}
