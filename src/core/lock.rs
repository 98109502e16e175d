//! One writer per document and coder (RELIABILITY C1).
//!
//! A separate lock file `<document>.<coder>.tandai.lock` beside the document, locked
//! with the operating system's advisory file lock and never renamed or removed (a
//! rename would leave the lock on the old inode). The kernel releases it when the
//! holder exits, even after SIGKILL. The file holds who has it, for the message the
//! second instance shows.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The fixed end of lock file names.
pub const LOCK_SUFFIX: &str = ".tandai.lock";

/// A held lock; dropping it (or exiting) releases it.
#[derive(Debug)]
pub struct DocLock {
    _file: File,
}

/// The result of trying to lock a document for a coder.
#[derive(Debug)]
pub enum Locked {
    /// This process may write the sidecar.
    Held(DocLock),
    /// Another process holds it: who, as written in the lock file.
    Busy(String),
    /// The lock file could not be used; the reason.
    Failed(String),
}

/// The lock file path for a document and coder.
pub fn lock_path(document: &Path, coder: &str) -> PathBuf {
    let mut name = document.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{coder}{LOCK_SUFFIX}"));
    document.with_file_name(name)
}

/// Tries to take the lock without waiting.
pub fn try_lock(document: &Path, coder: &str) -> Locked {
    let path = lock_path(document, coder);
    let shown = path.display();
    match std::fs::symlink_metadata(&path) {
        Ok(m) if !m.file_type().is_file() => {
            return Locked::Failed(format!(
                "{shown}: is not a regular file; refusing to use it as a lock"
            ));
        }
        _ => {}
    }
    let mut file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) => return Locked::Failed(format!("{shown}: {}", crate::core::store::short_io(&e))),
    };
    match file.try_lock() {
        Ok(()) => {
            let _ = file.set_len(0);
            let _ = file.rewind();
            let _ = writeln!(file, "{}", holder());
            Locked::Held(DocLock { _file: file })
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut who = String::new();
            let _ = Read::take(&mut file, 4096).read_to_string(&mut who); // one line; never read a huge file whole
            let who = who.trim();
            Locked::Busy(if who.is_empty() {
                "another tandai".to_owned()
            } else {
                who.to_owned()
            })
        }
        Err(std::fs::TryLockError::Error(e)) => {
            Locked::Failed(format!("{shown}: {}", crate::core::store::short_io(&e)))
        }
    }
}

/// `user@host (pid N)` for this process.
pub fn holder() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "someone".into());
    let read = |p: &str| {
        crate::core::fsread::read_text(p.as_ref(), 4096, crate::core::fsread::Links::Follow)
    };
    let host = read("/proc/sys/kernel/hostname")
        .or_else(|_| read("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "this machine".into());
    format!("{user}@{host} (pid {})", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_busy_and_names_the_holder_then_free_after_drop() {
        let dir = tempfile::tempdir().expect("tmp");
        let doc = dir.path().join("a.txt");
        std::fs::write(&doc, "x").expect("write");
        let Locked::Held(first) = try_lock(&doc, "ana") else {
            panic!("first lock")
        };
        match try_lock(&doc, "ana") {
            Locked::Busy(who) => assert!(
                who.contains(&format!("(pid {})", std::process::id())),
                "{who}"
            ),
            other => panic!("expected busy, got {other:?}"),
        }
        assert!(
            matches!(try_lock(&doc, "budi"), Locked::Held(_)),
            "another coder is independent"
        );
        drop(first);
        assert!(matches!(try_lock(&doc, "ana"), Locked::Held(_)));
        assert!(
            lock_path(&doc, "ana").exists(),
            "the lock file is never removed"
        );
    }

    #[test]
    fn refuses_a_symlink_as_lock_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let doc = dir.path().join("a.txt");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").expect("write");
        std::os::unix::fs::symlink(&victim, lock_path(&doc, "ana")).expect("link");
        assert!(
            matches!(try_lock(&doc, "ana"), Locked::Failed(m) if m.contains("not a regular file"))
        );
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep");
    }
}
