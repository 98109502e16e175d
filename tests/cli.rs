//! The scriptable commands, run as a user would: output on stdout, messages on stderr,
//! exit codes.

mod common;

use common::tmux::{BIN, copy_sample};
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().expect("runs");
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
                tandai::core::sidecar::paragraph_fingerprint(text),
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
