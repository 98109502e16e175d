//! Decoding and segmentation: decoding is strict (never lossy, never a guess), and the
//! paragraphs of any decoded text are well-formed, ordered and cover every non-blank
//! line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::ops::Range;
use tandai::core::documents::decode::{decode, decode_owned};
use tandai::core::documents::segment::{Paragraph, segment};
use tandai::core::coding::sidecar::paragraph_fingerprint;

/// Lines as byte ranges without their ends (`\n`, `\r\n`, `\r`): written here
/// independently of segment.rs.
fn lines(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push(start..i);
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push(start..i);
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < b.len() {
        out.push(start..b.len());
    }
    out
}

fn blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

fn check_decode(data: &[u8], text: &str) {
    assert!(!text.contains('\0'), "decoded text contains NUL");
    if let Some(rest) = data.strip_prefix(b"\xEF\xBB\xBF") {
        assert_eq!(text.as_bytes(), rest, "UTF-8 with BOM not decoded exactly");
    } else if let Some(rest) = data.strip_prefix(b"\xFF\xFE") {
        let units: Vec<u16> = rest.chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        assert_eq!(text.encode_utf16().collect::<Vec<_>>(), units, "UTF-16LE not exact");
    } else if let Some(rest) = data.strip_prefix(b"\xFE\xFF") {
        let units: Vec<u16> = rest.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        assert_eq!(text.encode_utf16().collect::<Vec<_>>(), units, "UTF-16BE not exact");
    } else {
        assert_eq!(text.as_bytes(), data, "UTF-8 not decoded exactly");
    }
}

fn check_paragraph(text: &str, p: &Paragraph, n: usize) {
    let Range { start, end } = p.bytes();
    assert!(start < end, "paragraph {n}: empty or reversed range {start}..{end}");
    assert!(end <= text.len(), "paragraph {n}: ends past the text");
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "paragraph {n}: range {start}..{end} not on char boundaries"
    );
    // Starts at a line start, ends at a line end.
    assert!(
        start == 0 || matches!(text.as_bytes()[start - 1], b'\n' | b'\r'),
        "paragraph {n} does not start at a line start"
    );
    assert!(
        end == text.len() || matches!(text.as_bytes()[end], b'\n' | b'\r'),
        "paragraph {n} does not end at a line end"
    );
    let own = p.text(text);
    assert!(!blank(own), "paragraph {n} is all whitespace: {own:?}");
    for l in lines(own) {
        // A blank line always ends a paragraph: none is inside one.
        assert!(!blank(&own[l.clone()]), "paragraph {n} holds a blank line");
    }
    // The body lies inside the paragraph, after the speaker prefix.
    assert!(
        start <= p.body_start() && p.body_start() <= end && text.is_char_boundary(p.body_start()),
        "paragraph {n}: body {} outside {start}..{end}",
        p.body_start()
    );
    if let Some(s) = &p.speaker_range() {
        assert!(
            start <= s.start && s.start < s.end && s.end <= p.body_start(),
            "paragraph {n}: speaker {s:?} not before body {}",
            p.body_start()
        );
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let name = &text[s.clone()];
        assert!(
            name.chars().next().is_some_and(char::is_alphabetic),
            "paragraph {n}: speaker {name:?} does not start with a letter"
        );
        assert!(!name.contains(['\n', '\r']), "speaker name spans lines: {name:?}");
        assert!(
            text[s.end..p.body_start()].trim_start().starts_with(':'),
            "paragraph {n}: no colon after the speaker"
        );
        if let Some(t) = &p.timestamp() {
            assert!(start < t.start && t.start < t.end && t.end < s.start);
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    } else {
        assert!(p.timestamp().is_none(), "paragraph {n}: timestamp without speaker");
        assert_eq!(p.body_start(), start, "paragraph {n}: body moved without a speaker");
    }
    // Fingerprints ignore the line-end style.
    let lf = own.replace("\r\n", "\n").replace('\r', "\n");
    assert_eq!(paragraph_fingerprint(own), paragraph_fingerprint(&lf));
}

fuzz_target!(|data: &[u8]| {
    let decoded = decode(data);
    assert_eq!(decode_owned(data.to_vec()), decoded, "decode != decode_owned");
    let text = match decoded {
        Ok(text) => text,
        Err(e) => {
            let _ = e.to_string();
            // Strict UTF-8 without NULs or a BOM must never be refused.
            if let Ok(s) = std::str::from_utf8(data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data)) {
                assert!(s.contains('\0'), "valid UTF-8 without NUL refused: {e}");
            }
            return;
        }
    };
    check_decode(data, &text);

    let paras = segment(&text);
    let (mut prev_end, mut prev_bytes, mut chars) = (0usize, 0usize, 0usize);
    for (n, p) in paras.iter().enumerate() {
        check_paragraph(&text, p, n);
        assert!(
            n == 0 || p.bytes().start > prev_end,
            "paragraph {n} overlaps or touches the previous one"
        );
        // The body of the previous paragraph never reaches into this one.
        if n > 0 {
            assert!(paras[n - 1].body_start() <= prev_end);
        }
        // Code point ranges agree with the byte ranges.
        chars += text[prev_bytes..p.bytes().start].chars().count();
        assert_eq!(p.chars().start, chars, "paragraph {n}: chars.start wrong");
        let len = text[p.bytes()].chars().count();
        assert_eq!(p.chars().end, chars + len, "paragraph {n}: chars.end wrong");
        chars += len;
        prev_bytes = p.bytes().end;
        prev_end = p.bytes().end;
    }

    // Every non-blank line is in exactly one paragraph; no blank line is one.
    let mut k = 0;
    for l in lines(&text) {
        while k < paras.len() && paras[k].bytes().end < l.end {
            k += 1;
        }
        let inside = k < paras.len() && paras[k].bytes().start <= l.start && l.end <= paras[k].bytes().end;
        if !blank(&text[l.clone()]) {
            assert!(inside, "non-blank line {l:?} is in no paragraph");
        }
    }

    // Converting line ends (git autocrlf) changes no paragraph and no fingerprint.
    let lf = text.replace("\r\n", "\n").replace('\r', "\n");
    let prints = |t: &str| -> Vec<String> {
        segment(t).iter().map(|p| paragraph_fingerprint(p.text(t))).collect()
    };
    assert_eq!(prints(&text), prints(&lf), "line-end conversion changed the paragraphs");
});
