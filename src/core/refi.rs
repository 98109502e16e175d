//! REFI-QDA (QDA-XML 1.0) codebook exchange: export a codebook as a `.qdc` file,
//! import one from a `.qdc` or from the `<CodeBook>` of a `.qdpx` project.
//!
//! REFI-QDA is what ATLAS.ti, MAXQDA, NVivo, QualCoder and others exchange, so a
//! codebook can move between tandai and those programs. The standard has one `name`
//! per code and a free-text `Description`; tandai has ids, two languages,
//! include/exclude/example texts, keys and retired or merged codes. Export therefore
//! writes one language and puts what REFI has no place for into the Description:
//!
//! ```text
//! <definition>
//!
//! Use when: <include>
//!
//! Not when: <exclude>
//!
//! Example: <example>
//!
//! [tandai id=devito.contact lang=en key=1]
//! ```
//!
//! Empty texts are left out. The last line, the *marker*, is for tandai's import;
//! other programs show it as part of the description. Its words, in this order and
//! each only when it applies:
//!
//! | word | meaning |
//! |---|---|
//! | `id=ID` | the tandai code id (always written) |
//! | `lang=en` / `lang=id` | the language of the name and texts (always written) |
//! | `key=K` | the key written in the codebook (`own_key`) |
//! | `heading` | the code is not codable; needed because `isCodable` is also false for retired and merged codes |
//! | `exclusive` | at most one of its children on one paragraph |
//! | `retired` | no longer applied |
//! | `merged_into=ID` | merged into that code |
//!
//! Values are UTF-8, percent-encoded except `A-Z a-z 0-9 . _ -`, so the marker is one
//! line of words separated by single spaces. Unknown words are ignored, so later
//! versions can add some. The `guid` of a code is derived from its id
//! ([`code_guid`]), so re-exports keep GUIDs stable. Colours are written as the RGB
//! of the code's own ANSI colour ([`ansi_rgb`]) and read back as the nearest one.
//!
//! Import reads the marker back. A code without a marker (written by another
//! program) gets its `name` as the label in both languages, its Description as the
//! definition (with any "Use when:" / "Not when:" / "Example:" paragraphs split
//! out), and an id made from its name path ([`slug`]). Texts are trimmed.
//!
//! Import is defensive: it never writes files, refuses DTDs (so entity expansion
//! cannot explode), and has size, count and depth [`Limits`].

use crate::core::codebook::{AnsiColor, Code, Codebook, Lang, Text};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{Cursor, Read};
use thiserror::Error;

/// The namespace of a REFI-QDA codebook document (`.qdc`).
pub const CODEBOOK_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// Limits on what an import reads, so that a hostile file cannot exhaust memory or
/// time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, `.qdc` or whole `.qdpx`.
    pub max_input: u64,
    /// Largest `project.qde` accepted once unpacked: zip bombs stop here.
    pub max_unpacked: u64,
    /// Most codes in one codebook: tandai's tree code is quadratic in places.
    pub max_codes: usize,
    /// Deepest code nesting, in levels: tandai's JSON reader nests at most 128
    /// levels and each code level takes two.
    pub max_levels: usize,
}

impl Limits {
    /// The limits [`import_codebook`] uses.
    pub const DEFAULT: Limits = Limits {
        max_input: 64 * 1024 * 1024,
        max_unpacked: 256 * 1024 * 1024,
        max_codes: 10_000,
        max_levels: 32,
    };
}

/// Deepest element nesting read at all; deeper means a hostile or broken file.
const MAX_XML_DEPTH: usize = 256;

/// Why a REFI-QDA file cannot be imported. `name` is the file (and, for a `.qdpx`,
/// the entry read), as given by the caller.
#[derive(Debug, Error)]
pub enum RefiError {
    /// Over [`Limits::max_input`].
    #[error("{name}: {size} bytes is larger than the {max}-byte limit for an import")]
    TooLarge { name: String, size: u64, max: u64 },
    /// Starts like a zip but cannot be read as one (or uses an unsupported method).
    #[error("{name}: not a readable .qdpx (zip) archive: {message}")]
    Zip { name: String, message: String },
    /// A zip without a top-level `project.qde`.
    #[error("{name}: the archive has no project.qde, so it is not a REFI-QDA project")]
    NoProject { name: String },
    /// `project.qde` claims or inflates to more than [`Limits::max_unpacked`].
    #[error("{name}: unpacks to more than {max} bytes; refused (a zip bomb?)")]
    Unpacked { name: String, max: u64 },
    /// Not well-formed XML, not UTF-8, not REFI-QDA, or over a count or depth limit.
    #[error("{name}: line {line}, column {column}: {message}")]
    Xml {
        name: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A `<!DOCTYPE>`: refused outright, the protection against entity expansion.
    #[error(
        "{name}: line {line}, column {column}: a DTD (<!DOCTYPE ...>) is not allowed in a REFI-QDA file; refused so that entity expansion cannot blow up"
    )]
    Doctype {
        name: String,
        line: usize,
        column: usize,
    },
    /// No `<CodeBook>`, or an empty one: importing would leave nothing to code with.
    #[error("{name}: no codes: {reason}")]
    NoCodes { name: String, reason: String },
    /// The result would not load as a tandai codebook (a bug if it ever happens).
    #[error("{name}: {message}")]
    Invalid { name: String, message: String },
}

/// What [`import_codebook`] found.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The codebook, as tandai would load it from its own `to_json`.
    pub book: Codebook,
    /// Problems worth showing; the import went ahead anyway.
    pub warnings: Vec<String>,
    /// How many codes and levels were read.
    pub stats: ImportStats,
    /// The `origin` attribute: the program that wrote the file.
    pub origin: Option<String>,
}

/// Size of an imported codebook, for a one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportStats {
    /// Codes read, at every level.
    pub codes: usize,
    /// Levels of nesting: 1 for a flat list, 0 for no codes.
    pub levels: usize,
}

// ---------------------------------------------------------------------------------
// Export

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
    for &i in &roots {
        write_code(&mut out, book, &kids, i, lang, 4);
    }
    out.push_str("  </Codes>\n</CodeBook>\n");
    out
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

fn write_code(
    out: &mut String,
    book: &Codebook,
    kids: &[Vec<usize>],
    i: usize,
    lang: Lang,
    indent: usize,
) {
    let code = &book.codes[i];
    let pad = " ".repeat(indent);
    out.push_str(&pad);
    out.push_str("<Code");
    push_attr(out, "guid", &code_guid(&code.id));
    push_attr(out, "name", code.label.get(lang));
    push_attr(
        out,
        "isCodable",
        if code.active() { "true" } else { "false" },
    );
    if let Some(color) = code.own_color {
        let [r, g, b] = ansi_rgb(color);
        push_attr(out, "color", &format!("#{r:02X}{g:02X}{b:02X}"));
    }
    out.push_str(">\n");
    out.push_str(&pad);
    out.push_str("  <Description>");
    escape_into(out, &description(code, lang), false);
    out.push_str("</Description>\n");
    for &k in &kids[i] {
        write_code(out, book, kids, k, lang, indent + 2);
    }
    out.push_str(&pad);
    out.push_str("</Code>\n");
}

/// The Description of a code: its texts in `lang` and the marker (module doc).
fn description(code: &Code, lang: Lang) -> String {
    let mut paragraphs = Vec::new();
    let definition = code.definition.get(lang).trim();
    if !definition.is_empty() {
        paragraphs.push(definition.to_owned());
    }
    for (heading, text) in [
        (HEADINGS[0], &code.include),
        (HEADINGS[1], &code.exclude),
        (HEADINGS[2], &code.example),
    ] {
        let text = text.get(lang).trim();
        if !text.is_empty() {
            paragraphs.push(format!("{heading} {text}"));
        }
    }
    paragraphs.push(marker(code, lang));
    paragraphs.join("\n\n")
}

/// The paragraph headings of include, exclude and example, in that order.
const HEADINGS: [&str; 3] = ["Use when:", "Not when:", "Example:"];

const MARKER_START: &str = "[tandai ";

fn marker(code: &Code, lang: Lang) -> String {
    let mut words = vec![
        format!("id={}", pct(&code.id)),
        format!("lang={}", lang.code()),
    ];
    if let Some(key) = code.own_key {
        words.push(format!("key={}", pct(&key.to_string())));
    }
    for (flag, word) in [
        (!code.codable, "heading"),
        (code.exclusive, "exclusive"),
        (code.retired, "retired"),
    ] {
        if flag {
            words.push(word.to_owned());
        }
    }
    if let Some(target) = &code.merged_into {
        words.push(format!("merged_into={}", pct(target)));
    }
    format!("{MARKER_START}{}]", words.join(" "))
}

/// A REFI GUID for a tandai code id: UUID-shaped from SHA-256 of `tandai-code:` and
/// the id, with the version and variant bits of a UUIDv5, lower case. The same id
/// always gives the same GUID, so other programs see a re-export as the same codes.
pub fn code_guid(id: &str) -> String {
    let digest = Sha256::digest(format!("tandai-code:{id}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn push_attr(out: &mut String, name: &str, value: &str) {
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
fn escape_into(out: &mut String, text: &str, attribute: bool) {
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
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Percent-encodes all but `A-Z a-z 0-9 . _ -`, so a marker value has no spaces or `]`.
fn pct(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unpct(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

// ---------------------------------------------------------------------------------
// Colours

/// RGB of the 16 ANSI colours as xterm shows them: a common reference, and distinct
/// enough that each maps back to itself as the nearest.
const PALETTE: [(AnsiColor, [u8; 3]); 16] = [
    (AnsiColor::Black, [0x00, 0x00, 0x00]),
    (AnsiColor::Red, [0xCD, 0x00, 0x00]),
    (AnsiColor::Green, [0x00, 0xCD, 0x00]),
    (AnsiColor::Yellow, [0xCD, 0xCD, 0x00]),
    (AnsiColor::Blue, [0x00, 0x00, 0xEE]),
    (AnsiColor::Magenta, [0xCD, 0x00, 0xCD]),
    (AnsiColor::Cyan, [0x00, 0xCD, 0xCD]),
    (AnsiColor::Gray, [0xE5, 0xE5, 0xE5]),
    (AnsiColor::DarkGray, [0x7F, 0x7F, 0x7F]),
    (AnsiColor::LightRed, [0xFF, 0x00, 0x00]),
    (AnsiColor::LightGreen, [0x00, 0xFF, 0x00]),
    (AnsiColor::LightYellow, [0xFF, 0xFF, 0x00]),
    (AnsiColor::LightBlue, [0x5C, 0x5C, 0xFF]),
    (AnsiColor::LightMagenta, [0xFF, 0x00, 0xFF]),
    (AnsiColor::LightCyan, [0x00, 0xFF, 0xFF]),
    (AnsiColor::White, [0xFF, 0xFF, 0xFF]),
];

/// The RGB written for an ANSI colour.
pub fn ansi_rgb(color: AnsiColor) -> [u8; 3] {
    PALETTE
        .iter()
        .find(|(c, _)| *c == color)
        .map_or([0xE5; 3], |&(_, rgb)| rgb)
}

/// The ANSI colour nearest to `rgb`, by the "redmean" distance (closer to what the
/// eye sees than plain RGB distance, and cheap).
pub fn nearest_ansi(rgb: [u8; 3]) -> AnsiColor {
    let distance = |other: [u8; 3]| {
        let [r1, g1, b1] = rgb.map(i64::from);
        let [r2, g2, b2] = other.map(i64::from);
        let mean = (r1 + r2) / 2;
        let (dr, dg, db) = (r1 - r2, g1 - g2, b1 - b2);
        (((512 + mean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - mean) * db * db) >> 8)
    };
    PALETTE
        .iter()
        .min_by_key(|(_, other)| distance(*other))
        .map_or(AnsiColor::Gray, |&(c, _)| c)
}

/// Parses `#RRGGBB` or `#RGB` (the forms `RGBType` allows).
fn parse_rgb(value: &str) -> Option<[u8; 3]> {
    let hex = value.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some([
            channel(&hex[..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..])?,
        ]),
        3 => {
            let short = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
            Some([short(0)?, short(1)?, short(2)?])
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------
// Import: bytes to XML text

/// Imports the codebook of a REFI-QDA file with the default [`Limits`]: a `.qdc`
/// codebook or a `.qdpx` project (recognised by the zip signature, not the name).
/// `name` is used in messages only; nothing is read from or written to disk.
pub fn import_codebook(bytes: &[u8], name: &str) -> Result<Imported, RefiError> {
    import_codebook_with(bytes, name, &Limits::DEFAULT)
}

/// [`import_codebook`] with other limits (tests use small ones).
pub fn import_codebook_with(
    bytes: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<Imported, RefiError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_input {
        return Err(RefiError::TooLarge {
            name: name.to_owned(),
            size,
            max: limits.max_input,
        });
    }
    let (xml, shown): (Cow<[u8]>, String) = if bytes.starts_with(b"PK\x03\x04") {
        let (entry, data) = unpack_project(bytes, name, limits)?;
        (Cow::Owned(data), format!("{name} ({entry})"))
    } else {
        (Cow::Borrowed(bytes), name.to_owned())
    };
    let text = utf8(&xml, &shown)?;
    let raw = parse_document(text, limits).map_err(|f| f.into_error(text, &shown))?;
    build(raw, &shown)
}

/// Reads `project.qde` (any case, top level only) from a `.qdpx`, within the limit.
/// Entry names are only compared, never used as paths.
fn unpack_project(
    bytes: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<(String, Vec<u8>), RefiError> {
    let zip_error = |e: &dyn std::fmt::Display| RefiError::Zip {
        name: name.to_owned(),
        message: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(&e))?;
    let index = (0..archive.len())
        .find(|&i| {
            matches!(archive.name_for_index(i), Some(Ok(n)) if n.eq_ignore_ascii_case("project.qde"))
        })
        .ok_or_else(|| RefiError::NoProject {
            name: name.to_owned(),
        })?;
    let entry = archive.by_index(index).map_err(|e| zip_error(&e))?;
    let entry_name = entry
        .name()
        .map_or_else(|_| "project.qde".into(), |n| n.into_owned());
    let too_big = || RefiError::Unpacked {
        name: format!("{name} ({entry_name})"),
        max: limits.max_unpacked,
    };
    if entry.size() > limits.max_unpacked {
        return Err(too_big());
    }
    let mut data = Vec::new();
    entry
        .take(limits.max_unpacked.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| zip_error(&e))?;
    if u64::try_from(data.len()).unwrap_or(u64::MAX) > limits.max_unpacked {
        return Err(too_big());
    }
    Ok((entry_name, data))
}

/// The bytes as UTF-8 text without a byte-order mark. REFI files are UTF-8; UTF-16
/// is refused with a clear message rather than read as garbage.
fn utf8<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, RefiError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(xml_error(
            name,
            1,
            1,
            "the file is UTF-16; only UTF-8 is read",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, column) = line_column(good, good.len());
        xml_error(name, line, column, "the text is not valid UTF-8")
    })
}

fn xml_error(name: &str, line: usize, column: usize, message: &str) -> RefiError {
    RefiError::Xml {
        name: name.to_owned(),
        line,
        column,
        message: message.to_owned(),
    }
}

/// 1-based line and column (in characters) of a byte position.
fn line_column(text: &str, pos: usize) -> (usize, usize) {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &text[..pos];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

// ---------------------------------------------------------------------------------
// Import: XML text to raw codes

/// A code as written in the file, before tandai's rules are applied.
#[derive(Debug, Default)]
struct RawCode {
    guid: Option<String>,
    name: Option<String>,
    codable: Option<String>,
    color: Option<String>,
    description: String,
    parent: Option<usize>,
    depth: usize,
}

#[derive(Debug, Default)]
struct RawBook {
    codebooks: usize,
    origin: Option<String>,
    codes: Vec<RawCode>,
}

/// Where the reader is: only these elements matter; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Project,
    CodeBook,
    Codes,
    Code(usize),
    Description(usize),
    Other,
}

/// An XML failure at a byte position, turned into a [`RefiError`] once the text is
/// at hand for line and column.
enum Failure {
    Xml(u64, String),
    Doctype(u64),
}

impl Failure {
    fn into_error(self, text: &str, name: &str) -> RefiError {
        let at = |pos: u64| line_column(text, usize::try_from(pos).unwrap_or(usize::MAX));
        match self {
            Failure::Xml(pos, message) => {
                let (line, column) = at(pos);
                xml_error(name, line, column, &message)
            }
            Failure::Doctype(pos) => {
                let (line, column) = at(pos);
                RefiError::Doctype {
                    name: name.to_owned(),
                    line,
                    column,
                }
            }
        }
    }
}

/// Reads the whole document (so that a broken end is reported too) and collects the
/// codes of its first `<CodeBook>`.
fn parse_document(text: &str, limits: &Limits) -> Result<RawBook, Failure> {
    let mut reader = Reader::from_str(text);
    let mut parser = Parser {
        limits,
        stack: Vec::new(),
        book: RawBook::default(),
        seen_root: false,
    };
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| Failure::Xml(reader.error_position(), e.to_string()))?;
        if event == Event::Eof {
            break;
        }
        parser.handle(event).map_err(|f| match f {
            Some(message) => Failure::Xml(at, message),
            None => Failure::Doctype(at),
        })?;
    }
    if !parser.stack.is_empty() {
        let message = "the file ends before all elements are closed".to_owned();
        return Err(Failure::Xml(text.len() as u64, message));
    }
    if !parser.seen_root {
        return Err(Failure::Xml(0, "no XML element found".to_owned()));
    }
    Ok(parser.book)
}

struct Parser<'l> {
    limits: &'l Limits,
    stack: Vec<Ctx>,
    book: RawBook,
    seen_root: bool,
}

/// A failure of one event: a message, or `None` for a DTD.
type EventResult = Result<(), Option<String>>;

impl Parser<'_> {
    fn handle(&mut self, event: Event<'_>) -> EventResult {
        match event {
            Event::Start(e) => {
                let ctx = self.open(&e)?;
                self.stack.push(ctx);
            }
            Event::Empty(e) => {
                self.open(&e)?;
            }
            Event::End(_) => {
                self.stack.pop();
            }
            Event::Text(t) => self.text(&t.xml10_content()),
            Event::CData(t) => self.text(&t.xml10_content()),
            Event::GeneralRef(r) => self.text(&resolve_reference(&r)?),
            Event::DocType(_) => return Err(None),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::Eof => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if let Some(&Ctx::Description(i)) = self.stack.last() {
            self.book.codes[i].description.push_str(text);
        }
    }

    /// The context an element opens; a `Code` is recorded here.
    fn open(&mut self, e: &BytesStart<'_>) -> Result<Ctx, Option<String>> {
        if self.stack.len() >= MAX_XML_DEPTH {
            return Err(Some(format!(
                "elements are nested deeper than {MAX_XML_DEPTH} levels"
            )));
        }
        let local = e.local_name();
        let local = local.as_ref();
        let ctx = match (self.stack.last(), local) {
            (None, _) => self.open_root(e, local)?,
            (Some(Ctx::Project), "CodeBook") => self.open_codebook(e)?,
            (Some(Ctx::CodeBook), "Codes") => Ctx::Codes,
            (Some(&Ctx::Code(i)), "Description") => Ctx::Description(i),
            (Some(&parent @ (Ctx::Codes | Ctx::Code(_))), "Code") => self.open_code(e, parent)?,
            _ => Ctx::Other,
        };
        Ok(ctx)
    }

    fn open_root(&mut self, e: &BytesStart<'_>, local: &str) -> Result<Ctx, Option<String>> {
        if self.seen_root {
            return Ok(Ctx::Other);
        }
        self.seen_root = true;
        match local {
            "Project" => {
                self.book.origin = origin(e)?;
                Ok(Ctx::Project)
            }
            "CodeBook" => self.open_codebook(e),
            other => Err(Some(format!(
                "not a REFI-QDA file: the root element is <{other}>, expected <CodeBook> or <Project>"
            ))),
        }
    }

    /// Only the first `<CodeBook>` is read; a project has one.
    fn open_codebook(&mut self, e: &BytesStart<'_>) -> Result<Ctx, Option<String>> {
        self.book.codebooks += 1;
        if self.book.codebooks > 1 {
            return Ok(Ctx::Other);
        }
        if let Some(origin) = origin(e)? {
            self.book.origin = Some(origin);
        }
        Ok(Ctx::CodeBook)
    }

    fn open_code(&mut self, e: &BytesStart<'_>, parent: Ctx) -> Result<Ctx, Option<String>> {
        let parent = match parent {
            Ctx::Code(p) => Some(p),
            _ => None,
        };
        let depth = parent.map_or(0, |p| self.book.codes[p].depth + 1);
        if depth >= self.limits.max_levels {
            return Err(Some(format!(
                "codes are nested deeper than {} levels",
                self.limits.max_levels
            )));
        }
        if self.book.codes.len() >= self.limits.max_codes {
            return Err(Some(format!(
                "more than {} codes; tandai reads at most that many",
                self.limits.max_codes
            )));
        }
        let mut code = RawCode {
            parent,
            depth,
            ..RawCode::default()
        };
        for (key, value) in attributes(e)? {
            match key.as_str() {
                "guid" => code.guid = Some(value),
                "name" => code.name = Some(value),
                "isCodable" => code.codable = Some(value),
                "color" => code.color = Some(value),
                _ => {}
            }
        }
        self.book.codes.push(code);
        Ok(Ctx::Code(self.book.codes.len() - 1))
    }
}

/// An element's attributes by local name, values unescaped and normalised.
fn attributes(e: &BytesStart<'_>) -> Result<Vec<(String, String)>, Option<String>> {
    let mut out = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| Some(err.to_string()))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| Some(err.to_string()))?;
        out.push((
            attr.key.local_name().as_ref().to_owned(),
            value.into_owned(),
        ));
    }
    Ok(out)
}

/// The `origin` attribute: on `<Project>` in a project, on `<CodeBook>` in a `.qdc`.
fn origin(e: &BytesStart<'_>) -> Result<Option<String>, Option<String>> {
    Ok(attributes(e)?
        .into_iter()
        .find(|(key, _)| key == "origin")
        .map(|(_, value)| value))
}

/// The text of `&...;`: character references and the five predefined entities only;
/// anything else would need a DTD, which is refused.
fn resolve_reference(r: &BytesRef<'_>) -> Result<String, Option<String>> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            Ok(None) | Err(_) => Err(Some(format!("bad character reference &{};", &**r))),
        };
    }
    quick_xml::escape::resolve_predefined_entity(r)
        .map(str::to_owned)
        .ok_or_else(|| {
            Some(format!(
                "unknown entity &{}; (only &amp; &lt; &gt; &quot; &apos; are defined)",
                &**r
            ))
        })
}

// ---------------------------------------------------------------------------------
// Import: raw codes to a tandai codebook

fn build(raw: RawBook, name: &str) -> Result<Imported, RefiError> {
    let no_codes = |reason: &str| RefiError::NoCodes {
        name: name.to_owned(),
        reason: reason.to_owned(),
    };
    if raw.codebooks == 0 {
        return Err(no_codes("the file has no <CodeBook>"));
    }
    if raw.codes.is_empty() {
        return Err(no_codes("the <CodeBook> is empty"));
    }
    let mut builder = Builder::default();
    if raw.codebooks > 1 {
        builder.warnings.push(format!(
            "{} <CodeBook> elements; only the first was read",
            raw.codebooks
        ));
    }
    for code in raw.codes {
        builder.add(code);
    }
    builder.summarise();
    let mut book = Codebook::default();
    book.codes = builder.codes;
    book.reindex();
    let book =
        Codebook::parse(book.to_json().as_bytes(), name).map_err(|e| RefiError::Invalid {
            name: name.to_owned(),
            message: format!("the imported codebook is not valid for tandai: {e}"),
        })?;
    let mut warnings = builder.warnings;
    warnings.extend(book.warnings.iter().cloned());
    let stats = ImportStats {
        codes: book.codes.len(),
        levels: book.codes.iter().map(|c| c.depth + 1).max().unwrap_or(0),
    };
    Ok(Imported {
        book,
        warnings,
        stats,
        origin: raw.origin,
    })
}

/// Applies tandai's rules to raw codes in document order (parents first).
#[derive(Default)]
struct Builder {
    codes: Vec<Code>,
    used: HashSet<String>,
    warnings: Vec<String>,
    guids: HashSet<String>,
    odd_guids: Vec<String>,
    repeated_guids: usize,
    no_codable: usize,
}

impl Builder {
    fn add(&mut self, raw: RawCode) {
        self.check_guid(raw.guid.as_deref());
        let (body, marker_line) = split_marker(&raw.description);
        let marker = marker_line.and_then(|line| self.read_marker(line));
        let name = raw.name.as_deref().unwrap_or("").trim();
        let label = if name.is_empty() { "(no name)" } else { name };
        let id = self.choose_id(&raw, label, marker.as_ref());
        if name.is_empty() {
            self.warnings.push(format!(
                "{id}: the code has no name; it is called \"{label}\""
            ));
        }
        let lang = marker.as_ref().map(|m| m.lang);
        let texts = split_sections(&if marker.is_some() {
            body.trim().to_owned()
        } else {
            tidy(body)
        });
        let tandai = marker.is_some();
        let in_lang = |s: &str| in_language(s, lang.flatten(), tandai);
        let own_color = self.color(&id, raw.color.as_deref());
        let codable = self.codable(&id, raw.codable.as_deref(), marker.as_ref());
        let m = marker.unwrap_or_default();
        self.codes.push(Code {
            id,
            label: in_lang(label),
            definition: in_lang(&texts[0]),
            include: in_lang(&texts[1]),
            exclude: in_lang(&texts[2]),
            example: in_lang(&texts[3]),
            key: m.key,
            own_key: m.key,
            color: own_color,
            own_color,
            codable,
            exclusive: m.exclusive,
            retired: m.retired,
            merged_into: m.merged_into,
            parent: raw.parent,
            depth: raw.depth,
        });
    }

    /// The marker's id when it is valid and unused, else the name path's slug; made
    /// unique with `-2`, `-3`, ...
    fn choose_id(&mut self, raw: &RawCode, label: &str, marker: Option<&Marker>) -> String {
        if let Some(m) = marker
            && valid_id(&m.id)
            && self.used.insert(m.id.clone())
        {
            return m.id.clone();
        }
        let mut base = slug(label);
        if let Some(parent) = raw.parent.and_then(|p| self.codes.get(p)) {
            base = format!("{}.{base}", parent.id);
        }
        truncate_id(&mut base);
        let id = unique(&base, &self.used);
        self.used.insert(id.clone());
        if let Some(m) = marker {
            self.warnings.push(format!(
                "code id {:?} from the tandai marker is invalid or used twice; this code became {id}",
                m.id
            ));
        }
        id
    }

    fn check_guid(&mut self, guid: Option<&str>) {
        let guid = guid.unwrap_or("").trim();
        if !is_refi_guid(guid) {
            self.odd_guids.push(guid.to_owned());
            return;
        }
        let bare = guid.trim_start_matches('{').trim_end_matches('}');
        if !self.guids.insert(bare.to_ascii_lowercase()) {
            self.repeated_guids += 1;
        }
    }

    fn read_marker(&mut self, line: &str) -> Option<Marker> {
        match parse_marker(line) {
            Ok(m) => Some(m),
            Err(message) => {
                self.warnings
                    .push(format!("ignored a tandai marker ({message}): {line}"));
                None
            }
        }
    }

    fn color(&mut self, id: &str, value: Option<&str>) -> Option<AnsiColor> {
        let value = value?;
        let rgb = parse_rgb(value);
        if rgb.is_none() {
            self.warnings
                .push(format!("{id}: colour {value:?} is not #RRGGBB; no colour"));
        }
        rgb.map(nearest_ansi)
    }

    /// `isCodable`, except that for retired and merged codes (always exported as not
    /// codable) the marker's `heading` word tells.
    fn codable(&mut self, id: &str, value: Option<&str>, marker: Option<&Marker>) -> bool {
        let refi = match value.map(|v| parse_bool(v).ok_or(v)) {
            Some(Ok(b)) => b,
            Some(Err(v)) => {
                self.warnings.push(format!(
                    "{id}: isCodable {v:?} is not true or false; codable"
                ));
                true
            }
            None => {
                self.no_codable += 1;
                true
            }
        };
        match marker {
            Some(m) if m.retired || m.merged_into.is_some() => !m.heading,
            _ => refi,
        }
    }

    /// One warning per kind of problem that can repeat on every code.
    fn summarise(&mut self) {
        if let Some(example) = self.odd_guids.first() {
            self.warnings.push(format!(
                "{} of {} codes have a guid that is not a REFI GUID (e.g. {example:?}); accepted",
                self.odd_guids.len(),
                self.codes.len()
            ));
        }
        if self.repeated_guids > 0 {
            self.warnings.push(format!(
                "{} codes repeat the guid of an earlier code; accepted",
                self.repeated_guids
            ));
        }
        if self.no_codable > 0 {
            self.warnings.push(format!(
                "{} codes have no isCodable attribute; taken as codable",
                self.no_codable
            ));
        }
    }
}

/// A text from the file: only in the marker's language for a tandai export (the
/// other language then falls back to it), else in both, as REFI has one.
fn in_language(text: &str, lang: Option<Lang>, tandai: bool) -> Text {
    match (tandai, lang) {
        (true, Some(Lang::En)) => Text {
            en: text.to_owned(),
            id: String::new(),
        },
        (true, Some(Lang::Id)) => Text {
            en: String::new(),
            id: text.to_owned(),
        },
        _ => Text {
            en: text.to_owned(),
            id: text.to_owned(),
        },
    }
}

/// The same rule as the codebook's own id check (kept in step by the import's final
/// `Codebook::parse`).
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// Longest id made from names, leaving room for a `-N` suffix under the 200 limit.
const MAX_SLUG_ID: usize = 190;

fn truncate_id(id: &mut String) {
    if id.len() > MAX_SLUG_ID {
        id.truncate(MAX_SLUG_ID);
        let kept = id.trim_end_matches(['-', '.']).len();
        id.truncate(kept);
    }
}

fn unique(base: &str, used: &HashSet<String>) -> String {
    if !used.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !used.contains(candidate))
        .unwrap_or_else(|| base.to_owned())
}

/// An id segment from a code name: lower-case ASCII letters and digits, accented
/// Latin letters transliterated, every other run of characters one `-`; `code` when
/// nothing is left. Each segment is at most 60 characters.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(ascii) = transliterate(c) {
            out.push_str(ascii);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(60);
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "code".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Lower-case Latin letters with diacritics (Latin-1 and Latin Extended-A) and their
/// ASCII spelling.
const TRANSLITERATIONS: [(&str, &str); 24] = [
    ("àáâãäåāăą", "a"),
    ("æ", "ae"),
    ("çćĉċč", "c"),
    ("ďđð", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįı", "i"),
    ("ĳ", "ij"),
    ("ĵ", "j"),
    ("ķĸ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņňŉŋ", "n"),
    ("òóôõöøōŏő", "o"),
    ("œ", "oe"),
    ("ŕŗř", "r"),
    ("śŝşšſ", "s"),
    ("ß", "ss"),
    ("ţťŧ", "t"),
    ("þ", "th"),
    ("ùúûüũūŭůűų", "u"),
    ("ŵ", "w"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
];

fn transliterate(c: char) -> Option<&'static str> {
    TRANSLITERATIONS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|&(_, to)| to)
}

fn is_refi_guid(guid: &str) -> bool {
    let bare = guid
        .strip_prefix('{')
        .and_then(|g| g.strip_suffix('}'))
        .unwrap_or(guid);
    let groups: Vec<&str> = bare.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `xsd:boolean`.
fn parse_bool(value: &str) -> Option<bool> {
    match value.trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// The description without its marker line, and the marker line if the last line is
/// one.
fn split_marker(description: &str) -> (&str, Option<&str>) {
    let trimmed = description.trim_end();
    let (body, last) = match trimmed.rsplit_once('\n') {
        Some((body, last)) => (body, last.trim()),
        None => ("", trimmed.trim()),
    };
    if last.starts_with(MARKER_START) && last.ends_with(']') {
        (body, Some(last))
    } else {
        (description, None)
    }
}

/// What a marker line says (module doc).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Marker {
    id: String,
    lang: Option<Lang>,
    key: Option<char>,
    heading: bool,
    exclusive: bool,
    retired: bool,
    merged_into: Option<String>,
}

fn parse_marker(line: &str) -> Result<Marker, String> {
    let inner = line
        .strip_prefix(MARKER_START)
        .and_then(|l| l.strip_suffix(']'))
        .ok_or("not a marker")?;
    let mut m = Marker::default();
    for word in inner.split(' ').filter(|w| !w.is_empty()) {
        let (key, value) = word.split_once('=').unwrap_or((word, ""));
        let value = unpct(value).ok_or_else(|| format!("bad encoding in {word:?}"))?;
        match key {
            "id" => m.id = value,
            "lang" => m.lang = Some(parse_lang(&value)?),
            "key" => m.key = Some(one_char(&value)?),
            "heading" => m.heading = true,
            "exclusive" => m.exclusive = true,
            "retired" => m.retired = true,
            "merged_into" => m.merged_into = Some(value),
            _ => {}
        }
    }
    if m.id.is_empty() {
        return Err("no id".to_owned());
    }
    Ok(m)
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    match value {
        "en" => Ok(Lang::En),
        "id" => Ok(Lang::Id),
        other => Err(format!("unknown language {other:?}")),
    }
}

fn one_char(value: &str) -> Result<char, String> {
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(format!("key {value:?} is not one character")),
    }
}

/// A foreign description made readable: trimmed, and lines after the first
/// un-indented by their common indentation (exporters indent with the XML).
fn tidy(text: &str) -> String {
    let text = text.trim();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    let indent = rest
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = first.trim_end().to_owned();
    for line in rest {
        out.push('\n');
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()).trim_end());
    }
    out
}

/// Definition, include, exclude and example: paragraphs starting with the headings
/// (in their order) begin the next texts.
fn split_sections(text: &str) -> [String; 4] {
    let mut sections: [String; 4] = Default::default();
    let mut current = 0;
    for paragraph in text.split("\n\n") {
        let start = paragraph.trim_start();
        let heading = (current..HEADINGS.len()).find(|&k| start.starts_with(HEADINGS[k]));
        let content = match heading {
            Some(k) => {
                current = k + 1;
                start[HEADINGS[k].len()..].trim_start()
            }
            None => paragraph,
        };
        let section = &mut sections[current];
        if !section.is_empty() {
            section.push_str("\n\n");
        }
        section.push_str(content);
    }
    sections.map(|s| s.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_transliterate_and_collapse() {
        assert_eq!(slug("Négatif / Ruhig"), "negatif-ruhig");
        assert_eq!(slug("Coke::full-fat Coke"), "coke-full-fat-coke");
        assert_eq!(slug("\"rushed\""), "rushed");
        assert_eq!(slug("Straße Œuvre"), "strasse-oeuvre");
        assert_eq!(slug("日本"), "code");
        assert_eq!(slug(""), "code");
        assert_eq!(slug("cs_inclusion v1.2"), "cs-inclusion-v1-2");
    }

    #[test]
    fn percent_encoding_round_trips() {
        for s in ["a.b_c-d", "] [=%", "é", " "] {
            assert_eq!(unpct(&pct(s)).as_deref(), Some(s));
            assert!(!pct(s).contains([' ', ']']));
        }
        assert_eq!(unpct("%4"), None);
        assert_eq!(unpct("%FF"), None, "not UTF-8");
    }

    #[test]
    fn markers_parse_back() {
        let code = Code {
            id: "a.b".into(),
            label: Text::default(),
            definition: Text::default(),
            include: Text::default(),
            exclude: Text::default(),
            example: Text::default(),
            key: Some(']'),
            own_key: Some(']'),
            color: None,
            own_color: None,
            codable: false,
            exclusive: true,
            retired: true,
            merged_into: Some("x y".into()),
            parent: None,
            depth: 0,
        };
        let line = marker(&code, Lang::Id);
        assert_eq!(
            line,
            "[tandai id=a.b lang=id key=%5D heading exclusive retired merged_into=x%20y]"
        );
        let m = parse_marker(&line).expect("parses");
        assert_eq!(
            (m.id.as_str(), m.lang, m.key),
            ("a.b", Some(Lang::Id), Some(']'))
        );
        assert!(m.heading && m.exclusive && m.retired);
        assert_eq!(m.merged_into.as_deref(), Some("x y"));
        assert!(parse_marker("[tandai lang=en]").is_err());
        assert!(
            parse_marker("[tandai id=a future=1]").is_ok(),
            "unknown words ignored"
        );
    }

    #[test]
    fn sections_split_in_order() {
        let [d, i, e, x] =
            split_sections("Def\n\nmore\n\nUse when: a\n\nNot when: b\n\nExample: c");
        assert_eq!(
            (d.as_str(), i.as_str(), e.as_str(), x.as_str()),
            ("Def\n\nmore", "a", "b", "c")
        );
        let [d, i, _, x] = split_sections("Example: c\n\nUse when: later");
        assert_eq!((d.as_str(), i.as_str()), ("", ""));
        assert_eq!(x, "c\n\nUse when: later", "headings out of order are text");
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "ab\néé<x";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 7), (2, 3));
        assert_eq!(
            line_column(text, 6),
            (2, 2),
            "inside a character: its start"
        );
        assert_eq!(line_column(text, 999), (2, 5));
    }

    #[test]
    fn every_ansi_colour_maps_back_to_itself() {
        for (color, rgb) in PALETTE {
            assert_eq!(nearest_ansi(rgb), color);
            assert_eq!(ansi_rgb(color), rgb);
        }
        assert_eq!(parse_rgb("#fc0"), Some([0xFF, 0xCC, 0x00]));
        assert_eq!(parse_rgb("#12345"), None);
        assert_eq!(nearest_ansi([0xF0, 0x00, 0x82]), AnsiColor::Magenta);
    }

    #[test]
    fn guids_are_uuid_v5_shaped() {
        let guid = code_guid("devito.contact");
        assert!(is_refi_guid(&guid), "{guid}");
        assert_eq!(&guid[14..15], "5");
        assert!("89ab".contains(&guid[19..20]));
        assert!(is_refi_guid("{D7AA29DA-519b-4946-9b90-253b6db8fd0a}"));
        assert!(!is_refi_guid("{d7aa29da-519b-4946-9b90-253b6db8fd0a"));
        assert!(!is_refi_guid("c001"));
    }

    #[test]
    fn foreign_descriptions_are_dedented() {
        assert_eq!(
            tidy("\n      First\n      second\n        deeper\n   "),
            "First\nsecond\n  deeper"
        );
    }

    #[test]
    fn escaping_covers_markup_and_line_ends() {
        let mut out = String::new();
        escape_into(&mut out, "a&<>\"'\r\n\t\u{1}", true);
        assert_eq!(out, "a&amp;&lt;&gt;&quot;&apos;&#13;&#10;&#9;\u{FFFD}");
        let mut text = String::new();
        escape_into(&mut text, "a&<>\"'\r\n\t", false);
        assert_eq!(text, "a&amp;&lt;&gt;\"'&#13;\n\t");
    }
}
