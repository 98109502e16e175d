//! Export: a codebook as a REFI-QDA codebook document (`.qdc`), with the XML
//! escaping it needs.

use super::CODEBOOK_NAMESPACE;
use super::ids::code_guid;
use super::marker::description;
use crate::core::codebook::ansi_rgb;
use crate::core::codebook::{Code, Codebook, Lang};

/// The codebook as a REFI-QDA codebook document (`.qdc`) in `lang`, valid against
/// `Codebook.xsd`. Deterministic: the same codebook gives the same bytes. An empty
/// codebook gives `<Codes/>`, which the schema does not allow: callers should not
/// offer export without codes.
pub fn export_qdc(book: &Codebook, lang: Lang) -> String {
    let (roots, kids) = child_lists(book);
    let mut out = String::with_capacity(512 + 512 * book.codes.len());
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<CodeBook xmlns=\"");
    out.push_str(CODEBOOK_NAMESPACE);
    out.push('"');
    push_attr(
        &mut out,
        "origin",
        &format!("tandai {}", env!("CARGO_PKG_VERSION")),
    );
    if roots.is_empty() {
        out.push_str(">\n  <Codes/>\n</CodeBook>\n");
        return out;
    }
    out.push_str(">\n  <Codes>\n");
    let w = CodeWriter {
        book,
        kids: &kids,
        lang,
        memos: false,
    };
    for &i in &roots {
        w.write(&mut out, i, 4);
    }
    out.push_str("  </Codes>\n</CodeBook>\n");
    out
}

/// Every code of the book as `<Code>` elements (a project's `<Codes>` holds the same
/// ones as a `.qdc`), indented by `indent` spaces. In a project, a code with a memo
/// refers to its note ([`code_memo_guid`]); a `.qdc` has no notes.
pub(super) fn write_codes(out: &mut String, book: &Codebook, lang: Lang, indent: usize) {
    let (roots, kids) = child_lists(book);
    let w = CodeWriter {
        book,
        kids: &kids,
        lang,
        memos: true,
    };
    for &i in &roots {
        w.write(out, i, indent);
    }
}

/// The GUID of the note that holds a code's memo in a project export.
pub(super) fn code_memo_guid(code: &Code) -> String {
    super::ids::derived_guid("tandai-code-memo", &[&code.id])
}

/// Top-level codes and each code's children, in display order. A parent index out
/// of range counts as top level rather than panicking.
fn child_lists(book: &Codebook) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut roots = Vec::new();
    let mut kids = vec![Vec::new(); book.codes.len()];
    for (i, code) in book.codes.iter().enumerate() {
        match code.parent.and_then(|p| kids.get_mut(p)) {
            Some(list) => list.push(i),
            None => roots.push(i),
        }
    }
    (roots, kids)
}

/// Writes codes with their sub-codes.
struct CodeWriter<'a> {
    book: &'a Codebook,
    kids: &'a [Vec<usize>],
    lang: Lang,
    /// Refer to code memos' notes (projects only).
    memos: bool,
}

impl CodeWriter<'_> {
    fn write(&self, out: &mut String, i: usize, indent: usize) {
        let code = &self.book.codes[i];
        let pad = " ".repeat(indent);
        out.push_str(&pad);
        out.push_str("<Code");
        push_attr(out, "guid", &guid_of(code));
        push_attr(out, "name", code.label.get(self.lang));
        push_attr(
            out,
            "isCodable",
            if code.active() { "true" } else { "false" },
        );
        if let Some(hex) = &code.hex {
            push_attr(out, "color", hex);
        } else if let Some(color) = code.own_color {
            push_attr(out, "color", &rgb_text(ansi_rgb(color)));
        }
        out.push_str(">\n");
        out.push_str(&pad);
        out.push_str("  <Description>");
        escape_into(out, &description(code, self.lang), false);
        out.push_str("</Description>\n");
        if self.memos && !code.memo.trim().is_empty() {
            out.push_str(&pad);
            out.push_str("  <NoteRef");
            push_attr(out, "targetGUID", &code_memo_guid(code));
            out.push_str("/>\n");
        }
        for &k in &self.kids[i] {
            self.write(out, k, indent + 2);
        }
        out.push_str(&pad);
        out.push_str("</Code>\n");
    }
}

/// A colour as REFI writes it: `#RRGGBB`, upper case.
pub(super) fn rgb_text([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// The GUID a code is exported with: the one another program gave it, else one
/// derived from its id ([`code_guid`]).
pub(super) fn guid_of(code: &Code) -> String {
    code.guid.clone().unwrap_or_else(|| code_guid(&code.id))
}

pub(super) fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value, true);
    out.push('"');
}

/// Escapes text for XML. In attributes, quotes are escaped, and tabs and line ends
/// become character references, because a parser would otherwise turn them into
/// spaces; in text, quotes stay as they are, so the description reads well in the
/// file. A carriage return is a reference everywhere, because parsers drop it from
/// line ends. Characters XML 1.0 cannot carry at all become U+FFFD.
pub(super) fn escape_into(out: &mut String, text: &str, attribute: bool) {
    // The runs between bytes that need care are copied whole: every such byte is
    // ASCII, or the lead byte 0xEF of U+FFFE and U+FFFF.
    let care = if attribute {
        &CARE_IN_ATTRIBUTES
    } else {
        &CARE_IN_TEXT
    };
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !care[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let (with, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\r' => ("&#13;", 1),
            b'\n' => ("&#10;", 1),
            b'\t' => ("&#9;", 1),
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                ("\u{FFFD}", 3)
            }
            0xEF => ("", 0),
            _ => ("\u{FFFD}", 1),
        };
        if len == 0 {
            i += 1;
            continue;
        }
        out.push_str(&text[start..i]);
        out.push_str(with);
        i += len;
        start = i;
    }
    out.push_str(&text[start..]);
}

/// The bytes [`escape_into`] looks at in text: markup, a carriage return, the
/// control characters XML cannot carry, and 0xEF.
const CARE_IN_TEXT: [bool; 256] = care(false);
/// The same in attributes, plus quotes, tabs and line ends.
const CARE_IN_ATTRIBUTES: [bool; 256] = care(true);

const fn care(attribute: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[0xEF] = true;
    if !attribute {
        table[b'\n' as usize] = false;
        table[b'\t' as usize] = false;
    } else {
        table[b'"' as usize] = true;
        table[b'\'' as usize] = true;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_line_ends() {
        let mut out = String::new();
        escape_into(&mut out, "a&<>\"'\r\n\t\u{1}", true);
        assert_eq!(out, "a&amp;&lt;&gt;&quot;&apos;&#13;&#10;&#9;\u{FFFD}");
        let mut text = String::new();
        escape_into(&mut text, "a&<>\"'\r\n\t", false);
        assert_eq!(text, "a&amp;&lt;&gt;\"'&#13;\n\t");
    }

    #[test]
    fn escaping_agrees_with_the_rule_per_character() {
        let is_xml_char = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
        let by_char = |text: &str, attribute: bool| -> String {
            let mut out = String::new();
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' if attribute => out.push_str("&quot;"),
                    '\'' if attribute => out.push_str("&apos;"),
                    '\r' => out.push_str("&#13;"),
                    '\n' if attribute => out.push_str("&#10;"),
                    '\t' if attribute => out.push_str("&#9;"),
                    c if is_xml_char(c) => out.push(c),
                    _ => out.push('\u{FFFD}'),
                }
            }
            out
        };
        let samples = [
            "",
            "plain",
            "Kami berkenalan & <ngobrol> \"lama\"",
            "\u{FFFE}x\u{FFFF}\u{FFFD}\u{EFBF}\u{FEFF}é日本\u{1F600}",
            "\u{0}\u{1f}\u{7f}\u{80}\u{9f}\r\n\t'",
            "ends with <",
        ];
        for text in samples {
            for attribute in [false, true] {
                let mut out = String::new();
                escape_into(&mut out, text, attribute);
                assert_eq!(out, by_char(text, attribute), "{text:?} {attribute}");
            }
        }
    }
}
