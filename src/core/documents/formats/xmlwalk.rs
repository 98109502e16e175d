//! A streaming walk over one XML part of a `.docx` or `.odt`, for the readers that
//! turn it into paragraphs. The part is never held whole in memory: it is inflated
//! while it is parsed, through a reader capped at [`Limits::max_unpacked`].
//!
//! Safety as in the REFI-QDA reader: a DTD is refused (so entity expansion cannot
//! blow up), only character references and the predefined entities are resolved,
//! nesting is bounded, and a part that ends before its elements close is an error.

use super::{Limits, words};
use crate::core::documents::unpack::{self, EntryError};
use crate::i18n::fill;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::io::{BufRead, BufReader, Cursor, Read};

/// What a reader does with the elements and text of a part. Names are local names
/// (`w:p` is `p`); the namespace prefix is not checked, as producers vary.
pub(crate) trait Walker {
    fn start(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), String>;
    fn end(&mut self, name: &str) -> Result<(), String>;
    fn text(&mut self, text: &str) -> Result<(), String>;
}

/// Walks the entry `part` of the zip `bytes` through `walker`. A missing part is
/// `missing`'s message. Errors name the part and the byte where it went wrong.
pub(crate) fn walk_part<W: Walker>(
    bytes: &[u8],
    part: &str,
    missing: &str,
    limits: &Limits,
    walker: &mut W,
) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| fill(words().core_zip_unreadable, &[("error", &e)]))?;
    let index = unpack::find_entry(&zip, part).ok_or_else(|| missing.to_owned())?;
    let cap = limits.max_unpacked;
    let large = zip
        .by_index_raw(index)
        .is_ok_and(|e| e.size() > THREADED_BYTES);
    let result = if large {
        walk_threaded(zip, index, part, limits, walker)
    } else {
        unpack::entry_reader(&mut zip, index, cap, |r| {
            walk(BufReader::new(r), part, limits, walker).map_err(EntryError::Zip)
        })
    };
    result.map_err(|e| match e {
        EntryError::TooBig { max } => too_big(part, max),
        EntryError::Zip(m) if unpack::is_cap_error(&m) => too_big(part, cap),
        EntryError::Zip(m) if m.starts_with(part) => m,
        EntryError::Zip(m) => format!("{part}: {m}"),
    })
}

/// "PART unpacks to more than MAX bytes; refused (a zip bomb?)".
fn too_big(part: &str, max: u64) -> String {
    format!("{part} {}", fill(words().core_zip_bomb, &[("max", &max)]))
}

/// A part larger than this is inflated on a thread of its own while it is parsed:
/// a 5 MB Word file inflates to 25 MB of XML, and the two halves of the work then
/// overlap instead of adding up.
const THREADED_BYTES: u64 = 1024 * 1024;

/// Inflated bytes in flight between the two threads: 8 chunks of 64 KiB.
const CHUNK: usize = 64 * 1024;
const CHUNKS_IN_FLIGHT: usize = 8;

/// [`walk`] with the inflating done on another thread, through a bounded channel.
/// An inflate error (the cap, a damaged entry) wins over the parse error it causes.
fn walk_threaded<W: Walker>(
    mut zip: zip::ZipArchive<Cursor<&[u8]>>,
    index: usize,
    part: &str,
    limits: &Limits,
    walker: &mut W,
) -> Result<(), EntryError> {
    let cap = limits.max_unpacked;
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(CHUNKS_IN_FLIGHT);
        let inflater = s.spawn(move || {
            unpack::entry_reader(&mut zip, index, cap, |r| {
                loop {
                    let mut chunk = vec![0u8; CHUNK];
                    let n = r
                        .read(&mut chunk)
                        .map_err(|e| unpack::io_to_entry(&e, cap))?;
                    chunk.truncate(n);
                    // A closed channel: the parser stopped (an error); nothing more to do.
                    if n == 0 || tx.send(chunk).is_err() {
                        return Ok(());
                    }
                }
            })
        });
        let reader = Chunks {
            rx,
            current: Vec::new(),
            at: 0,
        };
        let parsed = walk(
            BufReader::with_capacity(CHUNK, reader),
            part,
            limits,
            walker,
        );
        let inflated = inflater
            .join()
            .unwrap_or_else(|_| Err(EntryError::Zip(words().core_zip_thread_failed.into())));
        inflated?;
        parsed.map_err(EntryError::Zip)
    })
}

/// The receiving end of the inflating thread, as a reader; the end of the channel
/// is the end of the part.
struct Chunks {
    rx: std::sync::mpsc::Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.current.len() {
            match self.rx.recv() {
                Ok(chunk) => {
                    self.current = chunk;
                    self.at = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len() - self.at);
        buf[..n].copy_from_slice(&self.current[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Like [`walk_part`], but a missing part is no error (`Ok(false)`).
pub(crate) fn walk_optional<W: Walker>(
    bytes: &[u8],
    part: &str,
    limits: &Limits,
    walker: &mut W,
) -> Result<bool, String> {
    let Ok(zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(false);
    };
    if unpack::find_entry(&zip, part).is_none() {
        return Ok(false);
    }
    walk_part(bytes, part, "", limits, walker).map(|()| true)
}

/// Reads the whole part, event by event.
fn walk<R: BufRead, W: Walker>(
    input: R,
    part: &str,
    limits: &Limits,
    walker: &mut W,
) -> Result<(), String> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut seen_root = false;
    loop {
        buf.clear();
        let at = reader.buffer_position();
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            if unpack::is_cap_error(&e.to_string()) {
                return e.to_string();
            }
            at_byte(part, reader.error_position(), &e)
        })?;
        let fail = |m: String| at_byte(part, at, &m);
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                depth += 1;
                seen_root = true;
                if depth > limits.max_depth {
                    return Err(fail(fill(
                        words().core_xml_too_deep,
                        &[("max", &limits.max_depth)],
                    )));
                }
                let name = e.local_name();
                walker.start(name.as_ref(), &e).map_err(fail)?;
            }
            Event::Empty(e) => {
                seen_root = true;
                let name = e.local_name();
                walker.start(name.as_ref(), &e).map_err(fail)?;
                walker.end(name.as_ref()).map_err(fail)?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = e.local_name();
                walker.end(name.as_ref()).map_err(fail)?;
            }
            Event::Text(t) => walker.text(&t.xml10_content()).map_err(fail)?,
            Event::CData(t) => walker.text(&t.xml10_content()).map_err(fail)?,
            Event::GeneralRef(r) => {
                let text = unpack::resolve_reference(&r).map_err(fail)?;
                walker.text(&text).map_err(fail)?;
            }
            Event::DocType(_) => {
                return Err(fail(words().core_xml_dtd.into()));
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if depth > 0 {
        return Err(fill(words().core_xml_truncated, &[("part", &part)]));
    }
    if !seen_root {
        return Err(fill(words().core_xml_no_element, &[("part", &part)]));
    }
    Ok(())
}

/// "PART: byte N: MESSAGE".
fn at_byte(part: &str, at: impl std::fmt::Display, message: &dyn std::fmt::Display) -> String {
    fill(
        words().core_xml_at_byte,
        &[("part", &part), ("at", &at), ("message", message)],
    )
}

/// The value of the attribute with this local name, unescaped; None when absent or
/// malformed.
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
            .flatten()
            .map(std::borrow::Cow::into_owned)
    })
}
