//! The recovery journal (RELIABILITY S4): when a sidecar cannot be saved, the coder's
//! latest decisions are written to tandai's state folder instead, and offered on the
//! next start. Nothing in it is ever deleted unread: a declined entry is set aside.

use crate::core::coding::store::{Perms, atomic_write, create_private_dir};
use crate::core::documents::fsread::{Links, read};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// One journal entry: the sidecar it belongs to and the content that could not be saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub format: String,
    pub version: u32,
    /// The sidecar's path.
    pub sidecar: String,
    /// When it was journaled, `YYYYMMDD-HHMMSS` UTC.
    pub written: String,
    /// The sidecar's content (JSON text) that could not be written.
    pub content: String,
}

const FORMAT: &str = "tandai-recovery";

/// Largest journal entry read: a sidecar's content as a JSON string, where escapes
/// can double its size.
pub const MAX_JOURNAL_BYTES: u64 =
    2 * crate::core::coding::sidecar::MAX_SIDECAR_BYTES + 1024 * 1024;

/// The journal file for a sidecar: named by a hash of its path.
pub fn journal_path(dir: &Path, sidecar: &Path) -> PathBuf {
    let digest = Sha256::digest(sidecar.to_string_lossy().as_bytes());
    let name: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("{name}.json"))
}

/// Journals `content` for `sidecar` (folder 0700, file 0600). Returns the journal path.
pub fn record(dir: &Path, sidecar: &Path, content: &[u8]) -> Result<PathBuf, String> {
    create_private_dir(dir).map_err(|e| {
        format!(
            "{}: {}",
            dir.display(),
            crate::core::coding::store::short_io(&e)
        )
    })?;
    let entry = Entry {
        format: FORMAT.into(),
        version: 1,
        sidecar: sidecar.to_string_lossy().into_owned(),
        written: crate::core::coding::saver::utc_stamp(std::time::SystemTime::now()),
        content: String::from_utf8_lossy(content).into_owned(),
    };
    let path = journal_path(dir, sidecar);
    let mut bytes = serde_json::to_vec_pretty(&entry).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    atomic_write(&path, &bytes, Perms::Private)?;
    Ok(path)
}

/// Removes the journal entry of a sidecar once it has been saved.
pub fn clear(dir: &Path, sidecar: &Path) {
    let _ = std::fs::remove_file(journal_path(dir, sidecar));
}

/// Whether the journal holds any entry: when it holds none (the usual case), the
/// documents of a large project need not be looked up one by one.
pub fn any(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| {
        entries.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".json")))
    })
}

/// The journal entry for a sidecar, if there is a readable one.
pub fn pending(dir: &Path, sidecar: &Path) -> Option<(Entry, PathBuf)> {
    let path = journal_path(dir, sidecar);
    let bytes = read(&path, MAX_JOURNAL_BYTES, Links::Refuse).ok()?;
    let entry: Entry = serde_json::from_slice(&bytes).ok()?;
    (entry.format == FORMAT && Path::new(&entry.sidecar) == sidecar).then_some((entry, path))
}

/// Moves a journal entry aside (`<name>.set-aside-<stamp>.json`) so it is not offered
/// again but is not lost either.
pub fn set_aside(journal: &Path) -> Result<PathBuf, String> {
    let stem = journal.file_stem().unwrap_or_default().to_string_lossy();
    let stamp = crate::core::coding::saver::utc_stamp(std::time::SystemTime::now());
    let to = journal.with_file_name(format!("{stem}.set-aside-{stamp}.json"));
    std::fs::rename(journal, &to).map_err(|e| {
        format!(
            "{}: {}",
            journal.display(),
            crate::core::coding::store::short_io(&e)
        )
    })?;
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn record_offer_clear_and_set_aside() {
        let state = tempfile::tempdir().expect("tmp");
        let dir = state.path().join("recovery");
        let sidecar = Path::new("/p/a.txt.ana.tandai.json");
        assert!(pending(&dir, sidecar).is_none());
        let path = record(&dir, sidecar, b"{\"x\":1}").expect("journaled");
        assert_eq!(
            std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            std::fs::metadata(&dir).expect("meta").permissions().mode() & 0o777,
            0o700
        );
        let (entry, at) = pending(&dir, sidecar).expect("offered");
        assert_eq!((entry.content.as_str(), at), ("{\"x\":1}", path.clone()));
        assert!(pending(&dir, Path::new("/p/b.txt.ana.tandai.json")).is_none());
        let aside = set_aside(&path).expect("aside");
        assert!(aside.exists() && pending(&dir, sidecar).is_none());
        record(&dir, sidecar, b"{}").expect("again");
        clear(&dir, sidecar);
        assert!(pending(&dir, sidecar).is_none());
    }
}
