//! One writer per project folder and coder (RELIABILITY C1).
//!
//! One lock file per coder in a hidden folder of the project,
//! `.tandai/locks/<coder>.lock` (with `.tandai/.gitignore` holding `*`, so git never
//! sees it), locked with the operating system's advisory file lock. The project folder
//! is canonicalised, so opening one transcript of a folder and the folder itself meet
//! the same lock. The kernel releases the lock when the holder exits, even after
//! SIGKILL; a clean exit also removes the file. Removing a locked file needs care: the
//! holder unlinks it while still holding the lock, and a process that gets the lock
//! checks that the path still names the file it locked (else it locked a removed file
//! and tries again). The file holds who has it, for the message the second instance
//! shows. Lock files of earlier versions (`<document>.<coder>.tandai.lock` beside the
//! transcripts) are removed when nobody holds them.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// tandai's hidden folder in a project.
pub const TANDAI_DIR: &str = ".tandai";

/// The end of the lock file names of earlier versions, beside each transcript.
pub const OLD_LOCK_SUFFIX: &str = ".tandai.lock";

/// How often a lock that keeps being removed under us is tried.
const TRIES: usize = 16;

/// A held lock; dropping it removes the lock file and releases the lock.
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
    path: PathBuf,
}

/// The result of trying to lock a project folder for a coder.
#[derive(Debug)]
pub enum Locked {
    /// This process may write the coder's sidecars.
    Held(ProjectLock),
    /// Another process holds it: who, as written in the lock file.
    Busy(String),
    /// The lock could not be taken; the reason.
    Failed(String),
}

/// The lock file of a (canonical) project folder and coder.
pub fn lock_path(root: &Path, coder: &str) -> PathBuf {
    root.join(TANDAI_DIR)
        .join("locks")
        .join(format!("{coder}.lock"))
}

/// Tries to take the lock of the folder `root` for `coder`, without waiting.
pub fn try_lock(root: &Path, coder: &str) -> Locked {
    let root = match std::fs::canonicalize(root) {
        Ok(r) => r,
        Err(e) => return Locked::Failed(format!("{}: {}", root.display(), short(&e))),
    };
    let path = lock_path(&root, coder);
    if let Err(why) = make_dirs(&root) {
        return Locked::Failed(why);
    }
    for _ in 0..TRIES {
        match lock_once(&path) {
            Ok(Some(locked)) => return locked,
            Ok(None) => {} // locked a file its holder had just removed: again
            Err(e) => return Locked::Failed(format!("{}: {}", path.display(), short(&e))),
        }
    }
    Locked::Failed(crate::i18n::fill(
        words().core_lock_kept_removed,
        &[("path", &path.display())],
    ))
}

/// One attempt: None when the file locked is no longer the one at `path`.
fn lock_once(path: &Path) -> std::io::Result<Option<Locked>> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o666)
        .custom_flags(no_follow_no_block())
        .open(path)?;
    regular(&file)?;
    match file.try_lock() {
        Ok(()) if names(path, &file) => {
            file.set_len(0)?;
            file.rewind()?;
            writeln!(file, "{}", holder())?;
            Ok(Some(Locked::Held(ProjectLock {
                file,
                path: path.to_path_buf(),
            })))
        }
        Ok(()) => Ok(None),
        Err(std::fs::TryLockError::WouldBlock) => Ok(Some(Locked::Busy(who(&mut file)))),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// `O_NOFOLLOW | O_NONBLOCK`: a link is refused, a FIFO never blocks.
fn no_follow_no_block() -> i32 {
    (rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK)
        .bits()
        .cast_signed()
}

/// Refuses an open file that is not a regular file (a FIFO, a device).
fn regular(file: &File) -> std::io::Result<()> {
    if file.metadata()?.is_file() {
        Ok(())
    } else {
        Err(std::io::Error::other(words().core_not_regular))
    }
}

/// Whether `path` still names the open `file` (same device and inode).
fn names(path: &Path, file: &File) -> bool {
    match (std::fs::symlink_metadata(path), file.metadata()) {
        (Ok(p), Ok(f)) => p.dev() == f.dev() && p.ino() == f.ino(),
        _ => false,
    }
}

/// Who holds a lock, as written in its file.
fn who(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.take(1024).read_to_string(&mut text);
    let text = text.trim();
    if text.is_empty() {
        words().core_lock_another.to_owned()
    } else {
        crate::core::display::sanitize_line(text)
    }
}

/// `.tandai/` with its `.gitignore`, and `.tandai/locks/`. They follow the umask (a
/// team's other coders lock their own names in them); links are refused.
fn make_dirs(root: &Path) -> Result<(), String> {
    let dir = root.join(TANDAI_DIR);
    for d in [dir.clone(), dir.join("locks")] {
        match std::fs::symlink_metadata(&d) {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => {
                return Err(crate::i18n::fill(
                    words().core_lock_not_folder,
                    &[("path", &d.display())],
                ));
            }
            Err(_) => std::fs::create_dir(&d).or_else(|e| {
                // Another tandai may have made it a moment ago.
                if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() {
                    Ok(())
                } else {
                    Err(format!("{}: {}", d.display(), short(&e)))
                }
            })?,
        }
        if d == dir {
            ignore_everything(&d);
        }
    }
    Ok(())
}

/// Writes `.gitignore` with `*` if there is none, so git never lists the folder.
fn ignore_everything(dir: &Path) {
    let created = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o666)
        .custom_flags(no_follow_no_block())
        .open(dir.join(".gitignore"));
    if let Ok(mut f) = created {
        let _ = f.write_all(b"# tandai's own files (locks): not part of the project\n*\n");
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Unlinked while still held: whoever opened it meanwhile sees that the path no
        // longer names what they locked, and tries again.
        if names(&self.path, &self.file) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// The locks held until the process exits (this coder's, and the consensus coder's
/// once disagreements are settled), so that a signal handler can release them.
static HELD: Mutex<Vec<ProjectLock>> = Mutex::new(Vec::new());

/// Keeps `lock` until [`release_held`] (at exit, or on a signal).
pub fn hold_until_exit(lock: ProjectLock) {
    HELD.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(lock);
}

/// Removes and releases the lock of folder `root` and `coder` kept by
/// [`hold_until_exit`], if it is held.
pub fn release_held_of(root: &Path, coder: &str) {
    let path = lock_path(
        &std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        coder,
    );
    let mut held = HELD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let lock = held
        .iter()
        .position(|l| l.path == path)
        .map(|i| held.remove(i));
    drop(held);
    drop(lock);
}

/// Removes and releases the locks kept by [`hold_until_exit`].
pub fn release_held() {
    let locks = std::mem::take(
        &mut *HELD
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    drop(locks);
}

/// What [`remove_old_locks`] found.
#[derive(Debug, Default)]
pub struct OldLocks {
    /// Unheld lock files of earlier versions, removed.
    pub removed: usize,
    /// An earlier version of tandai holds this coder's lock of a document: who.
    pub busy: Option<String>,
}

/// Removes the `<document>.<coder>.tandai.lock` files of earlier versions in `root`
/// that nobody holds. One held for `coder` means an earlier tandai is coding here.
pub fn remove_old_locks(root: &Path, coder: &str) -> OldLocks {
    let mut out = OldLocks::default();
    let Ok(entries) = std::fs::read_dir(root) else {
        return out;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(owner) = old_lock_coder(&name) else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        match remove_if_free(&entry.path()) {
            Ok(Free::Removed) => out.removed += 1,
            Ok(Free::Held(who)) if owner == coder => out.busy = Some(who),
            _ => {}
        }
    }
    out
}

/// What became of an earlier version's lock file.
enum Free {
    Removed,
    /// Someone holds it: who.
    Held(String),
    /// It was replaced while being looked at: left alone.
    Moved,
}

/// The coder in an earlier version's lock name `<document>.<coder>.tandai.lock`.
fn old_lock_coder(name: &str) -> Option<&str> {
    let rest = name.strip_suffix(OLD_LOCK_SUFFIX)?;
    let (document, coder) = rest.rsplit_once('.')?;
    (!document.is_empty() && crate::core::coding::sidecar::valid_coder(coder)).then_some(coder)
}

/// Removes a lock file if nobody holds it, leaving a held one.
fn remove_if_free(path: &Path) -> std::io::Result<Free> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(no_follow_no_block())
        .open(path)?;
    regular(&file)?;
    match file.try_lock() {
        Ok(()) if names(path, &file) => std::fs::remove_file(path).map(|()| Free::Removed),
        Ok(()) => Ok(Free::Moved),
        Err(std::fs::TryLockError::WouldBlock) => Ok(Free::Held(who(&mut file))),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// `user@host (pid N)` for this process.
pub fn holder() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "someone".into());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "this machine".into());
    format!("{user}@{host} (pid {})", std::process::id())
}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

fn short(e: &std::io::Error) -> String {
    crate::core::coding::store::short_io(e)
}

#[cfg(test)]
mod tests;
