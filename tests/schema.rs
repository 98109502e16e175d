//! The sidecars and project files tandai writes validate against the published JSON
//! Schemas (docs/sidecar.schema.json, docs/project.schema.json), checked with
//! Python's `jsonschema` (installed by .ci/run; `pip install jsonschema` on a
//! developer machine).

mod common;

use std::process::Command;

fn validate(json: &str) -> Result<(), String> {
    validate_with(
        concat!(env!("CARGO_MANIFEST_DIR"), "/docs/sidecar.schema.json"),
        json,
    )
}

fn validate_with(schema: &str, json: &str) -> Result<(), String> {
    let script = "import json,sys,jsonschema\nschema=json.load(open(sys.argv[1]))\njsonschema.Draft202012Validator.check_schema(schema)\n\
                  errs=[e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(json.load(sys.stdin))]\n\
                  print('\\n'.join(errs)); sys.exit(1 if errs else 0)";
    let mut child = Command::new("python3")
        .args(["-c", script, schema])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(json.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("No module named"),
        "install jsonschema: pip install jsonschema ({err})"
    );
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{}{err}", String::from_utf8_lossy(&out.stdout)))
    }
}

#[test]
fn sidecars_tandai_writes_validate_against_the_schema() {
    let dir = common::two_docs();
    let mut s = common::state_in(dir.path(), "ana");
    s.go_to(0, 1);
    common::toggle(&mut s, "devito.contact");
    s.go_to(0, 3);
    common::toggle(&mut s, "devito.repair");
    let d = &mut s.docs[0].decisions;
    d.memo = "catatan dokumen".into();
    d.paragraphs.get_mut(&1).expect("p").memo = "memo \"kutip\"\nbaris".into();
    d.paragraphs.get_mut(&3).expect("p").review = true;
    let bytes = s.sidecar_bytes(0).expect("bytes");
    let mut file = tandai::core::coding::sidecar::SidecarFile::parse(&bytes, "s").expect("parses");
    file.detached.push(file.paragraphs[0].clone());
    file.finished = true;
    let json = String::from_utf8(file.to_bytes()).expect("utf8");
    assert!(
        json.contains("\"finished\": true")
            && json.contains("\"sketch\"")
            && json.contains("\"review\": true")
            && json.contains("\"detached\"")
    );
    validate(&json).expect("valid");
    let empty = String::from_utf8(
        common::state_in(dir.path(), "budi")
            .sidecar_bytes(1)
            .expect("bytes"),
    )
    .expect("utf8");
    validate(&empty).expect("an empty sidecar is valid");
}

#[test]
fn the_schema_rejects_what_tandai_refuses() {
    let dir = common::two_docs();
    let mut s = common::state_in(dir.path(), "ana");
    common::toggle(&mut s, "devito.contact");
    let good = String::from_utf8(s.sidecar_bytes(0).expect("bytes")).expect("utf8");
    for (what, bad) in [
        (
            "unknown field",
            good.replacen("\"coder\"", "\"extra\": 1,\n  \"coder\"", 1),
        ),
        (
            "newer version",
            good.replacen("\"version\": 1", "\"version\": 2", 1),
        ),
        (
            "paragraph 0",
            good.replacen("\"paragraph\": 1", "\"paragraph\": 0", 1),
        ),
    ] {
        assert!(validate(&bad).is_err(), "{what} must be rejected");
        assert!(
            tandai::core::coding::sidecar::SidecarFile::parse(bad.as_bytes(), "x").is_err(),
            "{what}: tandai refuses it too"
        );
    }
}

const PROJECT_SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/project.schema.json");

fn tandai(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tandai"))
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .output()
        .expect("tandai runs")
}

#[test]
fn project_files_validate_against_the_project_schema() {
    use tandai::core::attributes::{AttrType, file, to_bytes};
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-data/project.json"
    ))
    .expect("sample");
    validate_with(PROJECT_SCHEMA, &sample).expect("the sample is valid");
    // Every type, a citation, team settings and an unknown field, as tandai writes them.
    let (mut a, _) = file::parse(sample.as_bytes(), "sample").expect("parses");
    a.define("umur", Some(AttrType::Number));
    a.define("bertemu", Some(AttrType::YesNo));
    a.define("date", Some(AttrType::Date));
    a.set_value("informan-a.txt", "umur", Some("34.5".into()));
    a.set_value("informan-a.txt", "bertemu", Some("no".into()));
    a.set_value("informan-b.txt", "umur", Some("about 30".into()));
    a.citation = Some("{role}, {city} ¶{paragraph}".into());
    a.rest.insert("consensus".into(), "wulan".into());
    a.rest.insert("blind".into(), false.into());
    a.set_memo("Catatan proyek:\nwawancara di dua kota.");
    a.rest
        .insert("team".into(), serde_json::json!({"supervisor": "dewi"}));
    let written = String::from_utf8(to_bytes(&a)).expect("utf8");
    assert!(written.contains("\"version\": 2") && written.contains("\"umur\": 34.5"));
    validate_with(PROJECT_SCHEMA, &written).expect("what tandai writes is valid");
    assert!(
        written.contains("\"memo\": \"Catatan proyek:\\nwawancara"),
        "{written}"
    );
    let bad_memo = written.replace("\"memo\": \"Catatan", "\"memo\": 7, \"x\": \"");
    assert!(
        validate_with(PROJECT_SCHEMA, &bad_memo).is_err(),
        "a memo is text"
    );
    // What `tandai attributes import` and `tandai init` write.
    let dir = common::tmux::sample_copy();
    let d = dir.path().to_str().expect("utf8");
    let csv = dir.path().join("informan.csv");
    std::fs::write(&csv, "dokumen,umur,aktif\ninforman-a.txt,41,ya\n").expect("csv");
    let out = tandai(&["attributes", "import", csv.to_str().expect("utf8"), d]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let imported = std::fs::read_to_string(dir.path().join("project.json")).expect("read");
    validate_with(PROJECT_SCHEMA, &imported).expect("the import's file is valid");
    let fresh = tempfile::tempdir().expect("tmp");
    let out = tandai(&["init", fresh.path().to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let init = std::fs::read_to_string(fresh.path().join("project.json")).expect("read");
    validate_with(PROJECT_SCHEMA, &init).expect("init's file is valid");
}

#[test]
fn the_project_schema_rejects_what_tandai_refuses() {
    let good = r#"{"format":"tandai-project","version":2,"attributes":[{"name":"umur","type":"number"}],"documents":{"a.txt":{"umur":34}}}"#;
    validate_with(PROJECT_SCHEMA, good).expect("valid");
    for (what, bad) in [
        (
            "newer version",
            good.replace("\"version\":2", "\"version\":3"),
        ),
        ("unknown type", good.replace("\"number\"", "\"colour\"")),
        ("a list as a value", good.replace(":34}", ":[34]}")),
        (
            "another format",
            good.replace("tandai-project", "tandai-sidecar"),
        ),
    ] {
        assert!(
            validate_with(PROJECT_SCHEMA, &bad).is_err(),
            "{what} must be rejected"
        );
        assert!(
            tandai::core::attributes::file::parse(bad.as_bytes(), "p").is_err(),
            "{what}: tandai refuses it too"
        );
    }
}
