//! Widget and whole-screen tests: the coding screen drawn into a `TestBackend`,
//! driven by key presses through the real keymap.

mod common;

use common::screen::{press, text};
use common::{state_in, two_docs};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tandai::app::keymap::Key;
use tandai::app::keys::action_for;
use tandai::app::{State, update};
use tandai::tui::theme::Theme;
use tandai::tui::view;
use tandai::tui::wrap_cache::WrapCache;

const COLOR: Theme = Theme { color: true };

fn draw(state: &mut State, w: u16, h: u16, theme: Theme) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let mut cache = WrapCache::default();
    let mut fb = view::Feedback::default();
    terminal
        .draw(|f| fb = view::render(f, state, &mut cache, theme))
        .expect("draw");
    if let Some(scroll) = fb.scroll {
        update(state, tandai::app::Action::ScrollShown(scroll));
    }
    if let Some(first) = fb.help_scroll {
        update(state, tandai::app::Action::HelpScrollShown(first));
    }
    terminal
}

fn screen(state: &mut State, w: u16, h: u16) -> String {
    text(draw(state, w, h, COLOR).backend().buffer())
}

fn sample() -> tempfile::TempDir {
    common::tmux::sample_copy()
}

#[test]
fn first_screen_of_the_sample_project() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    insta::assert_snapshot!("sample_first_screen", screen(&mut s, 80, 24));
}

#[test]
fn coding_two_paragraphs_then_undo() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "jjjjjjjjjjjj1jj2");
    insta::assert_snapshot!("sample_after_coding", screen(&mut s, 80, 24));
    press(&mut s, "u");
    // Wide enough for the documents pane, where coverage shows.
    let after_undo = screen(&mut s, 100, 24);
    assert!(
        after_undo.contains("Undone: −Involvement on ¶15"),
        "{after_undo}"
    );
    assert!(
        after_undo.contains("1/57"),
        "coverage counts the one coded paragraph: {after_undo}"
    );
}

#[test]
fn help_screen_lists_keymap_and_code_keys() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "?");
    let help = screen(&mut s, 100, 60);
    insta::assert_snapshot!("help_screen", help);
    for needle in [
        "j ↓",
        "Next paragraph",
        "Ctrl-r U",
        "Redo what was undone",
        "Kontak",
        "devito.dissolution",
    ] {
        let needle = if needle == "Kontak" {
            "Contact (devito.contact)"
        } else {
            needle
        };
        assert!(help.contains(needle), "help lacks {needle:?}");
    }
    press(&mut s, "q");
    assert!(
        !screen(&mut s, 100, 50).contains("Keys (from your keymap)"),
        "q closes help, does not quit"
    );
}

#[test]
fn picker_screen() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "pkem");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("picker", shown);
    press(&mut s, "<enter>");
    assert_eq!(common::codes(&s, 0, 0), ["devito.deterioration"]);
}

#[test]
fn indonesian_labels_after_switching_language() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "L");
    let shown = screen(&mut s, 80, 24);
    for label in ["Kontak", "Keterlibatan", "Keakraban", "Pemutusan", "· ID ·"] {
        assert!(shown.contains(label), "{label} missing:\n{shown}");
    }
}

#[test]
fn cjk_and_emoji_wrap_by_display_width() {
    let para = "漢字のテキストと絵文字😀を含む段落です。".repeat(4);
    let dir = common::project_dir(&[("cjk.txt", &format!("Informan: {para}\n\nP: ok\n"))]);
    let mut s = state_in(dir.path(), "ana");
    let term = draw(&mut s, 80, 24, COLOR);
    let shown = text(term.backend().buffer());
    assert!(shown.contains("漢字のテキスト"), "{shown}");
    assert!(shown.contains('😀'));
    for line in shown.lines() {
        assert_eq!(
            unicode_width::UnicodeWidthStr::width(line),
            80,
            "every row is exactly 80 wide: {line}"
        );
    }
}

#[test]
fn hostile_text_is_shown_visibly_and_never_as_controls() {
    let evil = "Informan: a\u{1b}]0;TITLE\u{7}b \u{1b}]52;c;ZXZpbA==\u{7} \u{9b}31m \u{202e}desrever\u{202c} z\u{200b}w\tt\n";
    let dir = common::project_dir(&[("evil.txt", evil)]);
    let mut s = state_in(dir.path(), "ana");
    let term = draw(&mut s, 100, 24, COLOR);
    let buf = term.backend().buffer();
    let shown = text(buf);
    assert!(shown.contains("a␛]0;TITLE␇b"), "{shown}");
    assert!(shown.contains("‹9B›31m"));
    assert!(shown.contains("‹202E›desrever‹202C›"));
    assert!(shown.contains("z‹200B›w   t"), "tab expanded: {shown}");
    for cell in buf.content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c))
        );
    }
}

#[test]
fn current_paragraph_is_marked_and_neighbour_headings_dimmed() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "j1");
    let term = draw(&mut s, 80, 24, COLOR);
    let buf = term.backend().buffer();
    let shown = text(buf);
    let row_of = |needle: &str| {
        shown
            .lines()
            .position(|l| l.contains(needle))
            .expect(needle)
    };
    let x_of = |row: usize, needle: &str| {
        let line = shown.lines().nth(row).expect("row");
        let byte = line.find(needle).expect(needle);
        u16::try_from(unicode_width::UnicodeWidthStr::width(&line[..byte])).expect("x")
    };
    let cur = row_of("Saya kenal dia");
    let bar = buf[(x_of(cur, "Saya") - 2, u16::try_from(cur).expect("y"))].clone();
    assert_eq!(bar.symbol(), "▌");
    assert_eq!(bar.fg, Color::Yellow);
    let prev = row_of("Halo.");
    let cell = &buf[(x_of(prev, "Halo"), u16::try_from(prev).expect("y"))];
    assert!(
        !cell.modifier.contains(Modifier::DIM),
        "a neighbour's text reads as the current one's: a step restyles no text"
    );
    let heading = row_of("¶1");
    let cell = &buf[(x_of(heading, "¶1"), u16::try_from(heading).expect("y"))];
    assert!(
        cell.modifier.contains(Modifier::DIM),
        "a neighbour's heading is dim"
    );
    let tag = row_of("[Contact]");
    assert!(tag > cur, "applied codes under the current paragraph");
    assert!(
        buf[(x_of(tag, "[Contact]"), u16::try_from(tag).expect("y"))]
            .modifier
            .contains(Modifier::BOLD)
    );
}

#[test]
fn no_color_has_no_colours_and_stays_readable() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "j1");
    let term = draw(&mut s, 80, 24, Theme { color: false });
    let buf = term.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    let shown = text(buf);
    assert!(shown.contains('▌') && shown.contains("[Contact]") && shown.contains('✓'));
    assert!(
        buf.content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED)),
        "selection by reverse video"
    );
}

#[test]
fn too_small_shows_a_message() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    let shown = screen(&mut s, 40, 10);
    assert!(shown.contains("tandai needs at least 50x12"), "{shown}");
}

#[test]
fn every_size_up_to_200x60_renders_without_panic() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "jjj1?");
    let mut cache = WrapCache::default();
    // Help, the picker, coding, then the screens of issue 5: a memo being written,
    // a kept search, the retrieval list and the overview's three tables.
    let modes = [
        "",
        "<esc>p",
        "<esc>",
        "mCatatan panjang sekali untuk diuji<enter>baris kedua",
        "<ctrl-s>/kami<enter>",
        "f",
        "<esc>o",
        "<tab>",
        "<tab>",
    ];
    for keys in modes {
        press(&mut s, keys);
        let heights = [0, 1, 2, 11, 12, 13, 24, 60];
        let widths = [0, 1, 2, 49, 50, 51, 80, 200];
        let sizes = (0..=200u16)
            .flat_map(|w| heights.map(|h| (w, h)))
            .chain((0..=60u16).flat_map(|h| widths.map(|w| (w, h))));
        for (w, h) in sizes {
            let area = ratatui::layout::Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            view::draw(area, &mut buf, &s, &mut cache, COLOR);
        }
    }
}

#[test]
fn long_paragraph_scrolls_within_the_pane() {
    let long: String = (1..=400).map(|i| format!("kata{i} ")).collect();
    let dir =
        common::project_dir(&[("long.txt", &format!("P: pendek\n\nI: {long}\n\nP: akhir\n"))]);
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "j");
    let top = screen(&mut s, 80, 24);
    assert!(top.contains("kata1 ") && top.contains("↓ more"), "{top}");
    press(&mut s, "JJ");
    let lower = screen(&mut s, 80, 24);
    assert!(!lower.contains("kata1 kata2"), "scrolled past the start");
    assert!(lower.contains("line "), "{lower}");
    for _ in 0..100 {
        press(&mut s, "J");
        screen(&mut s, 80, 24);
    }
    let end = screen(&mut s, 80, 24);
    assert!(
        end.contains("kata400"),
        "the end is reachable and the scroll clamps: {end}"
    );
    let clamped = s.scroll;
    press(&mut s, "K");
    screen(&mut s, 80, 24);
    assert!(s.scroll < clamped, "one press back up moves up at once");
    press(&mut s, "j");
    assert_eq!(s.scroll, 0, "moving on resets the scroll");
}

#[test]
fn unreadable_document_shows_why() {
    let dir = common::project_dir(&[("a.txt", "ok\n")]);
    std::fs::write(dir.path().join("b.txt"), b"\xff\xfeA\0B").expect("write");
    std::fs::write(dir.path().join("c.txt"), b"x\0y").expect("write");
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "]");
    // Wide enough for the documents pane beside the transcript.
    let shown = screen(&mut s, 100, 24);
    assert!(shown.contains("Cannot open this document"), "{shown}");
    assert!(shown.contains("odd number of bytes"), "{shown}");
    assert!(shown.contains("✗ b"), "marked in the list: {shown}");
    press(&mut s, "]");
    assert!(screen(&mut s, 80, 24).contains("NUL byte"));
}

#[test]
fn review_screen_lists_near_matches_and_detached_codings() {
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
    let coding = screen(&mut s, 100, 24);
    assert!(
        coding.contains("2 to review (r)") && coding.contains("? a.txt"),
        "{coding}"
    );
    press(&mut s, "r");
    let shown = screen(&mut s, 100, 24);
    assert!(shown.contains("Needs review: a.txt (2)"), "{shown}");
    assert!(
        shown.contains("¶1 near match") && shown.contains("[Intimacy]"),
        "{shown}"
    );
    assert!(
        shown.contains("was ¶2") && shown.contains("[Dissolution]"),
        "{shown}"
    );
}

#[test]
fn codebook_screen_shows_the_tree_usage_texts_and_keys() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "j1jj1");
    press(&mut s, "b");
    let shown = screen(&mut s, 120, 30);
    assert!(
        shown.contains("Codebook · DeVito's stages of interpersonal relationships · EN"),
        "{shown}"
    );
    assert!(shown.contains("(heading, one per ¶)"), "{shown}");
    assert!(shown.contains("2¶ 1d"), "usage of Contact: {shown}");
    assert!(shown.contains("Definition: The opening stage"), "{shown}");
    assert!(
        shown.contains("M merge") && shown.contains("Esc close"),
        "{shown}"
    );
    press(&mut s, "a");
    let prompt = screen(&mut s, 120, 30);
    assert!(
        prompt.contains("New code after the selected one"),
        "{prompt}"
    );
    press(&mut s, "<esc><esc>");
    assert!(
        screen(&mut s, 120, 30).contains("informan-a.txt ¶4/57"),
        "back to coding"
    );
}

/// Types text into whatever has the keyboard (`press` with no key names).
fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        if let Some(action) = action_for(state, Key::char(c)) {
            update(state, action);
        }
    }
}

#[test]
fn memo_editor_then_the_memo_beside_its_paragraph() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "jjjm");
    type_text(
        &mut s,
        "Informan ragu-ragu di sini; bandingkan dengan informan B.",
    );
    press(&mut s, "<enter>");
    type_text(&mut s, "Baris kedua.");
    insta::assert_snapshot!("memo_editor", screen(&mut s, 80, 24));
    press(&mut s, "<ctrl-s>");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("✎ Informan ragu-ragu"), "{shown}");
    assert!(shown.contains("Baris kedua."), "{shown}");
    assert!(shown.contains("Memo updated."), "{shown}");
    // The document memo shows at the bottom of the transcript pane.
    press(&mut s, "M");
    type_text(&mut s, "Wawancara kedua, suasana santai");
    press(&mut s, "<ctrl-s>");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("✎ Wawancara kedua"), "{shown}");
}

#[test]
fn search_highlights_matches_and_counts_them() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "/");
    type_text(&mut s, "MICHAT");
    let terminal = draw(&mut s, 80, 24, COLOR);
    let buf = terminal.backend().buffer();
    let shown = text(buf);
    insta::assert_snapshot!("search_typing", shown);
    let status = shown.lines().last().expect("status");
    assert!(status.contains("matches in"), "{status}");
    // Every visible "MiChat" (any case) in the transcript pane is drawn reversed.
    let mut marked = 0;
    for y in 0..buf.area.height - 2 {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        let lower = row.to_lowercase();
        for (i, _) in lower.match_indices("michat") {
            let x = u16::try_from(lower[..i].chars().count()).expect("x");
            // The transcript pane (the documents pane hides itself at 80 columns).
            if x > 2 && x < 55 {
                assert!(
                    buf[(x, y)].modifier.contains(Modifier::REVERSED),
                    "match at {x},{y} not marked: {row}"
                );
                marked += 1;
            }
        }
    }
    assert!(marked > 0, "a match is visible: {shown}");
    press(&mut s, "<enter>n");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("Match 2 of 10 paragraphs."), "{shown}");
    // Once the message is gone, the kept search shows where you are.
    press(&mut s, "LL");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("¶ 2/10 · 10 matches"), "{shown}");
    assert!(shown.contains("n/N next/prev"), "{shown}");
}

#[test]
fn retrieval_lists_passages_with_their_citation() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "jjj1jj1]jjjj1");
    press(&mut s, "f");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("retrieval", shown);
    assert!(shown.contains("Retrieval (ana): 3 passages"), "{shown}");
    assert!(shown.contains("informan-b.txt ¶5"), "{shown}");
    press(&mut s, "jj<enter>");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("informan-b.txt ¶5/48"), "{shown}");
    assert!(shown.contains("f goes back"), "{shown}");
}

#[test]
fn overview_tables_fit_80x24() {
    let dir = sample();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "jjj1jj2]jjjj1j3");
    press(&mut s, "o");
    insta::assert_snapshot!("overview_codes", screen(&mut s, 80, 24));
    press(&mut s, "<tab>");
    let coverage = screen(&mut s, 80, 24);
    assert!(coverage.contains("informan-b.txt"), "{coverage}");
    press(&mut s, "<tab>");
    insta::assert_snapshot!("overview_matrix", screen(&mut s, 80, 24));
    press(&mut s, "<tab>");
    insta::assert_snapshot!("overview_by_attribute", screen(&mut s, 80, 24));
}

/// ana and budi coded informan-1.txt differently and both finished it; ana's screen
/// with the team loaded through the real loop's dispatch.
fn team_state() -> (tempfile::TempDir, State, tandai::tui::Persister) {
    use tandai::app::Action;
    let dir = two_docs();
    let mut budi = state_in(dir.path(), "budi");
    for (para, id) in [(0, "devito.contact"), (1, "devito.involvement")] {
        budi.go_to(0, para);
        common::toggle(&mut budi, id);
    }
    update(&mut budi, Action::FinishDocument);
    std::fs::write(budi.sidecar_path(0), budi.sidecar_bytes(0).expect("bytes")).expect("write");
    let mut s = state_in(dir.path(), "ana");
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
fn agreement_view_and_queue_fit_80x24() {
    let (_dir, mut s, mut p) = team_state();
    let keys = |s: &mut State, p: &mut tandai::tui::Persister, k: &str| {
        for c in k.chars() {
            let e = tandai::app::keys::press(s, Key::plain(tandai::app::keymap::KeyCode::Char(c)));
            tandai::tui::perform(s, p, e);
        }
    };
    keys(&mut s, &mut p, "A");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("agreement_view", shown);
    assert!(shown.contains("Agreement · ana vs budi"), "{shown}");
    assert!(shown.contains("Contact"), "{shown}");
    keys(&mut s, &mut p, "d");
    let shown = screen(&mut s, 80, 24);
    insta::assert_snapshot!("settle_queue", shown);
    assert!(shown.contains("0 of 2 settled"), "{shown}");
    assert!(
        shown.contains("a: ana") && shown.contains("b: budi"),
        "{shown}"
    );
    keys(&mut s, &mut p, "b");
    let shown = screen(&mut s, 80, 24);
    assert!(shown.contains("1 of 2 settled"), "{shown}");
    assert!(shown.contains("¶4"), "on to the next one: {shown}");
}

#[test]
fn g_and_end_in_help_go_to_the_end_and_k_comes_back_from_there() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    press(&mut s, "?");
    let top = screen(&mut s, 80, 24);
    assert!(top.contains("Keys"), "{top}");
    press(&mut s, "G");
    let end = screen(&mut s, 80, 24);
    assert!(
        end.contains("Every change is saved at once"),
        "the last line shows: {end}"
    );
    let tandai::app::state::Mode::Help { scroll } = s.mode else {
        panic!("help stays open")
    };
    press(&mut s, "k");
    let tandai::app::state::Mode::Help { scroll: after } = s.mode else {
        panic!("help")
    };
    assert_eq!(
        after + 1,
        scroll,
        "one line up from the end, not from far below it"
    );
    press(&mut s, "g");
    assert_eq!(s.mode, tandai::app::state::Mode::Help { scroll: 0 });
}

#[test]
fn the_codebook_screen_shows_a_label_not_yet_written_in_the_other_language() {
    let dir = two_docs();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, tandai::app::Action::CodebookScreen);
    update(
        &mut s,
        tandai::app::Action::Editor(tandai::app::editor::EditorAction::Add { child: false }),
    );
    for c in "Baru".chars() {
        update(
            &mut s,
            tandai::app::Action::Editor(tandai::app::editor::EditorAction::Input(c)),
        );
    }
    update(
        &mut s,
        tandai::app::Action::Editor(tandai::app::editor::EditorAction::Accept),
    );
    let shown = screen(&mut s, 120, 30);
    assert!(shown.contains("Baru ·"), "{shown}");
    assert!(
        shown.contains("ID label: not written yet"),
        "the Indonesian label is not a copy of the English one: {shown}"
    );
}
