//! SubRip (`.srt`): cues to paragraphs ([`super::subtitles`]). Cue numbers and
//! formatting tags (`<i>`, `<font ...>`, `{\an8}`) are dropped; a broken cue timing is
//! an error naming its line.

use super::subtitles::{Cue, blocks, empty_block, expected_timing, paragraphs, parse_timing};
use super::{Limits, Read};
use crate::core::documents::decode::decode_owned;

const EXAMPLE: &str = "00:00:01,000 --> 00:00:04,000";

/// Reads a `.srt` from its bytes.
pub(super) fn read(bytes: Vec<u8>, limits: &Limits) -> Result<Read, String> {
    let text = decode_owned(bytes).map_err(|e| e.to_string())?;
    let mut cues = Vec::new();
    for (n, block) in blocks(&text) {
        cues.push(cue(n, &block)?);
    }
    paragraphs(&cues, false, limits)
}

/// One cue block: the cue number (optional: some programs leave it out), the timing
/// line, the text.
fn cue(n: usize, block: &[&str]) -> Result<Cue, String> {
    let numbered = block[0].trim().bytes().all(|b| b.is_ascii_digit());
    let (timing_at, found) = match block {
        [t, ..] if t.contains("-->") => (0, None),
        [_, t, ..] if numbered && t.contains("-->") => (1, None),
        [_, t, ..] if numbered => (1, Some(*t)),
        [t, ..] => (0, Some(*t)),
        [] => return Err(empty_block(n)),
    };
    if let Some(other) = found {
        return Err(expected_timing(n + timing_at, other, EXAMPLE));
    }
    let start_ms = parse_timing(block[timing_at], n + timing_at, EXAMPLE)?;
    Ok(Cue {
        start_ms,
        lines: block[timing_at + 1..]
            .iter()
            .map(|l| (*l).to_owned())
            .collect(),
    })
}
