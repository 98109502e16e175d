//! Putting a written temp file in the target's place without a window in which
//! another writer's version can vanish (RELIABILITY C2, C4).
//!
//! With an expected content, the temp file (renamed to a swap name first) is traded
//! with the target by `renameat2(RENAME_EXCHANGE)`: one atomic step puts tandai's
//! version in place and hands back whatever was there. If that is what tandai
//! expected, it is removed; otherwise it is another writer's version, and it is kept
//! as a conflict copy. When no file is expected, `RENAME_NOREPLACE` puts the new file
//! in place only if none appeared meanwhile. File systems that refuse these flags
//! (EINVAL: some network and FUSE file systems) get [`recheck`]: the target is compared
//! again right before a plain rename, which leaves a window of a few system calls.

use super::names::{TempId, conflict_candidates};
use super::{Expect, Rename, short_io, words};
use rustix::fs::{CWD, RenameFlags, renameat_with};
use rustix::io::Errno;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Tries in one save before giving up on a target that keeps appearing and vanishing.
const TRIES: usize = 8;

/// Largest file the fallback copies aside (it must read it whole).
const MAX_COPY_BYTES: u64 = 256 * 1024 * 1024;

/// Puts `temp` (holding `ours`, synced) at `target`. Returns the path of another
/// writer's version kept as a conflict copy, if one was found in the target's place.
/// On error the file named `temp` is gone or still ours; nothing of another writer's
/// is ever removed.
pub(super) fn put(
    temp: &Path,
    target: &Path,
    ours: &[u8],
    expect: Expect<'_>,
    rename: Rename,
    id: TempId,
) -> io::Result<Option<PathBuf>> {
    let expected = match expect {
        Expect::Anything => return fs::rename(temp, target).map(|()| None),
        Expect::Absent => None,
        Expect::Exactly(bytes) => Some(bytes),
    };
    if rename == Rename::Recheck {
        return recheck(temp, target, expected);
    }
    let dir = temp.parent().unwrap_or(Path::new("."));
    let swap = id.swap(dir, ours, expected);
    fs::rename(temp, &swap)?;
    match exchange(&swap, target, expected) {
        Err(e) if unsupported(&e) => {
            fs::rename(&swap, temp)?;
            recheck(temp, target, expected)
        }
        Err(e) => {
            // Nothing was exchanged: the swap file still holds ours.
            let _ = fs::rename(&swap, temp);
            Err(e)
        }
        Ok(kept) => Ok(kept),
    }
}

/// Exchanges `swap` with `target` (or moves it there when no file is expected or the
/// target is gone), then judges what came out.
fn exchange(swap: &Path, target: &Path, expected: Option<&[u8]>) -> io::Result<Option<PathBuf>> {
    let mut flags = if expected.is_some() {
        RenameFlags::EXCHANGE
    } else {
        RenameFlags::NOREPLACE
    };
    for _ in 0..TRIES {
        match renameat_with(CWD, swap, CWD, target, flags) {
            Ok(()) if flags == RenameFlags::NOREPLACE => return Ok(None),
            Ok(()) => return Ok(judge(swap, target, expected)),
            // Removed by someone else meanwhile: nothing of theirs to keep.
            Err(Errno::NOENT) if flags == RenameFlags::EXCHANGE => flags = RenameFlags::NOREPLACE,
            // Created by someone else meanwhile: trade places and keep theirs.
            Err(Errno::EXIST) if flags == RenameFlags::NOREPLACE => flags = RenameFlags::EXCHANGE,
            Err(e) => return Err(e.into()),
        }
    }
    Err(io::Error::other(words().core_save_kept_appearing))
}

/// After an exchange `swap` holds what was at the target: removed when it is what
/// tandai expected, else kept as a conflict copy. If it cannot be renamed, it stays
/// under its swap name (a later start keeps it too) and that path is returned.
pub(super) fn judge(swap: &Path, target: &Path, expected: Option<&[u8]>) -> Option<PathBuf> {
    if expected.is_some_and(|e| holds(swap, e)) {
        let _ = fs::remove_file(swap);
        return None;
    }
    Some(keep_as_conflict(swap, target).unwrap_or_else(|_| swap.to_path_buf()))
}

/// Whether `path` is a regular file holding exactly `bytes` (read only when the size
/// matches, so a huge foreign file is never read).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    super::read_regular(path, bytes.len() as u64).is_ok_and(|b| b == bytes)
}

/// Renames `from` to the first free conflict name of `target`, never replacing a file.
fn keep_as_conflict(from: &Path, target: &Path) -> io::Result<PathBuf> {
    for candidate in conflict_candidates(target) {
        match renameat_with(CWD, from, CWD, &candidate, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(candidate),
            Err(Errno::EXIST) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(io::Error::other(words().core_save_no_conflict_name))
}

/// EINVAL, ENOSYS, EOPNOTSUPP: the file system does not do exchange or no-replace.
fn unsupported(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error().map(Errno::from_raw_os_error),
        Some(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP)
    )
}

/// The fallback: compare the target with what may be replaced right before a plain
/// rename. A different file is copied aside (slow: written and synced) and then
/// compared again, so that only the last comparison and the rename (a few system
/// calls) are left as a window in which another writer's version is not seen.
pub(super) fn recheck(
    temp: &Path,
    target: &Path,
    expected: Option<&[u8]>,
) -> io::Result<Option<PathBuf>> {
    let mut replaceable = expected.map(<[u8]>::to_vec);
    let mut kept = None;
    for _ in 0..TRIES {
        match fs::symlink_metadata(target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
            Ok(m) if !m.is_file() => {
                return Err(io::Error::other(words().core_save_no_longer_regular));
            }
            Ok(_) if replaceable.as_deref().is_some_and(|r| holds(target, r)) => {}
            Ok(m) => {
                let bytes = super::read_regular(target, MAX_COPY_BYTES)?;
                kept = Some(copy_aside(target, &bytes, m.permissions().mode())?);
                replaceable = Some(bytes);
                continue;
            }
        }
        fs::rename(temp, target)?;
        return Ok(kept);
    }
    Err(io::Error::other(words().core_save_kept_changing))
}

/// Writes `bytes`, read from `target`, to a new conflict copy of it with `mode`, synced.
fn copy_aside(target: &Path, bytes: &[u8], mode: u32) -> io::Result<PathBuf> {
    for candidate in conflict_candidates(target) {
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&candidate);
        let mut file = match file {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = file
            .set_permissions(fs::Permissions::from_mode(mode & 0o777))
            .and_then(|()| file.write_all(bytes))
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            let _ = fs::remove_file(&candidate);
            let why = short_io(&e);
            return Err(io::Error::other(crate::i18n::fill(
                words().core_save_copy_failed,
                &[("why", &why)],
            )));
        }
        return Ok(candidate);
    }
    Err(io::Error::other(words().core_save_no_conflict_name))
}
