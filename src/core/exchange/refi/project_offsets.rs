//! Import, offsets: REFI selections (code points, end exclusive) to the paragraphs
//! of the text they index into.

use super::project_read::RawSelection;
use super::words;
use crate::core::documents::segment::Paragraph;
use crate::i18n::fill;
use std::collections::HashMap;

/// How one selection maps to paragraphs.
pub(super) enum Mapping {
    Exact(Vec<usize>),
    Partial(Vec<usize>),
    Unmapped(String),
}

/// Byte offsets of the code-point offsets the selections use, in one pass.
pub(super) fn char_to_byte(text: &str, selections: &[RawSelection]) -> HashMap<usize, usize> {
    let mut wanted: Vec<usize> = selections
        .iter()
        .flat_map(|s| [parse_offset(&s.start), parse_offset(&s.end)])
        .flatten()
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = HashMap::with_capacity(wanted.len());
    let mut want = wanted.into_iter().peekable();
    for (n, (byte, _)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
        while want.peek() == Some(&n) {
            out.insert(n, byte);
            want.next();
        }
        if want.peek().is_none() {
            break;
        }
    }
    out
}

fn parse_offset(value: &str) -> Option<usize> {
    value.trim().parse().ok()
}

pub(super) fn map_selection(
    text: &str,
    paragraphs: &[Paragraph],
    bytes_at: &HashMap<usize, usize>,
    sel: &RawSelection,
) -> Mapping {
    let (Some(start), Some(end)) = (parse_offset(&sel.start), parse_offset(&sel.end)) else {
        return Mapping::Unmapped(words().core_qdpx_bad_offset.into());
    };
    if start >= end {
        return Mapping::Unmapped(words().core_qdpx_empty_selection.into());
    }
    let (Some(&b_start), Some(&b_end)) = (bytes_at.get(&start), bytes_at.get(&end)) else {
        let chars = text.chars().count();
        return Mapping::Unmapped(fill(words().core_qdpx_past_end, &[("chars", &chars)]));
    };
    let first = paragraphs.partition_point(|p| p.chars().end <= start);
    let last = paragraphs.partition_point(|p| p.chars().start < end);
    if first >= last {
        return Mapping::Unmapped(words().core_qdpx_no_paragraph.into());
    }
    let selected = &text[b_start..b_end];
    let sel_start = b_start + (selected.len() - selected.trim_start().len());
    let sel_end = b_start + selected.trim_end().len();
    let para_start = |p: &Paragraph| {
        let t = p.text(text);
        p.bytes().start + (t.len() - t.trim_start().len())
    };
    let para_end = |p: &Paragraph| p.bytes().start + p.text(text).trim_end().len();
    let indices: Vec<usize> = (first..last).collect();
    if sel_start == para_start(&paragraphs[first]) && sel_end == para_end(&paragraphs[last - 1]) {
        Mapping::Exact(indices)
    } else {
        Mapping::Partial(indices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::documents::segment::segment;

    fn map(text: &str, start: usize, end: usize) -> Result<(bool, Vec<usize>), String> {
        let sel = RawSelection {
            start: start.to_string(),
            end: end.to_string(),
            ..RawSelection::default()
        };
        let bytes_at = char_to_byte(text, std::slice::from_ref(&sel));
        match map_selection(text, &segment(text), &bytes_at, &sel) {
            Mapping::Exact(p) => Ok((true, p)),
            Mapping::Partial(p) => Ok((false, p)),
            Mapping::Unmapped(reason) => Err(reason),
        }
    }

    #[test]
    fn selections_map_by_code_points() {
        // Paragraphs, in code points: "é😀 a" 0..4, "b c" 8..11, "d" 13..14.
        let text = "é😀 a\r\n\r\nb c\n\nd";
        assert_eq!(map(text, 0, 4), Ok((true, vec![0])));
        assert_eq!(map(text, 0, 8), Ok((true, vec![0])), "line ends trimmed");
        assert_eq!(map(text, 1, 2), Ok((false, vec![0])), "just the emoji");
        assert_eq!(map(text, 0, 11), Ok((true, vec![0, 1])));
        assert_eq!(map(text, 3, 9), Ok((false, vec![0, 1])));
        assert_eq!(map(text, 13, 14), Ok((true, vec![2])));
        assert!(map(text, 4, 8).is_err_and(|r| r.contains("no paragraph")));
        assert!(map(text, 13, 15).is_err_and(|r| r.contains("past the end")));
        assert!(map(text, 5, 5).is_err_and(|r| r.contains("empty")));
    }
}
