//! The names of the files the save protocol makes: temp files, the swap file that
//! `RENAME_EXCHANGE` trades with the target, and conflict copies. All of them fit the
//! file system's name limit whatever the length of the target's name
//! (RELIABILITY S1: any sidecar that can exist can be saved).

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How tandai's temp and swap names begin: `.tandai-<pid>-<n>.tmp`,
/// `.tandai-<pid>-<n>-<ours>-<expected>.swp`.
pub const TEMP_PREFIX: &str = ".tandai-";

/// The `<expected>` part of a swap name when no file was expected.
pub(super) const ABSENT: &str = "absent";

/// The longest file name most Linux and macOS file systems take, used when the file
/// system cannot be asked.
const DEFAULT_NAME_MAX: usize = 255;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The pid and counter that make one save's temp names unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TempId {
    pub pid: u32,
    pub n: u64,
}

impl TempId {
    /// A new id for this process.
    pub fn next() -> TempId {
        TempId {
            pid: std::process::id(),
            n: COUNTER.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// `.tandai-<pid>-<n>.tmp` in `dir`.
    pub fn temp(self, dir: &Path) -> PathBuf {
        dir.join(format!("{TEMP_PREFIX}{}-{}.tmp", self.pid, self.n))
    }

    /// `.tandai-<pid>-<n>-<ours>-<expected>.swp` in `dir`: the digests let the stray
    /// clean-up of a later start tell tandai's own content (ours, or the version it
    /// expected to replace) from another writer's version it exchanged out.
    pub fn swap(self, dir: &Path, ours: &[u8], expected: Option<&[u8]>) -> PathBuf {
        let expected = expected.map_or_else(|| ABSENT.to_owned(), digest);
        dir.join(format!(
            "{TEMP_PREFIX}{}-{}-{}-{expected}.swp",
            self.pid,
            self.n,
            digest(ours)
        ))
    }
}

/// The first 8 bytes of the SHA-256 of `bytes`, in hex.
pub(super) fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The longest file name the file system holding `dir` takes.
pub fn name_max(dir: &Path) -> usize {
    rustix::fs::statvfs(dir)
        .ok()
        .and_then(|s| usize::try_from(s.f_namemax).ok())
        .filter(|&n| n > 0)
        .unwrap_or(DEFAULT_NAME_MAX)
}

/// A free name for a conflict copy of `path`:
/// `x.txt.ana.tandai.json` -> `x.txt.ana.tandai.conflict-20261123-014501.json` (UTC),
/// with `-2`, `-3`... when that name is taken, shortened to fit the file system.
pub fn conflict_path(path: &Path) -> PathBuf {
    conflict_candidates(path)
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| path.with_extension("conflict.json"))
}

/// Conflict copy names for `path`, the plain one first, then numbered ones.
pub(super) fn conflict_candidates(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let max = name_max(dir);
    let stamp = utc_stamp(std::time::SystemTime::now());
    (1..=10_000u32).map(move |n| path.with_file_name(conflict_name(&name, &stamp, n, max)))
}

/// The `n`th conflict name for a file named `name`. For a sidecar the end
/// `.<coder>.tandai` stays whole and the document's part is shortened (ending in `~`)
/// when the whole name would pass `max` bytes.
pub(super) fn conflict_name(name: &str, stamp: &str, n: u32, max: usize) -> String {
    let (stem, ext) = match name.strip_suffix(".json") {
        Some(stem) => (stem, ".json"),
        None => (name, ""),
    };
    let (head, keep) = split_sidecar_stem(stem);
    let extra = if n == 1 {
        String::new()
    } else {
        format!("-{n}")
    };
    let tail = format!("{keep}.conflict-{stamp}{extra}{ext}");
    if head.len() + tail.len() <= max {
        return format!("{head}{tail}");
    }
    let room = max.saturating_sub(tail.len() + '~'.len_utf8());
    format!("{}~{tail}", cut_at_char(head, room))
}

/// `doc.txt.ana.tandai` -> (`doc.txt`, `.ana.tandai`); anything else is all head.
fn split_sidecar_stem(stem: &str) -> (&str, &str) {
    let Some(rest) = stem.strip_suffix(".tandai") else {
        return (stem, "");
    };
    match rest.rfind('.') {
        Some(dot) if dot > 0 => stem.split_at(dot),
        _ => (stem, ""),
    }
}

/// The longest start of `s` of at most `max` bytes that ends on a character boundary.
fn cut_at_char(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `YYYYMMDD-HHMMSS` in UTC (see [`crate::core::time::Utc`]).
pub fn utc_stamp(t: std::time::SystemTime) -> String {
    crate::core::time::Utc::of(t).stamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn utc_stamps() {
        let t = UNIX_EPOCH + Duration::from_secs(1_795_398_301);
        assert_eq!(utc_stamp(t), "20261123-014501");
        assert_eq!(
            utc_stamp(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "20000229-000000"
        );
    }

    #[test]
    fn conflict_names_keep_the_coder_and_fit_the_limit() {
        let stamp = "20261123-014501";
        assert_eq!(
            conflict_name("a.txt.ana.tandai.json", stamp, 1, 255),
            "a.txt.ana.tandai.conflict-20261123-014501.json"
        );
        assert_eq!(
            conflict_name("codebook.json", stamp, 3, 255),
            "codebook.conflict-20261123-014501-3.json"
        );
        // The longest sidecar name there can be: 239 bytes of document name.
        let doc = format!("{}.txt", "é".repeat(117)); // 234 + 4 = 238 bytes
        let sidecar = format!("{doc}x.ana.tandai.json");
        assert_eq!(sidecar.len(), 255);
        for n in [1, 2, 10_000] {
            let name = conflict_name(&sidecar, stamp, n, 255);
            assert!(name.len() <= 255, "{} bytes: {name}", name.len());
            assert!(name.starts_with("éé"), "{name}");
            assert!(
                name.ends_with(&format!(
                    "~.ana.tandai.conflict-{stamp}{}.json",
                    if n == 1 {
                        String::new()
                    } else {
                        format!("-{n}")
                    }
                )),
                "{name}"
            );
        }
    }

    #[test]
    fn temp_and_swap_names_are_short_and_unique() {
        let dir = Path::new("/x");
        let a = TempId::next();
        let b = TempId::next();
        assert_ne!(a.temp(dir), b.temp(dir));
        let name = a.temp(dir).file_name().expect("name").len();
        assert!(name < 40, "{name}");
        let swap = a.swap(dir, b"ours", Some(b"old"));
        let s = swap
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(s.starts_with(TEMP_PREFIX) && s.ends_with(".swp") && s.len() < 80);
        assert!(s.contains(&digest(b"ours")) && s.contains(&digest(b"old")));
        assert!(
            a.swap(dir, b"ours", None)
                .to_string_lossy()
                .ends_with("-absent.swp")
        );
    }
}
