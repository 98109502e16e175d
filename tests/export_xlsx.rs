//! `tandai export --format xlsx`, read back by a real reader: Python's openpyxl
//! (installed by .ci/run; `pip install openpyxl` on a developer machine). Every sheet
//! is there with a frozen, bold header and widened columns; text is text (a paragraph
//! starting with `=` reads back as that string, not a formula), counts are numbers;
//! the codings sheet has the CSV's rows; the tables count as the CSV does. The
//! workbook is binary: refused on a terminal, written through `-o` with its rules.

mod common;

use common::tmux::BIN;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Everything openpyxl sees: per sheet its name, frozen cell, column widths, and
/// each cell as [type, value] (`s` string, `n` number, `f` formula).
const READER: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    rows = [[[c.data_type, c.value] for c in row] for row in ws.iter_rows()]
    bold = [bool(c.font.b) for c in ws[1]]
    out.append({"name": ws.title, "freeze": ws.freeze_panes, "widths": widths, "rows": rows, "bold": bold})
json.dump(out, sys.stdout)
"#;

fn read_back(file: &Path) -> Vec<Value> {
    let out = Command::new("python3")
        .args(["-c", READER, file.to_str().expect("utf8")])
        .output()
        .expect("python3 runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("No module named"),
        "pip install openpyxl ({err})"
    );
    assert!(out.status.success(), "openpyxl read it: {err}");
    match serde_json::from_slice(&out.stdout).expect("json") {
        Value::Array(sheets) => sheets,
        other => panic!("{other}"),
    }
}

const BOOK: &str = r##"{"format":"tandai-codebook","version":1,"codes":[
  {"id":"harga","label":{"en":"Price","id":"Harga"},"definition":"Talk of prices.","color":"#8B4513","memo":"Muncul di wawancara kedua."},
  {"id":"ikan","label":"Fish","key":"2"}]}"##;

/// Two documents with attributes; a paragraph that a spreadsheet would take for a
/// formula, another with Indonesian and emoji text; two coders.
fn project() -> tempfile::TempDir {
    let dir = common::project_dir(&[
        (
            "a.txt",
            "Ibu: =HYPERLINK(\"http://contoh.test\",\"klik\")\n\nIbu: Harga ikan 🐟 naik, pembeli berkurang.\n\nPak: +1 setuju\n",
        ),
        (
            "b.txt",
            "Yos: @SUM(A1) bukan rumus.\n\nYos: Ikan segar dari Oeba.\n",
        ),
        ("codebook.json", BOOK),
        (
            "project.json",
            r#"{"format":"tandai-project","version":1,"attributes":["peran"],
               "documents":{"a.txt":{"peran":"pedagang"},"b.txt":{"peran":"nelayan"}}}"#,
        ),
    ]);
    let code = |doc: &str, coder: &str, paragraphs: &[(usize, &[&str], &str)]| {
        let project = tandai::core::project::Project::open(dir.path()).expect("open");
        let d = project
            .documents
            .iter()
            .find(|d| d.name == doc)
            .expect("doc");
        let mut decisions = tandai::core::coding::sidecar::Decisions::default();
        for (p, codes, memo) in paragraphs {
            let entry = decisions.paragraphs.entry(*p).or_default();
            entry.codes = codes.iter().map(|c| (*c).to_owned()).collect();
            entry.memo = (*memo).to_owned();
        }
        let content = d.content.as_ref().expect("readable");
        let file = tandai::core::project::to_sidecar(d, content, coder, &decisions);
        std::fs::write(
            tandai::core::coding::sidecar::sidecar_path(&d.path, coder),
            file.to_bytes(),
        )
        .expect("sidecar");
    };
    code(
        "a.txt",
        "ana",
        &[
            (0, &["harga"], "=1+1 bukan rumus"),
            (1, &["harga", "ikan"], ""),
        ],
    );
    code("a.txt", "budi", &[(1, &["harga"], "")]);
    code("b.txt", "ana", &[(0, &["ikan"], ""), (1, &["ikan"], "")]);
    dir
}

fn run(args: &[&str], cwd: &Path) -> (i32, Vec<u8>, String) {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn sheet<'a>(sheets: &'a [Value], name: &str) -> &'a Value {
    sheets
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

/// The cells of a sheet's rows as (type, value).
fn rows(s: &Value) -> Vec<Vec<(String, Value)>> {
    s["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            r.as_array()
                .expect("row")
                .iter()
                .map(|c| (c[0].as_str().expect("type").to_owned(), c[1].clone()))
                .collect()
        })
        .collect()
}

fn texts(row: &[(String, Value)]) -> Vec<String> {
    row.iter()
        .map(|(_, v)| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect()
}

#[test]
fn the_workbook_reads_back_with_text_as_text_and_numbers_as_numbers() {
    let dir = project();
    let (code, _, err) = run(
        &["export", ".", "--format", "xlsx", "-o", "out.xlsx"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let sheets = read_back(&dir.path().join("out.xlsx"));
    let names: Vec<&str> = sheets
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "Codings",
            "Frequencies",
            "Code x document",
            "Code x attribute",
            "Codebook"
        ]
    );
    for s in &sheets {
        assert_eq!(s["freeze"], "A2", "{}: header row frozen", s["name"]);
        assert!(
            s["bold"]
                .as_array()
                .expect("bold")
                .iter()
                .all(|b| b == true),
            "{}",
            s["name"]
        );
        assert!(
            !s["widths"].as_object().expect("widths").is_empty(),
            "{}: widths set",
            s["name"]
        );
    }
    // Codings: the CSV's header and rows.
    let codings = rows(sheet(&sheets, "Codings"));
    let (_, csv, _) = run(&["export", ".", "--format", "csv"], dir.path());
    let csv = String::from_utf8(csv).expect("utf8");
    assert_eq!(
        codings.len(),
        csv.matches("\r\n").count(),
        "one row per CSV record"
    );
    assert_eq!(
        texts(&codings[0]),
        [
            "document",
            "paragraph",
            "speaker",
            "code",
            "label",
            "coder",
            "memo",
            "text",
            "peran"
        ]
    );
    let first = &codings[1];
    assert_eq!(
        first[1],
        ("n".to_owned(), Value::from(1)),
        "paragraph is a number"
    );
    assert_eq!(
        first[6],
        ("s".to_owned(), Value::from("=1+1 bukan rumus")),
        "memo stays text"
    );
    assert_eq!(
        first[7],
        (
            "s".to_owned(),
            Value::from("=HYPERLINK(\"http://contoh.test\",\"klik\")")
        ),
        "a paragraph starting with = is text, never a formula"
    );
    assert!(
        codings.iter().flatten().all(|(t, _)| t != "f"),
        "no formula anywhere"
    );
    let all: Vec<String> = codings.iter().flat_map(|r| texts(r)).collect();
    assert!(all.contains(&"Harga ikan 🐟 naik, pembeli berkurang.".to_owned()));
    assert!(all.contains(&"@SUM(A1) bukan rumus.".to_owned()));
    // Frequencies: codings, distinct paragraphs, documents, as numbers.
    let freq = rows(sheet(&sheets, "Frequencies"));
    assert_eq!(texts(&freq[1]), ["harga", "Price", "3", "2", "1"]);
    assert_eq!(texts(&freq[2]), ["ikan", "Fish", "3", "3", "2"]);
    assert!(freq[1][2..].iter().all(|(t, _)| t == "n"));
    let by_doc = rows(sheet(&sheets, "Code x document"));
    assert_eq!(texts(&by_doc[0]), ["document", "harga", "ikan"]);
    assert_eq!(texts(&by_doc[1]), ["a.txt", "3", "1"]);
    assert_eq!(texts(&by_doc[2]), ["b.txt", "0", "2"]);
    let by_attr = rows(sheet(&sheets, "Code x attribute"));
    assert_eq!(
        texts(&by_attr[0]),
        ["attribute", "value", "documents", "harga", "ikan"]
    );
    assert_eq!(texts(&by_attr[1]), ["peran", "nelayan", "1", "0", "2"]);
    assert_eq!(texts(&by_attr[2]), ["peran", "pedagang", "1", "3", "1"]);
    let book = rows(sheet(&sheets, "Codebook"));
    assert_eq!(
        texts(&book[1])[..4],
        ["harga", "null", "Price", "Talk of prices."]
    );
    assert_eq!(texts(&book[1])[8], "#8B4513", "the colour as written");
    assert_eq!(
        texts(&book[1])[13],
        "Muncul di wawancara kedua.",
        "the code memo"
    );
    // The text column is wider than the default.
    let widths = sheet(&sheets, "Codings")["widths"]
        .as_object()
        .expect("widths")
        .clone();
    assert!(widths["H"].as_f64().expect("width") > 30.0, "{widths:?}");
}

#[test]
fn without_attributes_there_is_no_attribute_sheet_and_filters_apply() {
    let dir = project();
    std::fs::remove_file(dir.path().join("project.json")).expect("rm");
    let (code, _, err) = run(
        &[
            "export",
            ".",
            "--format",
            "xlsx",
            "--coder",
            "ana",
            "--document",
            "b.txt",
            "-o",
            "b.xlsx",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let sheets = read_back(&dir.path().join("b.xlsx"));
    assert!(sheets.iter().all(|s| s["name"] != "Code x attribute"));
    let codings = rows(sheet(&sheets, "Codings"));
    assert_eq!(codings.len(), 3, "header and ana's two codings in b.txt");
    let by_doc = rows(sheet(&sheets, "Code x document"));
    assert_eq!(by_doc.len(), 2);
}

#[test]
fn a_workbook_goes_to_a_file_or_pipe_under_the_output_rules_never_a_terminal() {
    let dir = project();
    // A pipe gets the bytes.
    let (code, out, err) = run(&["export", ".", "--format", "xlsx"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(b"PK\x03\x04"), "a zip");
    // -o onto a project file is refused, even with --force; an existing file needs --force.
    for target in ["a.txt", "codebook.json", "project.json", "tandai-refi.json"] {
        let before = std::fs::read(dir.path().join(target)).ok();
        let (code, _, err) = run(
            &["export", ".", "--format", "xlsx", "-o", target, "--force"],
            dir.path(),
        );
        assert_ne!(code, 0, "{target}: {err}");
        assert!(
            err.contains("never writes over the project's own files"),
            "{err}"
        );
        assert_eq!(
            std::fs::read(dir.path().join(target)).ok(),
            before,
            "{target}"
        );
    }
    std::fs::write(dir.path().join("old.xlsx"), b"x").expect("write");
    let (code, _, err) = run(
        &["export", ".", "--format", "xlsx", "-o", "old.xlsx"],
        dir.path(),
    );
    assert_ne!(code, 0);
    assert!(err.contains("--force"), "{err}");
    // A terminal gets a refusal, not binary.
    let mut pty = common::pty::Pty::open(80, 24);
    let mut cmd = Command::new(BIN);
    cmd.env("LC_ALL", "C.UTF-8");
    cmd.args([
        "export",
        dir.path().to_str().expect("utf8"),
        "--format",
        "xlsx",
    ]);
    let mut child = pty.spawn(cmd);
    let status =
        common::pty::wait_exit(&mut child, std::time::Duration::from_secs(20)).expect("exits");
    pty.drain();
    let shown = String::from_utf8_lossy(&pty.output).into_owned();
    assert!(!status.success());
    assert!(
        shown.contains("not text for a terminal: pass -o FILE.xlsx"),
        "{shown}"
    );
    assert!(
        !pty.output.windows(4).any(|w| w == b"PK\x03\x04"),
        "no zip on the terminal"
    );
}

#[test]
fn a_cell_over_the_spreadsheet_limit_is_cut_and_counted() {
    let long = format!("Ibu: {}\n", "kata ".repeat(7_000));
    let dir = common::project_dir(&[("a.txt", long.as_str()), ("codebook.json", BOOK)]);
    let project = tandai::core::project::Project::open(dir.path()).expect("open");
    let d = &project.documents[0];
    let mut decisions = tandai::core::coding::sidecar::Decisions::default();
    decisions
        .paragraphs
        .entry(0)
        .or_default()
        .codes
        .insert("harga".into());
    let file =
        tandai::core::project::to_sidecar(d, d.content.as_ref().expect("ok"), "ana", &decisions);
    std::fs::write(
        tandai::core::coding::sidecar::sidecar_path(&d.path, "ana"),
        file.to_bytes(),
    )
    .expect("write");
    let (code, _, err) = run(
        &["export", ".", "--format", "xlsx", "-o", "long.xlsx"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 cells were longer than a spreadsheet cell holds"),
        "{err}"
    );
    let sheets = read_back(&dir.path().join("long.xlsx"));
    let cell = &rows(sheet(&sheets, "Codings"))[1][7].1;
    let text = cell.as_str().expect("text");
    assert_eq!(text.chars().count(), 32_767);
    assert!(text.ends_with("[…]"));
}

#[test]
fn control_characters_and_noncharacters_do_not_break_the_workbook() {
    let text = "Ibu: awal \u{1} bel \u{1b}[31m merah \u{FFFE} akhir \u{1F41F}\n";
    let dir = common::project_dir(&[("a.txt", text), ("codebook.json", BOOK)]);
    let project = tandai::core::project::Project::open(dir.path()).expect("open");
    let d = &project.documents[0];
    let mut decisions = tandai::core::coding::sidecar::Decisions::default();
    let p = decisions.paragraphs.entry(0).or_default();
    p.codes.insert("harga".into());
    p.memo = "memo \u{7} \u{FFFF} _x0041_".into();
    let file =
        tandai::core::project::to_sidecar(d, d.content.as_ref().expect("ok"), "ana", &decisions);
    std::fs::write(
        tandai::core::coding::sidecar::sidecar_path(&d.path, "ana"),
        file.to_bytes(),
    )
    .expect("write");
    let (code, _, err) = run(
        &["export", ".", "--format", "xlsx", "-o", "c.xlsx"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let sheets = read_back(&dir.path().join("c.xlsx"));
    let row = texts(&rows(sheet(&sheets, "Codings"))[1]);
    // Characters XML cannot carry are written as ECMA-376 escapes (`_x0001_`), which
    // Excel and LibreOffice turn back into the characters (openpyxl shows them as
    // written). A literal `_x0041_` in the text gets its `_` escaped (`_x005F_`), so
    // a reader shows `_x0041_`, not `A`.
    assert_eq!(
        row[7],
        "awal _x0001_ bel _x001B_[31m merah _xFFFE_ akhir \u{1F41F}"
    );
    assert!(row[6].starts_with("memo _x0007_ "), "{:?}", row[6]);
    // openpyxl decodes no escape in an inline string, so look at the file itself.
    let bytes = std::fs::read(dir.path().join("c.xlsx")).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut sheet_xml = String::new();
    std::io::Read::read_to_string(
        &mut zip
            .by_name("xl/worksheets/sheet1.xml")
            .expect("codings sheet"),
        &mut sheet_xml,
    )
    .expect("utf-8");
    assert!(
        sheet_xml.contains("memo _x0007_ _xFFFF_ _x005F_x0041_"),
        "{sheet_xml}"
    );
    // LibreOffice Calc, as a user opens it: every escape turned back into what the
    // transcript and the memo hold.
    let csv = calc_csv(&dir.path().join("c.xlsx"), dir.path());
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "\"document\",\"paragraph\",\"speaker\",\"code\",\"label\",\"coder\",\"memo\",\"text\""
        )
    );
    assert_eq!(
        lines.next(),
        Some(
            "\"a.txt\",1,\"Ibu\",\"harga\",\"Price\",\"ana\",\"memo \u{7} \u{FFFF} _x0041_\",\"awal \u{1} bel \u{1b}[31m merah \u{FFFE} akhir \u{1F41F}\""
        )
    );
}

/// The first sheet of a workbook as LibreOffice Calc reads it, saved as CSV (every
/// text quoted, UTF-8), with a profile of its own so that tests running at once do
/// not share one.
fn calc_csv(book: &Path, dir: &Path) -> String {
    let out_dir = dir.join("calc");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/lo-profile-calc",
            dir.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(book)
        .output()
        .expect("soffice runs (apt-get install libreoffice-calc-nogui)");
    let stem = book.file_stem().expect("stem").to_string_lossy();
    let made = out_dir.join(format!("{stem}.csv"));
    std::fs::read_to_string(&made).unwrap_or_else(|e| {
        panic!(
            "LibreOffice Calc made no {} ({e}): {}",
            made.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn libreoffice_calc_reads_the_codings_as_the_csv_export_has_them() {
    let dir = project();
    let (code, _, err) = run(
        &["export", ".", "--format", "xlsx", "-o", "all.xlsx"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(
        &["export", ".", "--format", "csv", "-o", "all.csv"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let calc = calc_csv(&dir.path().join("all.xlsx"), dir.path());
    let csv = std::fs::read_to_string(dir.path().join("all.csv")).expect("csv");
    // Calc quotes every text and leaves numbers bare; the export quotes only where it
    // must: compare the fields.
    let fields = |line: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => out.push(std::mem::take(&mut field)),
                (c, _) => field.push(c),
            }
        }
        out.push(field);
        out
    };
    let calc_rows: Vec<Vec<String>> = calc.lines().map(fields).collect();
    let csv_rows: Vec<Vec<String>> = csv.lines().map(fields).collect();
    assert!(csv_rows.len() > 3, "{csv}");
    assert_eq!(calc_rows, csv_rows);
    assert!(
        calc.contains("\"=HYPERLINK(\"\"http://contoh.test\"\",\"\"klik\"\")\""),
        "a formula-like paragraph stays text: {calc}"
    );
}
