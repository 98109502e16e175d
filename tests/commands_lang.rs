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
