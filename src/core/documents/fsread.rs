//! The one way tandai reads a file (RELIABILITY H9).
//!
//! Every file tandai reads (transcripts, sidecars, the codebook, `project.json`, its
//! config, keymap, positions and recovery journal, conflict copies, import files)
//! goes through [`read`]: the file is opened without blocking (a FIFO would otherwise
//! wait for a writer for ever), refused unless `fstat` says it is a regular file
//! (`/dev/zero` never ends, a FIFO may never end), and read with a cap, so that no
//! file can hang tandai or grow its memory without bound. Symbolic links are refused,
//! followed only inside a folder, or followed anywhere, as the caller says.

use rustix::fs::OFlags;
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::i18n::{self, Lang};

/// What to do when the path is a symbolic link.
#[derive(Debug, Clone, Copy)]
pub enum Links<'a> {
    /// Refuse it: tandai's own files and sidecars are never links.
    Refuse,
    /// Follow it only when its target lies inside this folder (a project's files:
    /// `passwd.txt -> /etc/passwd` must not be read, coded and exported unnoticed).
    Inside(&'a Path),
    /// Follow it anywhere: a file the user named, or `--follow-links`.
    Follow,
}

/// Why a file was not read: [`ReadError`] without the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing at the path.
    NotFound,
    /// A symbolic link where links are refused.
    Link,
    /// A symbolic link to a file outside the allowed folder.
    Outside(PathBuf),
    /// A symbolic link whose target does not exist.
    Broken,
    /// A symbolic link that leads back to itself.
    Loop,
    /// Not a regular file: what it is.
    NotRegular(&'static str),
    /// Larger than the cap (`size` when known from `fstat`).
    TooLarge { size: Option<u64>, cap: u64 },
    /// Any other I/O error, as a short text.
    Io(String),
}

/// A file that could not be read, with its path (as given) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub path: PathBuf,
    pub refusal: Refusal,
}

impl ReadError {
    /// Whether the file simply does not exist (callers often treat that as "none").
    pub fn is_not_found(&self) -> bool {
        self.refusal == Refusal::NotFound
    }

    /// The reason alone, without the path, in the process's language.
    pub fn reason(&self) -> String {
        self.reason_in(crate::i18n::current())
    }

    /// [`ReadError::reason`] in `lang`.
    pub fn reason_in(&self, lang: Lang) -> String {
        let t = i18n::strings(lang);
        match &self.refusal {
            Refusal::NotFound => t.core_read_not_found.into(),
            Refusal::Link => t.core_read_link.into(),
            Refusal::Outside(target) => {
                i18n::fill(t.core_read_outside, &[("target", &target.display())])
            }
            Refusal::Broken => t.core_read_broken.into(),
            Refusal::Loop => t.core_read_loop.into(),
            Refusal::NotRegular(kind) => {
                let kind = describe_in(lang, kind);
                i18n::fill(t.core_read_not_regular, &[("kind", &kind)])
            }
            Refusal::TooLarge {
                size: Some(size),
                cap,
            } => i18n::fill(t.core_read_too_large, &[("size", size), ("cap", cap)]),
            Refusal::TooLarge { size: None, cap } => {
                i18n::fill(t.core_read_too_large_unknown, &[("cap", cap)])
            }
            Refusal::Io(why) => why.clone(),
        }
    }

    /// The whole message ("PATH: reason") in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        format!("{}: {}", self.path.display(), self.reason_in(lang))
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::current()))
    }
}

impl std::error::Error for ReadError {}

/// Reads the whole file at `path`, at most `cap` bytes, following links as `links`
/// says. See the module doc.
pub fn read(path: &Path, cap: u64, links: Links<'_>) -> Result<Vec<u8>, ReadError> {
    let fail = |refusal| ReadError {
        path: path.to_path_buf(),
        refusal,
    };
    let file = open(path, links).map_err(fail)?;
    read_open(file, cap).map_err(fail)
}

/// [`read`] as UTF-8 text; invalid UTF-8 is an error naming the byte.
pub fn read_text(path: &Path, cap: u64, links: Links<'_>) -> Result<String, ReadError> {
    let bytes = read(path, cap, links)?;
    String::from_utf8(bytes).map_err(|e| ReadError {
        path: path.to_path_buf(),
        refusal: Refusal::Io(i18n::fill(
            i18n::strings(i18n::current()).core_read_not_utf8,
            &[("byte", &e.utf8_error().valid_up_to())],
        )),
    })
}

/// Opens the file for reading after the link rule, without blocking. A link whose
/// target is missing is `Broken`, not `NotFound`: the entry is there.
fn open(path: &Path, links: Links<'_>) -> Result<File, Refusal> {
    match open_as(path, links) {
        Err(Refusal::NotFound) if std::fs::symlink_metadata(path).is_ok() => Err(Refusal::Broken),
        other => other,
    }
}

fn open_as(path: &Path, links: Links<'_>) -> Result<File, Refusal> {
    match links {
        Links::Refuse => open_flags(path, true),
        Links::Follow => open_flags(path, false),
        Links::Inside(root) => {
            let meta = std::fs::symlink_metadata(path).map_err(|e| io_refusal(&e))?;
            if !meta.file_type().is_symlink() {
                return open_flags(path, true);
            }
            let target = std::fs::canonicalize(path).map_err(|e| link_refusal(&e))?;
            let root = std::fs::canonicalize(root).map_err(|e| io_refusal(&e))?;
            if !target.starts_with(&root) {
                return Err(Refusal::Outside(target));
            }
            // The canonical path has no link in it: a link swapped in now is refused.
            open_flags(&target, true)
        }
    }
}

fn open_flags(path: &Path, no_follow: bool) -> Result<File, Refusal> {
    let mut flags = OFlags::NONBLOCK | OFlags::NOCTTY;
    if no_follow {
        flags |= OFlags::NOFOLLOW;
    }
    let bits = i32::try_from(flags.bits()).unwrap_or(0);
    OpenOptions::new()
        .read(true)
        .custom_flags(bits)
        .open(path)
        .map_err(|e| {
            if no_follow && is_loop(&e) {
                Refusal::Link
            } else {
                link_refusal(&e)
            }
        })
}

/// Checks the open file and reads it within the cap.
fn read_open(file: File, cap: u64) -> Result<Vec<u8>, Refusal> {
    let meta = file.metadata().map_err(|e| io_refusal(&e))?;
    let kind = meta.file_type();
    if !kind.is_file() {
        return Err(Refusal::NotRegular(describe(kind)));
    }
    if meta.len() > cap {
        return Err(Refusal::TooLarge {
            size: Some(meta.len()),
            cap,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_refusal(&e))?;
    // The file grew after fstat: still refused, by what was read.
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > cap {
        return Err(Refusal::TooLarge { size: None, cap });
    }
    Ok(bytes)
}

/// What a file of kind `english` (a [`describe`] text, kept in English in
/// [`Refusal::NotRegular`] so that it compares the same in every language) is, in
/// `lang`'s words.
pub fn describe_in(lang: Lang, english: &str) -> &'static str {
    let t = i18n::strings(lang);
    match english {
        "a folder" => t.core_kind_folder,
        "a named pipe (FIFO)" => t.core_kind_fifo,
        "a character device" => t.core_kind_char_device,
        "a block device" => t.core_kind_block_device,
        "a socket" => t.core_kind_socket,
        "a symbolic link" => t.core_kind_symlink,
        "a regular file" => t.core_kind_regular,
        _ => t.core_kind_special,
    }
}

/// What a file that is not a regular file is, in English words (see [`describe_in`]).
pub fn describe(kind: std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        "a folder"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

fn is_loop(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
}

/// An error from following a link: a loop or a missing target say so.
fn link_refusal(e: &std::io::Error) -> Refusal {
    if is_loop(e) {
        Refusal::Loop
    } else {
        io_refusal(e)
    }
}

fn io_refusal(e: &std::io::Error) -> Refusal {
    if e.kind() == std::io::ErrorKind::NotFound {
        Refusal::NotFound
    } else {
        Refusal::Io(crate::core::coding::store::short_io(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn fifo(path: &Path) {
        rustix::fs::mknodat(
            rustix::fs::CWD,
            path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
    }

    #[test]
    fn reads_a_regular_file_within_the_cap() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"halo").expect("write");
        assert_eq!(read(&p, 4, Links::Refuse).expect("read"), b"halo");
        let e = read(&p, 3, Links::Refuse).expect_err("over the cap");
        assert_eq!(
            e.refusal,
            Refusal::TooLarge {
                size: Some(4),
                cap: 3
            }
        );
        assert!(e.to_string().starts_with(&p.display().to_string()), "{e}");
        assert!(e.to_string().contains("3-byte limit"), "{e}");
        assert_eq!(
            e.message_in(Lang::Id),
            format!("{}: 4 bait melebihi batas 3 bait", p.display())
        );
    }

    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("project.json");
        fifo(&p);
        let e = read(&p, 1 << 20, Links::Follow).expect_err("fifo");
        assert_eq!(e.refusal, Refusal::NotRegular("a named pipe (FIFO)"));
        assert!(e.to_string().contains("named pipe"), "{e}");
    }

    #[test]
    fn devices_and_links_to_them_are_refused() {
        let dev = Path::new("/dev/zero");
        let e = read(dev, 1 << 20, Links::Follow).expect_err("device");
        assert_eq!(e.refusal, Refusal::NotRegular("a character device"));
        let dir = tempfile::tempdir().expect("tmp");
        let link = dir.path().join("codebook.json");
        symlink(dev, &link).expect("link");
        let e = read(&link, 1 << 20, Links::Follow).expect_err("link to device");
        assert_eq!(e.refusal, Refusal::NotRegular("a character device"));
        let e = read(&link, 1 << 20, Links::Refuse).expect_err("a link");
        assert_eq!(e.refusal, Refusal::Link);
        let e = read(&link, 1 << 20, Links::Inside(dir.path())).expect_err("outside");
        assert_eq!(e.refusal, Refusal::Outside(PathBuf::from("/dev/zero")));
        let folder = read(dir.path(), 1 << 20, Links::Follow).expect_err("folder");
        assert_eq!(folder.refusal, Refusal::NotRegular("a folder"));
        let shown = folder.message_in(Lang::Id);
        assert!(
            shown.starts_with(&dir.path().display().to_string()),
            "{shown}"
        );
        assert!(
            shown.ends_with(
                "adalah sebuah folder, bukan berkas biasa; tandai hanya membaca berkas biasa"
            ),
            "{shown}"
        );
    }

    #[test]
    fn links_inside_the_folder_are_followed_outside_refused() {
        let outer = tempfile::tempdir().expect("tmp");
        let root = outer.path().join("project");
        std::fs::create_dir(&root).expect("mkdir");
        std::fs::write(root.join("a.txt"), b"dalam").expect("write");
        std::fs::write(outer.path().join("secret.txt"), b"luar").expect("write");
        symlink("a.txt", root.join("b.txt")).expect("link");
        symlink("../secret.txt", root.join("c.txt")).expect("link");
        let inside = Links::Inside(&root);
        assert_eq!(read(&root.join("b.txt"), 99, inside).expect("in"), b"dalam");
        let e = read(&root.join("c.txt"), 99, inside).expect_err("out");
        assert!(matches!(e.refusal, Refusal::Outside(_)), "{e}");
        assert!(e.reason().contains("--follow-links"), "{e}");
        assert_eq!(
            read(&root.join("c.txt"), 99, Links::Follow).expect("followed"),
            b"luar"
        );
    }

    #[test]
    fn loops_and_broken_links_say_so() {
        let dir = tempfile::tempdir().expect("tmp");
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        symlink(&b, &a).expect("link");
        symlink(&a, &b).expect("link");
        let inside = Links::Inside(dir.path());
        assert_eq!(
            read(&a, 9, inside).expect_err("loop").refusal,
            Refusal::Loop
        );
        assert_eq!(
            read(&a, 9, Links::Follow).expect_err("loop").refusal,
            Refusal::Loop
        );
        let gone = dir.path().join("gone.txt");
        symlink(dir.path().join("nothing"), &gone).expect("link");
        assert_eq!(
            read(&gone, 9, inside).expect_err("broken").refusal,
            Refusal::Broken
        );
        assert_eq!(
            read(&gone, 9, Links::Follow).expect_err("broken").refusal,
            Refusal::Broken
        );
        assert!(
            read(&dir.path().join("none.txt"), 9, inside)
                .expect_err("missing")
                .is_not_found()
        );
    }
}
