//! The screens in Indonesian in the real binary (tmux): an `id_ID` locale gives an
//! Indonesian status line, key hints and help screen.

mod common;

use common::tmux::{Tmux, sample_copy};

/// The locale of an Indonesian user: LC_ALL empty, LANG id_ID.
const ID_LOCALE: [(&str, &str); 2] = [("LC_ALL", ""), ("LANG", "id_ID.UTF-8")];

#[test]
fn an_indonesian_locale_gives_an_indonesian_status_line_and_help() {
    let dir = sample_copy();
    let path = dir.path().to_str().expect("utf8");
    let t = Tmux::start_env(&[path, "--coder", "ana"], 80, 24, &ID_LOCALE);
    let s = t.wait_text("informan-a.txt");
    let status: Vec<&str> = s.lines().rev().take(2).collect();
    let status = status.join("\n");
    for needle in ["· ID ·", "tersimpan", "kode", "bantuan", "keluar"] {
        assert!(
            status.contains(needle),
            "{needle:?} not in the status line:\n{s}"
        );
    }
    assert!(
        !status.contains("saved") && !status.contains("help"),
        "no English left in the status line:\n{s}"
    );
    t.keys(&["?"]);
    let s = t.wait_text("bantuan tandai");
    assert!(s.contains("Tombol (dari peta tombol Anda)"), "{s}");
    assert!(s.contains("Paragraf berikutnya"), "{s}");
    t.keys(&["G"]);
    let s = t.wait_text("Setiap perubahan langsung disimpan");
    assert!(!s.contains("Every change"), "{s}");
    t.keys(&["q", "q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn the_first_run_asks_in_indonesian() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("wawancara.txt"), "P: halo\n\nI: iya\n").expect("write");
    let t = Tmux::start_env(&[dir.path().to_str().expect("utf8")], 80, 30, &ID_LOCALE);
    let s = t.wait_text("Nama koder");
    assert!(s.contains("Selamat datang di tandai"), "{s}");
    t.type_text("Sari Dewi");
    t.keys(&["Enter"]);
    t.wait_text("Pakai sari-dewi saja? [Y/n]");
    t.keys(&["Enter"]);
    let s = t.wait_text("Pilih 1-6");
    assert!(s.contains("buku kode kosong"), "{s}");
    t.type_text("2");
    t.keys(&["Enter"]);
    let s = t.wait_text("wawancara.txt ¶1/2");
    assert!(s.contains("bantuan"), "{s}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}
