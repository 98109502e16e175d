//! `tandai report` against numbers worked out by hand on a small fixture with two
//! coders.

mod common;

use common::tmux::BIN;
use std::process::Command;
use tandai::app::keymap::Keymap;
use tandai::app::{Action, State, update};
use tandai::core::analysis::report;
use tandai::core::codebook::{Codebook, Lang};
use tandai::core::project::Project;

const BOOK: &str = r#"{"format":"tandai-codebook","version":1,"codes":[
    {"id":"a","label":{"en":"Alpha","id":"Alfa"}},{"id":"b","label":"Beta"},{"id":"c","label":"Gamma"},{"id":"d","label":"Unused"}]}"#;

/// doc1 (3 paragraphs): ana ¶1 {a,b}, ¶2 {a}; budi ¶1 {a}. doc2 (2 paragraphs): ana ¶2 {c}.
fn fixture() -> tempfile::TempDir {
    let dir = common::project_dir(&[
        ("doc1.txt", "satu\n\ndua\n\ntiga\n"),
        ("doc2.txt", "empat\n\nlima\n"),
        ("codebook.json", BOOK),
    ]);
    code_as(
        dir.path(),
        "ana",
        &[(0, 0, "a"), (0, 0, "b"), (0, 1, "a"), (1, 1, "c")],
    );
    code_as(dir.path(), "budi", &[(0, 0, "a")]);
    dir
}

/// Codes (document, paragraph, code id) as `coder` and writes the sidecars.
fn code_as(dir: &std::path::Path, coder: &str, codings: &[(usize, usize, &str)]) {
    let project = Project::open(dir).expect("open");
    let book = Codebook::parse(BOOK.as_bytes(), "b").expect("book");
    let mut s = State::new(
        project,
        book,
        Keymap::load(None).expect("keymap"),
        coder.into(),
    );
    for &(doc, para, id) in codings {
        s.go_to(doc, para);
        let c = s.codebook.index_of(id).expect("code");
        update(&mut s, Action::ToggleCode(c));
    }
    for doc in 0..2 {
        if !s.docs[doc].decisions.paragraphs.is_empty() {
            std::fs::write(s.sidecar_path(doc), s.sidecar_bytes(doc).expect("bytes"))
                .expect("write");
        }
    }
}

fn build(dir: &std::path::Path, coder: Option<&str>) -> report::Report {
    let project = Project::open(dir).expect("open");
    let book = Codebook::parse(BOOK.as_bytes(), "b").expect("book");
    let (coded, problems) = report::collect(&project, coder);
    assert!(problems.is_empty());
    report::build(&project, &book, &coded, Lang::En)
}

#[test]
fn numbers_match_the_hand_count() {
    let dir = fixture();
    let r = build(dir.path(), None);
    assert_eq!(r.coders, ["ana", "budi"]);
    let freq: Vec<(&str, usize, usize, usize)> = r
        .codes
        .iter()
        .map(|c| (c.id.as_str(), c.codings, c.paragraphs, c.documents))
        .collect();
    // a: ana ¶1, ana ¶2 and budi ¶1 are three codings on two distinct paragraphs.
    assert_eq!(
        freq,
        [
            ("a", 3, 2, 1),
            ("b", 1, 1, 1),
            ("c", 1, 1, 1),
            ("d", 0, 0, 0)
        ]
    );
    let cov: Vec<(usize, usize)> = r.coverage.iter().map(|c| (c.paragraphs, c.coded)).collect();
    assert_eq!(cov, [(3, 2), (2, 1)]);
    assert_eq!(r.matrix, [vec![3, 0], vec![1, 0], vec![0, 1], vec![0, 0]]);
    assert_eq!(r.cooccurrence_counts, report::Cooccurrence::WithinCoder);
    assert_eq!(r.cooccurrence[0], [3, 1, 0, 0], "a with a, b, c, d");
    assert_eq!(r.cooccurrence[1], [1, 1, 0, 0]);
    assert_eq!(r.cooccurrence[2], [0, 0, 1, 0]);
}

/// cici gives doc2 ¶2 the code a, where ana gave c: the two codes meet on that
/// paragraph across coders, never within one coder.
#[test]
fn cooccurrence_within_each_coder_or_across_coders() {
    let dir = fixture();
    code_as(dir.path(), "cici", &[(1, 1, "a")]);
    let within = build(dir.path(), None);
    assert_eq!(
        within.cooccurrence[0],
        [4, 1, 0, 0],
        "a: 4 codings; a with c: 0"
    );
    let project = Project::open(dir.path()).expect("open");
    let book = Codebook::parse(BOOK.as_bytes(), "b").expect("book");
    let (coded, _) = report::collect(&project, None);
    let across = report::build_with(
        &project,
        &book,
        &coded,
        Lang::En,
        report::Cooccurrence::AcrossCoders,
    );
    assert_eq!(
        across.cooccurrence[0],
        [3, 1, 1, 0],
        "a: 3 paragraphs; a with c: 1"
    );
    let p = dir.path().to_str().expect("utf8");
    let (code, out, err) = run(&["report", p, "--cooccurrence", "across"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Co-occurrence across coders (distinct paragraphs with both codes"),
        "{out}"
    );
    assert!(out.contains("c1 a   3   1   1   0\n"), "{out}");
    let (_, json, _) = run(&["report", p, "--format", "json", "--cooccurrence", "across"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["cooccurrence_counts"], "across_coders");
    assert_eq!(v["codes"][0]["codings"], 4);
    assert_eq!(v["codes"][0]["paragraphs"], 3);
}

#[test]
fn one_coder_only() {
    let dir = fixture();
    let r = build(dir.path(), Some("budi"));
    assert_eq!(r.coders, ["budi"]);
    assert_eq!(r.codes[0].paragraphs, 1);
    assert_eq!(r.coverage[0].coded, 1);
    assert_eq!(r.matrix[2], [0, 0]);
}

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

#[test]
fn text_table_is_aligned() {
    let dir = fixture();
    let (code, out, err) = run(&["report", dir.path().to_str().expect("utf8")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("2 documents; coders: ana, budi\n"), "{out}");
    assert!(
        out.contains(
            "Code frequencies\n(codings count a paragraph once per coder who gave it the code; paragraphs count it once)\n\
             code  label   codings  paragraphs  documents\n\
             a     Alpha         3           2          1\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Coverage (distinct paragraphs)\n(coded: paragraphs with a code from any coder)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Code x document (codings: paragraph x coder)\n"),
        "{out}"
    );
    assert!(
        out.contains("Co-occurrence within each coder (paragraph x coder with both codes"),
        "{out}"
    );
    assert!(
        out.contains("doc1.txt           3      2    66.7%\n"),
        "{out}"
    );
    assert!(
        out.contains("(all)              5      3    60.0%\n"),
        "{out}"
    );
    assert!(out.contains("c1 a   3   1   0   0\n"), "{out}");
}

#[test]
fn csv_is_long_form_with_numbers_that_stay_numbers() {
    let dir = fixture();
    let (_, out, _) = run(&[
        "report",
        dir.path().to_str().expect("utf8"),
        "--format",
        "csv",
        "--lang",
        "id",
    ]);
    let mut lines = out.split("\r\n").filter(|l| !l.is_empty());
    assert_eq!(lines.next(), Some("table,row,label,column,value,percent"));
    let rows: Vec<Vec<String>> = lines.map(parse_csv_line).collect();
    assert!(rows.iter().all(|r| r.len() == 6), "six fields every row");
    // Every value is a whole number, every percent empty or a plain number: no
    // "66.7%" strings and no labels among the counts.
    for r in &rows {
        assert!(r[4].parse::<u64>().is_ok(), "value {:?} in {r:?}", r[4]);
        assert!(
            r[5].is_empty() || r[5].parse::<f64>().is_ok(),
            "percent {:?} in {r:?}",
            r[5]
        );
    }
    let row = |t: &str, row: &str, col: &str| {
        rows.iter()
            .find(|r| r[0] == t && r[1] == row && r[3] == col)
            .cloned()
            .unwrap_or_else(|| panic!("no {t} {row} {col} in {rows:?}"))
    };
    assert_eq!(
        row("frequencies", "a", "codings")[2..],
        ["Alfa", "codings", "3", ""]
    );
    assert_eq!(row("frequencies", "a", "documents")[4], "1");
    assert_eq!(row("coverage", "doc1.txt", "coded")[4..], ["2", "66.67"]);
    assert_eq!(row("coverage", "doc1.txt", "paragraphs")[4..], ["3", ""]);
    assert_eq!(row("coverage", "(all)", "coded")[4..], ["3", "60.00"]);
    assert_eq!(row("code_by_document", "a", "doc1.txt")[4], "3");
    assert_eq!(row("cooccurrence_within_coder", "a", "b")[4], "1");
}

/// A small RFC 4180 reader for one line (quoted fields with doubled quotes).
fn parse_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("field").push(c),
        }
    }
    fields
}

#[test]
fn json_and_markdown() {
    let dir = fixture();
    let p = dir.path().to_str().expect("utf8");
    let (_, out, _) = run(&["report", p, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["matrix"][0], serde_json::json!([3, 0]));
    let (_, out, _) = run(&["report", p, "--format", "md"]);
    assert!(
        out.contains("## Coverage") && out.contains("| doc2.txt | 2 | 1 | 50.0% |"),
        "{out}"
    );
}

#[test]
fn an_unreadable_sidecar_is_named_and_the_exit_code_says_so() {
    let dir = fixture();
    std::fs::write(dir.path().join("doc2.txt.cici.tandai.json"), "{ broken").expect("write");
    let (code, out, err) = run(&["report", dir.path().to_str().expect("utf8")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Code frequencies"),
        "the report is still printed"
    );
    assert!(err.contains("doc2.txt.cici.tandai.json: line 1"), "{err}");
}
