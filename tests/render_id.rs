//! The screens in Indonesian at 80x24: every screen drawn into a `TestBackend` with the
//! interface language set to `id` (as `--lang id`, the config or an `id_ID` locale set
//! it), driven by key presses through the real keymap.

mod common;

use common::screen::{press, screen, words};
use common::state_in;
use tandai::app::State;
use tandai::i18n::Lang;

fn sample() -> (tempfile::TempDir, State) {
    let dir = common::tmux::sample_copy();
    let mut s = state_in(dir.path(), "ana");
    s.lang = Lang::Id;
    (dir, s)
}

#[test]
fn coding_screen_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "jjj1");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_coding_screen", shown);
    // Undo stays on the hint bar at 80 columns (the Indonesian words are longer: a
    // less needed hint gives way), as help and quit do.
    for needle in ["menyimpan", "bantuan", "keluar", "u urung", "Kontak"] {
        assert!(shown.contains(needle), "{needle:?} missing:\n{shown}");
    }
    for english in ["saving", "help", "quit"] {
        assert!(
            !shown.contains(english),
            "{english:?} left in English:\n{shown}"
        );
    }
}

#[test]
fn help_screen_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "?");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_help_screen", shown);
    let all = words(&screen(&mut s, 100, 200));
    for needle in [
        "bantuan tandai",
        "Tombol (dari peta tombol Anda)",
        "Paragraf berikutnya",
        "Ulangi yang diurungkan",
        "Tombol kode (dari buku kode)",
        "Kontak (devito.contact)",
        "Setiap perubahan langsung disimpan",
    ] {
        assert!(all.contains(needle), "{needle:?} missing:\n{all}");
    }
    for english in ["Next paragraph", "Keys (from", "Every change is saved"] {
        assert!(
            !all.contains(english),
            "{english:?} left in English:\n{all}"
        );
    }
}

#[test]
fn l_switches_the_screens_words_at_once() {
    let dir = common::tmux::sample_copy();
    let mut s = state_in(dir.path(), "ana");
    let en = screen(&mut s, 80, 24);
    assert!(en.contains("saved") && en.contains("help"), "{en}");
    press(&mut s, "L");
    let id = screen(&mut s, 80, 24);
    assert!(
        id.contains("tersimpan") && id.contains("bantuan") && !id.contains("saved"),
        "L switches the status line, not only the code labels:\n{id}"
    );
    press(&mut s, "?");
    let help = screen(&mut s, 80, 24);
    assert!(help.contains("bantuan tandai"), "{help}");
    press(&mut s, "qL?");
    let help = screen(&mut s, 80, 24);
    assert!(help.contains("tandai help"), "back in English:\n{help}");
}

#[test]
fn picker_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "pkem");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_picker", shown);
    assert!(
        shown.contains("Cari kode (Enter terapkan · Esc tutup)"),
        "{shown}"
    );
    press(&mut s, "<esc>pzzzz");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("tidak ada kode yang cocok"), "{shown}");
}

#[test]
fn memo_editor_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "jjjm");
    for c in "Catatan uji.".chars() {
        press(&mut s, &c.to_string());
    }
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_memo_editor", shown);
    assert!(shown.contains("Memo pada informan-a.txt ¶4"), "{shown}");
    assert!(shown.contains("Ctrl-s simpan"), "{shown}");
}

#[test]
fn status_messages_and_the_messages_screen_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "u");
    assert!(
        screen(&mut s, 80, 24).contains("Tidak ada yang dapat diurungkan."),
        "{}",
        screen(&mut s, 80, 24)
    );
    press(&mut s, "jjj1u");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("Diurungkan: −Kontak pada ¶4"), "{shown}");
    press(&mut s, "12");
    let shown = screen(&mut s, 80, 24);
    assert!(
        shown.contains("Kontak → Keterlibatan: satu per paragraf dalam"),
        "an exclusive group's replacement said in Indonesian:\n{shown}"
    );
    press(&mut s, "!");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_messages", shown);
    for needle in ["Pesan, terbaru di atas", "j/k gulir", "Esc menutup"] {
        assert!(shown.contains(needle), "{needle:?} missing:\n{shown}");
    }
}

#[test]
fn too_small_and_empty_codebook_in_indonesian() {
    let (_dir, mut s) = sample();
    let shown = screen(&mut s, 30, 8);
    assert!(words(&shown).contains("Perbesar terminal"), "{shown}");
}

#[test]
fn search_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "/michat");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_search_typing", shown);
    assert!(shown.contains("10 temuan di 10 ¶, 4 dok"), "{shown}");
    press(&mut s, "<enter>");
    let shown = words(&screen(&mut s, 80, 24));
    assert!(
        shown.contains("10 temuan di 10 paragraf dari 4 dokumen untuk \"michat\""),
        "{shown}"
    );
    press(&mut s, "n");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("Temuan 2 dari 10 paragraf."), "{shown}");
}

#[test]
fn retrieval_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "jjj1jj1]jjjj1");
    press(&mut s, "f");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_retrieval", shown);
    for needle in ["Penelusuran (ana): 3 kutipan", "Kode:", "Esc menutup"] {
        assert!(shown.contains(needle), "{needle:?} missing:\n{shown}");
    }
    press(&mut s, "jj<enter>");
    let shown = words(&screen(&mut s, 80, 24));
    assert!(
        shown.contains("Kutipan 3 dari 3: f kembali ke daftar."),
        "{shown}"
    );
}

#[test]
fn overview_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "jjj1jj2]jjjj1j3");
    press(&mut s, "o");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_overview_codes", shown);
    assert!(shown.contains("Ikhtisar (ana)"), "{shown}");
    assert!(shown.contains("dokumen"), "{shown}");
    press(&mut s, "<tab>");
    let shown = screen(&mut s, 80, 24);
    assert!(
        shown.contains("Dokumen") && shown.contains("terkode"),
        "{shown}"
    );
    press(&mut s, "<tab>");
    insta::assert_snapshot!("id_overview_matrix", screen(&mut s, 80, 24));
    press(&mut s, "<tab>");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_overview_by_attribute", shown);
    assert!(words(&shown).contains("a: atribut berikutnya"), "{shown}");
}

#[test]
fn review_in_indonesian() {
    let p = [
        "Informan A: Kalau sudah sering bertemu, kami jadi akrab dan dia sering cerita soal keluarganya juga.",
        "Informan A: Lama-lama dia jarang menghubungi, pesan dibalas singkat, dan akhirnya saya blokir saja.",
    ];
    let dir = common::project_dir(&[("a.txt", &(p.join("\n\n") + "\n"))]);
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "3j6");
    std::fs::write(s.sidecar_path(0), s.sidecar_bytes(0).expect("bytes")).expect("save");
    let typo = p[0].replace("keluarganya", "keluarga-nya");
    std::fs::write(
        dir.path().join("a.txt"),
        format!("{typo}\n\nInforman A: ganti total.\n"),
    )
    .expect("edit");
    let mut s = state_in(dir.path(), "ana");
    s.lang = Lang::Id;
    let coding = screen(&mut s, 80, 24);
    assert!(coding.contains("2 perlu ditinjau (r)"), "{coding}");
    press(&mut s, "r");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_review", shown);
    for needle in [
        "Perlu ditinjau: a.txt (2)",
        "¶1 hampir cocok",
        "Kini:",
        "konfirmasi",
    ] {
        assert!(shown.contains(needle), "{needle:?} missing:\n{shown}");
    }
    press(&mut s, "j");
    let shown = words(&screen(&mut s, 80, 24));
    assert!(shown.contains("semula ¶2, terlepas"), "{shown}");
    assert!(shown.contains("Akan ke:"), "{shown}");
    press(&mut s, "k<enter>");
    let shown = words(&screen(&mut s, 80, 24));
    assert!(shown.contains("Pengodean ¶1 dikonfirmasi"), "{shown}");
    let logged = &s.audit.last().expect("logged").note;
    assert_eq!(
        logged.as_deref(),
        Some("confirmed the codings of ¶1"),
        "the audit log keeps English"
    );
}

/// ana and budi coded informan-1.txt differently and both finished it; ana's screen,
/// in Indonesian, with the team loaded through the real loop's dispatch.
fn team_state() -> (tempfile::TempDir, State, tandai::tui::Persister) {
    use tandai::app::{Action, update};
    let dir = common::two_docs();
    let mut budi = state_in(dir.path(), "budi");
    for (para, id) in [(0, "devito.contact"), (1, "devito.involvement")] {
        budi.go_to(0, para);
        common::toggle(&mut budi, id);
    }
    update(&mut budi, Action::FinishDocument);
    std::fs::write(budi.sidecar_path(0), budi.sidecar_bytes(0).expect("bytes")).expect("write");
    let mut s = state_in(dir.path(), "ana");
    s.lang = Lang::Id;
    for (para, id) in [
        (0, "devito.contact"),
        (1, "devito.intimacy"),
        (3, "devito.contact"),
    ] {
        s.go_to(0, para);
        common::toggle(&mut s, id);
    }
    let mut p = tandai::tui::Persister::new(&s, tandai::core::coding::saver::Saver::start(), None);
    tandai::tui::dispatch(&mut s, &mut p, Action::FinishDocument);
    (dir, s, p)
}

#[test]
fn agreement_and_settle_screens_in_indonesian() {
    use tandai::app::keymap::{Key, KeyCode};
    let (_dir, mut s, mut p) = team_state();
    let keys = |s: &mut State, p: &mut tandai::tui::Persister, k: &str| {
        for c in k.chars() {
            let e = tandai::app::keys::press(s, Key::plain(KeyCode::Char(c)));
            tandai::tui::perform(s, p, e);
        }
    };
    keys(&mut s, &mut p, "A");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_agreement_view", shown);
    for needle in [
        "Kesepakatan · ana dan budi",
        "setuju",
        "Kontak",
        "1 dokumen dibandingkan",
    ] {
        assert!(shown.contains(needle), "{needle:?} missing:\n{shown}");
    }
    assert!(
        shown.contains(",0%") || shown.contains(",000"),
        "a decimal comma in Indonesian:\n{shown}"
    );
    keys(&mut s, &mut p, "d");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_settle_queue", shown);
    assert!(shown.contains("0 dari 2 selesai"), "{shown}");
    assert!(shown.contains("belum diselesaikan"), "{shown}");
    keys(&mut s, &mut p, "b");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("1 dari 2 selesai"), "{shown}");
}

#[test]
fn attributes_screen_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "@");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_attributes", shown);
    for needle in [
        "Atribut informan-a.txt (1/",
        "Esc menutup",
        "Tipe",
        "Nilai",
        "Ctrl-r ulang",
    ] {
        assert!(shown.contains(needle), "{needle:?} missing:\n{shown}");
    }
    press(&mut s, "a");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("Nama atribut baru:"), "{shown}");
    press(&mut s, "<esc><ctrl-r>");
    let shown = screen(&mut s, 80, 24);
    assert!(
        shown.contains("Tidak ada perubahan atribut yang dapat diulangi."),
        "{shown}"
    );
}

#[test]
fn codebook_screen_in_indonesian() {
    let (_dir, mut s) = sample();
    press(&mut s, "j1jj1");
    press(&mut s, "b");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("id_codebook_screen", shown);
    let all = words(&shown);
    for needle in [
        "Buku kode · Tahapan hubungan antarpribadi DeVito · ID",
        "Definisi:",
        "Label EN: Contact",
        "a tambah",
        "Esc tutup",
    ] {
        assert!(all.contains(needle), "{needle:?} missing:\n{shown}");
    }
    press(&mut s, "a");
    let prompt = words(&screen(&mut s, 80, 24));
    assert!(
        prompt.contains("Kode baru sesudah kode terpilih"),
        "{prompt}"
    );
    press(&mut s, "<esc>c!<enter>");
    let shown = words(&screen(&mut s, 80, 24));
    assert!(
        shown.contains("'!' adalah tombol perintah tandai"),
        "{shown}"
    );
}

#[test]
fn every_screen_in_indonesian_renders_at_every_size_without_panic() {
    let (_dir, mut s) = sample();
    press(&mut s, "jjj1");
    for keys in ["", "?", "b", "f", "o", "@", "p", "m", "/kak", "!", "A"] {
        press(&mut s, keys);
        for (w, h) in [(50, 12), (60, 20), (80, 24), (120, 40), (200, 60), (20, 5)] {
            let shown = screen(&mut s, w, h);
            assert!(!shown.is_empty());
        }
        press(&mut s, "<esc><esc>");
    }
    let (_dir, mut fresh) = sample();
    let small = screen(&mut fresh, 50, 12);
    assert!(
        small.contains("? bantuan") && small.contains("q keluar"),
        "help and quit come first in the hints at 50x12:\n{small}"
    );
}

#[test]
fn the_help_files_section_names_the_files_in_indonesian() {
    let (_dir, mut s) = sample();
    s.files = vec![
        ("codebook".into(), "/p/codebook.json".into()),
        ("keymap".into(), "/c/keymap.toml".into()),
    ];
    press(&mut s, "?");
    let shown = screen(&mut s, 80, 200);
    assert!(shown.contains("Berkas"), "{shown}");
    let all = words(&shown);
    assert!(all.contains("buku kode /p/codebook.json"), "{all}");
    assert!(all.contains("peta tombol /c/keymap.toml"), "{all}");
}

#[test]
fn a_long_document_name_leaves_the_indonesian_save_state_whole() {
    let name = "wawancara-informan-kepolisian-daerah-sulawesi-utara-ketidaksepakatan.txt";
    let text = "Informan: Ketidakberuntungannya antarpengodean pertanggungjawabannya.\n\nP: ya\n";
    let dir = common::project_dir(&[(name, text)]);
    let mut s = state_in(dir.path(), "koder-dengan-nama-yang-sangat-panjang-sekali");
    s.lang = Lang::Id;
    for (w, h) in [(80, 24), (50, 12)] {
        let shown = screen(&mut s, w, h);
        let status = shown.lines().rev().nth(1).unwrap_or_default();
        assert!(status.ends_with("✓ tersimpan"), "{w}x{h}:\n{shown}");
        assert!(shown.contains("Ketidakberuntungannya"), "{shown}");
    }
}
