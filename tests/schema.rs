//! The sidecars tandai writes validate against the published JSON Schema
//! (docs/sidecar.schema.json), checked with Python's `jsonschema` (installed by
//! .ci/run; `pip install jsonschema` on a developer machine).

mod common;

use std::process::Command;

fn validate(json: &str) -> Result<(), String> {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/sidecar.schema.json");
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
    let mut file = tandai::core::sidecar::SidecarFile::parse(&bytes, "s").expect("parses");
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
            tandai::core::sidecar::SidecarFile::parse(bad.as_bytes(), "x").is_err(),
            "{what}: tandai refuses it too"
        );
    }
}
