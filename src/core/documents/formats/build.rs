//! Building the extracted text of a Word, OpenDocument or subtitle file, paragraph by
//! paragraph, with the offsets a `.txt` paragraph has.
//!
//! Paragraphs are separated by one blank line, so the text reads like a `.txt`
//! transcript; inside a paragraph, lines (soft line breaks, table cells' paragraphs)
//! are separated by `\n` and never blank. Ranges count bytes and code points of this
//! text exactly as [`crate::core::documents::segment`] does, so sidecars, search, exports and the
//! REFI-QDA offsets work unchanged.

use super::Limits;
use crate::core::documents::segment::{Paragraph, SpeakerPrefix, speaker_prefix};

/// The text and paragraphs so far.
#[derive(Debug)]
pub(crate) struct Builder {
    pub(crate) text: String,
    pub(crate) paragraphs: Vec<Paragraph>,
    chars: usize,
    limits: Limits,
}

/// Longest name taken from a leading bold `Name:`: longer bold text is a sentence.
const MAX_BOLD_NAME_CHARS: usize = 60;

impl Builder {
    pub(crate) fn new(limits: Limits) -> Builder {
        Builder {
            text: String::new(),
            paragraphs: Vec::new(),
            chars: 0,
            limits,
        }
    }

    /// Adds a Word or OpenDocument paragraph: `raw` as read (tidied here), of which
    /// the first `bold_end` bytes were bold. Whitespace-only paragraphs are skipped.
    pub(crate) fn push_raw(&mut self, raw: &str, bold_end: usize) -> Result<(), String> {
        let text = tidy(raw);
        if text.is_empty() {
            return Ok(());
        }
        let prefix = bold_len(raw, bold_end, &text)
            .and_then(|n| bold_speaker(&text, n))
            .or_else(|| speaker_prefix(first_line(&text)));
        self.push(&text, prefix)
    }

    /// Adds a table row whose first cell names the speaker (an empty cell: none).
    pub(crate) fn push_turn(&mut self, speaker: &str, body: &str) -> Result<(), String> {
        let body = tidy(body);
        let speaker = tidy(speaker);
        let speaker = speaker.strip_suffix(':').unwrap_or(&speaker).trim_end();
        if speaker.is_empty() {
            return if body.is_empty() {
                Ok(())
            } else {
                self.push(&body, None)
            };
        }
        let text = if body.is_empty() {
            format!("{speaker}:")
        } else {
            format!("{speaker}: {body}")
        };
        let prefix = SpeakerPrefix {
            timestamp: None,
            name: 0..speaker.len(),
            body: (speaker.len() + 2).min(text.len()),
        };
        self.push(&text, Some(prefix))
    }

    /// Adds a paragraph whose text is final; `prefix` is relative to its start.
    pub(crate) fn push(&mut self, para: &str, prefix: Option<SpeakerPrefix>) -> Result<(), String> {
        if self.paragraphs.len() >= self.limits.max_paragraphs {
            return Err(crate::i18n::fill(
                super::words().core_too_many_paragraphs,
                &[("max", &self.limits.max_paragraphs)],
            ));
        }
        let sep = if self.text.is_empty() { "" } else { "\n\n" };
        if self.text.len() + sep.len() + para.len() > self.limits.max_text {
            return Err(self.too_long());
        }
        self.text.push_str(sep);
        let start = self.text.len();
        let first = self.chars + sep.len();
        self.text.push_str(para);
        self.chars = first + para.chars().count();
        let at = |r: std::ops::Range<usize>| start + r.start..start + r.end;
        self.paragraphs.push(Paragraph::new(
            start..self.text.len(),
            first..self.chars,
            prefix.as_ref().map(|p| at(p.name.clone())),
            prefix.as_ref().and_then(|p| p.timestamp.clone()).map(at),
            start + prefix.map_or(0, |p| p.body),
        ));
        Ok(())
    }

    /// Refuses text still being read (`pending` bytes) that would take the whole
    /// over the limit: one paragraph may be the whole document.
    pub(crate) fn check_pending(&self, pending: usize) -> Result<(), String> {
        if self.text.len() + pending > self.limits.max_text {
            return Err(self.too_long());
        }
        Ok(())
    }

    /// "the text is longer than N bytes; ...".
    fn too_long(&self) -> String {
        crate::i18n::fill(
            super::words().core_text_too_long,
            &[("max", &self.limits.max_text)],
        )
    }
}

impl Default for Builder {
    fn default() -> Builder {
        Builder::new(Limits::DEFAULT)
    }
}

/// A paragraph as it is written: `\r` as a line end, each line without trailing white
/// space, blank lines dropped, no leading white space.
pub(crate) fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split(['\n', '\r']) {
        let line = line.trim_end();
        let line = if out.is_empty() {
            line.trim_start()
        } else {
            line
        };
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or(text)
}

/// Bytes of `text` (the tidied paragraph) that were bold at its start, when the bold
/// run is on the first line.
fn bold_len(raw: &str, bold_end: usize, text: &str) -> Option<usize> {
    let bold = raw.get(..bold_end)?.trim_start().trim_end();
    if bold.is_empty() || bold.contains(['\n', '\r']) || !text.starts_with(bold) {
        return None;
    }
    Some(bold.len())
}

/// A leading bold `Name:` (colon inside or right after the bold text) as the speaker:
/// bold marks the name, so it may hold what a plain name may not (commas, digits
/// first, up to 60 characters).
fn bold_speaker(text: &str, bold: usize) -> Option<SpeakerPrefix> {
    let region = &text[..bold];
    let (name_end, colon) = match region.strip_suffix(':') {
        Some(name) => (name.trim_end().len(), bold - 1),
        None if text[bold..].starts_with(':') => (bold, bold),
        None => return None,
    };
    let name = &text[..name_end];
    let ok = name.chars().next().is_some_and(char::is_alphanumeric)
        && name.chars().count() <= MAX_BOLD_NAME_CHARS;
    if !ok {
        return None;
    }
    let after = &text[colon + 1..];
    let body = colon + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len());
    Some(SpeakerPrefix {
        timestamp: None,
        name: 0..name_end,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(paras: &[(&str, usize)]) -> Builder {
        let mut b = Builder::new(Limits::DEFAULT);
        for (raw, bold) in paras {
            b.push_raw(raw, *bold).expect("fits");
        }
        b
    }

    #[test]
    fn paragraphs_are_tidied_and_separated_by_a_blank_line() {
        let b = built(&[("  Judul  ", 0), (" \n ", 0), ("satu \n\n dua\r", 0)]);
        assert_eq!(b.text, "Judul\n\nsatu\n dua");
        let texts: Vec<&str> = b.paragraphs.iter().map(|p| p.text(&b.text)).collect();
        assert_eq!(texts, ["Judul", "satu\n dua"]);
        assert_eq!(b.paragraphs[1].chars(), 7..16);
    }

    #[test]
    fn bold_and_plain_speakers() {
        let b = built(&[
            ("Informan A (32, Kupang): ya", 24),
            ("Peneliti: halo", 0),
            ("Peneliti: halo", 8),
            ("Bold sentence without colon", 27),
        ]);
        let speakers: Vec<Option<&str>> = b.paragraphs.iter().map(|p| p.speaker(&b.text)).collect();
        assert_eq!(
            speakers,
            [
                Some("Informan A (32, Kupang)"),
                Some("Peneliti"),
                Some("Peneliti"),
                None
            ]
        );
        assert_eq!(b.paragraphs[0].body(&b.text), "ya");
    }

    #[test]
    fn caps_are_errors() {
        let mut b = Builder::new(Limits {
            max_paragraphs: 1,
            ..Limits::DEFAULT
        });
        b.push("a", None).expect("first");
        assert!(b.push("b", None).is_err());
        let mut b = Builder::new(Limits {
            max_text: 4,
            ..Limits::DEFAULT
        });
        assert!(b.push("abcde", None).is_err());
    }
}
