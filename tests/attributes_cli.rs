//! The attributes on the command line: `tandai attributes` (list, import), `report
//! --by`, `--where` on report, export, agree and paragraphs, and the citation
//! template and document memos of the Markdown and HTML exports.

mod common;

use std::path::Path;
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn tandai(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tandai"))
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .output()
        .expect("tandai runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const PROJECT: &str = r#"{"format":"tandai-project","version":2,"title":"Uji",
  "attributes":[{"name":"role","type":"text"},{"name":"age","type":"number"}],
  "documents":{"informan-1.txt":{"role":"polisi","age":41},
               "informan-2.txt":{"role":"pekerja","age":29}},
  "team":{"supervisor":"dewi"}}"#;

/// Two documents with attributes, a codebook, and ana's and budi's codings:
/// informan-1 ¶1 Contact (both), ¶2 Involvement (ana); informan-2 ¶3 Contact (ana),
/// with a document memo of ana's on informan-1.
fn project() -> tempfile::TempDir {
    let dir = common::two_docs();
    let d = dir.path();
    std::fs::write(d.join("project.json"), PROJECT).expect("project");
    let pack = tandai::core::codebook::packs::find("devito")
        .expect("pack")
        .json;
    std::fs::write(d.join("codebook.json"), pack).expect("codebook");
    let mut ana = common::state_in(d, "ana");
    for (doc, para, id) in [
        (0, 0, "devito.contact"),
        (0, 1, "devito.involvement"),
        (1, 2, "devito.contact"),
    ] {
        ana.go_to(doc, para);
        common::toggle(&mut ana, id);
    }
    ana.docs[0].decisions.memo = "Informan ragu di awal.".into();
    let mut budi = common::state_in(d, "budi");
    budi.go_to(0, 0);
    common::toggle(&mut budi, "devito.contact");
    for (s, docs) in [(&ana, vec![0, 1]), (&budi, vec![0])] {
        for doc in docs {
            std::fs::write(s.sidecar_path(doc), s.sidecar_bytes(doc).expect("bytes"))
                .expect("sidecar");
        }
    }
    dir
}

fn p(dir: &tempfile::TempDir) -> &str {
    dir.path().to_str().expect("utf8")
}

fn project_json(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("project.json")).expect("read")
}

#[test]
fn attributes_are_listed_as_text_csv_and_json() {
    let dir = project();
    let r = tandai(&["attributes", p(&dir)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("2 documents; attributes: role (text), age (number)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("informan-1.txt  polisi   41"),
        "{}",
        r.stdout
    );
    let r = tandai(&["attributes", p(&dir), "--format", "csv"]);
    assert_eq!(
        r.stdout,
        "document,role,age\r\ninforman-1.txt,polisi,41\r\ninforman-2.txt,pekerja,29\r\n"
    );
    let r = tandai(&["attributes", p(&dir), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["attributes"][1]["type"], "number");
    assert_eq!(v["documents"][0]["values"]["age"], 41);
    // The CSV imports back as it is: nothing to change, nothing written.
    let csv = dir.path().join("back.csv");
    let listed = tandai(&["attributes", p(&dir), "--format", "csv"]).stdout;
    std::fs::write(&csv, listed).expect("csv");
    let r = tandai(&["attributes", "import", csv.to_str().expect("utf8"), p(&dir)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("nothing to change"), "{}", r.stderr);
    assert_eq!(project_json(dir.path()), PROJECT, "not rewritten");
}

#[test]
fn an_import_sets_values_and_keeps_what_it_does_not_know() {
    let dir = project();
    let csv = dir.path().join("informan.csv");
    std::fs::write(
        &csv,
        "\u{feff}Dokumen;kota;tanggal;aktif\r\ninforman-1.txt;Kupang;2026-04-02;ya\r\ninforman-2.txt;;2026-03-20;tidak\r\n",
    )
    .expect("csv");
    let r = tandai(&["attributes", "import", csv.to_str().expect("utf8"), p(&dir)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for said in [
        "new attribute kota (text)",
        "new attribute tanggal (date)",
        "new attribute aktif (yes/no)",
        "2 documents: 5 values set, 0 changed, 0 cleared, 1 already so",
        "wrote",
    ] {
        assert!(r.stderr.contains(said), "{said}: {}", r.stderr);
    }
    let text = project_json(dir.path());
    let a = tandai::core::attributes::file::from_bytes(text.as_bytes(), "p").expect("parses");
    assert_eq!(a.value("informan-1.txt", "tanggal"), Some("2026-04-02"));
    assert_eq!(a.value("informan-2.txt", "aktif"), Some("no"));
    assert_eq!(
        a.value("informan-1.txt", "age"),
        Some("41"),
        "other columns kept"
    );
    assert!(text.contains("\"aktif\": true"), "{text}");
    assert!(
        text.contains("\"supervisor\": \"dewi\""),
        "unknown fields kept: {text}"
    );
}

#[test]
fn a_bad_import_names_file_and_line_and_writes_nothing() {
    let dir = project();
    let csv = dir.path().join("informan.csv");
    std::fs::write(
        &csv,
        "document,age,role\ninforman-1.txt,empat puluh,polisi\ninforman-9.txt,30,x\n",
    )
    .expect("csv");
    let shown = csv.display().to_string();
    let r = tandai(&["attributes", "import", &shown, p(&dir)]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!(
            "{shown}:3: \"informan-9.txt\" is not a document of the project"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "{shown}:2: informan-1.txt: age: \"empat puluh\" is not a number"
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_eq!(project_json(dir.path()), PROJECT);
    // --dry-run says what would change and writes nothing either.
    std::fs::write(&csv, "document,age\ninforman-1.txt,42\n").expect("csv");
    let r = tandai(&["attributes", "import", &shown, p(&dir), "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("1 changed"), "{}", r.stderr);
    assert_eq!(project_json(dir.path()), PROJECT);
    // --type that some values do not fit.
    let r = tandai(&[
        "attributes",
        "import",
        &shown,
        p(&dir),
        "--type",
        "role=date",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("--type role=date: informan-1.txt has \"polisi\" is not a date"),
        "{}",
        r.stderr
    );
    // A project.json tandai cannot read is never replaced.
    std::fs::write(dir.path().join("project.json"), "{\"format\":").expect("broken");
    let r = tandai(&["attributes", "import", &shown, p(&dir)]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert_eq!(project_json(dir.path()), "{\"format\":");
}

#[test]
fn report_by_an_attribute_and_where() {
    let dir = project();
    let r = tandai(&["report", p(&dir), "--by", "role", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let by = &v["by"][0];
    assert_eq!(by["attribute"], "role");
    assert_eq!(by["values"], serde_json::json!(["pekerja", "polisi"]));
    let contact = by["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .position(|c| c == "devito.contact")
        .expect("contact row");
    // Contact: ¶3 of informan-2 (pekerja); ¶1 of informan-1 (polisi), by two coders,
    // counted once.
    assert_eq!(by["coded_paragraphs"][contact], serde_json::json!([1, 1]));
    assert_eq!(by["coded_documents"][contact], serde_json::json!([1, 1]));
    assert_eq!(by["documents"], serde_json::json!([1, 1]));
    let text = tandai(&["report", p(&dir), "--by", "role"]).stdout;
    assert!(text.contains("Code x role (paragraphs)"), "{text}");
    assert!(text.contains("Code x role (documents)"), "{text}");
    let r = tandai(&[
        "report",
        p(&dir),
        "--where",
        "role=pekerja",
        "--format",
        "json",
    ]);
    assert!(
        r.stderr
            .contains("only documents where role=pekerja: 1 of 2"),
        "{}",
        r.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["documents"], serde_json::json!(["informan-2.txt"]));
    assert_eq!(v["coverage"].as_array().map(Vec::len), Some(1));
    let r = tandai(&["report", p(&dir), "--by", "kota"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("--by kota: no such attribute; attributes: role, age"),
        "{}",
        r.stderr
    );
    let r = tandai(&["report", p(&dir), "--where", "age=30"]);
    assert!(
        r.stderr
            .contains("no document has age \"30\"; values of age: 29, 41"),
        "{}",
        r.stderr
    );
}

#[test]
fn paragraphs_and_agree_by_where() {
    let dir = project();
    let r = tandai(&[
        "paragraphs",
        p(&dir),
        "--where",
        "role=polisi",
        "--format",
        "jsonl",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .lines()
            .all(|l| l.contains("\"document\":\"informan-1.txt\""))
    );
    assert_eq!(r.stdout.lines().count(), 4);
    let r = tandai(&[
        "agree",
        p(&dir),
        "--all",
        "--where",
        "age=41",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("informan-1.txt") && !r.stdout.contains("informan-2.txt"),
        "{}",
        r.stdout
    );
    let r = tandai(&[
        "agree",
        p(&dir),
        "--all",
        "--where",
        "age=41",
        "--document",
        "informan-2.txt",
    ]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("matches --where"), "{}", r.stderr);
}

#[test]
fn exports_cite_by_the_template_and_carry_document_memos() {
    let dir = project();
    let md = tandai(&["export", p(&dir), "--format", "md"]).stdout;
    assert!(
        md.contains("> — informan-1.txt ¶1 (ana, budi)"),
        "the default: {md}"
    );
    assert!(md.contains("## Document memos"), "{md}");
    assert!(md.contains("### informan-1.txt (polisi · 41)"), "{md}");
    assert!(md.contains("*Memo (ana):* Informan ragu di awal."), "{md}");
    let with = PROJECT.replace(
        "\"team\"",
        "\"citation\": \"{role}, {age} tahun, {kota} ¶{paragraph}\", \"team\"",
    );
    std::fs::write(dir.path().join("project.json"), with).expect("write");
    let r = tandai(&[
        "export",
        p(&dir),
        "--format",
        "md",
        "--where",
        "role=polisi",
    ]);
    assert!(
        r.stdout.contains("> — polisi, 41 tahun, ? ¶1\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("informan-2"), "{}", r.stdout);
    assert!(
        r.stdout.contains("only documents where role=polisi"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("the citation template's {kota} is not an attribute"),
        "{}",
        r.stderr
    );
    let html = tandai(&["export", p(&dir), "--format", "html", "--by", "role"]).stdout;
    assert!(
        html.contains("<cite>— polisi, 41 tahun, ? ¶1</cite>"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"by-role\">Code × role</h2>"),
        "{html}"
    );
    assert!(
        html.contains("title=\"1 of 4 paragraphs, in 1 of 1 documents\""),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"document-memos\">Document memos</h2>"),
        "{html}"
    );
    let r = tandai(&["export", p(&dir), "--format", "csv", "--by", "role"]);
    assert_ne!(r.code, 0);
    let r = tandai(&[
        "export",
        p(&dir),
        "--format",
        "qdpx",
        "--where",
        "role=polisi",
        "-o",
        "x.qdpx",
    ]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("do not apply to --format qdpx"),
        "{}",
        r.stderr
    );
}

#[test]
fn hostile_attribute_values_stay_text_in_every_output() {
    let dir = project();
    let evil = "<script>alert(1)</script> *x* \u{1b}]0;PWNED\u{7}";
    let json = serde_json::json!({
        "format": "tandai-project", "version": 2,
        "attributes": [{"name": "role", "type": "text"}],
        "citation": "{role} ¶{paragraph}",
        "documents": {"informan-1.txt": {"role": evil}}
    });
    std::fs::write(dir.path().join("project.json"), json.to_string()).expect("write");
    let html = tandai(&["export", p(&dir), "--format", "html", "--by", "role"]).stdout;
    assert!(!html.contains("<script>"), "{html}");
    let md = tandai(&["export", p(&dir), "--format", "md", "--by", "role"]).stdout;
    assert!(!md.contains("<script>") && !md.contains("*x*"), "{md}");
    let text = tandai(&["attributes", p(&dir)]).stdout;
    assert!(text.contains("PWNED"), "a file keeps the text: {text}");
}
