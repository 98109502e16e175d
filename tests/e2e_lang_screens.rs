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
