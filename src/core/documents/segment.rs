//! Splitting a transcript into paragraphs, the unit of coding.
//!
//! The rules (DESIGN.md): paragraphs are blocks separated by blank lines; in a file
//! without blank lines, every non-empty line is a paragraph (one speaker turn per
//! line). A block whose every line starts with a speaker prefix is split into its
//! lines too, so a title block followed by turn-per-line text still gives one
//! paragraph per turn. A leading `Name:` or `[00:12:31] Name:` is the speaker.

use std::ops::Range;

/// One paragraph: where it is in the document text, and its speaker prefix if any.
///
/// Offsets are kept as 32-bit numbers (a document is at most 256 MiB, see
/// [`crate::core::project::MAX_DOCUMENT_BYTES`]), and the prefix's parts as 16-bit
/// offsets from the paragraph's start: a transcript of 100 MB has over half a
/// million paragraphs, and this is what tandai holds for each of them besides the
/// text: 28 bytes instead of 88. A prefix that ends more than 64 KiB into its
/// paragraph (only runs of tens of thousands of spaces do that) is not taken as a
/// prefix: the paragraph is all body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in the decoded text (line ends inside kept, the last one excluded).
    start: u32,
    end: u32,
    /// The same range in Unicode code points, as sidecars and REFI-QDA count.
    char_start: u32,
    char_end: u32,
    /// Bytes from `start` to where the text after the speaker prefix begins.
    body: u16,
    /// Byte range of the speaker's name, when the paragraph starts with one.
    speaker: Span,
    /// Byte range of a leading timestamp such as `00:12:31`, without brackets.
    timestamp: Span,
}

/// An optional byte range within a paragraph's first 64 KiB, from its start;
/// `start == u16::MAX` is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u16,
    end: u16,
}

impl Span {
    const NONE: Span = Span {
        start: u16::MAX,
        end: u16::MAX,
    };

    /// `r` from `base`, or None when it does not fit.
    fn of(r: Option<Range<usize>>, base: usize) -> Option<Span> {
        let Some(r) = r else {
            return Some(Span::NONE);
        };
        Some(Span {
            start: short(r.start.checked_sub(base)?)?,
            end: short(r.end.checked_sub(base)?)?,
        })
    }

    fn get(self, base: u32) -> Option<Range<usize>> {
        (self.start != u16::MAX)
            .then(|| wide(base) + usize::from(self.start)..wide(base) + usize::from(self.end))
    }
}

/// An offset within a paragraph's prefix, when it fits (`u16::MAX` means none).
fn short(n: usize) -> Option<u16> {
    u16::try_from(n).ok().filter(|&n| n != u16::MAX)
}

/// An offset as held: documents are far below 4 GiB (the caps say so).
fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX - 1)
}

fn wide(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

impl Paragraph {
    /// A paragraph at `bytes` (`chars` in code points), with the byte ranges of its
    /// speaker's name and timestamp, and where its body begins.
    pub fn new(
        bytes: Range<usize>,
        chars: Range<usize>,
        speaker: Option<Range<usize>>,
        timestamp: Option<Range<usize>>,
        body: usize,
    ) -> Paragraph {
        let base = bytes.start;
        let prefix = (|| {
            Some((
                short(body.checked_sub(base)?)?,
                Span::of(speaker, base)?,
                Span::of(timestamp, base)?,
            ))
        })();
        let (body, speaker, timestamp) = prefix.unwrap_or((0, Span::NONE, Span::NONE));
        Paragraph {
            start: narrow(bytes.start),
            end: narrow(bytes.end),
            char_start: narrow(chars.start),
            char_end: narrow(chars.end),
            body,
            speaker,
            timestamp,
        }
    }

    /// Byte range in the decoded text (line ends inside kept, the last one excluded).
    pub fn bytes(&self) -> Range<usize> {
        wide(self.start)..wide(self.end)
    }

    /// The same range in Unicode code points, as sidecars and REFI-QDA count.
    pub fn chars(&self) -> Range<usize> {
        wide(self.char_start)..wide(self.char_end)
    }

    /// Byte offset where the text after the speaker prefix begins.
    pub fn body_start(&self) -> usize {
        wide(self.start) + usize::from(self.body)
    }

    /// Byte range of the speaker's name, when the paragraph starts with one.
    pub fn speaker_range(&self) -> Option<Range<usize>> {
        self.speaker.get(self.start)
    }

    /// Byte range of a leading timestamp such as `00:12:31`, without brackets.
    pub fn timestamp(&self) -> Option<Range<usize>> {
        self.timestamp.get(self.start)
    }

    /// Forgets the speaker (a subtitle line with a time but no name).
    pub fn clear_speaker(&mut self) {
        self.speaker = Span::NONE;
    }

    /// The paragraph's whole text.
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.bytes()]
    }

    /// The text after the speaker prefix.
    pub fn body<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.body_start()..wide(self.end)]
    }

    /// The speaker's name, if the paragraph starts with one.
    pub fn speaker<'a>(&self, doc: &'a str) -> Option<&'a str> {
        self.speaker_range().map(|r| &doc[r])
    }
}

/// The lines of a text as byte ranges without their line ends (`\n`, `\r\n`, `\r`).
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    lines_in(text, 0..text.len())
}

/// The lines of `text[range]` (which starts at a line start), as byte ranges of
/// `text`. Line ends are found with SIMD `memchr`: a transcript of 100 MB is split
/// in milliseconds; text without a CR is searched for `\n` alone.
fn lines_in(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = &text.as_bytes()[..range.end];
    let has_cr = memchr::memchr(b'\r', &bytes[range.start..]).is_some();
    let mut pos = range.start;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let rest = &bytes[pos..];
        let found = if has_cr {
            memchr::memchr2(b'\n', b'\r', rest)
        } else {
            memchr::memchr(b'\n', rest)
        };
        match found {
            Some(i) => {
                let end = pos + i;
                pos = end
                    + if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                Some(start..end)
            }
            None => {
                pos = bytes.len();
                Some(start..bytes.len())
            }
        }
    })
}

fn is_blank(text: &str, line: &Range<usize>) -> bool {
    text[line.clone()].trim().is_empty()
}

/// A text at least this long is segmented on every core, in pieces of about this
/// size cut between paragraphs (a 100 MB transcript's first frame waits for its
/// paragraphs). Pieces are small so that putting them together holds one piece's
/// paragraphs twice, not half the document's.
const PIECE_BYTES: usize = 4 << 20;

/// Splits decoded text into paragraphs, after a quick look for blank lines: in one
/// pass with no per-paragraph allocation, on every core for a long text.
pub fn segment(text: &str) -> Vec<Paragraph> {
    segment_in_pieces(text, text.len().div_ceil(PIECE_BYTES).max(1))
}

/// [`segment`] in (at most) `n` pieces, on every core.
fn segment_in_pieces(text: &str, n: usize) -> Vec<Paragraph> {
    let blocks = has_inner_blank(text);
    let pieces = pieces(text, blocks, n);
    if pieces.len() == 1 {
        let mut out = segment_range(text, 0..text.len(), blocks).0;
        out.shrink_to_fit();
        return out;
    }
    let parts =
        crate::core::parallel::map_each(&pieces, |r| segment_range(text, r.clone(), blocks));
    // The first piece's vector grows to take the others (a large one is moved by the
    // allocator without a copy), so no second vector of every paragraph is made.
    let total: usize = parts.iter().map(|p| p.0.len()).sum();
    let mut parts = parts.into_iter();
    let Some((mut out, mut base)) = parts.next() else {
        return Vec::new();
    };
    out.reserve_exact(total - out.len());
    for (paragraphs, chars) in parts {
        out.extend(paragraphs.into_iter().map(|mut p| {
            p.char_start += narrow(base);
            p.char_end += narrow(base);
            p
        }));
        base += chars;
    }
    out
}

/// Where `text` may be cut into `n` pieces that segment alone: at line starts, and
/// when paragraphs are blank-line blocks, at the start of a blank line.
fn pieces(text: &str, blocks: bool, n: usize) -> Vec<Range<usize>> {
    let mut cuts = vec![0];
    for k in 1..n {
        let from = (text.len() / n * k).max(cuts.last().copied().unwrap_or(0));
        if let Some(cut) = cut_after(text, from, blocks) {
            cuts.push(cut);
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// The first place at or after `from` where a piece may begin (see [`pieces`]).
fn cut_after(text: &str, from: usize, blocks: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut pos = from;
    loop {
        // A line ends at \n, \r\n or a lone \r (as in `lines_in`): never cut a \r\n.
        let at = memchr::memchr2(b'\n', b'\r', &bytes[pos..])? + pos;
        let start = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
        if start >= bytes.len() {
            return None;
        }
        let end = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        if !blocks || is_blank(text, &(start..end)) {
            return Some(start);
        }
        pos = start;
    }
}

/// The paragraphs of the lines of `text[range]`, with code points counted from the
/// range's start; and the code points of the whole range.
fn segment_range(text: &str, range: Range<usize>, blocks: bool) -> (Vec<Paragraph>, usize) {
    let mut out = Vec::new();
    let mut counter = CharCounter {
        byte: range.start,
        chars: 0,
    };
    let mut block: Vec<Range<usize>> = Vec::new();
    for line in lines_in(text, range.clone()) {
        match (blocks, is_blank(text, &line)) {
            (false, true) => {}
            (false, false) => out.push(build(text, line, &mut counter)),
            (true, true) => flush(text, &mut block, &mut out, &mut counter),
            (true, false) => block.push(line),
        }
    }
    flush(text, &mut block, &mut out, &mut counter);
    let chars = counter.at(text, range.end);
    (out, chars)
}

/// Ends a block: one paragraph, or one per line when every line is a speaker turn.
fn flush(
    text: &str,
    block: &mut Vec<Range<usize>>,
    out: &mut Vec<Paragraph>,
    counter: &mut CharCounter,
) {
    match block.as_slice() {
        [] => {}
        [one] => out.push(build(text, one.clone(), counter)),
        lines
            if lines
                .iter()
                .all(|l| speaker_prefix(&text[l.clone()]).is_some()) =>
        {
            out.extend(lines.iter().map(|l| build(text, l.clone(), counter)));
        }
        [first, .., last] => out.push(build(text, first.start..last.end, counter)),
    }
    block.clear();
}

/// True when a blank line stands between two non-blank lines.
fn has_inner_blank(text: &str) -> bool {
    let (mut seen_text, mut blank_after_text) = (false, false);
    for line in lines(text) {
        if is_blank(text, &line) {
            blank_after_text |= seen_text;
        } else if blank_after_text {
            return true;
        } else {
            seen_text = true;
        }
    }
    false
}

fn build(text: &str, range: Range<usize>, counter: &mut CharCounter) -> Paragraph {
    let (start, end) = (range.start, range.end);
    let prefix = speaker_prefix(&text[start..end]);
    let (speaker, timestamp, body) = match prefix {
        Some(p) => (
            Some(start + p.name.start..start + p.name.end),
            p.timestamp.map(|t| start + t.start..start + t.end),
            start + p.body,
        ),
        None => (None, None, start),
    };
    let chars = counter.at(text, start)..counter.at(text, end);
    Paragraph::new(start..end, chars, speaker, timestamp, body)
}

/// Counts code points up to increasing byte offsets in one pass over the text.
#[derive(Default)]
struct CharCounter {
    byte: usize,
    chars: usize,
}

impl CharCounter {
    fn at(&mut self, text: &str, byte: usize) -> usize {
        // Offsets are line boundaries, so the span is text: std counts its chars many
        // bytes at a time.
        self.chars += match text.get(self.byte..byte) {
            Some(span) => span.chars().count(),
            None => text.as_bytes()[self.byte..byte]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count(),
        };
        self.byte = byte;
        self.chars
    }
}

/// Where a speaker prefix's parts are, relative to the start of the line.
#[derive(Debug, PartialEq, Eq)]
pub struct SpeakerPrefix {
    pub timestamp: Option<Range<usize>>,
    pub name: Range<usize>,
    pub body: usize,
}

const MAX_NAME_CHARS: usize = 40;
const MAX_NAME_WORDS: usize = 5;

/// Recognises `Name:` or `[hh:mm:ss] Name:` (also `[mm:ss]`, `(hh:mm:ss)`) at the
/// start of a line. A name starts with a letter, has at most five words, and is
/// followed by a colon and a space (or the end of the line).
pub fn speaker_prefix(line: &str) -> Option<SpeakerPrefix> {
    let lead = line.len() - line.trim_start().len();
    let (timestamp, after_ts) = match timestamp(&line[lead..]) {
        Some((ts, used)) => (Some(lead + ts.start..lead + ts.end), lead + used),
        None => (None, lead),
    };
    let rest = &line[after_ts..];
    let name_start = after_ts + (rest.len() - rest.trim_start().len());
    let colon = memchr::memchr(b':', &line.as_bytes()[name_start..])? + name_start;
    let name = line[name_start..colon].trim_end();
    if !valid_name(name) {
        return None;
    }
    let after = &line[colon + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let body = colon + 1 + (after.len() - after.trim_start().len());
    Some(SpeakerPrefix {
        timestamp,
        name: name_start..name_start + name.len(),
        body,
    })
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    // The length first, without counting a whole paragraph when its colon is late.
    first.is_alphabetic()
        && name.chars().nth(MAX_NAME_CHARS).is_none()
        && name.split_whitespace().nth(MAX_NAME_WORDS).is_none()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '\'' | '(' | ')'))
}

/// A `[hh:mm:ss]`, `[mm:ss]` or `(hh:mm:ss)` stamp (fractions allowed): the range of
/// the time inside the brackets, and the bytes used including the closing bracket.
fn timestamp(s: &str) -> Option<(Range<usize>, usize)> {
    let b = s.as_bytes();
    let close = match b.first()? {
        b'[' => b']',
        b'(' => b')',
        _ => return None,
    };
    let end = memchr::memchr(close, b)?;
    let inner = &b[1..end];
    let parts = memchr::memchr_iter(b':', inner).count() + 1;
    // Each part one or two digits; the last may carry a fraction after `.` or `,`.
    let ok = (2..=3).contains(&parts)
        && inner.split(|&c| c == b':').enumerate().all(|(i, p)| {
            let p = if i == parts - 1 {
                p.split(|&c| c == b'.' || c == b',').next().unwrap_or(p)
            } else {
                p
            };
            !p.is_empty() && p.len() <= 2 && p.iter().all(u8::is_ascii_digit)
        });
    ok.then_some((1..end, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_segment_as_the_whole_does() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(match i % 7 {
                0 => "Peneliti: satu\r\nInforman: dua\r\n\r\n",
                1 => "[00:01:02] Ana: é ü ñ\n\n",
                2 => "baris tanpa nama\nlanjut\n\n\n",
                3 => "  \n\nB: x\rC: y\r\r",
                4 => "Judul\nA: satu\nB: dua\n\n",
                5 => "日本語の段落\n\n",
                _ => "\t\n\nakhir",
            });
            text.push('\n');
        }
        let lines_only = text
            .split(['\n', '\r'])
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\r\n");
        // Old Mac line ends only: a text is cut at a lone \r too.
        let cr_only = text.replace("\r\n", "\n").replace('\n', "\r");
        assert!(has_inner_blank(&text) && !has_inner_blank(&lines_only));
        for t in [&text, &lines_only, &cr_only] {
            assert!(pieces(t, has_inner_blank(t), 4).len() == 4);
            let whole = segment_in_pieces(t, 1);
            // A long text is cut into many pieces (one per 4 MiB): up to one per
            // paragraph here.
            for n in (2..6).chain([9, 17, 64, 300, 2_000]) {
                assert_eq!(segment_in_pieces(t, n), whole, "{n} pieces");
            }
        }
    }

    #[test]
    fn a_paragraph_holds_28_bytes() {
        assert_eq!(std::mem::size_of::<Paragraph>(), 28);
        let p = Paragraph::new(4..20, 3..18, Some(4..7), None, 9);
        assert_eq!((p.bytes(), p.chars(), p.body_start()), (4..20, 3..18, 9));
        assert_eq!((p.speaker_range(), p.timestamp()), (Some(4..7), None));
        let far = 1 << 30;
        let p = Paragraph::new(
            far..far + 90,
            7..97,
            Some(far + 12..far + 15),
            Some(far + 1..far + 9),
            far + 17,
        );
        assert_eq!((p.bytes(), p.body_start()), (far..far + 90, far + 17));
        assert_eq!(p.speaker_range(), Some(far + 12..far + 15));
        assert_eq!(p.timestamp(), Some(far + 1..far + 9));
    }

    #[test]
    fn a_prefix_past_64_kib_is_body() {
        let spaces = " ".repeat(70_000);
        let text = format!("{spaces}Ana: halo\n\nBudi: ya");
        let ps = segment(&text);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[0].speaker(&text), None);
        assert_eq!(ps[0].body(&text), format!("{spaces}Ana: halo"));
        assert_eq!(ps[1].speaker(&text), Some("Budi"));
        assert_eq!(ps[1].body(&text), "ya");
        let after = format!("Ana:{spaces}halo");
        assert_eq!(segment(&after)[0].speaker(&after), None);
        let short = format!("Ana:{}halo", " ".repeat(60_000));
        assert_eq!(segment(&short)[0].speaker(&short), Some("Ana"));
        assert_eq!(segment(&short)[0].body(&short), "halo");
    }

    fn texts(text: &str) -> Vec<&str> {
        segment(text)
            .iter()
            .map(|p| p.text(text))
            .collect::<Vec<_>>()
    }

    #[test]
    fn blank_line_blocks() {
        let t = "A: satu\ndua\n\n\nB: tiga\n";
        assert_eq!(texts(t), ["A: satu\ndua", "B: tiga"]);
    }

    #[test]
    fn lines_when_no_blank_lines() {
        let t = "Peneliti: halo\nInforman A: iya\nlanjut\n";
        assert_eq!(texts(t), ["Peneliti: halo", "Informan A: iya", "lanjut"]);
    }

    #[test]
    fn leading_and_trailing_blank_lines_do_not_switch_mode() {
        let t = "\n\nsatu\ndua\n\n";
        assert_eq!(texts(t), ["satu", "dua"]);
    }

    #[test]
    fn block_of_speaker_turns_is_split_into_lines() {
        let t = "Wawancara Informan A\n\nP: halo\nI: iya\n";
        assert_eq!(texts(t), ["Wawancara Informan A", "P: halo", "I: iya"]);
    }

    #[test]
    fn crlf_and_cr_line_ends() {
        let t = "a\r\nb\r\n\r\nc\rd";
        assert_eq!(texts(t), ["a\r\nb", "c\rd"]);
    }

    #[test]
    fn whitespace_only_lines_are_blank() {
        assert_eq!(texts("a\n \t \nb"), ["a", "b"]);
    }

    #[test]
    fn empty_text_has_no_paragraphs() {
        assert!(segment("").is_empty());
        assert!(segment("\n\n  \n").is_empty());
    }

    #[test]
    fn char_ranges_count_code_points() {
        let t = "é😀\n\nab";
        let p = segment(t);
        assert_eq!(p[0].chars(), 0..2);
        assert_eq!(p[1].chars(), 4..6);
        assert_eq!(p[1].bytes(), 8..10);
    }

    #[test]
    fn speaker_plain() {
        let t = "Informan B: saya kenal dia dari aplikasi";
        let p = &segment(t)[0];
        assert_eq!(p.speaker(t), Some("Informan B"));
        assert_eq!(p.body(t), "saya kenal dia dari aplikasi");
        assert_eq!(p.timestamp(), None);
    }

    #[test]
    fn speaker_with_timestamp() {
        let t = "[00:12:31] Informan C: patroli siber";
        let p = &segment(t)[0];
        assert_eq!(p.speaker(t), Some("Informan C"));
        assert_eq!(&t[p.timestamp().unwrap_or_default()], "00:12:31");
        assert_eq!(p.body(t), "patroli siber");
        let t = "(12:31.5) P: ya";
        assert_eq!(segment(t)[0].speaker(t), Some("P"));
    }

    #[test]
    fn not_speakers() {
        for line in [
            "lihat https://contoh.id ya",
            "10:30 kami bertemu",
            "Ini kalimat yang sangat panjang sekali tanpa titik dua: bukan nama",
            ": kosong",
            "Kata:lanjut tanpa spasi",
            "[99] Nama: x",
        ] {
            let p = &segment(line)[0];
            assert_eq!(p.speaker_range(), None, "{line}");
        }
    }

    #[test]
    fn speaker_only_line() {
        let t = "Peneliti:";
        let p = &segment(t)[0];
        assert_eq!(p.speaker(t), Some("Peneliti"));
        assert_eq!(p.body(t), "");
    }
}
