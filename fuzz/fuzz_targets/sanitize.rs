//! The display sanitiser and wrapping: nothing that can drive or fool a terminal
//! reaches the screen, wrapped lines fit the width, and they show exactly the source.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tandai::core::display::{sanitize_line, width, wrap};

/// Control characters (C0, DEL, C1) and the invisible / reordering characters of
/// RELIABILITY H2: none may reach the screen.
fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}' | '\u{2029}'
            | '\u{061C}' | '\u{180E}' | '\u{FEFF}')
}

fn assert_clean(shown: &str, what: &str) {
    if let Some(c) = shown.chars().find(|&c| forbidden(c)) {
        panic!("{what} contains U+{:04X}: {shown:?}", c as u32);
    }
}

/// The source of a wrapped line without its line end.
fn strip_line_end(s: &str) -> &str {
    s.strip_suffix("\r\n")
        .or_else(|| s.strip_suffix('\n'))
        .or_else(|| s.strip_suffix('\r'))
        .unwrap_or(s)
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let cols = 1 + first as usize % 120;
    let text = String::from_utf8_lossy(rest);
    let text: &str = &text;

    assert_clean(&sanitize_line(text), "sanitize_line output");

    let lines = wrap(text, 0, cols, usize::MAX);
    let mut pos = 0;
    for (n, line) in lines.iter().enumerate() {
        // Contiguous source ranges that always advance.
        assert_eq!(line.source.start, pos, "line {n} does not start where the last ended");
        assert!(line.source.end > pos, "line {n} does not advance");
        assert!(text.is_char_boundary(line.source.end));
        pos = line.source.end;

        assert_clean(&line.text, "wrapped line");

        let src = strip_line_end(&text[line.source.clone()]);
        assert!(!src.contains(['\n', '\r']), "line {n} runs over a line end");
        let w = width(&line.text);
        if w > cols {
            // Only one unbreakable character (a wide char, a tab or a marker) may be
            // wider than the line; zero-width characters around it add nothing.
            let visible = src.chars().filter(|c| width(&sanitize_line(&c.to_string())) > 0).count();
            assert!(
                visible == 1,
                "line {n} is {w} columns wide for width {cols}: {:?}",
                line.text
            );
        }

        // The line shows exactly its source, sanitised (trailing spaces dropped where
        // it breaks at a space).
        let shown = sanitize_line(src);
        assert!(
            line.text == shown || line.text == shown.trim_end_matches(' '),
            "line {n} shows {:?} for source {src:?} (sanitised {shown:?})",
            line.text
        );

        // Wrapping can resume at any line start and gives the same line.
        let again = wrap(text, line.source.start, cols, 1);
        assert_eq!(again.as_slice(), std::slice::from_ref(line), "resuming at line {n} differs");
    }
    assert_eq!(pos, text.len(), "wrapped lines do not cover the text");
});
