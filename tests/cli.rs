//! The scriptable commands, run as a user would: output on stdout, messages on stderr,
//! exit codes.

mod common;

use common::tmux::{BIN, copy_sample};
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sidecar(paragraph_codes: &[(usize, &str, &[&str])]) -> String {
    let entries: Vec<String> = paragraph_codes
        .iter()
        .map(|(n, text, codes)| {
            let codes: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
            format!(
                "{{\"paragraph\":{n},\"fingerprint\":\"{}\",\"start\":0,\"end\":1,\"codes\":[{}]}}",
                tandai::core::coding::sidecar::paragraph_fingerprint(text),
                codes.join(",")
            )
        })
        .collect();
    format!(
        "{{\"format\":\"tandai-sidecar\",\"version\":1,\"document\":\"d.txt\",\"document_fingerprint\":\"sha256:00\",\"coder\":\"x\",\"paragraphs\":[{}]}}",
        entries.join(",")
    )
}

#[test]
fn check_is_quiet_and_zero_on_a_clean_project_and_lists_every_violation() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_sample(dir.path());
    let p = dir.path().to_str().expect("utf8");
    let (code, out, err) = run(&["check", p]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("no problems in 0 sidecars of 4 documents"));
    std::fs::write(dir.path().join("d.txt"), "satu\n\ndua\n\ntiga\n").expect("write");
    std::fs::write(
        dir.path().join("d.txt.ana.tandai.json"),
        sidecar(&[
            (1, "satu", &["devito.contact", "devito.dissolution"]),
            (2, "dua", &["devito"]),
            (3, "tiga", &["nope"]),
        ]),
    )
    .expect("write");
    std::fs::write(dir.path().join("d.txt.budi.tandai.json"), "{ not json").expect("write");
    let (code, out, err) = run(&["check", p]);
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "d.txt ¶1 (ana): devito.contact and devito.dissolution are both in DeVito's relationship stages (at most one per paragraph)",
            "d.txt ¶2 (ana): devito (DeVito's relationship stages) is a category heading, not a code to apply",
            "d.txt ¶3 (ana): code nope is not in the codebook",
        ][..],
        "{out}"
    );
    assert!(
        lines[3].starts_with("d.txt (budi): sidecar cannot be read:")
            && lines[3].contains("line 1, column 3"),
        "{out}"
    );
    assert!(
        err.contains("4 problems in 2 sidecars of 5 documents"),
        "{err}"
    );
}

#[test]
fn check_without_a_codebook_says_what_to_do() {
    let dir = common::project_dir(&[("a.txt", "x\n")]);
    let (code, _, err) = run(&["check", dir.path().to_str().expect("utf8")]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no codebook") && err.contains("--codebook"),
        "{err}"
    );
}

#[test]
fn codebook_export_formats() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_sample(dir.path());
    let p = dir.path().to_str().expect("utf8");
    let (code, json, _) = run(&["codebook", "export", p]);
    assert_eq!(code, 0);
    assert_eq!(
        json,
        std::fs::read_to_string(dir.path().join("codebook.json")).expect("codebook"),
        "JSON is the file itself"
    );
    let (_, csv, _) = run(&["codebook", "export", p, "--format", "csv", "--lang", "id"]);
    assert!(csv.starts_with("id,parent,depth,label_en,label_id,definition,"));
    assert_eq!(csv.matches("\r\n").count(), 8, "header and 7 codes");
    let out = dir.path().join("codebook.md");
    let (code, _, err) = run(&[
        "codebook",
        "export",
        p,
        "--format",
        "md",
        "--lang",
        "id",
        "-o",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(code, 0, "{err}");
    let md = std::fs::read_to_string(&out).expect("written");
    assert!(md.contains("| Kode | Definisi |") && md.contains("**Kontak**"));
}

#[test]
fn subcommands_are_listed_in_help() {
    let (_, out, _) = run(&["--help"]);
    assert!(out.contains("check") && out.contains("codebook"));
    let (_, out, _) = run(&["codebook", "export", "--help"]);
    assert!(
        out.contains("--format") && out.contains("json, csv, md, qdc"),
        "{out}"
    );
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/refi/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn codebook_import_writes_codebook_json_and_keeps_an_existing_one() {
    let dir = common::project_dir(&[("a.txt", "x\n")]);
    let p = dir.path().to_str().expect("utf8");
    let (code, _, err) = run(&[
        "codebook",
        "import",
        &fixture("nvivo15mac_nvivo_project.qdpx"),
        p,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("imported 262 codes") && err.contains("NVivo for Mac"),
        "{err}"
    );
    let book = tandai::core::codebook::Codebook::load(&dir.path().join("codebook.json"))
        .expect("valid codebook");
    assert_eq!(book.codes.len(), 262);
    let (code, _, err) = run(&[
        "codebook",
        "import",
        &fixture("spec-annexA1_codebook.qdc"),
        p,
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("exists; pass --force"), "{err}");
    let (code, _, err) = run(&[
        "codebook",
        "import",
        &fixture("spec-annexA1_codebook.qdc"),
        p,
        "--force",
    ]);
    assert_eq!(code, 0, "{err}");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("codebook.json.before-import-"))
        .collect();
    assert_eq!(kept.len(), 1, "the replaced codebook is kept");
}

#[test]
fn codebook_import_of_a_malformed_file_names_line_and_column() {
    let dir = common::project_dir(&[("a.txt", "x\n")]);
    let (code, _, err) = run(&[
        "codebook",
        "import",
        &fixture("openqda_example_codebook_defect_malformed.qdc"),
        dir.path().to_str().expect("utf8"),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("line 132, column"), "{err}");
    assert!(
        !dir.path().join("codebook.json").exists(),
        "nothing written"
    );
}

#[test]
fn qdc_export_validates_and_round_trips_through_import() {
    let dir = tempfile::tempdir().expect("tmp");
    copy_sample(dir.path());
    let p = dir.path().to_str().expect("utf8");
    let out = dir.path().join("devito.qdc");
    let (code, _, err) = run(&[
        "codebook",
        "export",
        p,
        "--format",
        "qdc",
        "--lang",
        "id",
        "-o",
        out.to_str().expect("utf8"),
    ]);
    assert_eq!(code, 0, "{err}");
    let valid = Command::new("xmllint")
        .args(["--noout", "--schema", &fixture("Codebook.xsd")])
        .arg(&out)
        .output()
        .expect("xmllint runs (apt-get install libxml2-utils)");
    assert!(
        valid.status.success(),
        "{}",
        String::from_utf8_lossy(&valid.stderr)
    );
    let again = common::project_dir(&[("a.txt", "x\n")]);
    let (code, _, err) = run(&[
        "codebook",
        "import",
        out.to_str().expect("utf8"),
        again.path().to_str().expect("utf8"),
    ]);
    assert_eq!(code, 0, "{err}");
    let a = tandai::core::codebook::Codebook::load(&dir.path().join("codebook.json")).expect("a");
    let b = tandai::core::codebook::Codebook::load(&again.path().join("codebook.json")).expect("b");
    let ids = |x: &tandai::core::codebook::Codebook| {
        x.codes
            .iter()
            .map(|c| (c.id.clone(), c.parent, c.own_key))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&a),
        ids(&b),
        "same ids, tree and keys after export and import"
    );
    for (x, y) in a.codes.iter().zip(&b.codes) {
        assert_eq!(x.label.id, y.label.id, "labels in the exported language");
        assert_eq!(x.definition.id, y.definition.id);
    }
}

#[test]
fn importing_a_codebook_as_a_project_says_which_command_to_use() {
    let dir = tempfile::tempdir().expect("tmp");
    let qdc = dir.path().join("kode.qdc");
    std::fs::write(&qdc, "<CodeBook/>").expect("write");
    let (code, out, err) = run(&["import", qdc.to_str().expect("utf8")]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("tandai codebook import"), "{err}");
    assert!(!dir.path().join("kode").exists(), "nothing made");
}
