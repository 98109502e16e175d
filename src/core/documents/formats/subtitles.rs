//! Subtitle cues (from [`super::vtt`] and [`super::srt`]) to paragraphs.
//!
//! Consecutive cues of one speaker form one paragraph (a turn), with the first cue's
//! start time as its timestamp; the speaker comes from a WebVTT voice tag
//! (`<v Name>`) or a `Name:` at the start of a cue line; a cue without any speaker is
//! a paragraph of its own. Inline tags are dropped. Each paragraph is written as a
//! `.txt` turn would be: `[00:01:02] Name: text`, or `[00:01:02] text`.

use super::build::Builder;
use super::{Limits, Read};
use crate::core::documents::segment::{SpeakerPrefix, speaker_prefix};

/// One cue: when it starts and its text lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cue {
    pub(super) start_ms: u64,
    pub(super) lines: Vec<String>,
}

/// A piece of a cue spoken by one speaker (or by no named one).
#[derive(Debug)]
struct Utterance {
    start_ms: u64,
    speaker: Option<String>,
    text: String,
}

/// The numbered lines of a subtitle file, without line ends.
pub(super) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
}

/// Blocks of non-blank lines, each with the number of its first line.
pub(super) fn blocks(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut current: Option<(usize, Vec<&str>)> = None;
    for (n, line) in numbered_lines(text) {
        if line.trim().is_empty() {
            out.extend(current.take());
        } else {
            current.get_or_insert_with(|| (n, Vec::new())).1.push(line);
        }
    }
    out.extend(current);
    out
}

/// Milliseconds of `00:01:02.500`, `01:02.500` or `00:01:02,500` (SRT's comma).
pub(super) fn parse_time(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split(':').collect();
    let (h, m, sec) = match parts.as_slice() {
        [h, m, s] => (*h, *m, *s),
        [m, s] => ("0", *m, *s),
        _ => return None,
    };
    let (s, frac) = sec.split_once(['.', ','])?;
    let digits = |x: &str, max_len: usize| {
        (!x.is_empty() && x.len() <= max_len && x.bytes().all(|b| b.is_ascii_digit()))
            .then(|| x.parse::<u64>().ok())
            .flatten()
    };
    let (h, m, s) = (digits(h, 4)?, digits(m, 2)?, digits(s, 2)?);
    let ms = digits(frac, 3)? * [100, 10, 1][frac.len() - 1];
    (m < 60 && s < 60).then_some(((h * 60 + m) * 60 + s) * 1000 + ms)
}

/// "line N: expected a cue timing line (EXAMPLE), found \"...\"" (the line's first
/// 60 characters, quoted).
pub(super) fn expected_timing(n: usize, found: &str, example: &str) -> String {
    let found = format!("{:?}", found.chars().take(60).collect::<String>());
    crate::i18n::fill(
        super::words().core_sub_expected_timing,
        &[("n", &n), ("found", &found), ("example", &example)],
    )
}

/// "line N: empty block".
pub(super) fn empty_block(n: usize) -> String {
    crate::i18n::fill(super::words().core_sub_empty_block, &[("n", &n)])
}

/// The start of a cue timing line `START --> END [settings]`, or why it is broken.
pub(super) fn parse_timing(line: &str, n: usize, example: &str) -> Result<u64, String> {
    let broken = || {
        let found = format!("{:?}", line.chars().take(60).collect::<String>());
        crate::i18n::fill(
            super::words().core_sub_broken_timing,
            &[("n", &n), ("found", &found), ("example", &example)],
        )
    };
    let (start, rest) = line.split_once("-->").ok_or_else(broken)?;
    let end = rest.split_whitespace().next().ok_or_else(broken)?;
    parse_time(end).ok_or_else(broken)?;
    parse_time(start.trim()).ok_or_else(broken)
}

/// `hh:mm:ss` of a time, as the paragraph's timestamp.
fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Turns cues into paragraphs. `voices` reads WebVTT voice tags.
pub(super) fn paragraphs(cues: &[Cue], voices: bool, limits: &Limits) -> Result<Read, String> {
    let mut out = Builder::new(*limits);
    let mut turn: Option<Utterance> = None;
    for cue in cues {
        for u in utterances(cue, voices) {
            match &mut turn {
                Some(t) if t.speaker.is_some() && t.speaker == u.speaker => {
                    t.text.push(' ');
                    t.text.push_str(&u.text);
                    out.check_pending(t.text.len())?;
                }
                _ => {
                    if let Some(done) = turn.replace(u) {
                        push(&mut out, &done)?;
                    }
                }
            }
        }
    }
    if let Some(done) = turn {
        push(&mut out, &done)?;
    }
    Ok((out.text, out.paragraphs, Vec::new()))
}

fn push(out: &mut Builder, u: &Utterance) -> Result<(), String> {
    let time = clock(u.start_ms);
    let mut text = format!("[{time}] ");
    let timestamp = Some(1..1 + time.len());
    let prefix = match &u.speaker {
        Some(name) => {
            let start = text.len();
            text.push_str(name);
            text.push_str(": ");
            SpeakerPrefix {
                timestamp,
                name: start..start + name.len(),
                body: text.len(),
            }
        }
        None => SpeakerPrefix {
            timestamp,
            name: 0..0,
            body: text.len(),
        },
    };
    text.push_str(&u.text);
    if u.speaker.is_none() {
        return push_unnamed(out, &text, prefix);
    }
    out.push(&text, Some(prefix))
}

/// A paragraph with a time but no speaker.
fn push_unnamed(out: &mut Builder, text: &str, prefix: SpeakerPrefix) -> Result<(), String> {
    let before = out.paragraphs.len();
    out.push(text, Some(prefix))?;
    if let Some(p) = out.paragraphs.get_mut(before) {
        p.clear_speaker();
    }
    Ok(())
}

/// The utterances of one cue: a voice tag or a `Name:` line starts one; other lines
/// continue the cue's last one.
fn utterances(cue: &Cue, voices: bool) -> Vec<Utterance> {
    let mut out: Vec<Utterance> = Vec::new();
    let payload = cue.lines.join("\n");
    let pieces = if voices {
        voice_pieces(&payload)
    } else {
        vec![(None, payload.as_str())]
    };
    for (voice, piece) in pieces {
        let text = clean(piece, voices);
        let mut first = true;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let named = match (&voice, speaker_prefix(line)) {
                (Some(v), _) if first => Some((v.clone(), line)),
                (None, Some(p)) if p.timestamp.is_none() => {
                    Some((line[p.name.clone()].to_owned(), &line[p.body..]))
                }
                _ => None,
            };
            first = false;
            match (named, out.last_mut()) {
                (Some((speaker, body)), _) => out.push(Utterance {
                    start_ms: cue.start_ms,
                    speaker: Some(speaker),
                    text: body.trim().to_owned(),
                }),
                (None, Some(last)) => {
                    if !last.text.is_empty() {
                        last.text.push(' ');
                    }
                    last.text.push_str(line);
                }
                (None, None) => out.push(Utterance {
                    start_ms: cue.start_ms,
                    speaker: None,
                    text: line.to_owned(),
                }),
            }
        }
    }
    out.retain(|u| !u.text.is_empty() || u.speaker.is_some());
    out
}

/// Splits a WebVTT payload at voice tags: `<v Name>` or `<v.class Name>`.
fn voice_pieces(payload: &str) -> Vec<(Option<String>, &str)> {
    let mut out = Vec::new();
    let mut voice = None;
    let mut from = 0;
    let mut search = 0;
    while let Some(i) = payload[search..].find("<v").map(|i| search + i) {
        let after = &payload[i + 2..];
        let Some(close) = after.find('>') else { break };
        let tag = &after[..close];
        if !(tag.starts_with([' ', '\t', '.'])) {
            search = i + 2;
            continue;
        }
        out.push((voice.take(), &payload[from..i]));
        let name = tag.split_once([' ', '\t']).map_or("", |(_, n)| n);
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        voice = (!name.is_empty()).then_some(name);
        from = i + 2 + close + 1;
        search = from;
    }
    out.push((voice, &payload[from..]));
    out.retain(|(v, p)| v.is_some() || !p.trim().is_empty());
    out
}

/// The text without tags (`<i>`, `</v>`, `<00:01.000>`, SRT's `<font ...>` and
/// `{\an8}`) and, in WebVTT, with its character references decoded.
fn clean(text: &str, entities: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['<', '{']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match tag_len(tail) {
            Some(n) => rest = &tail[n..],
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    if entities { decode_entities(&out) } else { out }
}

/// Length of a tag at the start of `s`, when it is one.
fn tag_len(s: &str) -> Option<usize> {
    let (open, close) = if s.starts_with("{\\") {
        ('{', '}')
    } else {
        ('<', '>')
    };
    let second = s[open.len_utf8()..].chars().next()?;
    if open == '<' && !(second.is_ascii_alphanumeric() || second == '/') {
        return None;
    }
    s.find(close).map(|end| end + 1)
}

/// The WebVTT character references: `&amp;` `&lt;` `&gt;` `&nbsp;` `&lrm;` `&rlm;`
/// and numeric ones; anything else stays as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&tail[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &tail[used..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "nbsp" => Some('\u{a0}'),
        "lrm" => Some('\u{200e}'),
        "rlm" => Some('\u{200f}'),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    fn at(text: &str, r: Option<Range<usize>>) -> Option<&str> {
        r.map(|r| &text[r])
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("00:01:02.500"), Some(62_500));
        assert_eq!(parse_time("01:02.5"), Some(62_500));
        assert_eq!(parse_time("01:02"), None, "a time has a fraction");
        assert_eq!(parse_time("1:00:00,001"), Some(3_600_001));
        for bad in [
            "00:61:00.000",
            "0x:00.000",
            "00:00",
            "00:00:00:00.0",
            "",
            "00:00.0000",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(clock(3_725_999), "01:02:05");
    }

    fn cue(ms: u64, lines: &[&str]) -> Cue {
        Cue {
            start_ms: ms,
            lines: lines.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn turns_merge_one_speaker_and_keep_unnamed_cues_apart() {
        let cues = [
            cue(1000, &["<v Ana Putri>Selamat pagi.</v>"]),
            cue(2000, &["<v Ana Putri>Apa kabar?"]),
            cue(3000, &["Budi: Baik &amp; sehat."]),
            cue(4000, &["tanpa nama"]),
            cue(5000, &["<i>juga</i> tanpa nama"]),
        ];
        let (text, paras, _) = paragraphs(&cues, true, &Limits::DEFAULT).expect("ok");
        let got: Vec<(&str, Option<&str>, Option<&str>)> = paras
            .iter()
            .map(|p| (p.body(&text), p.speaker(&text), at(&text, p.timestamp())))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Selamat pagi. Apa kabar?",
                    Some("Ana Putri"),
                    Some("00:00:01")
                ),
                ("Baik & sehat.", Some("Budi"), Some("00:00:03")),
                ("tanpa nama", None, Some("00:00:04")),
                ("juga tanpa nama", None, Some("00:00:05")),
            ]
        );
        assert!(text.starts_with("[00:00:01] Ana Putri: Selamat pagi. Apa kabar?\n\n"));
    }
}
