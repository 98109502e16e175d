//! WebVTT (`.vtt`, as Zoom, Teams, Otter and Whisper write it): cues to paragraphs
//! ([`super::subtitles`]). The `WEBVTT` header, cue identifiers, cue settings and
//! `NOTE`, `STYLE` and `REGION` blocks are dropped; a broken cue timing is an error
//! naming its line.

use super::subtitles::{Cue, blocks, empty_block, expected_timing, paragraphs, parse_timing};
use super::{Limits, Read};
use crate::core::documents::decode::decode_owned;

const EXAMPLE: &str = "00:00:01.000 --> 00:00:04.000";

/// Reads a `.vtt` from its bytes.
pub(super) fn read(bytes: Vec<u8>, limits: &Limits) -> Result<Read, String> {
    let text = decode_owned(bytes).map_err(|e| e.to_string())?;
    let first = text.split('\n').next().unwrap_or_default();
    let header = first
        .strip_prefix("WEBVTT")
        .map(|r| r.trim_end_matches('\r'));
    if !header.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t'])) {
        return Err(super::words().core_sub_no_webvtt.into());
    }
    let mut cues = Vec::new();
    let mut dropped = 0;
    for (n, block) in blocks(&text).into_iter().skip(1) {
        if is_block(block[0], "NOTE") || is_block(block[0], "STYLE") || is_block(block[0], "REGION")
        {
            dropped += 1;
            continue;
        }
        cues.push(cue(n, &block)?);
    }
    let (text, paras, mut left_out) = paragraphs(&cues, true, limits)?;
    if dropped > 0 {
        let t = super::words();
        left_out.push(super::left_out(
            dropped,
            t.core_vtt_blocks_one,
            t.core_vtt_blocks_other,
        ));
    }
    Ok((text, paras, left_out))
}

/// A block of the header's kind: the word alone or followed by white space.
fn is_block(line: &str, word: &str) -> bool {
    line.strip_prefix(word)
        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
}

/// One cue block: an optional identifier, the timing line, the payload.
fn cue(n: usize, block: &[&str]) -> Result<Cue, String> {
    let (timing_at, timing) = match block {
        [t, ..] if t.contains("-->") => (0, *t),
        [_, t, ..] if t.contains("-->") => (1, *t),
        [other, ..] => {
            return Err(expected_timing(n, other, EXAMPLE));
        }
        [] => return Err(empty_block(n)),
    };
    let start_ms = parse_timing(timing, n + timing_at, EXAMPLE)?;
    Ok(Cue {
        start_ms,
        lines: block[timing_at + 1..]
            .iter()
            .map(|l| (*l).to_owned())
            .collect(),
    })
}
