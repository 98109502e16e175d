//! The core's errors in Indonesian, in the real binary: under `LANG=id_ID.UTF-8` a bad
//! sidecar, a bad codebook, a transcript that is not UTF-8, a `project.json` value of
//! the wrong type and a missing folder are
//! told in Indonesian, and each message still names the file (and line, column or
//! byte) as it does in English.

mod common;

use common::tmux::{BIN, Tmux};
use std::process::Command;

/// The environment of an Indonesian researcher (the harness sets `LC_ALL=C.UTF-8`).
const INDONESIAN: [(&str, &str); 2] = [("LC_ALL", ""), ("LANG", "id_ID.UTF-8")];

/// A folder with one transcript and the sample codebook.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(
        dir.path().join("a.txt"),
        "Peneliti: Apa kabar?\n\nInforman: Baik, terima kasih.\n",
    )
    .expect("transcript");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data/codebook.json"),
        dir.path().join("codebook.json"),
    )
    .expect("codebook");
    dir
}

/// `tandai ARGS` in Indonesian, with a private config folder: exit code and stderr.
fn run_id(args: &[&str], config: &std::path::Path) -> (i32, String) {
    let out = Command::new(BIN)
        .env("LC_ALL", "")
        .env("LANG", "id_ID.UTF-8")
        .env("XDG_CONFIG_HOME", config)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_sidecar_makes_the_document_read_only_with_an_indonesian_reason_naming_it() {
    let dir = project();
    std::fs::write(
        dir.path().join("a.txt.ana.tandai.json"),
        "{\"format\": \"tandai-sidecar\",\n \"version\": 1,\n \"paragraphs\": [,]}\n",
    )
    .expect("sidecar");
    let path = dir.path().to_str().expect("utf8");
    let t = Tmux::start_env(&[path, "--coder", "ana"], 120, 24, &INDONESIAN);
    let s = t.wait_text("a.txt.ana.tandai.json: baris 3, kolom 17");
    assert!(
        s.contains("a.txt.ana.tandai.json: baris 3, kolom 17: seharusnya ada sebuah nilai"),
        "{s}"
    );
    assert!(
        !s.contains("at line 3 column 17"),
        "serde's place dropped:\n{s}"
    );
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn a_bad_codebook_stops_the_start_with_an_indonesian_error_naming_it() {
    let dir = project();
    std::fs::write(
        dir.path().join("codebook.json"),
        "{\"format\":\"tandai-codebook\",\"version\":1,\"codes\":[\n{\"id\":\"A b\",\"label\":\"x\"}]}\n",
    )
    .expect("codebook");
    let path = dir.path().to_str().expect("utf8");
    let t = Tmux::start_env(&[path, "--coder", "ana"], 120, 24, &INDONESIAN);
    let s = t.wait_text("[exit");
    assert!(
        s.contains("codebook.json: id kode \"A b\" tidak sah: gunakan huruf kecil, angka"),
        "{s}"
    );
    assert!(!s.contains("[exit 0]"), "{s}");
}

#[test]
fn command_errors_are_indonesian_and_name_the_file_line_and_byte() {
    let dir = project();
    let config = tempfile::tempdir().expect("config");
    let path = dir.path().to_str().expect("utf8");
    std::fs::write(dir.path().join("b.txt"), b"caf\xe9\nbaris dua\n").expect("latin-1");
    let (_, err) = run_id(&["check", path], config.path());
    assert!(
        err.contains(
            "b.txt: bukan UTF-8 yang sah pada bait 3 (baris 1); simpan berkas sebagai UTF-8"
        ),
        "{err}"
    );

    std::fs::write(
        dir.path().join("codebook.json"),
        "{\"format\":\"tandai-codebook\",\"version\":1,\"codes\":[\n{\"id\":\"a\",\"label\":\"x\",}]}\n",
    )
    .expect("codebook");
    let (code, err) = run_id(&["check", path], config.path());
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("codebook.json: baris 2, kolom 23: ada koma berlebih sebelum penutup"),
        "{err}"
    );

    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data/codebook.json"),
        dir.path().join("codebook.json"),
    )
    .expect("codebook back");
    std::fs::write(
        dir.path().join("project.json"),
        "{\"format\":\"tandai-project\",\"version\":1,\"attributes\":[{\"name\":\"umur\",\"type\":\"number\"}],\n\"documents\":{\"a.txt\":{\"umur\":\"tiga puluh\"}},\"blind\":\"ya\"}\n",
    )
    .expect("project.json");
    let (_, err) = run_id(&["check", path], config.path());
    assert!(
        err.contains("project.json: a.txt: umur: \"tiga puluh\" bukan angka, misalnya 34 atau 2.5 (dengan titik, bukan koma); disimpan apa adanya"),
        "{err}"
    );
    assert!(
        err.contains("project.json: \"blind\" bernilai \"ya\", bukan true atau false"),
        "{err}"
    );

    let missing = dir.path().join("tidak-ada");
    let (code, err) = run_id(&["check", missing.to_str().expect("utf8")], config.path());
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("tidak-ada: berkas atau folder tidak ada"),
        "{err}"
    );
}

#[test]
fn a_reliability_data_error_is_indonesian_and_names_the_file_and_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data.csv");
    std::fs::write(&data, "ana,budi\n1,2\n3\n").expect("csv");
    let shown = data.to_str().expect("utf8");
    let (code, err) = run_id(&["agree", "--data", shown], dir.path());
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "{shown}: baris 3: 1 sel, padahal baris pertama menyebut 2 koder; biarkan sel kosong untuk nilai yang tidak ada"
        )),
        "{err}"
    );
    std::fs::write(&data, "ana,budi\nx,2\n").expect("csv");
    let (_, err) = run_id(
        &["agree", "--data", shown, "--level", "interval"],
        dir.path(),
    );
    assert!(
        err.contains(&format!("{shown}: baris 2: koder ana: \"x\" bukan angka")),
        "{err}"
    );
}

#[test]
fn the_merge_driver_says_in_indonesian_which_code_both_sides_changed() {
    let dir = tempfile::tempdir().expect("tmp");
    let book = |label: &str| {
        format!(
            "{{\"format\":\"tandai-codebook\",\"version\":1,\"codes\":[{{\"id\":\"kontak\",\"label\":\"{label}\"}}]}}\n"
        )
    };
    let mut paths = Vec::new();
    for (name, label) in [
        ("base.json", "Kontak"),
        ("ours.json", "Kontak awal"),
        ("theirs.json", "Perkenalan"),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, book(label)).expect("write");
        paths.push(p.to_str().expect("utf8").to_owned());
    }
    let (code, err) = run_id(
        &["codebook", "merge", &paths[0], &paths[1], &paths[2]],
        dir.path(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("kedua versi mengubah kode kontak"), "{err}");
}

#[test]
fn check_findings_are_indonesian() {
    let dir = project();
    let config = tempfile::tempdir().expect("config");
    std::fs::write(
        dir.path().join("a.txt.ana.tandai.json"),
        "{\"format\":\"tandai-sidecar\",\"version\":1,\"document\":\"a.txt\",\"document_fingerprint\":\"sha256:00\",\"coder\":\"ana\",\"paragraphs\":[{\"paragraph\":1,\"fingerprint\":\"\",\"start\":0,\"end\":1,\"codes\":[\"hilang\"]}]}",
    )
    .expect("sidecar");
    let out = Command::new(BIN)
        .env("LC_ALL", "")
        .env("LANG", "id_ID.UTF-8")
        .env("XDG_CONFIG_HOME", config.path())
        .args(["check", dir.path().to_str().expect("utf8")])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("a.txt ¶1 (ana): kode hilang tidak ada di buku kode"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}");
}

#[test]
fn a_refi_import_error_is_indonesian_and_names_the_file_and_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let qdc = dir.path().join("kode.qdc");
    std::fs::write(&qdc, "<?xml version=\"1.0\"?>\n<Foo/>\n").expect("qdc");
    let (code, err) = run_id(
        &["codebook", "import", qdc.to_str().expect("utf8")],
        dir.path(),
    );
    assert_ne!(code, 0, "{err}");
    assert!(
        err.contains("kode.qdc: baris 2, kolom 1: bukan berkas REFI-QDA: elemen akarnya <Foo>"),
        "{err}"
    );
}

#[test]
fn subtitle_and_word_errors_are_indonesian_and_name_the_file_and_line() {
    let dir = project();
    let config = tempfile::tempdir().expect("config");
    std::fs::write(
        dir.path().join("c.vtt"),
        "bukan webvtt\n\n00:01 --> 00:02\nhalo\n",
    )
    .expect("vtt");
    std::fs::write(
        dir.path().join("d.srt"),
        "1\n00:00:01,000 --> 00:00:02,000\nhalo\n\n2\nbukan waktu\nteks\n",
    )
    .expect("srt");
    std::fs::write(dir.path().join("e.docx"), "bukan zip").expect("docx");
    let (_, err) = run_id(
        &["check", dir.path().to_str().expect("utf8")],
        config.path(),
    );
    assert!(
        err.contains("c.vtt: baris 1: berkas WebVTT harus diawali baris WEBVTT"),
        "{err}"
    );
    assert!(
        err.contains("d.srt: baris 6: seharusnya baris waktu cue (00:00:01,000 --> 00:00:04,000), yang ditemukan \"bukan waktu\""),
        "{err}"
    );
    assert!(
        err.contains("e.docx: bukan arsip zip yang dapat dibaca ("),
        "{err}"
    );
}
