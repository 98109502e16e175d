//! What the commands print, for a project with hostile names and labels (issue 13
//! items 9, 10, 12; RELIABILITY H10): no escape sequence reaches a terminal from any
//! command, on stdout or stderr; files and pipes get the exact text; Markdown never
//! carries raw HTML; CSV is exact by default and safe for spreadsheets on request.

mod common;

use common::tmux::{Tmux, bin};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use tandai::core::coding::sidecar::{Decisions, ParagraphDecision};
use tandai::core::project::{Project, to_sidecar};

/// Sets the terminal's title to PWNED.
const TITLE: &str = "\u{1b}]0;PWNED\u{7}";
/// A transcript whose name changes the title.
const HOSTILE_DOC: &str = "x\u{1b}]0;PWNED\u{7}.txt";
/// A transcript named like raw HTML and a spreadsheet formula.
const HTML_DOC: &str = "=<img src=x onerror=alert(1)>.txt";

fn codebook() -> String {
    let json = serde_json::json!({
        "format": "tandai-codebook",
        "version": 1,
        "title": {"en": format!("<b>Judul</b> {TITLE}"), "id": "Judul"},
        "description": {"en": "<script>alert('d')</script>", "id": ""},
        "codes": [
            {
                "id": "h",
                "label": {"en": format!("<img src=x onerror=alert(1)> {TITLE}"), "id": "Kode"},
                "definition": {"en": format!("<script>alert(1)</script> {TITLE}"), "id": ""},
                "children": [
                    {"id": "h.sum", "label": {"en": "+SUM(1,2)", "id": "-1"},
                     "definition": {"en": "@cmd", "id": ""}}
                ]
            }
        ]
    });
    serde_json::to_string_pretty(&json).expect("json")
}

/// A project (folder `p` in a temp folder) whose document names, labels, memos and
/// text attack the terminal, Markdown renderers and spreadsheets; coder `ana` coded
/// both documents.
fn hostile_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let d = &dir.path().join("p");
    std::fs::create_dir(d).expect("mkdir");
    let text = format!(
        "P: =HYPERLINK(\"http://contoh.invalid\",\"klik\")\n\nI: <script>alert(2)</script> {TITLE} baik\n\nP: -2+3\n"
    );
    std::fs::write(d.join(HOSTILE_DOC), &text).expect("write");
    std::fs::write(d.join(HTML_DOC), "P: satu\n\nI: dua\n").expect("write");
    std::fs::write(d.join("codebook.json"), codebook()).expect("write");
    let project = serde_json::json!({
        "format": "tandai-project", "version": 1,
        "title": format!("<i>Studi</i> {TITLE}"),
        "attributes": ["kota"],
        "documents": {HOSTILE_DOC: {"kota": format!("=cmd {TITLE}")}}
    });
    std::fs::write(d.join("project.json"), project.to_string()).expect("write");
    let p = Project::open(d).expect("opens");
    for doc in &p.documents {
        let content = doc.content.as_ref().expect("readable");
        let mut decisions = Decisions::default();
        let codes = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect();
        decisions.paragraphs = BTreeMap::from([
            (
                0,
                ParagraphDecision {
                    codes: codes(&["h", "h.sum"]),
                    memo: format!("@SUM(A1) {TITLE}"),
                    ..ParagraphDecision::default()
                },
            ),
            (
                1,
                ParagraphDecision {
                    codes: codes(&["unknown.code"]),
                    ..ParagraphDecision::default()
                },
            ),
        ]);
        let file = to_sidecar(doc, content, "ana", &decisions);
        let path = tandai::core::coding::sidecar::sidecar_path(&doc.path, "ana");
        std::fs::write(path, file.to_bytes()).expect("sidecar");
    }
    let d = d.clone();
    (dir, d)
}

/// Every command that prints something about the project, with its arguments (run
/// in the project folder).
fn commands() -> Vec<Vec<&'static str>> {
    let mut all = vec![
        vec!["check", "."],
        vec!["export", ".", "--format", "csv", "--document", "nope.txt"],
        vec!["export", ".", "--format", "csv", "--code", "nope"],
        vec!["export", ".", "--format", "qdpx", "-o", "../p.qdpx"],
        vec!["import", "../p.qdpx", "../imported"],
        vec!["codebook", "import", "../p.qdpx", "../cb"],
        vec!["check", ".", HOSTILE_DOC],
    ];
    for f in ["text", "csv", "json", "md"] {
        all.push(vec!["report", ".", "--format", f]);
    }
    for f in ["csv", "jsonl", "md", "html"] {
        all.push(vec!["export", ".", "--format", f]);
    }
    for f in ["json", "csv", "md", "qdc"] {
        all.push(vec!["codebook", "export", ".", "--format", f]);
    }
    all
}

struct Out {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run(args: &[&str], cwd: &Path) -> Out {
    let out = Command::new(bin())
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// Bytes that start or end a terminal control sequence: ESC, BEL, and C1 CSI/OSC as
/// UTF-8.
fn control_bytes(b: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(b);
    text.char_indices()
        .filter(|(_, c)| matches!(c, '\u{1b}' | '\u{7}' | '\u{9b}' | '\u{9d}' | '\u{90}'))
        .map(|(i, _)| text[i.saturating_sub(20)..(i + 12).min(text.len())].to_owned())
        .collect()
}

#[test]
fn stderr_is_always_sanitised_and_files_keep_the_exact_text() {
    let (_dir, project) = hostile_project();
    let mut printed = 0;
    for args in commands() {
        let out = run(&args, &project);
        let bad = control_bytes(&out.stderr);
        assert!(bad.is_empty(), "{args:?} wrote to stderr: {bad:?}");
        if !out.stderr.is_empty() {
            printed += 1;
        }
        assert!(out.code == 0 || out.code == 1 || out.code == 2, "{args:?}");
    }
    assert!(printed >= 6, "the commands print messages ({printed})");
    // A pipe gets the exact text: CSV and Markdown carry the names as they are.
    let csv = run(&["export", ".", "--format", "csv"], &project);
    assert!(String::from_utf8_lossy(&csv.stdout).contains(HOSTILE_DOC));
    let report = run(&["report", ".", "--format", "csv"], &project);
    assert!(String::from_utf8_lossy(&report.stdout).contains(HOSTILE_DOC));
    // The error that lists the documents names them sanitised.
    let err = run(
        &["export", ".", "--format", "csv", "--document", "no"],
        &project,
    );
    let err = String::from_utf8_lossy(&err.stderr).into_owned();
    assert!(err.contains("x\u{241B}]0;PWNED\u{2407}.txt"), "{err}");
}

#[test]
fn nothing_reaches_a_terminal_from_any_command() {
    let (dir, project) = hostile_project();
    let script = dir.path().join("all-commands.sh");
    let mut lines = vec!["bin=$1".to_owned(), format!("cd '{}'", project.display())];
    for args in commands() {
        let quoted: Vec<String> = args
            .iter()
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect();
        lines.push(format!("\"$bin\" {}", quoted.join(" ")));
        lines.push("rm -rf ../imported ../cb".into());
    }
    lines.push("echo ALL-RAN".into());
    std::fs::write(&script, lines.join("\n")).expect("script");
    let prefix = format!("sh {}", script.display());
    let (t, recorded) = Tmux::start_recorded(&[], 200, 50, &[("TANDAI_TEST_PREFIX", &prefix)]);
    let title = t.pane_title();
    t.wait_text("ALL-RAN");
    t.exit_status();
    let bytes = Tmux::recorded_through(&recorded, "[exit ");
    assert!(
        String::from_utf8_lossy(&bytes).contains("PWNED"),
        "the commands ran and printed the names"
    );
    let bad = control_bytes(&bytes);
    assert!(
        bad.is_empty(),
        "escape sequences reached the terminal: {bad:?}"
    );
    assert_eq!(t.pane_title(), title, "the title changed");
    assert!(!t.pane_title().contains("PWNED"));
}

/// Every `<` in Markdown that is not escaped with a backslash (raw HTML starts with
/// one; `>` alone is a block quote, tandai's own).
fn raw_html(md: &str) -> Vec<String> {
    let b = md.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'<' && (i == 0 || b[i - 1] != b'\\'))
        .map(|i| md[i.saturating_sub(30)..(i + 30).min(md.len())].to_owned())
        .collect()
}

#[test]
fn markdown_outputs_escape_every_text() {
    let (_dir, project) = hostile_project();
    for args in [
        &["codebook", "export", ".", "--format", "md"][..],
        &["report", ".", "--format", "md"],
        &["export", ".", "--format", "md"],
    ] {
        let out = run(args, &project);
        assert_eq!(
            out.code,
            0,
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let md = String::from_utf8(out.stdout).expect("utf8");
        assert!(
            md.contains("onerror"),
            "{args:?}: the names are there: {md}"
        );
        let raw = raw_html(&md);
        assert!(raw.is_empty(), "{args:?}: raw HTML {raw:?}");
    }
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn csv_is_exact_by_default_and_spreadsheet_safe_on_request() {
    let (_dir, project) = hostile_project();
    let formula = |c: &str| c.starts_with(['=', '+', '-', '@', '\t', '\r']);
    for args in [
        vec!["export", ".", "--format", "csv"],
        vec!["report", ".", "--format", "csv"],
        vec!["codebook", "export", ".", "--format", "csv"],
    ] {
        let exact = run(&args, &project);
        let rows = csv_rows(&exact.stdout);
        let formulas: Vec<&String> = rows.iter().flatten().filter(|c| formula(c)).collect();
        assert!(!formulas.is_empty(), "{args:?}: the fixture has formulas");
        let mut safe_args = args.clone();
        safe_args.push("--spreadsheet-safe");
        let safe = run(&safe_args, &project);
        let safe_rows = csv_rows(&safe.stdout);
        assert_eq!(safe_rows.len(), rows.len(), "{args:?}");
        for (a, b) in rows.iter().flatten().zip(safe_rows.iter().flatten()) {
            if formula(a) {
                assert_eq!(b, &format!("'{a}"), "{args:?}");
            } else {
                assert_eq!(a, b, "{args:?}: only formulas change");
            }
        }
    }
    let md = run(
        &["export", ".", "--format", "md", "--spreadsheet-safe"],
        &project,
    );
    assert_eq!(md.code, 1);
    assert!(String::from_utf8_lossy(&md.stderr).contains("--format csv only"));
}
