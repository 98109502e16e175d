//! `tandai agree` on a small two-coder project whose paragraph-level values are
//! worked out by hand below, the finished marks that choose the documents, and the
//! command in every format with its errors.

mod common;

use common::tmux::BIN;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use tandai::core::analysis::agreement::{self, Agreement, Coefficient, Options, Row};
use tandai::core::codebook::{Codebook, Lang};
use tandai::core::coding::sidecar::{Decisions, SidecarFile, sidecar_path};
use tandai::core::project::{Project, to_sidecar};

/// `s` is an exclusive heading over `s.a` and `s.b`; `x` stands alone; `old` was
/// merged into `x`, so codings with `old` count as `x`.
const BOOK: &str = r#"{"format":"tandai-codebook","version":1,"codes":[
  {"id":"s","label":"Stage","codable":false,"exclusive":true,"children":[
    {"id":"s.a","label":"Stage A"},{"id":"s.b","label":"Stage B"}]},
  {"id":"x","label":"Ex"},
  {"id":"old","label":"Old","merged_into":"x"}]}"#;

type Coding<'a> = (&'a str, &'a str, bool, &'a [(usize, &'a [&'a str])]);

/// The hand-worked project (paragraphs from 1):
///
/// | doc  | ¶ | ana       | budi   |
/// |------|---|-----------|--------|
/// | doc1 | 1 | s.a, x    | s.a    |
/// | doc1 | 2 | s.b       | s.a    |
/// | doc1 | 3 |           | x      |
/// | doc1 | 4 | old (= x) | x      |
/// | doc2 | 1 |           |        |
/// | doc2 | 2 | s.b       | s.b    |
///
/// Both coders finished doc1 and doc2. doc3: ana ¶1 x (finished), budi ¶2 x (not
/// finished). doc4: no sidecars. A consensus coder's sidecar on doc1 is never compared
/// by default.
fn fixture() -> tempfile::TempDir {
    let dir = common::project_dir(&[
        ("doc1.txt", "satu\n\ndua\n\ntiga\n\nempat\n"),
        ("doc2.txt", "lima\n\nenam\n"),
        ("doc3.txt", "tujuh\n\ndelapan\n"),
        ("doc4.txt", "sembilan\n"),
        ("codebook.json", BOOK),
    ]);
    let codings: [Coding; 7] = [
        (
            "doc1.txt",
            "ana",
            true,
            &[(1, &["s.a", "x"]), (2, &["s.b"]), (4, &["old"])],
        ),
        (
            "doc1.txt",
            "budi",
            true,
            &[(1, &["s.a"]), (2, &["s.a"]), (3, &["x"]), (4, &["x"])],
        ),
        ("doc2.txt", "ana", true, &[(2, &["s.b"])]),
        ("doc2.txt", "budi", true, &[(2, &["s.b"])]),
        ("doc3.txt", "ana", true, &[(1, &["x"])]),
        ("doc3.txt", "budi", false, &[(2, &["x"])]),
        ("doc1.txt", "consensus", true, &[(1, &["s.a"])]),
    ];
    for (doc, coder, finished, paragraphs) in codings {
        write_sidecar(dir.path(), doc, coder, finished, paragraphs);
    }
    dir
}

fn write_sidecar(
    dir: &Path,
    doc: &str,
    coder: &str,
    finished: bool,
    paragraphs: &[(usize, &[&str])],
) {
    let project = Project::open(&dir.join(doc)).expect("open");
    let document = &project.documents[0];
    let content = document.content.as_ref().expect("content");
    let mut decisions = Decisions {
        finished,
        ..Decisions::default()
    };
    for (p, codes) in paragraphs {
        let entry = decisions.paragraphs.entry(p - 1).or_default();
        entry.codes.extend(codes.iter().map(|c| (*c).to_owned()));
    }
    let file = to_sidecar(document, content, coder, &decisions);
    std::fs::write(sidecar_path(&document.path, coder), file.to_bytes()).expect("write");
}

fn compare(dir: &Path, all: bool) -> Agreement {
    let project = Project::open(dir).expect("open");
    let book = Codebook::parse(BOOK.as_bytes(), "codebook.json").expect("book");
    let options = Options {
        coders: Vec::new(),
        codes: Vec::new(),
        documents: Vec::new(),
        all,
        lang: Lang::En,
        units: None,
    };
    agreement::compare(&project, &book, &options).expect("compares")
}

/// percent agreement, Cohen, Fleiss, alpha (None: no value).
fn four(row: &Row) -> [Option<f64>; 4] {
    let c = row.coefficients;
    [
        c.percent_agreement.value(),
        c.cohen_kappa.value(),
        c.fleiss_kappa.value(),
        c.krippendorff_alpha.value(),
    ]
}

fn assert_close(row: &Row, expected: [f64; 4]) {
    let got = four(row);
    for (i, (g, e)) in got.iter().zip(expected).enumerate() {
        let g = g.unwrap_or_else(|| panic!("{} coefficient {i} undefined", row.name));
        assert!(
            (g - e).abs() < 1e-9,
            "{} coefficient {i}: {g} != {e}",
            row.name
        );
    }
}

fn by_name<'a>(rows: &'a [Row], name: &str) -> &'a Row {
    rows.iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn per_code_values_match_the_hand_count() {
    let dir = fixture();
    let a = compare(dir.path(), false);
    assert_eq!(a.coders, ["ana", "budi"], "the consensus coder is left out");
    let names: Vec<&str> = a.codes.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["s.a", "s.b", "x"],
        "headings and merged codes are not variables"
    );
    // s.a: (1,1) (0,1) and four (0,0). Agreed 5 of 6. Cohen: marginals ana 1/5,
    // budi 2/4: (6·5 − (1·2 + 5·4)) / (36 − 22) = 8/14. Fleiss: Σ n_ij² = 22,
    // P̄ = (22 − 12)/12, P̄e = (3/12)² + (9/12)² = 0.625. Alpha: n = 12, n_1 = 3,
    // one disagreeing unit (2 ordered pairs): 1 − 11·2/(144 − 9 − 81) = 1 − 22/54.
    let p_bar = 10.0 / 12.0;
    let fleiss = (p_bar - 0.625) / (1.0 - 0.625);
    assert_close(
        by_name(&a.codes, "s.a"),
        [5.0 / 6.0, 8.0 / 14.0, fleiss, 1.0 - 22.0 / 54.0],
    );
    // s.b mirrors s.a (ana alone on doc1 ¶2).
    assert_close(
        by_name(&a.codes, "s.b"),
        [5.0 / 6.0, 8.0 / 14.0, fleiss, 1.0 - 22.0 / 54.0],
    );
    // x (old counts as x): (1,0) (0,0) (0,1) (1,1) (0,0) (0,0). Agreed 4 of 6.
    // Cohen: both coders 2/4: (24 − 20)/(36 − 20) = 0.25; Fleiss the same (equal
    // marginals); alpha: n_1 = 4, two disagreeing units: 1 − 11·4/(144 − 16 − 64).
    assert_close(
        by_name(&a.codes, "x"),
        [4.0 / 6.0, 0.25, 0.25, 1.0 - 44.0 / 64.0],
    );
    let counts: Vec<[u64; 4]> = a
        .codes
        .iter()
        .map(|r| {
            let c = r.counts.expect("two coders");
            [c.both, c.only_a, c.only_b, c.neither]
        })
        .collect();
    assert_eq!(counts, [[1, 0, 1, 4], [1, 1, 0, 4], [1, 1, 1, 3]]);
}

#[test]
fn exclusive_group_is_one_nominal_variable() {
    let dir = fixture();
    let a = compare(dir.path(), false);
    let s = by_name(&a.groups, "s");
    // Values: (a,a) (b,a) (none,none) x3 (b,b). Agreed 5 of 6. Cohen: ana a1 b2 none3,
    // budi a2 b1 none3: (30 − (2 + 2 + 9))/(36 − 13) = 17/23. Fleiss: totals a3 b3
    // none6, P̄ = 10/12, P̄e = 1/16 + 1/16 + 1/4. Alpha: 1 − 11·2/(144 − 9 − 9 − 36).
    let p_e = 0.375;
    assert_close(
        s,
        [
            5.0 / 6.0,
            17.0 / 23.0,
            (10.0 / 12.0 - p_e) / (1.0 - p_e),
            1.0 - 22.0 / 90.0,
        ],
    );
    assert_eq!(s.units, 6);
    assert_eq!(s.counts, None, "counts are for yes/no variables");
}

#[test]
fn documents_and_overall_pool_paragraph_code_pairs() {
    let dir = fixture();
    let a = compare(dir.path(), false);
    assert_eq!(a.pooled, ["s.a", "s.b", "x"]);
    // doc1: 12 units; both 2, only ana 2, only budi 2, neither 6. Cohen: both 4/8:
    // (96 − 80)/(144 − 80). Alpha: n = 24, n_1 = 8, four disagreeing units:
    // 1 − 23·8/(576 − 64 − 256).
    let doc1 = by_name(&a.documents, "doc1.txt");
    assert_eq!(doc1.units, 12);
    assert_close(doc1, [8.0 / 12.0, 0.25, 0.25, 1.0 - 184.0 / 256.0]);
    // doc2: 6 units, only s.b on ¶2 by both: perfect agreement.
    assert_close(by_name(&a.documents, "doc2.txt"), [1.0, 1.0, 1.0, 1.0]);
    // Overall: 18 units; both 3, only ana 2, only budi 2, neither 11. Cohen (marginals
    // 5/13 each): (18·14 − 194)/(324 − 194); alpha: 1 − 35·8/(1296 − 100 − 676).
    assert_eq!(a.overall.units, 18);
    let o = a.overall.counts.expect("two coders");
    assert_eq!([o.both, o.only_a, o.only_b, o.neither], [3, 2, 2, 11]);
    assert_close(
        &a.overall,
        [14.0 / 18.0, 58.0 / 130.0, 58.0 / 130.0, 1.0 - 280.0 / 520.0],
    );
}

#[test]
fn unfinished_documents_are_left_out_with_the_reason_and_all_takes_them() {
    let dir = fixture();
    let a = compare(dir.path(), false);
    let compared: Vec<&str> = a.included.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(compared, ["doc1.txt", "doc2.txt"]);
    let left: BTreeMap<&str, &str> = a
        .left_out
        .iter()
        .map(|l| (l.document.as_str(), l.reason.as_str()))
        .collect();
    assert_eq!(left["doc3.txt"], "not marked finished by budi");
    assert_eq!(
        left["doc4.txt"],
        "not marked finished by ana (no sidecar), budi (no sidecar)"
    );
    let all = compare(dir.path(), true);
    assert!(all.left_out.is_empty());
    assert_eq!(all.included.len(), 4);
    // doc3 adds (1,0) and (0,1) on x; doc4 adds one paragraph nobody coded.
    let x = by_name(&all.codes, "x");
    assert_eq!(x.units, 9);
    let c = x.counts.expect("two");
    assert_eq!([c.both, c.only_a, c.only_b, c.neither], [1, 2, 2, 4]);
}

#[test]
fn nothing_finished_says_what_to_do_instead_of_empty_tables() {
    let dir = common::project_dir(&[("doc1.txt", "satu\n"), ("codebook.json", BOOK)]);
    write_sidecar(dir.path(), "doc1.txt", "ana", true, &[(1, &["x"])]);
    write_sidecar(dir.path(), "doc1.txt", "budi", false, &[(1, &["x"])]);
    let (code, text, err) = agree(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("Compared: 0 documents, 0 paragraphs\n"),
        "{text}"
    );
    assert!(text.contains("No document is compared, so there is nothing to measure: mark the documents\nfinished in tandai, or pass --all"), "{text}");
    assert!(!text.contains("undefined"), "{text}");
    let (_, json, _) = agree(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert!(json["overall"]["krippendorff_alpha"].is_null());
    assert_eq!(json["overall"]["units"], 0);
}

#[test]
fn finished_mark_round_trips_and_old_files_read_as_unfinished() {
    let dir = fixture();
    let read = |doc: &str, coder: &str| {
        let path = dir.path().join(format!("{doc}.{coder}.tandai.json"));
        let bytes = std::fs::read(path).expect("read");
        (
            SidecarFile::parse(&bytes, "s").expect("parses"),
            String::from_utf8(bytes).expect("utf8"),
        )
    };
    let (done, text) = read("doc1.txt", "ana");
    assert!(done.finished);
    assert!(text.contains("\"finished\": true"), "{text}");
    let (open, text) = read("doc3.txt", "budi");
    assert!(!open.finished);
    assert!(
        !text.contains("finished"),
        "false is left out, as in older files: {text}"
    );
    // A file written before the mark existed has no such key: it reads as unfinished,
    // and the mark survives attach + to_sidecar (what every save goes through).
    let project = Project::open(dir.path()).expect("open");
    let loaded = tandai::core::project::load_sidecar(&project.documents[0], "ana");
    assert!(loaded.decisions.finished);
    let doc = &project.documents[0];
    let again = to_sidecar(
        doc,
        doc.content.as_ref().expect("c"),
        "ana",
        &loaded.decisions,
    );
    assert!(again.finished);
}

#[test]
fn undefined_values_say_why_and_are_never_zero_or_one() {
    let dir = common::project_dir(&[("doc1.txt", "satu\n\ndua\n"), ("codebook.json", BOOK)]);
    write_sidecar(dir.path(), "doc1.txt", "ana", true, &[(1, &["x"])]);
    write_sidecar(dir.path(), "doc1.txt", "budi", true, &[(1, &["x"])]);
    let a = compare(dir.path(), false);
    let s_a = by_name(&a.codes, "s.a");
    assert_eq!(s_a.coefficients.percent_agreement, Coefficient::Value(1.0));
    for c in [
        s_a.coefficients.cohen_kappa,
        s_a.coefficients.fleiss_kappa,
        s_a.coefficients.krippendorff_alpha,
    ] {
        assert!(matches!(c, Coefficient::Undefined(_)), "{c:?}");
        assert_eq!(s_a.why(c).as_deref(), Some("no coder used this code"));
    }
    let json: serde_json::Value =
        serde_json::from_str(&agreement::output::to_json(&a)).expect("json");
    let row = &json["codes"][0];
    assert_eq!(row["code"], "s.a");
    assert!(row["cohen_kappa"].is_null() && row["krippendorff_alpha"].is_null());
    assert_eq!(row["reasons"]["cohen_kappa"], "no coder used this code");
    let text = agreement::output::to_text(&a);
    assert!(
        text.contains("- s.a, s.b: Cohen, Fleiss, alpha undefined: no coder used this code.\n"),
        "{text}"
    );
    // x is on ¶1 for both and nowhere else: perfect agreement, defined.
    assert_close(by_name(&a.codes, "x"), [1.0, 1.0, 1.0, 1.0]);
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

fn agree(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let path = dir.to_str().expect("utf8 path");
    let mut args = vec!["agree", path];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn text_output_lists_documents_and_fits_80_columns() {
    let dir = fixture();
    let (code, out, err) = agree(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Agreement of ana (A) and budi (B), paragraph by paragraph\n"),
        "{out}"
    );
    assert!(
        out.contains("Compared: 2 documents, 6 paragraphs\n  doc1.txt (4 paragraphs)\n"),
        "{out}"
    );
    assert!(
        out.contains("Left out: 2 documents\n  doc3.txt: not marked finished by budi\n  doc4.txt: not marked finished by ana (no sidecar), budi (no sidecar)\n  (--all compares documents not marked finished too)\n"),
        "{out}"
    );
    assert!(
        out.contains("code  units  agree  Cohen  Fleiss  alpha\n"),
        "{out}"
    );
    assert!(
        out.contains("s.a       6  83.3%  0.571   0.556  0.593\n"),
        "{out}"
    );
    assert!(
        out.contains("x         6  66.7%  0.250   0.250  0.312\n"),
        "{out}"
    );
    assert!(
        out.contains("code  both  only A  only B  neither\ns.a      1       0       1        4\n"),
        "{out}"
    );
    assert!(out.contains("Pooled codes (applied by at least one compared coder): s.a, s.b, x\n"));
    for line in out.lines() {
        assert!(
            tandai::core::display::width(line) <= 80,
            "{line:?} is wider than 80"
        );
    }
}

#[test]
fn csv_json_md_html_carry_the_same_numbers() {
    let dir = fixture();
    let (code, csv_text, err) = agree(dir.path(), &["--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header[..8],
        [
            "section",
            "name",
            "label",
            "units",
            "percent_agreement",
            "cohen_kappa",
            "fleiss_kappa",
            "krippendorff_alpha"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let sections: Vec<&str> = records.iter().map(|r| &r[0]).collect();
    assert_eq!(
        sections,
        [
            "code", "code", "code", "group", "document", "document", "overall", "left out",
            "left out"
        ]
    );
    assert_eq!(&records[2][1], "x");
    assert_eq!(records[2][5].parse::<f64>().expect("number"), 0.25);
    assert!(records[7][12].contains("not marked finished by budi"));

    let (_, json_text, _) = agree(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json_text).expect("json");
    let keys: Vec<&str> = json["codes"][0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "code",
        "label",
        "units",
        "percent_agreement",
        "cohen_kappa",
        "fleiss_kappa",
        "krippendorff_alpha",
        "both",
        "only_a",
        "only_b",
        "neither",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
    }
    assert_eq!(json["codes"][2]["code"], "x");
    assert_eq!(json["codes"][2]["cohen_kappa"], 0.25);
    assert!(
        (json["codes"][0]["percent_agreement"].as_f64().expect("n") - 500.0 / 6.0).abs() < 1e-9
    );
    assert_eq!(json["groups"][0]["code"], "s");
    assert!(json["groups"][0]["both"].is_null());
    assert_eq!(json["documents"][0]["document"], "doc1.txt");
    assert_eq!(json["overall"]["units"], 18);
    assert_eq!(json["left_out"][1]["document"], "doc4.txt");
    assert_eq!(json["compared"][0]["paragraphs"], 4);

    let (_, md, _) = agree(dir.path(), &["--format", "md"]);
    assert!(
        md.contains("| s.a | Stage A | 6 | 83.3% | 0.571 | 0.556 | 0.593 | 1 | 0 | 1 | 4 |"),
        "{md}"
    );
    let (_, html, _) = agree(dir.path(), &["--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
    assert!(
        html.contains("<td>x</td><td>Ex</td><td class=\"n\">6</td><td class=\"n\">66.7%</td>"),
        "{html}"
    );
}

#[test]
fn names_from_files_are_escaped_in_md_and_html_and_sanitised_in_text() {
    let dir = common::project_dir(&[("a<b>|c.txt", "satu\n\ndua\n"), ("codebook.json", BOOK)]);
    for coder in ["ana", "budi"] {
        write_sidecar(dir.path(), "a<b>|c.txt", coder, true, &[(1, &["x"])]);
    }
    let (_, md, _) = agree(dir.path(), &["--format", "md"]);
    assert!(
        md.contains("a\\<b\\>\\|c.txt") && !md.contains("a<b>"),
        "{md}"
    );
    let (_, html, _) = agree(dir.path(), &["--format", "html"]);
    assert!(
        html.contains("a&lt;b&gt;|c.txt") && !html.contains("<b>"),
        "{html}"
    );
    let evil = common::project_dir(&[("e\u{1b}]0;x\u{7}.txt", "satu\n"), ("codebook.json", BOOK)]);
    for coder in ["ana", "budi"] {
        write_sidecar(
            evil.path(),
            "e\u{1b}]0;x\u{7}.txt",
            coder,
            true,
            &[(1, &["x"])],
        );
    }
    let (_, text, _) = agree(evil.path(), &[]);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
}

#[test]
fn filters_and_output_file() {
    let dir = fixture();
    let out = dir.path().join("agree.json");
    let (code, stdout, err) = agree(
        dir.path(),
        &[
            "--code",
            "s",
            "--document",
            "doc1.txt",
            "--format",
            "json",
            "-o",
            out.to_str().expect("p"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("json");
    let codes: Vec<&str> = json["codes"]
        .as_array()
        .expect("a")
        .iter()
        .map(|c| c["code"].as_str().expect("s"))
        .collect();
    assert_eq!(codes, ["s.a", "s.b"], "--code s takes its sub-codes");
    assert_eq!(json["groups"][0]["code"], "s");
    assert_eq!(json["compared"].as_array().expect("a").len(), 1);
    assert_eq!(json["overall"]["units"], 8, "4 paragraphs x 2 pooled codes");
    // Three coders: Cohen is n/a, and the consensus coder can be named.
    let (code, text, err) = agree(
        dir.path(),
        &["--coders", "ana,budi,consensus", "--document", "doc1.txt"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("Agreement of ana, budi and consensus"),
        "{text}"
    );
    assert!(
        text.contains("Cohen's kappa is n/a: it compares exactly two coders, not 3."),
        "{text}"
    );
    assert!(!text.contains("only A"), "{text}");
}

#[test]
fn consensus_coder_named_in_project_json_is_left_out() {
    let dir = fixture();
    std::fs::write(
        dir.path().join("project.json"),
        r#"{"format":"tandai-project","version":1,"consensus":"ana"}"#,
    )
    .expect("write");
    let (code, out, err) = agree(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Agreement of budi (A) and consensus (B)"),
        "{out}"
    );
    std::fs::remove_file(dir.path().join("doc1.txt.consensus.tandai.json")).expect("rm");
    let (code, _, err) = agree(dir.path(), &[]);
    assert_ne!(code, 0);
    assert!(
        err.contains("agreement needs two coders or more; coders with sidecars: budi"),
        "{err}"
    );
    assert!(
        err.contains("the consensus coder ana is left out; name it in --coders"),
        "{err}"
    );
}

#[test]
fn errors_name_what_is_wrong() {
    let dir = fixture();
    for (args, expected) in [
        (
            &["--coders", "ana,zed"][..],
            "--coders zed: no sidecar of this coder in the project; coders: ana, budi, consensus",
        ),
        (&["--coders", "ana"], "--coders names only ana"),
        (&["--coders", "ana,../x"], "is not a coder name"),
        (&["--coders", "ana,ana"], "ana is named twice"),
        (&["--code", "nope"], "--code nope: no such code"),
        (
            &["--document", "nope.txt"],
            "--document nope.txt: no such document in the project; documents: doc1.txt",
        ),
    ] {
        let (code, out, err) = agree(dir.path(), args);
        assert_ne!(code, 0, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}

#[test]
fn an_unreadable_sidecar_leaves_its_document_out_and_exits_1() {
    let dir = fixture();
    std::fs::write(
        dir.path().join("doc2.txt.budi.tandai.json"),
        "{\"format\": ",
    )
    .expect("write");
    let (code, out, err) = agree(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("doc2.txt: a sidecar cannot be read:"), "{out}");
    assert!(out.contains("Compared: 1 document, 4 paragraphs"), "{out}");
    assert!(
        err.contains("left out of the comparison: doc2.txt"),
        "{err}"
    );
}

/// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers x
/// 12 units with missing values; interval alpha .849 as published.
const K2011: &str = "A,B,C,D\n1,1,,1\n2,2,3,2\n3,3,3,3\n3,3,3,3\n2,2,2,2\n1,2,3,4\n4,4,4,4\n1,1,2,1\n2,2,2,2\n,5,5,5\n,,1,1\n,3,,\n";

#[test]
fn data_in_text_and_json() {
    let dir = common::project_dir(&[
        ("k.csv", K2011),
        ("two.csv", "ana,budi\nya,ya\nya,tidak\ntidak,tidak\n"),
    ]);
    let file = dir.path().join("k.csv");
    let f = file.to_str().expect("utf8");
    let (code, text, err) = run(&["agree", "--data", f, "--level", "interval"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains(
            "(4 coders, 12 units, 41 values; 11 units with values from two coders or more)"
        ),
        "{text}"
    );
    assert!(
        text.contains("Krippendorff's alpha  0.849 (interval level)\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "Cohen's kappa         n/a: Cohen's kappa compares exactly two coders, not 4\n"
        ),
        "{text}"
    );
    let (_, json, _) = run(&["agree", "--data", f, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["level"], "nominal");
    assert!((json["krippendorff_alpha"].as_f64().expect("alpha") - 0.743).abs() < 5e-4);
    assert!(json["cohen_kappa"].is_null() && json["fleiss_kappa"].is_null());
    assert_eq!(
        json["reasons"]["fleiss_kappa"],
        "units have different numbers of values (missing values)"
    );
    for key in [
        "percent_agreement",
        "cohen_kappa",
        "fleiss_kappa",
        "krippendorff_alpha",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    let two = dir.path().join("two.csv");
    let (_, json, _) = run(&[
        "agree",
        "--data",
        two.to_str().expect("p"),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    // ya/ya, ya/tidak, tidak/tidak: marginals ana 2/1, budi 1/2: (3·2 − 4)/(9 − 4).
    assert!((json["cohen_kappa"].as_f64().expect("kappa") - 0.4).abs() < 1e-12);
}

#[test]
fn data_errors_name_file_and_line_and_exit_non_zero() {
    let dir = common::project_dir(&[
        ("ragged.csv", "a,b\n1,2\n1\n"),
        ("words.csv", "a,b\n1,2\nx,1\n"),
    ]);
    let path = |n: &str| dir.path().join(n).to_str().expect("p").to_owned();
    for (args, expected) in [
        (
            vec!["--data".to_owned(), path("ragged.csv")],
            "ragged.csv: line 3: 1 cells, but the first row names 2 coders",
        ),
        (
            vec![
                "--data".to_owned(),
                path("words.csv"),
                "--level".into(),
                "ratio".into(),
            ],
            "words.csv: line 3: coder a: \"x\" is not a number",
        ),
        (
            vec![
                "--data".to_owned(),
                path("ragged.csv"),
                "--format".into(),
                "md".into(),
            ],
            "--data writes --format text or json",
        ),
        (
            vec!["--data".to_owned(), path("none.csv")],
            "none.csv: No such file or directory",
        ),
        (
            vec![
                "--data".to_owned(),
                path("words.csv"),
                "--coders".into(),
                "a,b".into(),
            ],
            "cannot be used with",
        ),
        (vec!["--level".to_owned(), "ratio".into()], "--data"),
    ] {
        let mut all = vec!["agree".to_owned()];
        all.extend(args.clone());
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let (code, out, err) = run(&refs);
        assert_ne!(code, 0, "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}

#[test]
fn an_invalid_consensus_name_is_a_warning_and_the_default_applies() {
    let dir = fixture();
    std::fs::write(
        dir.path().join("project.json"),
        r#"{"format":"tandai-project","version":1,"consensus":"../x"}"#,
    )
    .expect("write");
    let project = Project::open(dir.path()).expect("open");
    assert_eq!(project.consensus_coder(), "consensus");
    assert!(
        project.warnings[0].contains("\"consensus\" \"../x\" is not a coder name"),
        "{:?}",
        project.warnings
    );
    let a = compare(dir.path(), false);
    assert_eq!(a.coders, ["ana", "budi"]);
    assert!(a.notes[0].contains("is not a coder name"), "{:?}", a.notes);
}
