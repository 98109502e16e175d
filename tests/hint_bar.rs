//! The hint bar under the coding screen: help, quit and undo first, whatever the
//! keymap binds to undo (no key, two keys, a long key name), in both languages, at
//! 80x24 and at the 50x12 minimum; every hint shown whole, never cut at the edge.

mod common;

use common::screen::screen;
use common::state_in;
use tandai::app::State;
use tandai::app::keymap::Keymap;
use tandai::i18n::Lang;

/// The sample project with a user keymap file's text over the default.
fn with_keymap(user: &str, lang: Lang) -> (tempfile::TempDir, State) {
    let dir = common::tmux::sample_copy();
    let mut s = state_in(dir.path(), "ana");
    s.keymap = Keymap::load(Some((user, "keymap.toml"))).expect("keymap");
    s.lang = lang;
    (dir, s)
}

/// The bottom row of the screen, trailing blanks gone.
fn hint_row(s: &mut State, w: u16, h: u16) -> String {
    let shown = screen(s, w, h);
    shown
        .lines()
        .last()
        .unwrap_or_default()
        .trim_end()
        .to_owned()
}

#[test]
fn undo_help_and_quit_show_whole_with_any_keymap_at_80_and_50_columns() {
    let help_quit_undo = |lang| match lang {
        Lang::Id => ["bantuan", "keluar", "urung"],
        _ => ["help", "quit", "undo"],
    };
    for lang in [Lang::En, Lang::Id] {
        let [help, quit, undo] = help_quit_undo(lang);
        for (keymap, undo_label) in [
            ("", Some("u")),
            ("undo = []", None),
            ("undo = [\"z\", \"ctrl-z\"]", Some("z")),
            (
                "undo = [\"ctrl-alt-pagedown\"]\nhelp = [\"f1\"]\nquit = [\"ctrl-alt-end\"]",
                Some("Ctrl-Alt-PgDn"),
            ),
        ] {
            let (_dir, mut s) = with_keymap(keymap, lang);
            for (w, h) in [(80, 24), (50, 12)] {
                let row = hint_row(&mut s, w, h);
                let at = format!("{lang:?} {keymap:?} {w}x{h}: {row:?}");
                assert!(row.contains(&format!(" {help}")), "{at}");
                assert!(row.contains(&format!(" {quit}")), "{at}");
                // Undo whenever bound, but for the long keys at 50 columns: there it
                // gives way to quit, never the other way round.
                let long_keys = keymap.contains("ctrl-alt") && w < 80;
                match undo_label {
                    Some(key) if !long_keys => {
                        assert!(row.contains(&format!("{key} {undo}")), "{at}")
                    }
                    Some(_) => {}
                    None => assert!(!row.contains(undo), "{at}"),
                }
                assert!(!row.contains("Ctrl-z"), "one key per hint: {at}");
                // Whole hints only: the row ends with a hint's last word, not cut.
                let last = row.split("  ").last().unwrap_or_default();
                assert!(
                    tandai::core::display::width(&row) < usize::from(w),
                    "room left at the edge: {at}"
                );
                assert!(last.split(' ').count() >= 2, "a key without its hint: {at}");
            }
        }
    }
}
