//! Checks shared by the document-format fuzz targets (docx, odt, vtt, srt): whatever
//! the input, a reader returns an error with a message or a well-formed text.

use std::ops::Range;
use tandai::core::documents::formats::{Extracted, Format, Limits, extract_with};

/// Small limits, so that the caps are reached within a fuzz input's size too.
pub const LIMITS: Limits = Limits {
    max_unpacked: 1 << 20,
    max_text: 64 * 1024,
    max_paragraphs: 2_000,
    max_depth: 256,
};

/// Runs the reader twice (the text must be deterministic) and checks the result.
pub fn check(format: Format, data: &[u8]) {
    let first = extract_with(format, data.to_vec(), &LIMITS);
    let again = extract_with(format, data.to_vec(), &LIMITS);
    match (first, again) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "not deterministic");
            check_text(&a);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "errors differ between two runs");
            assert!(!a.trim().is_empty(), "empty error message");
        }
        (a, b) => panic!("one run failed, the other not: {a:?} / {b:?}"),
    }
}

/// The text is the paragraphs joined by one blank line; each paragraph is non-empty,
/// without blank lines or trailing white space on a line; code-point ranges match;
/// speaker and time lie before the body.
pub fn check_text(e: &Extracted) {
    let text = &e.text;
    assert!(text.len() <= LIMITS.max_text, "text over the limit");
    assert!(e.paragraphs.len() <= LIMITS.max_paragraphs, "too many paragraphs");
    let joined: Vec<&str> = e.paragraphs.iter().map(|p| p.text(text)).collect();
    assert_eq!(joined.join("\n\n"), *text, "text is not the paragraphs joined");
    let mut at = 0;
    for (n, p) in e.paragraphs.iter().enumerate() {
        let Range { start, end } = p.bytes();
        assert_eq!(start, at, "paragraph {n} does not start where expected");
        at = end + 2;
        assert!(start < end, "paragraph {n} is empty");
        let own = p.text(text);
        assert!(!own.trim().is_empty(), "paragraph {n} is blank");
        for line in own.split('\n') {
            assert!(!line.trim().is_empty(), "paragraph {n} holds a blank line: {own:?}");
        }
        assert_eq!(p.chars().start, text[..start].chars().count(), "paragraph {n}: char start");
        assert_eq!(p.chars().len(), own.chars().count(), "paragraph {n}: char length");
        assert!(start <= p.body_start() && p.body_start() <= end && text.is_char_boundary(p.body_start()));
        for r in p.speaker_range().iter().chain(&p.timestamp()) {
            assert!(start <= r.start && r.start <= r.end && r.end <= p.body_start(), "paragraph {n}: {r:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        if let Some(s) = p.speaker(text) {
            assert!(!s.trim().is_empty() && !s.contains('\n'), "paragraph {n}: speaker {s:?}");
        }
    }
}

/// The input as a zip with `part` holding it, unless it is a zip itself.
#[allow(dead_code, reason = "used by the docx and odt targets, not by vtt and srt")]
pub fn archive(data: &[u8], part: &str) -> Vec<u8> {
    if data.starts_with(b"PK") {
        return data.to_vec();
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    w.start_file(part, stored).expect("start");
    std::io::Write::write_all(&mut w, data).expect("write");
    w.finish().expect("finish").into_inner()
}
