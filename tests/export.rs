//! `tandai export` against a small fixture worked out by hand: two coders, a code
//! tree, document attributes, memos, commas, quotes, CRLF line ends and hostile text.
//! CSV is read back with the `csv` crate, JSON Lines with serde_json, and the HTML is
//! rendered by a real headless chromium.

mod common;

use common::tmux::BIN;
use std::path::{Path, PathBuf};
use std::process::Command;
use tandai::core::coding::sidecar::{Decisions, sidecar_path};
use tandai::core::project::{Project, to_sidecar};

const BOOK: &str = r##"{"format":"tandai-codebook","version":1,"codes":[
  {"id":"trust","label":{"en":"Trust","id":"Kepercayaan"},
   "definition":{"en":"Talk about <trust> & \"safety\", in one's own words.","id":"Pembicaraan tentang rasa percaya."},
   "children":[
     {"id":"trust.money","label":{"en":"Money, payment","id":"Uang"},"definition":"Money changes hands."},
     {"id":"trust.meet","label":{"en":"Meeting offline","id":"Bertemu langsung"}}]},
  {"id":"contact","label":{"en":"First contact","id":"Kontak pertama"},"definition":"# How they *first* met | 1. online"},
  {"id":"hostile","label":"<script>alert('label')</script>","definition":"\"><img src=x onerror=alert(2)>"}
]}"##;

const PROJECT: &str = r#"{"format":"tandai-project","version":1,
  "title":"Studi <uji> & \"coba\"",
  "attributes":["role","city"],
  "documents":{
    "informan-a.txt":{"role":"mahasiswa, S1","city":"Kupang"},
    "informan-b.txt":{"role":"pekerja","city":"Kota \"Baru\"\nTimur","date":"2024-05-01"},
    "informant-c.md":{"role":"student"}}}"#;

/// CRLF line ends; ¶2 has two lines; ¶4 has Markdown specials; ¶5 hostile HTML.
const DOC_A: &str = "Peneliti: Bagaimana awalnya kenal, lewat aplikasi?\r\n\r\n\
Informan A: Awalnya, kami \"cuma\" chat biasa, lalu\r\npindah ke WhatsApp.\r\n\r\n\
Peneliti: Apakah ada soal uang?\r\n\r\n\
Informan A: # Bukan judul\r\n- bukan daftar\r\n12. juga bukan | kolom *tebal* _miring_ $x$ [tautan](http://x) <b>tebal</b>\r\n\r\n\
Informan A: <script>alert(\"xss\")</script> \"><img src=x onerror=alert(1)> & 'kutip'\r\n";

/// One turn per line.
const DOC_B: &str = "P: Sudah berapa lama pakai aplikasinya?\n\
B: Dua tahun, kira-kira.\n\
P: Pernah ketemu langsung?\n\
B: Pernah, sekali, di kafe dekat kampus.\n";

const DOC_C: &str =
    "Interviewer: How did you first meet?\n\nC: Through a friend's group chat, honestly.\n";

const MEMO_A2: &str = "Memo, dengan koma\ndan \"kutip\"";
const MEMO_A3: &str = "Pertanyaan pancingan; tidak dikode.";
const MEMO_A5: &str = "<b>memo</b> & \"><script>alert(3)</script>";

/// (document, paragraph from 1, codes, memo) per coder.
type Codings = [(&'static str, usize, &'static [&'static str], &'static str)];

const ANA: &Codings = &[
    ("informan-a.txt", 2, &["contact"], MEMO_A2),
    ("informan-a.txt", 3, &[], MEMO_A3),
    ("informan-a.txt", 4, &["trust"], ""),
    ("informan-a.txt", 5, &["hostile"], MEMO_A5),
    ("informan-b.txt", 4, &["contact", "trust.meet"], ""),
    ("informant-c.md", 2, &["contact"], ""),
];
const BUDI: &Codings = &[
    ("informan-a.txt", 2, &["contact"], ""),
    ("informan-a.txt", 4, &["trust.money"], ""),
    ("informan-b.txt", 2, &["trust.money"], ""),
];

fn fixture() -> tempfile::TempDir {
    let dir = common::project_dir(&[
        ("informan-a.txt", DOC_A),
        ("informan-b.txt", DOC_B),
        ("informant-c.md", DOC_C),
        ("codebook.json", BOOK),
        ("project.json", PROJECT),
    ]);
    let project = Project::open(dir.path()).expect("open");
    for (coder, codings) in [("ana", ANA), ("budi", BUDI)] {
        for doc in &project.documents {
            let mut d = Decisions::default();
            for (_, para, codes, memo) in codings.iter().filter(|c| c.0 == doc.name) {
                let p = d.paragraphs.entry(para - 1).or_default();
                p.codes.extend(codes.iter().map(|c| (*c).to_owned()));
                p.memo = (*memo).to_owned();
            }
            if d.paragraphs.is_empty() {
                continue;
            }
            let content = doc.content.as_ref().expect("readable");
            let file = to_sidecar(doc, content, coder, &d);
            std::fs::write(sidecar_path(&doc.path, coder), file.to_bytes()).expect("write");
        }
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("export")
        .arg(dir)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(dir, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn parse_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("record").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

const HEADER: [&str; 11] = [
    "document",
    "paragraph",
    "speaker",
    "code",
    "label",
    "coder",
    "memo",
    "text",
    "role",
    "city",
    "date",
];

const A2: &str = "Awalnya, kami \"cuma\" chat biasa, lalu\npindah ke WhatsApp.";
const A4: &str = "# Bukan judul\n- bukan daftar\n12. juga bukan | kolom *tebal* _miring_ $x$ [tautan](http://x) <b>tebal</b>";
const A5: &str = "<script>alert(\"xss\")</script> \"><img src=x onerror=alert(1)> & 'kutip'";

/// The expected CSV rows: (document, paragraph, speaker, code, label, coder, memo,
/// text); attributes are checked apart.
fn expected_rows() -> Vec<[&'static str; 8]> {
    let a = "informan-a.txt";
    let b = "informan-b.txt";
    vec![
        [
            a,
            "2",
            "Informan A",
            "contact",
            "First contact",
            "ana",
            MEMO_A2,
            A2,
        ],
        [
            a,
            "2",
            "Informan A",
            "contact",
            "First contact",
            "budi",
            "",
            A2,
        ],
        [
            a,
            "3",
            "Peneliti",
            "",
            "",
            "ana",
            MEMO_A3,
            "Apakah ada soal uang?",
        ],
        [a, "4", "Informan A", "trust", "Trust", "ana", "", A4],
        [
            a,
            "4",
            "Informan A",
            "trust.money",
            "Money, payment",
            "budi",
            "",
            A4,
        ],
        [
            a,
            "5",
            "Informan A",
            "hostile",
            "<script>alert('label')</script>",
            "ana",
            MEMO_A5,
            A5,
        ],
        [
            b,
            "2",
            "B",
            "trust.money",
            "Money, payment",
            "budi",
            "",
            "Dua tahun, kira-kira.",
        ],
        [
            b,
            "4",
            "B",
            "trust.meet",
            "Meeting offline",
            "ana",
            "",
            "Pernah, sekali, di kafe dekat kampus.",
        ],
        [
            b,
            "4",
            "B",
            "contact",
            "First contact",
            "ana",
            "",
            "Pernah, sekali, di kafe dekat kampus.",
        ],
        [
            "informant-c.md",
            "2",
            "C",
            "contact",
            "First contact",
            "ana",
            "",
            "Through a friend's group chat, honestly.",
        ],
    ]
}

#[test]
fn csv_parses_back_with_every_coding_and_attribute() {
    let dir = fixture();
    let out = ok(dir.path(), &["--format", "csv"]);
    assert!(!out.starts_with('\u{feff}'), "no byte-order mark");
    assert!(out.ends_with("\r\n"), "records end with CRLF");
    assert!(
        !out.replace("\r\n", "").contains('\r'),
        "no bare CR inside fields: CRLF text becomes LF"
    );
    let (header, rows) = parse_csv(&out);
    assert_eq!(header, HEADER);
    let fixed: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r[..8].iter().map(String::as_str).collect())
        .collect();
    let want: Vec<Vec<&str>> = expected_rows().iter().map(|r| r.to_vec()).collect();
    assert_eq!(fixed, want);
    let attrs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r[8..].iter().map(String::as_str).collect())
        .collect();
    assert_eq!(attrs[0], ["mahasiswa, S1", "Kupang", ""]);
    assert_eq!(attrs[6], ["pekerja", "Kota \"Baru\"\nTimur", "2024-05-01"]);
    assert_eq!(attrs[9], ["student", "", ""]);
}

#[test]
fn jsonl_is_one_object_per_line_with_the_csv_columns() {
    let dir = fixture();
    let out = ok(dir.path(), &["--format", "jsonl", "--lang", "id"]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), expected_rows().len());
    for (got, want) in lines.iter().zip(expected_rows()) {
        let obj = got.as_object().expect("object");
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut sorted = HEADER.to_vec();
        sorted.sort_unstable();
        assert_eq!(keys, sorted, "the CSV's columns as keys");
        assert_eq!(obj["document"], want[0]);
        assert_eq!(obj["paragraph"], want[1].parse::<u64>().expect("number"));
        assert_eq!(obj["text"], want[7]);
        assert_eq!(obj["memo"], want[6]);
        assert_eq!(obj["coder"], want[5]);
    }
    assert_eq!(lines[0]["label"], "Kontak pertama", "labels in Indonesian");
    assert_eq!(lines[2]["code"], serde_json::Value::Null, "memo-only row");
    assert_eq!(lines[2]["label"], serde_json::Value::Null);
    assert_eq!(lines[9]["city"], serde_json::Value::Null, "unset attribute");
    assert_eq!(lines[6]["date"], "2024-05-01");
    // Keys in the CSV's order in the raw line (serde_json's map sorts them).
    assert!(
        out.starts_with("{\"document\":\"informan-a.txt\",\"paragraph\":2,\"speaker\":\"Informan A\",\"code\":\"contact\""),
        "{out}"
    );
}

fn codes_and_coders(csv: &str) -> Vec<(String, String, String, String)> {
    parse_csv(csv)
        .1
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[3].clone(), r[5].clone()))
        .collect()
}

fn t(d: &str, p: &str, c: &str, who: &str) -> (String, String, String, String) {
    (d.into(), p.into(), c.into(), who.into())
}

#[test]
fn code_filter_includes_sub_codes_and_leaves_out_memo_only_rows() {
    let dir = fixture();
    let out = ok(dir.path(), &["--format", "csv", "--code", "trust"]);
    assert_eq!(
        codes_and_coders(&out),
        [
            t("informan-a.txt", "4", "trust", "ana"),
            t("informan-a.txt", "4", "trust.money", "budi"),
            t("informan-b.txt", "2", "trust.money", "budi"),
            t("informan-b.txt", "4", "trust.meet", "ana"),
        ]
    );
    let out = ok(
        dir.path(),
        &[
            "--format",
            "csv",
            "--code",
            "trust.meet",
            "--code",
            "hostile",
        ],
    );
    assert_eq!(
        codes_and_coders(&out),
        [
            t("informan-a.txt", "5", "hostile", "ana"),
            t("informan-b.txt", "4", "trust.meet", "ana"),
        ]
    );
}

#[test]
fn document_and_coder_filters() {
    let dir = fixture();
    let by_path = dir.path().join("informan-b.txt");
    let out = ok(
        dir.path(),
        &[
            "--format",
            "csv",
            "--document",
            by_path.to_str().expect("utf8"),
        ],
    );
    assert_eq!(
        codes_and_coders(&out),
        [
            t("informan-b.txt", "2", "trust.money", "budi"),
            t("informan-b.txt", "4", "trust.meet", "ana"),
            t("informan-b.txt", "4", "contact", "ana"),
        ]
    );
    let out = ok(dir.path(), &["--format", "csv", "--coder", "budi"]);
    assert_eq!(
        codes_and_coders(&out),
        [
            t("informan-a.txt", "2", "contact", "budi"),
            t("informan-a.txt", "4", "trust.money", "budi"),
            t("informan-b.txt", "2", "trust.money", "budi"),
        ]
    );
    let out = ok(
        dir.path(),
        &[
            "--format",
            "csv",
            "--coder",
            "ana",
            "--document",
            "informant-c.md",
            "--document",
            "informan-a.txt",
            "--code",
            "contact",
        ],
    );
    assert_eq!(
        codes_and_coders(&out),
        [
            t("informan-a.txt", "2", "contact", "ana"),
            t("informant-c.md", "2", "contact", "ana"),
        ]
    );
}

#[test]
fn unknown_filters_name_what_exists() {
    let dir = fixture();
    let (code, out, err) = run(dir.path(), &["--format", "csv", "--code", "trus"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("--code trus: no such code")
            && err.contains("trust, trust.money, trust.meet, contact, hostile"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &["--format", "md", "--document", "x.txt"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--document x.txt: no such document")
            && err.contains("informan-a.txt, informan-b.txt, informant-c.md"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &["--format", "jsonl", "--coder", "citra"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--coder citra: no sidecar of this coder")
            && err.contains("coders: ana, budi"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &["--format", "pdf"]);
    assert_eq!(code, 2, "clap rejects an unknown format");
    assert!(err.contains("csv, jsonl, md, html"), "{err}");
}

#[test]
fn unreadable_sidecar_is_named_and_the_rest_is_still_written() {
    let dir = fixture();
    let bad = dir.path().join("informant-c.md.zed.tandai.json");
    std::fs::write(&bad, "{\"format\": \"tandai-sidecar\", ").expect("write");
    let target = dir.path().join("out").join("codings.csv");
    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let (code, out, err) = run(
        dir.path(),
        &["--format", "csv", "-o", target.to_str().expect("utf8")],
    );
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "-o writes the file, not stdout");
    assert!(
        err.contains(&format!("left out of the export: {}", bad.display())),
        "{err}"
    );
    let written = std::fs::read_to_string(&target).expect("written");
    assert_eq!(parse_csv(&written).1.len(), expected_rows().len());
    assert!(
        err.contains(&format!("wrote {}", target.display())),
        "{err}"
    );
}

#[test]
fn markdown_groups_quotes_by_code_with_citations() {
    let dir = fixture();
    let md = ok(dir.path(), &["--format", "md"]);
    assert!(
        md.starts_with("# Coded quotes: Studi \\<uji\\> \\& \"coba\"\n\n3 documents; coders: ana, budi; 9 codings\n"),
        "{md}"
    );
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Trust (`trust`)",
            "## Money, payment (`trust.money`)",
            "## Meeting offline (`trust.meet`)",
            "## First contact (`contact`)",
            "## \\<script\\>alert('label')\\</script\\> (`hostile`)",
        ]
    );
    let citations: Vec<&str> = md.lines().filter(|l| l.starts_with("> — ")).collect();
    assert_eq!(
        citations,
        [
            "> — informan-a.txt ¶4 (ana)",
            "> — informan-a.txt ¶4 (budi)",
            "> — informan-b.txt ¶2 (budi)",
            "> — informan-b.txt ¶4 (ana)",
            "> — informan-a.txt ¶2 (ana, budi)",
            "> — informan-b.txt ¶4 (ana)",
            "> — informant-c.md ¶2 (ana)",
            "> — informan-a.txt ¶5 (ana)",
        ]
    );
    assert!(
        md.contains("\n*Definition:* Talk about \\<trust\\> \\& \"safety\", in one's own words.\n")
    );
    assert!(md.contains("\n*Definition:* \\# How they \\*first\\* met \\| 1. online\n"));
    // Speaker in bold; the lines of a paragraph kept with hard breaks; every
    // Markdown special in the transcript escaped.
    assert!(
        md.contains(
            "> **Informan A:** \\# Bukan judul\\\n> \\- bukan daftar\\\n> 12\\. juga bukan \\| kolom \\*tebal\\* \\_miring\\_ \\$x\\$ \\[tautan\\](http://x) \\<b\\>tebal\\</b\\>\n>\n> — informan-a.txt ¶4 (ana)\n"
        ),
        "{md}"
    );
    assert!(md.contains(
        "> **Informan A:** Awalnya, kami \"cuma\" chat biasa, lalu\\\n> pindah ke WhatsApp.\n"
    ));
    assert!(md.contains("\n*Memo (ana):* Memo, dengan koma\\\ndan \"kutip\"\n"));
    assert!(
        !md.contains(MEMO_A3),
        "a memo-only paragraph has no code to be grouped under"
    );
    assert!(
        md.match_indices('<').all(|(i, _)| md[..i].ends_with('\\')),
        "every < escaped, so no raw HTML: {md}"
    );
}

fn html_of(dir: &Path) -> String {
    ok(dir, &["--format", "html"])
}

#[test]
fn html_escapes_every_text_and_needs_nothing_outside() {
    let dir = fixture();
    let html = html_of(dir.path());
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    for raw in ["<script", "<img", "<b>", "<trust>", "<uji>"] {
        assert!(!html.contains(raw), "{raw} reached the page unescaped");
    }
    for gone in [" src=\"", " href=\"", "<link", "@import", "url("] {
        assert!(!html.contains(gone), "{gone}: external assets or links");
    }
    assert!(html.contains(
        "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;kutip&#39;"
    ));
    assert!(html.contains("<title>Coded quotes: Studi &lt;uji&gt; &amp; &quot;coba&quot;</title>"));
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<blockquote>").count(), 8, "one per quote");
}

#[test]
fn html_heat_map_shades_follow_the_counts() {
    let dir = fixture();
    let html = html_of(dir.path());
    // contact: a 2 (ana, budi), b 1, c 1; the largest count (2) is the darkest shade.
    assert!(
        html.contains(
            "<tr><th class=\"id\">contact</th><td class=\"n\" style=\"background:hsl(210,65%,35%);color:#fff\">2</td>\
             <td class=\"n\" style=\"background:hsl(210,65%,64%);color:#111\">1</td>\
             <td class=\"n\" style=\"background:hsl(210,65%,64%);color:#111\">1</td><td class=\"n\">4</td></tr>"
        ),
        "{html}"
    );
    assert!(html.contains(
        "<tr><td class=\"id\">trust.money</td><td>Money, payment</td><td class=\"n\">2</td><td class=\"n\">2</td></tr>"
    ));
}

/// chromium's binary (Debian's `chromium`; `.ci/run` installs it).
fn chromium() -> PathBuf {
    let out = Command::new("sh")
        .args(["-c", "command -v chromium || command -v chromium-browser"])
        .output()
        .expect("sh");
    let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        !path.is_empty(),
        "chromium is needed for this test: apt-get install -y chromium (.ci/run does it)"
    );
    PathBuf::from(path)
}

fn headless(work: &Path, args: &[String]) -> std::process::Output {
    Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", work.join("profile").display()),
        ])
        .args(args)
        .env("HOME", work)
        .output()
        .expect("chromium runs")
}

#[test]
fn html_renders_in_headless_chromium_without_injected_elements() {
    let dir = fixture();
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-chromium");
    std::fs::create_dir_all(&work).expect("mkdir");
    let page = work.join("export.html");
    let (code, _, err) = run(
        dir.path(),
        // The page of an earlier run is replaced: that needs --force.
        &[
            "--format",
            "html",
            "--force",
            "-o",
            page.to_str().expect("utf8"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let url = format!("file://{}", page.display());
    let dump = headless(&work, &["--dump-dom".into(), url.clone()]);
    let dom = String::from_utf8_lossy(&dump.stdout);
    assert!(
        dom.contains("<h1>Coded quotes: Studi &lt;uji&gt; &amp; \"coba\"</h1>"),
        "chromium did not render the page: {dom}\n{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    for injected in ["<script", "<img", "<b>", "<trust>", "onerror=\""] {
        assert!(
            !dom.contains(injected),
            "{injected} became an element: {dom}"
        );
    }
    assert!(dom.contains("&lt;script&gt;alert(\"xss\")&lt;/script&gt; \"&gt;&lt;img src=x onerror=alert(1)&gt; &amp; 'kutip'"));
    assert!(
        dom.contains("&lt;b&gt;memo&lt;/b&gt; &amp; \"&gt;&lt;script&gt;alert(3)&lt;/script&gt;")
    );
    assert_eq!(dom.matches("<blockquote>").count(), 8);
    assert_eq!(dom.matches("<cite>").count(), 8);
    assert!(dom.contains("— informan-a.txt ¶2 (ana, budi)"));
    let shot = work.join("export.png");
    let _ = std::fs::remove_file(&shot);
    let taken = headless(
        &work,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1024,2200".into(),
            url,
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| {
        panic!(
            "no screenshot at {}: {e}\n{}",
            shot.display(),
            String::from_utf8_lossy(&taken.stderr)
        )
    });
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() > 20_000,
        "more than a blank page: {} bytes",
        png.len()
    );
    println!("screenshot of the exported HTML: {}", shot.display());
    let pdf = work.join("export.pdf");
    let _ = std::fs::remove_file(&pdf);
    let printed = headless(
        &work,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
            format!("file://{}", page.display()),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| {
        panic!(
            "no PDF at {}: {e}\n{}",
            pdf.display(),
            String::from_utf8_lossy(&printed.stderr)
        )
    });
    // The page tree's `/Count N` (the only count in chromium's uncompressed
    // dictionaries).
    let text = String::from_utf8_lossy(&bytes);
    let pages = text
        .split("/Count ")
        .skip(1)
        .filter_map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<usize>().ok()
        })
        .max()
        .unwrap_or(0);
    // Codebook and frequencies, then the heat map, then the quotes: the print CSS
    // starts the last two on a page of their own (the fixture alone fills two pages).
    assert!(pages >= 3, "{pages} pages printed: {}", pdf.display());
    println!("printed PDF ({pages} pages): {}", pdf.display());
}

#[test]
fn memo_only_paragraphs_and_an_empty_project() {
    let dir = common::project_dir(&[("kosong.txt", "Satu.\n\nDua.\n"), ("codebook.json", BOOK)]);
    let out = ok(dir.path(), &["--format", "csv"]);
    assert_eq!(
        out,
        "document,paragraph,speaker,code,label,coder,memo,text\r\n"
    );
    assert_eq!(ok(dir.path(), &["--format", "jsonl"]), "");
    let html = html_of(dir.path());
    assert!(html.contains("No codings."), "{html}");
    let md = ok(dir.path(), &["--format", "md"]);
    assert_eq!(md, "# Coded quotes\n\n1 document; no codings\n");
}

#[test]
fn export_is_listed_in_help() {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("--help")
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("export"), "{help}");
}

#[test]
fn a_reader_that_stops_early_ends_the_export_quietly() {
    // 2,000 coded paragraphs: far more output than a pipe buffer holds, so the writes
    // after `head` has gone fail with a broken pipe.
    let text: String = (1..=2000)
        .map(|i| format!("Informan: kalimat nomor {i}, tentang janji bertemu di kafe.\n\n"))
        .collect();
    let dir = common::project_dir(&[("panjang.txt", &text), ("codebook.json", BOOK)]);
    let project = Project::open(dir.path()).expect("open");
    let doc = &project.documents[0];
    let mut d = Decisions::default();
    for i in 0..2000 {
        d.paragraphs
            .entry(i)
            .or_default()
            .codes
            .insert("contact".into());
    }
    let content = doc.content.as_ref().expect("readable");
    let file = to_sidecar(doc, content, "ana", &d);
    std::fs::write(sidecar_path(&doc.path, "ana"), file.to_bytes()).expect("write");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{BIN}' export '{}' --format csv | head -n 1",
            dir.path().display()
        ))
        .output()
        .expect("sh");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "document,paragraph,speaker,code,label,coder,memo,text\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "no error message");
    let full = ok(dir.path(), &["--format", "csv"]);
    assert!(full.len() > 200_000, "{} bytes", full.len());
}
