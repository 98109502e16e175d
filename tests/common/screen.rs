//! Drawing the coding screen into a `TestBackend` and pressing keys through the real
//! keymap, for tests outside `render.rs`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tandai::app::keymap::Key;
use tandai::app::keys::action_for;
use tandai::app::{Action, State, update};
use tandai::tui::theme::Theme;
use tandai::tui::view;
use tandai::tui::wrap_cache::WrapCache;

/// Draws the screen at `w`x`h` (telling the state its size first, as the loop does)
/// and returns its buffer.
pub fn buffer(state: &mut State, w: u16, h: u16) -> Buffer {
    update(state, Action::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let mut cache = WrapCache::default();
    let mut fb = view::Feedback::default();
    terminal
        .draw(|f| fb = view::render(f, state, &mut cache, Theme { color: true }))
        .expect("draw");
    if let Some(scroll) = fb.scroll {
        update(state, Action::ScrollShown(scroll));
    }
    if let Some(first) = fb.help_scroll {
        update(state, Action::HelpScrollShown(first));
    }
    terminal.backend().buffer().clone()
}

/// The screen's text, a line per row (a wide character once).
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            let sym = buf[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

pub fn screen(state: &mut State, w: u16, h: u16) -> String {
    text(&buffer(state, w, h))
}

/// The screen's words in order, borders and runs of spaces gone: text that wrapped
/// over several rows reads as one line here.
pub fn words(screen: &str) -> String {
    screen
        .chars()
        .map(|c| {
            if "│┌┐└┘─▌".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Presses keys: single characters, or names in angle brackets (`<down>`, `<ctrl-r>`).
pub fn press(state: &mut State, keys: &str) {
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let (key, used) = if c == '<' {
            let end = rest.find('>').expect("closing >");
            (Key::parse(&rest[1..end]).expect("key name"), end + 1)
        } else {
            (Key::char(c), c.len_utf8())
        };
        rest = &rest[used..];
        if let Some(action) = action_for(state, key) {
            update(state, action);
        }
    }
}
