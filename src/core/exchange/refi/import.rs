//! Import, XML text to raw codes: the entry points, and a reader that collects the
//! codes of the first `<CodeBook>` within the [`Limits`] and refuses DTDs.

use super::archive::{line_column, unpack_project, utf8, xml_error};
use super::build::build;
use super::{Imported, Limits, RefiError, words};
use crate::i18n::fill;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;
use std::borrow::Cow;

/// Deepest element nesting read at all; deeper means a hostile or broken file.
pub(super) const MAX_XML_DEPTH: usize = 256;

/// Imports the codebook of a REFI-QDA file with the default [`Limits`]: a `.qdc`
/// codebook or a `.qdpx` project (recognised by the zip signature, not the name).
/// `name` is used in messages only; nothing is read from or written to disk.
pub fn import_codebook(bytes: &[u8], name: &str) -> Result<Imported, RefiError> {
    import_codebook_with(bytes, name, &Limits::DEFAULT)
}

/// Refuses input larger than the limits allow.
pub(super) fn check_size(bytes: &[u8], name: &str, limits: &Limits) -> Result<(), RefiError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_input {
        return Err(RefiError::TooLarge {
            name: name.to_owned(),
            size,
            max: limits.max_input,
        });
    }
    Ok(())
}

/// [`import_codebook`] with other limits (tests use small ones).
pub fn import_codebook_with(
    bytes: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<Imported, RefiError> {
    check_size(bytes, name, limits)?;
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

/// A code as written in the file, before tandai's rules are applied.
#[derive(Debug, Default)]
pub(super) struct RawCode {
    pub(super) guid: Option<String>,
    pub(super) name: Option<String>,
    pub(super) codable: Option<String>,
    pub(super) color: Option<String>,
    pub(super) description: String,
    /// `NoteRef`s of the code (in a project): its memo.
    pub(super) note_refs: Vec<String>,
    pub(super) parent: Option<usize>,
    pub(super) depth: usize,
}

#[derive(Debug, Default)]
pub(super) struct RawBook {
    pub(super) codebooks: usize,
    pub(super) origin: Option<String>,
    pub(super) codes: Vec<RawCode>,
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
pub(super) enum Failure {
    Xml(u64, String),
    Doctype(u64),
}

impl Failure {
    pub(super) fn into_error(self, text: &str, name: &str) -> RefiError {
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
pub(super) fn parse_document(text: &str, limits: &Limits) -> Result<RawBook, Failure> {
    let mut reader = Reader::from_str(text);
    let mut parser = Parser {
        limits,
        stack: Vec::new(),
        book: RawBook::default(),
        seen_root: false,
    };
    read_xml(text, &mut reader, &mut parser)?;
    Ok(parser.book)
}

/// A reader of one kind of REFI-QDA XML: what it does when an element opens and
/// with the text inside; [`read_xml`] drives it through a document.
pub(super) trait XmlHandler {
    /// Where the reader is: pushed for each open element, popped at its end.
    type Ctx;
    fn open(&mut self, e: &BytesStart<'_>) -> Result<Self::Ctx, Option<String>>;
    fn text(&mut self, text: &str);
    fn stack(&mut self) -> &mut Vec<Self::Ctx>;
    /// Whether the document's root element was seen.
    fn seen_root(&self) -> bool;
}

/// Reads a whole document (so that a broken end is reported too) through `handler`.
/// Errors carry the byte offset; a DTD is refused.
pub(super) fn read_xml<H: XmlHandler>(
    text: &str,
    reader: &mut Reader<&[u8]>,
    handler: &mut H,
) -> Result<(), Failure> {
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| Failure::Xml(reader.error_position(), e.to_string()))?;
        if event == Event::Eof {
            break;
        }
        handle(handler, event).map_err(|f| match f {
            Some(message) => Failure::Xml(at, message),
            None => Failure::Doctype(at),
        })?;
    }
    if !handler.stack().is_empty() {
        let message = words().core_refi_truncated.to_owned();
        return Err(Failure::Xml(text.len() as u64, message));
    }
    if !handler.seen_root() {
        return Err(Failure::Xml(0, "no XML element found".to_owned()));
    }
    Ok(())
}

/// One event: a failure is a message, or `None` for a DTD.
fn handle<H: XmlHandler>(h: &mut H, event: Event<'_>) -> Result<(), Option<String>> {
    match event {
        Event::Start(e) => {
            let ctx = h.open(&e)?;
            h.stack().push(ctx);
        }
        Event::Empty(e) => {
            h.open(&e)?;
        }
        Event::End(_) => {
            h.stack().pop();
        }
        Event::Text(t) => h.text(&t.xml10_content()),
        Event::CData(t) => h.text(&t.xml10_content()),
        Event::GeneralRef(r) => h.text(&resolve_reference(&r)?),
        Event::DocType(_) => return Err(None),
        Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::Eof => {}
    }
    Ok(())
}

struct Parser<'l> {
    limits: &'l Limits,
    stack: Vec<Ctx>,
    book: RawBook,
    seen_root: bool,
}

impl XmlHandler for Parser<'_> {
    type Ctx = Ctx;
    fn open(&mut self, e: &BytesStart<'_>) -> Result<Ctx, Option<String>> {
        Parser::open(self, e)
    }
    fn text(&mut self, text: &str) {
        Parser::text(self, text);
    }
    fn stack(&mut self) -> &mut Vec<Ctx> {
        &mut self.stack
    }
    fn seen_root(&self) -> bool {
        self.seen_root
    }
}

impl Parser<'_> {
    fn text(&mut self, text: &str) {
        if let Some(&Ctx::Description(i)) = self.stack.last() {
            self.book.codes[i].description.push_str(text);
        }
    }

    /// The context an element opens; a `Code` is recorded here.
    fn open(&mut self, e: &BytesStart<'_>) -> Result<Ctx, Option<String>> {
        if self.stack.len() >= MAX_XML_DEPTH {
            return Err(Some(fill(
                words().core_refi_too_deep_xml,
                &[("max", &MAX_XML_DEPTH)],
            )));
        }
        let local = e.local_name();
        let local = local.as_ref();
        let ctx = match (self.stack.last(), local) {
            (None, _) => self.open_root(e, local)?,
            (Some(Ctx::Project), "CodeBook") => self.open_codebook(e)?,
            (Some(Ctx::CodeBook), "Codes") => Ctx::Codes,
            (Some(&Ctx::Code(i)), "Description") => Ctx::Description(i),
            (Some(&Ctx::Code(i)), "NoteRef") => {
                let target = attributes(e)?.into_iter().find(|(k, _)| k == "targetGUID");
                self.book.codes[i].note_refs.extend(target.map(|(_, v)| v));
                Ctx::Other
            }
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
            other => Err(Some(fill(words().core_refi_root, &[("other", &other)]))),
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
            return Err(Some(fill(
                words().core_refi_codes_too_deep,
                &[("max", &self.limits.max_levels)],
            )));
        }
        if self.book.codes.len() >= self.limits.max_codes {
            return Err(Some(fill(
                words().core_refi_too_many_codes,
                &[("max", &self.limits.max_codes)],
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
pub(super) fn attributes(e: &BytesStart<'_>) -> Result<Vec<(String, String)>, Option<String>> {
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

/// The text of `&...;` ([`crate::core::documents::unpack::resolve_reference`]).
pub(super) fn resolve_reference(r: &BytesRef<'_>) -> Result<String, Option<String>> {
    crate::core::documents::unpack::resolve_reference(r).map_err(Some)
}
