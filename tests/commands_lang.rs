//! The commands in Indonesian: `--help` of tandai and its commands, and the words
//! of their output, when the interface language is Indonesian (the locale or
//! `--lang id`); English stays the default, and machine formats (CSV, JSON) are the
//! same bytes in every language.

mod common;

use common::tmux::BIN;
use std::process::{Command, Output};

/// Runs tandai with a config folder of its own (no `lang` in it) and the locale
/// given (`LC_ALL` emptied, so `LANG` decides).
fn tandai(lang: &str, args: &[&str], dir: Option<&std::path::Path>) -> Output {
    let home = tempfile::tempdir().expect("config home");
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("LC_ALL", "")
        .env("LC_MESSAGES", "")
        .env("LANG", lang)
        .env("XDG_CONFIG_HOME", home.path())
        .env("HOME", home.path());
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.output().expect("tandai runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn help_follows_the_locale() {
    let o = tandai("id_ID.UTF-8", &["agree", "--help"], None);
    assert!(o.status.success());
    let help = stdout(&o);
    for words in [
        "Kesepakatan antarpengode, paragraf demi paragraf.",
        "Penggunaan: tandai agree",
        "Argumen:",
        "Opsi:",
        "Koder yang dibandingkan",
        "Nilai yang mungkin:",
        "[bawaan: text]",
        "Tampilkan bantuan",
    ] {
        assert!(help.contains(words), "{words:?} in:\n{help}");
    }
    for english in [
        "Usage:",
        "Options:",
        "Print help",
        "[default:",
        "The coders",
    ] {
        assert!(!help.contains(english), "{english:?} in:\n{help}");
    }
}

#[test]
fn help_follows_lang_before_or_after_the_command() {
    for args in [
        &["--lang", "id", "export", "--help"][..],
        &["--lang=id", "export", "-h"],
        &["export", "--lang", "id", "-h"],
    ] {
        let o = tandai("C.UTF-8", args, None);
        assert!(o.status.success(), "{args:?}: {o:?}");
        let help = stdout(&o);
        assert!(
            help.contains("Penggunaan: tandai export")
                && help.contains("Hanya kode ini beserta subkodenya")
                && help.contains("Opsi:"),
            "{args:?}:\n{help}"
        );
    }
    let o = tandai("id_ID.UTF-8", &["--help"], None);
    let help = stdout(&o);
    assert!(help.contains("Perintah:") && help.contains("Ekspor atau impor buku kode proyek"));
    assert!(help.contains("Tampilkan versi"), "{help}");
    let o = tandai("id_ID.UTF-8", &["help", "codebook"], None);
    let help = stdout(&o);
    assert!(help.contains("Tampilkan pesan ini atau bantuan"), "{help}");
}

#[test]
fn help_stays_english_by_default_and_with_lang_en() {
    for (lang, args) in [
        ("C.UTF-8", &["report", "--help"][..]),
        ("id_ID.UTF-8", &["--lang", "en", "report", "--help"]),
    ] {
        let help = stdout(&tandai(lang, args, None));
        assert!(
            help.contains("Usage: tandai report")
                && help.contains("Only this coder's codings (default: every coder's, summed)")
                && help.contains("[default: text]"),
            "{lang} {args:?}:\n{help}"
        );
    }
}

#[test]
fn a_folder_still_opens_after_lang_and_usage_errors_keep_working() {
    // `--lang id PATH` is the coding screen's, not a command: without a terminal it
    // says so (in whatever words), rather than a usage error.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().to_str().expect("utf8");
    let o = tandai("C.UTF-8", &["--lang", "id", path], None);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let o = tandai("id_ID.UTF-8", &["report", "--no-such-option"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--no-such-option"));
}

#[test]
fn usage_errors_follow_the_locale_and_stay_clap_s_in_english() {
    let id = |args: &[&str]| {
        let o = tandai("id_ID.UTF-8", args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        assert!(o.stdout.is_empty(), "{args:?}: {o:?}");
        stderr(&o)
    };
    let unknown = id(&["--bogus"]);
    for words in [
        "galat: argumen '--bogus' tidak dikenal",
        "saran: untuk memberikan '--bogus' sebagai nilai, tulis '-- --bogus'",
        // The usage's second line stays under the first (the heading is longer).
        "Penggunaan: tandai [OPSI] [PATH]\n            tandai <PERINTAH>\n",
        "Untuk keterangan lebih lanjut, coba '--help'.",
    ] {
        assert!(unknown.contains(words), "{words:?} in:\n{unknown}");
    }
    let value = id(&["export", "--format", "xls"]);
    for words in [
        "galat: nilai 'xls' tidak sah untuk '--format <FORMAT>'",
        "[nilai yang mungkin: csv, jsonl, md, html, qdpx, xlsx]",
        "saran: ada nilai yang mirip: 'xlsx'",
    ] {
        assert!(value.contains(words), "{words:?} in:\n{value}");
    }
    let similar = id(&["export", "--formt", "csv"]);
    assert!(
        similar.contains("saran: ada argumen yang mirip: '--format'")
            && similar.contains("Penggunaan: tandai export --format <FORMAT> [PATH]\n"),
        "{similar}"
    );
    let twice = id(&["report", "--coder", "a", "--coder", "b"]);
    assert!(
        twice.contains("galat: argumen '--coder <NAME>' tidak dapat diberikan lebih dari sekali"),
        "{twice}"
    );
    let missing = id(&["export"]);
    assert!(
        missing.contains("galat: argumen wajib berikut tidak diberikan:\n  --format <FORMAT>"),
        "{missing}"
    );
    // A value refused by tandai's own check keeps tandai's (Indonesian) reason.
    let since = id(&["log", "--since", "kemarin"]);
    assert!(
        since
            .contains("galat: nilai 'kemarin' tidak sah untuk '--since <TIME>': gunakan waktu UTC"),
        "{since}"
    );
    for text in [&unknown, &value, &similar, &twice, &missing, &since] {
        for english in [
            "error:",
            "Usage:",
            "tip:",
            "For more information",
            "possible values",
        ] {
            assert!(!text.contains(english), "{english:?} in:\n{text}");
        }
    }
    // English: clap's own message, word for word.
    let o = tandai("C.UTF-8", &["--bogus"], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use \
         '-- --bogus'\n\nUsage: tandai [OPTIONS] [PATH]\n       tandai <COMMAND>\n\nFor more \
         information, try '--help'.\n"
    );
}

/// Runs a command line clap refuses in both languages: exit 2, nothing on stdout.
fn refused(args: &[&str]) -> (String, String) {
    let run = |lang| {
        let o = tandai(lang, args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        assert!(o.stdout.is_empty(), "{args:?}: {o:?}");
        stderr(&o)
    };
    (run("C.UTF-8"), run("id_ID.UTF-8"))
}

/// The usage line of an error, after its heading.
fn usage_line(message: &str, heading: &str) -> String {
    message
        .lines()
        .find_map(|l| l.strip_prefix(heading))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn usage_errors_in_indonesian_keep_every_part_of_clap_s() {
    // A word after a folder is read as a command: clap says "subcommand", not "argument".
    let (en, id) = refused(&["attributes", "impor", "x"]);
    assert!(
        en.contains("error: the subcommand 'x' cannot be used with '[PATH]'"),
        "{en}"
    );
    assert!(
        id.contains("galat: perintah 'x' tidak dapat dipakai bersama '[PATH]'"),
        "{id}"
    );

    // The usage of an error names the arguments given and still needed, as clap's does.
    for args in [
        &["export", "--format", "csv", "--force"][..],
        &["agree", "--level", "ordinal"],
        &["retest", "--n", "3"],
    ] {
        let (en, id) = refused(args);
        let (en_usage, id_usage) = (usage_line(&en, "Usage: "), usage_line(&id, "Penggunaan: "));
        assert!(!en_usage.is_empty() && !id_usage.is_empty(), "{en}\n{id}");
        assert_eq!(
            en_usage.replace("[OPTIONS]", "[OPSI]"),
            id_usage,
            "{args:?}"
        );
    }

    // clap's other tips, in Indonesian too.
    let (en, id) = refused(&["--formt", "export"]);
    assert!(en.contains("  tip: 'export --format' exists\n"), "{en}");
    assert!(id.contains("  saran: 'export --format' tersedia\n"), "{id}");
    let (en, id) = refused(&["codebook", "--", "export"]);
    assert!(
        en.contains("tip: subcommand 'export' exists; to use it, remove the '--' before it"),
        "{en}"
    );
    assert!(
        id.contains("saran: perintah 'export' tersedia; untuk memakainya, hapus '--' di depannya"),
        "{id}"
    );

    // A number the standard library refuses: the reason in Indonesian too.
    let (en, id) = refused(&["retest", "--sample", "abc"]);
    assert!(en.contains("invalid digit found in string"), "{en}");
    assert!(
        id.contains("galat: nilai 'abc' tidak sah untuk '--sample <N>': bukan bilangan bulat"),
        "{id}"
    );
    let (_, id) = refused(&["retest", "--seed", "99999999999999999999999"]);
    assert!(id.contains(": bilangan terlalu besar"), "{id}");
    assert!(!id.contains("too large"), "{id}");
}

const BOOK: &str = r#"{"format":"tandai-codebook","version":1,"codes":[
    {"id":"a","label":{"en":"Trust","id":"Kepercayaan"}},
    {"id":"b","label":{"en":"Contact","id":"Kontak"}},
    {"id":"g","label":{"en":"Stage","id":"Tahap"},"codable":false,"exclusive":true,"children":[
        {"id":"g.1","label":{"en":"Early","id":"Awal"}},{"id":"g.2","label":{"en":"Late","id":"Akhir"}}]}]}"#;

/// Two coders on two documents, both finished on doc1, only ana on doc2.
fn project() -> tempfile::TempDir {
    let dir = common::project_dir(&[
        ("doc1.txt", "satu\n\ndua\n\ntiga\n"),
        ("doc2.txt", "empat\n"),
        ("codebook.json", BOOK),
    ]);
    write_sidecar(
        dir.path(),
        "doc1.txt",
        "ana",
        true,
        &[(1, &["a"]), (2, &["b", "a"])],
    );
    write_sidecar(
        dir.path(),
        "doc1.txt",
        "budi",
        true,
        &[(1, &["a"]), (3, &["b"])],
    );
    write_sidecar(dir.path(), "doc2.txt", "ana", true, &[(1, &["a"])]);
    dir
}

fn write_sidecar(
    dir: &std::path::Path,
    doc: &str,
    coder: &str,
    finished: bool,
    paragraphs: &[(usize, &[&str])],
) {
    use tandai::core::coding::sidecar::{Decisions, sidecar_path};
    use tandai::core::project::{Project, to_sidecar};
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
#[test]
fn report_in_indonesian_with_a_decimal_comma() {
    let dir = project();
    let text = stdout(&tandai("id_ID.UTF-8", &["report"], Some(dir.path())));
    for words in [
        "2 dokumen; koder: ana, budi\n",
        "Frekuensi kode\n",
        "kode  label        pengodean  paragraf  dokumen\n",
        "a     Kepercayaan          4         3        2\n",
        "Cakupan (paragraf berbeda)\n",
        "(semua)          4        4     100,0%\n",
        "Kemunculan bersama dalam tiap koder",
    ] {
        assert!(text.contains(words), "{words:?} in:\n{text}");
    }
    assert!(
        !text.contains("Code frequencies") && !text.contains("100.0%"),
        "{text}"
    );
    let md = stdout(&tandai(
        "C.UTF-8",
        &["--lang", "id", "report", "--format", "md"],
        Some(dir.path()),
    ));
    assert!(
        md.starts_with("# Laporan pengodean\n\n2 dokumen; koder: ana, budi\n"),
        "{md}"
    );
    assert!(
        md.contains("\n## Frekuensi kode\n\nPengodean menghitung"),
        "{md}"
    );
    assert!(
        md.contains("| kode | label | pengodean | paragraf | dokumen |"),
        "{md}"
    );
    // The command's --lang wins over the interface's, for labels and words alike.
    let en = stdout(&tandai(
        "id_ID.UTF-8",
        &["report", "--lang", "en"],
        Some(dir.path()),
    ));
    assert!(
        en.starts_with("2 documents; coders: ana, budi\n\nCode frequencies\n"),
        "{en}"
    );
    assert!(en.contains("a     Trust"), "{en}");
}

#[test]
fn agree_in_indonesian_text_markdown_and_html() {
    let dir = project();
    let text = stdout(&tandai("id_ID.UTF-8", &["agree"], Some(dir.path())));
    for words in [
        "Kesepakatan antara ana (A) dan budi (B), paragraf demi paragraf\n",
        "Dibandingkan: 1 dokumen, 3 paragraf\n",
        "doc2.txt: belum ditandai selesai oleh budi (tanpa sidecar)",
        "kode  unit  sepakat",
        "66,7%      0,400",
        "tak tentu",
        "\nCatatan\n- g.1, g.2: Cohen, Fleiss, alpha tak tentu: tidak ada koder yang menggunakan\n",
    ] {
        assert!(text.contains(words), "{words:?} in:\n{text}");
    }
    for english in ["undefined", "paragraph", "66.7%", "0.400", "Notes"] {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
    let md = stdout(&tandai(
        "id_ID.UTF-8",
        &["agree", "--format", "md"],
        Some(dir.path()),
    ));
    assert!(
        md.starts_with("# Kesepakatan antarpengode\n\nKoder: ana (A) dan budi (B), paragraf demi paragraf.\n\n## Dokumen yang dibandingkan (1)\n\n- doc1.txt (3 paragraf)\n"),
        "{md}"
    );
    assert!(md.contains("| kode | label | unit | persentase kesepakatan | kappa Cohen | kappa Fleiss | alpha Krippendorff | keduanya | hanya A | hanya B | tidak satu pun |"), "{md}");
    assert!(
        md.contains("| a | Kepercayaan | 3 | 66,7% | 0,400 | 0,333 | 0,444 | 1 | 1 | 0 | 1 |"),
        "{md}"
    );
    let html = stdout(&tandai(
        "C.UTF-8",
        &["--lang", "id", "agree", "--format", "html"],
        Some(dir.path()),
    ));
    assert!(
        html.contains("<html lang=\"id\">")
            && html.contains("<title>Kesepakatan antarpengode</title>"),
        "{html}"
    );
    assert!(
        html.contains("<th>persentase kesepakatan</th>")
            && html.contains("<td class=\"n\">66,7%</td>"),
        "{html}"
    );
    let html = stdout(&tandai(
        "C.UTF-8",
        &["agree", "--format", "html"],
        Some(dir.path()),
    ));
    assert!(
        html.contains("<html lang=\"en\">") && html.contains("<td class=\"n\">66.7%</td>"),
        "{html}"
    );
}

#[test]
fn machine_formats_are_the_same_bytes_in_every_language() {
    let dir = project();
    for args in [
        &["report", "--format", "csv"][..],
        &["report", "--format", "json"],
        &["agree", "--format", "csv"],
        &["agree", "--format", "json"],
        &["export", "--format", "csv"],
        &["export", "--format", "jsonl"],
        &["codebook", "export", "--format", "csv"],
    ] {
        let both_labels = args[0] == "codebook";
        // The same labels (--lang en), the interface in English or Indonesian.
        let with_en: Vec<&str> = args.iter().copied().chain(["--lang", "en"]).collect();
        let en = tandai("C.UTF-8", &with_en, Some(dir.path()));
        assert!(en.status.success(), "{args:?}: {en:?}");
        let id = tandai("id_ID.UTF-8", &with_en, Some(dir.path()));
        assert_eq!(stdout(&en), stdout(&id), "{args:?}");
        if both_labels {
            continue;
        }
        // Indonesian labels: only the labels change, never a key, a heading or a
        // number's decimal point.
        let id = stdout(&tandai("id_ID.UTF-8", args, Some(dir.path())));
        let labels_back = id
            .replace("Kepercayaan", "Trust")
            .replace("Kontak", "Contact")
            .replace("Tahap", "Stage")
            .replace("Awal", "Early")
            .replace("Akhir", "Late");
        assert_eq!(stdout(&en), labels_back, "{args:?}");
    }
}

#[test]
fn export_markdown_and_html_headings_in_indonesian() {
    let dir = project();
    let md = stdout(&tandai(
        "id_ID.UTF-8",
        &["export", "--format", "md"],
        Some(dir.path()),
    ));
    assert!(
        md.starts_with("# Kutipan terkode\n\n2 dokumen; koder: ana, budi; 6 pengodean\n\n## Kepercayaan (`a`)\n"),
        "{md}"
    );
    let html = stdout(&tandai(
        "C.UTF-8",
        &["--lang", "id", "export", "--format", "html"],
        Some(dir.path()),
    ));
    for words in [
        "<html lang=\"id\">",
        "<h1>Kutipan terkode</h1>",
        "<h2 id=\"codebook\">Buku kode</h2>",
        "<th>Kode</th><th>Label</th><th>Definisi</th>",
        "<h2 id=\"frequencies\">Frekuensi kode</h2>",
        "<h2 id=\"matrix\">Kode × dokumen</h2>",
        "<th>Semua</th>",
        "<h2 id=\"quotes\">Kutipan menurut kode</h2>",
    ] {
        assert!(html.contains(words), "{words:?} in:\n{html}");
    }
    for english in ["Coded quotes", "Codebook<", "Quotes by code", "codings"] {
        assert!(!html.contains(english), "{english:?} in:\n{html}");
    }
    let en = stdout(&tandai(
        "C.UTF-8",
        &["export", "--format", "md"],
        Some(dir.path()),
    ));
    assert!(
        en.starts_with("# Coded quotes\n\n2 documents; coders: ana, budi; 6 codings\n"),
        "{en}"
    );
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn messages_on_stderr_follow_the_interface_language() {
    let dir = project();
    let o = tandai("id_ID.UTF-8", &["check"], Some(dir.path()));
    assert_eq!(
        stderr(&o),
        "tandai check: tidak ada masalah dalam 3 sidecar dari 2 dokumen\n"
    );
    let o = tandai("C.UTF-8", &["check"], Some(dir.path()));
    assert_eq!(
        stderr(&o),
        "tandai check: no problems in 3 sidecars of 2 documents\n"
    );
    let o = tandai(
        "id_ID.UTF-8",
        &["report", "--format", "csv", "-o", "laporan.csv"],
        Some(dir.path()),
    );
    assert!(o.status.success());
    assert_eq!(stderr(&o), "tandai: ditulis ke laporan.csv\n");
    let o = tandai(
        "id_ID.UTF-8",
        &["report", "--format", "csv", "-o", "laporan.csv"],
        Some(dir.path()),
    );
    // (The refusal is the core's message, translated with the core's messages.)
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("laporan.csv"), "{o:?}");
    let o = tandai(
        "id_ID.UTF-8",
        &["export", "--format", "xlsx", "--by", "role"],
        Some(dir.path()),
    );
    assert!(
        stderr(&o).contains("--by menambahkan tabel pada --format md dan html"),
        "{o:?}"
    );
}

#[test]
fn diff_and_log_lines_in_indonesian() {
    let dir = project();
    let o = tandai(
        "id_ID.UTF-8",
        &["diff", "--coders", "ana,budi"],
        Some(dir.path()),
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stdout(&o).starts_with("doc1.txt ¶2 (ana → budi): −Kepercayaan −Kontak\n"),
        "{o:?}"
    );
    assert!(stderr(&o).contains("tandai diff: "), "{o:?}");
    assert!(
        stderr(&o).ends_with(" perubahan dalam 2 dokumen\n"),
        "{o:?}"
    );

    std::fs::create_dir(dir.path().join("tandai-log")).expect("mkdir");
    let lines = [
        r#"{"time":"2026-11-30T09:00:00.000Z","coder":"ana","document":"doc1.txt","paragraph":1,"action":"code","before":[],"after":["a"]}"#,
        r#"{"time":"2026-11-30T09:01:00.000Z","coder":"ana","document":"doc1.txt","action":"finish"}"#,
        r#"{"time":"2026-11-30T09:02:00.000Z","coder":"consensus","by":"ana","document":"doc1.txt","paragraph":2,"action":"adjudicate","before":["a"],"after":[]}"#,
    ];
    std::fs::write(
        dir.path().join("tandai-log/ana.jsonl"),
        lines.join("\n") + "\n",
    )
    .expect("log");
    let o = tandai("id_ID.UTF-8", &["log"], Some(dir.path()));
    assert_eq!(
        stdout(&o),
        "2026-11-30 09:00:00  doc1.txt ¶1 (ana): +Kepercayaan\n\
         2026-11-30 09:01:00  doc1.txt (ana): ditandai selesai\n\
         2026-11-30 09:02:00  doc1.txt ¶2 (consensus, oleh ana): diselesaikan: −Kepercayaan\n",
        "{o:?}"
    );
    let o = tandai("C.UTF-8", &["log"], Some(dir.path()));
    assert!(
        stdout(&o).contains("doc1.txt (ana): marked finished\n"),
        "{o:?}"
    );
}

#[test]
fn attributes_table_and_import_in_indonesian() {
    let dir = project();
    std::fs::write(
        dir.path().join("informan.csv"),
        "berkas,peran\ndoc1.txt,polisi\ndoc2.txt,warga\n",
    )
    .expect("csv");
    let o = tandai(
        "id_ID.UTF-8",
        &["attributes", "import", "informan.csv", "--dry-run"],
        Some(dir.path()),
    );
    assert_eq!(
        stderr(&o),
        "tandai: atribut baru peran (text)\n\
         tandai: 2 dokumen: 2 nilai diisi, 0 diubah, 0 dikosongkan, 0 sudah sesuai\n\
         tandai: --dry-run: tidak ada yang ditulis\n"
    );
    let o = tandai(
        "id_ID.UTF-8",
        &["attributes", "import", "informan.csv"],
        Some(dir.path()),
    );
    assert!(o.status.success(), "{o:?}");
    let text = stdout(&tandai("id_ID.UTF-8", &["attributes"], Some(dir.path())));
    assert!(
        text.starts_with("2 dokumen; atribut: peran (text)\n\ndokumen   peran\ndoc1.txt  polisi\n"),
        "{text}"
    );
    // The CSV's header stays the machine name that import reads back.
    let csv = stdout(&tandai(
        "id_ID.UTF-8",
        &["attributes", "--format", "csv"],
        Some(dir.path()),
    ));
    assert!(csv.starts_with("document,peran\r\n"), "{csv}");
}

#[test]
fn init_says_what_it_did_and_the_next_steps_in_indonesian() {
    let dir = tempfile::tempdir().expect("dir");
    let o = tandai(
        "id_ID.UTF-8",
        &["init", "tim", "--pack", "empty"],
        Some(dir.path()),
    );
    assert!(o.status.success(), "{o:?}");
    let err = stderr(&o);
    for words in [
        "tandai init: menulis tim/.gitignore: berkas kunci dan berkas sementara tandai tidak di-commit\n",
        "tandai init: menulis tim/project.json: koder konsensus adalah consensus\n",
        "tandai init: menulis tim/codebook.json dari paket empty\n",
        "\nLangkah berikutnya untuk tim",
        "git init tim && tandai init tim",
    ] {
        assert!(err.contains(words), "{words:?} in:\n{err}");
    }
    let o = tandai("id_ID.UTF-8", &["init", "tim"], Some(dir.path()));
    assert!(
        stderr(&o).starts_with("tandai init: tim sudah siap; tidak ada yang diubah\n"),
        "{o:?}"
    );
}

#[test]
fn retest_asks_for_its_sample_in_indonesian() {
    let dir = project();
    let o = tandai(
        "id_ID.UTF-8",
        &["retest", "--coder", "ana"],
        Some(dir.path()),
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(
        stderr(&o),
        "tandai: --sample N: berapa dari 3 paragraf terkode Anda yang akan dikodekan ulang (lazimnya 10-20%, mis. --sample 1)\n"
    );
}

#[test]
fn qdpx_export_and_import_say_what_they_did_in_indonesian() {
    let dir = project();
    let elsewhere = tempfile::tempdir().expect("dir");
    let file = elsewhere.path().join("proyek.qdpx");
    let o = tandai(
        "id_ID.UTF-8",
        &[
            "export",
            "--format",
            "qdpx",
            "-o",
            file.to_str().expect("utf8"),
        ],
        Some(dir.path()),
    );
    assert!(o.status.success(), "{o:?}");
    assert!(
        stderr(&o).contains("tandai: mengekspor 2 dokumen, 5 kode, 2 koder, "),
        "{o:?}"
    );
    let parent = elsewhere.path();
    let o = tandai(
        "id_ID.UTF-8",
        &["import", "proyek.qdpx", "baru"],
        Some(parent),
    );
    assert!(o.status.success(), "{o:?}");
    let err = stderr(&o);
    assert!(
        err.starts_with("tandai: mengimpor proyek.qdpx (ditulis oleh "),
        "{err}"
    );
    assert!(err.contains("\n  pengguna \"ana\" -> koder ana\n"), "{err}");
    assert!(err.contains("\n  seleksi: "), "{err}");
    let o = tandai("id_ID.UTF-8", &["import", "buku.qdc"], Some(parent));
    assert!(
        stderr(&o).contains("buku.qdc: berkas .qdc adalah buku kode, bukan proyek"),
        "{o:?}"
    );
}

#[test]
fn codebook_markdown_and_paragraphs_in_indonesian() {
    let dir = project();
    let md = stdout(&tandai(
        "id_ID.UTF-8",
        &["codebook", "export", "--format", "md"],
        Some(dir.path()),
    ));
    assert!(md.starts_with("# Buku kode\n\n"), "{md}");
    assert!(
        md.contains("Paling banyak satu kode ini per paragraf.\n\n| Kode | Definisi | Gunakan bila | Jangan gunakan bila | Contoh | Paragraf (dokumen) |"),
        "{md}"
    );
    let text = stdout(&tandai(
        "id_ID.UTF-8",
        &["paragraphs", "doc2.txt"],
        Some(dir.path()),
    ));
    assert!(text.starts_with("== doc2.txt (1 paragraf)\n"), "{text}");
    let text = stdout(&tandai(
        "C.UTF-8",
        &["paragraphs", "doc2.txt"],
        Some(dir.path()),
    ));
    assert!(text.starts_with("== doc2.txt (1 paragraph)\n"), "{text}");
}

#[test]
fn agree_data_in_indonesian_and_its_json_unchanged() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("r.csv"), "ana,budi\n1,1\n2,2\n1,2\n2,2\n").expect("csv");
    let text = stdout(&tandai(
        "id_ID.UTF-8",
        &["agree", "--data", "r.csv"],
        Some(dir.path()),
    ));
    assert_eq!(
        text,
        "Data keandalan: r.csv (2 koder, 4 unit, 8 nilai; 4 unit dengan nilai dari dua koder atau lebih)\n\
         persentase kesepakatan  75,0%\n\
         kappa Cohen             0,500\n\
         kappa Fleiss            0,467\n\
         alpha Krippendorff      0,533 (tingkat nominal)\n"
    );
    let args = ["agree", "--data", "r.csv", "--format", "json"];
    let en = stdout(&tandai("C.UTF-8", &args, Some(dir.path())));
    assert_eq!(en, stdout(&tandai("id_ID.UTF-8", &args, Some(dir.path()))));
    assert!(en.contains("\"percent_agreement\": 75.0"), "{en}");
}

#[test]
fn a_bad_lang_before_a_command_is_refused_not_dropped_and_values_are_not_templates() {
    for args in [
        &["--lang", "xx", "export", "--help"][..],
        &["--lang=fr", "report"],
    ] {
        let o = tandai("C.UTF-8", args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        assert!(stderr(&o).contains("invalid value"), "{args:?}: {o:?}");
    }
    // A file name with braces is a value, never read as a placeholder of the message.
    let dir = project();
    let o = tandai(
        "id_ID.UTF-8",
        &["report", "--format", "csv", "-o", "{path}{n}.csv"],
        Some(dir.path()),
    );
    assert!(o.status.success(), "{o:?}");
    assert_eq!(stderr(&o), "tandai: ditulis ke {path}{n}.csv\n");
}

#[test]
fn code_by_attribute_tables_in_indonesian() {
    let dir = project();
    std::fs::write(dir.path().join("a.csv"), "doc,role\ndoc1.txt,polisi\n").expect("csv");
    let o = tandai(
        "C.UTF-8",
        &["attributes", "import", "a.csv"],
        Some(dir.path()),
    );
    assert!(o.status.success(), "{o:?}");
    let text = stdout(&tandai(
        "id_ID.UTF-8",
        &["report", "--by", "role"],
        Some(dir.path()),
    ));
    assert!(
        text.contains("\nKode x role (dokumen)\n(dokumen tempat kode itu diterapkan; baris pertama: dokumen dengan nilai tersebut)\nkode       polisi  (tanpa nilai)\n(dokumen)       1              1\n"),
        "{text}"
    );
    let md = stdout(&tandai(
        "id_ID.UTF-8",
        &["export", "--format", "md", "--by", "role"],
        Some(dir.path()),
    ));
    assert!(
        md.contains(
            "\n| Kode | polisi | (tanpa nilai) |\n|---|---|---|\n| *(semua)* | 3 (1) | 1 (1) |\n"
        ),
        "{md}"
    );
    let html = stdout(&tandai(
        "id_ID.UTF-8",
        &["export", "--format", "html", "--by", "role"],
        Some(dir.path()),
    ));
    assert!(
        html.contains("<h2 id=\"by-role\">Kode × role</h2>"),
        "{html}"
    );
    assert!(
        html.contains("title=\"2 dari 3 paragraf, dalam 1 dari 1 dokumen\""),
        "{html}"
    );
}

#[test]
fn check_findings_in_indonesian() {
    let dir = project();
    write_sidecar(
        dir.path(),
        "doc2.txt",
        "ana",
        true,
        &[(1, &["g.1", "g.2", "zz", "g"])],
    );
    let o = tandai("id_ID.UTF-8", &["check"], Some(dir.path()));
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(
        stdout(&o),
        "doc2.txt ¶1 (ana): g (Tahap) adalah judul kategori, bukan kode untuk diterapkan\n\
         doc2.txt ¶1 (ana): kode zz tidak ada di buku kode\n\
         doc2.txt ¶1 (ana): g.1 dan g.2 sama-sama berada di Tahap (paling banyak satu per paragraf)\n"
    );
    assert_eq!(
        stderr(&o),
        "tandai check: 3 masalah dalam 3 sidecar dari 2 dokumen\n"
    );
    let o = tandai("C.UTF-8", &["check"], Some(dir.path()));
    assert!(
        stdout(&o).contains("(ana): g.1 and g.2 are both in Stage (at most one per paragraph)\n"),
        "{o:?}"
    );
}

#[test]
fn agree_says_why_a_document_is_left_out_in_indonesian() {
    let dir = project();
    std::fs::write(dir.path().join("doc2.txt.budi.tandai.json"), "{rusak").expect("write");
    let o = tandai("id_ID.UTF-8", &["agree"], Some(dir.path()));
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        stdout(&o).contains("\n  doc2.txt: sebuah sidecar tidak dapat dibaca: "),
        "{o:?}"
    );
    // JSON keeps the English reason, for scripts.
    let o = tandai(
        "id_ID.UTF-8",
        &["agree", "--format", "json"],
        Some(dir.path()),
    );
    assert!(
        stdout(&o).contains("\"reason\": \"a sidecar cannot be read: "),
        "{o:?}"
    );
}
