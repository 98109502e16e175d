//! Import, bytes to XML text: the `project.qde` of a `.qdpx` (zip) archive within
//! the [`Limits`], UTF-8 checks, and error positions as line and column.

use super::{Limits, RefiError};
use crate::core::documents::unpack::{EntryError, find_entry, read_entry};
use std::io::Cursor;

/// Reads `project.qde` (any case, top level only) from a `.qdpx`, within the limit.
/// Entry names are only compared, never used as paths.
pub(super) fn unpack_project(
    bytes: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<(String, Vec<u8>), RefiError> {
    let zip_error = |e: &dyn std::fmt::Display| RefiError::Zip {
        name: name.to_owned(),
        message: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(&e))?;
    let index = find_entry(&archive, "project.qde").ok_or_else(|| RefiError::NoProject {
        name: name.to_owned(),
    })?;
    let entry_name = match archive.name_for_index(index) {
        Some(Ok(n)) => n.into_owned(),
        _ => "project.qde".into(),
    };
    let data = read_entry(&mut archive, index, limits.max_unpacked).map_err(|e| match e {
        EntryError::TooBig { max } => RefiError::Unpacked {
            name: format!("{name} ({entry_name})"),
            max,
        },
        EntryError::Zip(message) => zip_error(&message),
    })?;
    Ok((entry_name, data))
}

/// The bytes as UTF-8 text without a byte-order mark. REFI files are UTF-8; UTF-16
/// is refused with a clear message rather than read as garbage.
pub(super) fn utf8<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, RefiError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(xml_error(name, 1, 1, super::words().core_refi_utf16));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, column) = line_column(good, good.len());
        xml_error(name, line, column, super::words().core_refi_not_utf8)
    })
}

pub(super) fn xml_error(name: &str, line: usize, column: usize, message: &str) -> RefiError {
    RefiError::Xml {
        name: name.to_owned(),
        line,
        column,
        message: message.to_owned(),
    }
}

/// 1-based line and column (in characters) of a byte position.
pub(super) fn line_column(text: &str, pos: usize) -> (usize, usize) {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &text[..pos];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
