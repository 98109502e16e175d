//! Writing files so that a crash never leaves a half-written one (RELIABILITY S1), no
//! other writer's version vanishes unseen (C2, C4), and modes stay as the team set
//! them (H5).
//!
//! A temp file with a short name (`.tandai-<pid>-<n>.tmp`) is created exclusively in
//! the same folder, the whole content is written and synced, the temp file takes the
//! target's place, and the folder is synced. The target is never opened for writing,
//! so it holds either the old or the new content. When the caller says what it
//! expects at the target, the temp file takes its place by an atomic exchange and
//! whatever came out that is not the expected content is kept as a conflict copy
//! (see [`swap`]). If any step fails the temp file is removed and the error says
//! which step.

mod names;
mod stray;
mod swap;

pub use names::{TEMP_PREFIX, conflict_path, name_max, utc_stamp};
pub use stray::{Strays, process_alive, remove_stray_temps};

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Who may read a file tandai writes (RELIABILITY H5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perms {
    /// A file of the project, or an export: rewriting keeps the old file's mode (and
    /// its group, where tandai may set it); a new file follows the umask, so a team's
    /// shared folder stays readable to the team.
    Shared,
    /// tandai's own config, state and recovery files: 0600 whatever the umask.
    Private,
}

/// What the caller believes is at the target, checked without a window (C2, C4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect<'a> {
    /// Not checked: replace whatever is there.
    Anything,
    /// No file.
    Absent,
    /// Exactly these bytes.
    Exactly(&'a [u8]),
}

impl<'a> Expect<'a> {
    /// `Exactly` the bytes, or `Absent` for None.
    pub fn from_known(known: Option<&'a [u8]>) -> Expect<'a> {
        known.map_or(Expect::Absent, Expect::Exactly)
    }
}

/// How the temp file takes the target's place when a content is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rename {
    /// `RENAME_EXCHANGE` / `RENAME_NOREPLACE`, or [`Rename::Recheck`] where the file
    /// system refuses them.
    #[default]
    Atomic,
    /// Compare again right before a plain rename: what file systems without
    /// `renameat2` flags get. Chosen directly only by tests.
    Recheck,
}

/// What a write did besides writing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Another writer's version, found where tandai expected its own, kept here.
    pub kept: Option<PathBuf>,
}

/// A step of the save protocol, for fault injection in tests and for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Create,
    Write,
    Sync,
    Rename,
    SyncDir,
}

impl Step {
    /// What the step does, in the process's language.
    fn describe(self) -> &'static str {
        let t = words();
        match self {
            Step::Create => t.core_step_create,
            Step::Write => t.core_step_write,
            Step::Sync => t.core_step_sync,
            Step::Rename => t.core_step_rename,
            Step::SyncDir => t.core_step_sync_dir,
        }
    }
}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

/// Writes `bytes` to `target` atomically, replacing whatever is there.
pub fn atomic_write(target: &Path, bytes: &[u8], perms: Perms) -> Result<(), String> {
    write_checked(target, bytes, perms, Expect::Anything).map(|_| ())
}

/// Writes `bytes` to `target` atomically; a file there that is not what `expect`
/// says is kept as a conflict copy, never lost.
pub fn write_checked(
    target: &Path,
    bytes: &[u8],
    perms: Perms,
    expect: Expect<'_>,
) -> Result<Written, String> {
    write_with(target, bytes, perms, expect, Rename::Atomic, |_| Ok(()))
}

/// [`write_checked`] with the way of renaming chosen and a hook called before each
/// step; an error from the hook fails that step. Tests use it to inject faults.
pub fn write_with(
    target: &Path,
    bytes: &[u8],
    perms: Perms,
    expect: Expect<'_>,
    rename: Rename,
    mut before: impl FnMut(Step) -> std::io::Result<()>,
) -> Result<Written, String> {
    refuse_non_regular(target)?;
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let id = names::TempId::next();
    let temp = id.temp(dir);
    let fail = |step: Step, e: std::io::Error| failure(target, step, &e);
    before(Step::Create).map_err(|e| fail(Step::Create, e))?;
    let mut file = create_temp(&temp, target, perms).map_err(|e| fail(Step::Create, e))?;
    let result = (|| {
        before(Step::Write).map_err(|e| (Step::Write, e))?;
        file.write_all(bytes).map_err(|e| (Step::Write, e))?;
        before(Step::Sync).map_err(|e| (Step::Sync, e))?;
        file.sync_all().map_err(|e| (Step::Sync, e))?;
        before(Step::Rename).map_err(|e| (Step::Rename, e))?;
        swap::put(&temp, target, bytes, expect, rename, id).map_err(|e| (Step::Rename, e))
    })();
    let kept = match result {
        Ok(kept) => kept,
        Err((step, e)) => {
            drop(file);
            let _ = fs::remove_file(&temp);
            return Err(fail(step, e));
        }
    };
    before(Step::SyncDir)
        .and_then(|()| File::open(dir)?.sync_all())
        .map_err(|e| fail(Step::SyncDir, e))?;
    Ok(Written { kept })
}

/// "`<target>`: `<step>` failed: `<why>`", with a hint when the name is too long.
fn failure(target: &Path, step: Step, e: &std::io::Error) -> String {
    let why = if e.kind() == std::io::ErrorKind::InvalidFilename {
        too_long(target)
    } else {
        short_io(e)
    };
    crate::i18n::fill(
        words().core_save_failed,
        &[
            ("path", &target.display()),
            ("step", &step.describe()),
            ("why", &why),
        ],
    )
}

/// Why a file name is refused as too long, with the limit.
pub fn too_long(path: &Path) -> String {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let len = path.file_name().map_or(0, |n| n.len());
    let max = name_max(dir);
    crate::i18n::fill(words().core_name_too_long, &[("len", &len), ("max", &max)])
}

/// The temp file, with the mode `perms` asks for.
fn create_temp(temp: &Path, target: &Path, perms: Perms) -> std::io::Result<File> {
    match perms {
        Perms::Private => create_private(temp),
        Perms::Shared => match fs::symlink_metadata(target) {
            Ok(m) if m.is_file() => create_like(temp, &m),
            _ => create_shared(temp),
        },
    }
}

/// Creates a new file with mode 0600 whatever the umask.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

/// Creates a new file with the mode the umask leaves of 0666.
pub fn create_shared(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o666)
        .open(path)
}

/// Creates a new file with the mode (and, where allowed, the group) of `like`: the
/// file it will replace. Private until then, so that nothing reads a half-written file
/// with wider rights than the final one.
fn create_like(path: &Path, like: &fs::Metadata) -> std::io::Result<File> {
    let file = create_private(path)?;
    // Keeping the group is what keeps a 0640 or 0660 file readable to the team; it
    // fails (harmlessly) when this user is not in that group.
    let _ = std::os::unix::fs::fchown(&file, None, Some(like.gid()));
    file.set_permissions(fs::Permissions::from_mode(like.mode() & 0o777))?;
    Ok(file)
}

/// Creates a directory (and its parents) with mode 0700.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
}

/// Refuses a target that exists but is not a regular file (a symlink, a folder, a
/// fifo): its target must stay untouched (RELIABILITY H4).
fn refuse_non_regular(target: &Path) -> Result<(), String> {
    match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => Err(crate::i18n::fill(
            words().core_write_link,
            &[("path", &target.display())],
        )),
        Ok(m) if !m.is_file() => Err(crate::i18n::fill(
            words().core_write_not_regular,
            &[("path", &target.display())],
        )),
        _ => Ok(()),
    }
}

/// Reads a regular file of at most `max` bytes without following a link or blocking
/// on a FIFO: what a file tandai compares or merges may have been swapped for by
/// another program (RELIABILITY H9). The one read of [`crate::core::documents::fsread`], with its
/// refusal as an I/O error (`NotFound` kept as such).
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use crate::core::documents::fsread::{Links, read};
    read(path, max, Links::Refuse).map_err(|e| {
        if e.is_not_found() {
            std::io::Error::from(std::io::ErrorKind::NotFound)
        } else {
            std::io::Error::other(e.reason())
        }
    })
}

/// An I/O error without the "(os error N)" noise, in the process's language.
pub fn short_io(e: &std::io::Error) -> String {
    short_io_in(crate::i18n::current(), e)
}

/// [`short_io`] in `lang`: the errors a researcher meets when saving (disk full,
/// no permission, a read-only disk) in Indonesian words; in English, and for any
/// other error, the system's own text.
pub fn short_io_in(lang: crate::i18n::Lang, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let t = crate::i18n::strings(lang);
    if lang != crate::i18n::Lang::En {
        let known = match e.kind() {
            ErrorKind::StorageFull => Some(t.core_io_storage_full),
            ErrorKind::PermissionDenied => Some(t.core_io_permission),
            ErrorKind::ReadOnlyFilesystem => Some(t.core_io_read_only),
            ErrorKind::QuotaExceeded => Some(t.core_io_quota),
            ErrorKind::NotFound => Some(t.core_io_not_found),
            _ => None,
        };
        if let Some(text) = known {
            return text.to_owned();
        }
    }
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests;
