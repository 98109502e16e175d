//! The audit trail: every coding action, appended as one JSON line to a log per coder
//! in the project (`tandai-log/<coder>.jsonl`), so the history of a thesis's coding
//! can be shown, committed and examined. The format is in `docs/audit-log.md`.
//!
//! Lines are written by the saver, before the sidecar they belong to, and synced:
//! a crash that the sidecar survives never loses a line of the log.

use crate::i18n::fill;
use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The folder of the logs, in the project folder.
pub const LOG_DIR: &str = "tandai-log";

/// One action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When, in UTC, to the millisecond (`2026-11-30T16:26:38.250Z`).
    pub time: String,
    /// Whose coding changed (the sidecar written).
    pub coder: String,
    /// Who acted, when not that coder (a coder settling disagreements into the
    /// consensus coder's sidecars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The document's file name.
    pub document: String,
    /// Paragraph number from 1; absent for an action on the whole document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// What was done: `code`, `uncode`, `memo`, `document-memo`, `undo`, `redo`,
    /// `merge`, `adjudicate`, `finish`, `unfinish`, `review`, `load-version`.
    pub action: String,
    /// The paragraph's codes before and after, for actions that change codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Vec<String>>,
    /// The memo after the action, for memo actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memo: Option<String>,
    /// What was done, in words, for actions without codes or a memo (a review).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Entry {
    /// The entry as one line of JSON with its newline.
    pub fn to_line(&self) -> Vec<u8> {
        let mut line = serde_json::to_vec(self).unwrap_or_default();
        line.push(b'\n');
        line
    }
}

/// The log file of `coder` in the project folder `root`.
pub fn log_path(root: &Path, coder: &str) -> PathBuf {
    root.join(LOG_DIR).join(format!("{coder}.jsonl"))
}

/// Appends `lines` (whole lines, each ending in a newline) to the log at `path` and
/// syncs it. Creates the folder and the file as needed (following the umask, so the
/// team can read it). A log whose last line was cut off by a crash gets a newline
/// first, so the new lines stay whole. Refuses a log that is a link or not a file.
pub fn append(path: &Path, lines: &[u8]) -> Result<(), String> {
    if lines.is_empty() {
        return Ok(());
    }
    let shown = path.display();
    let io = |e: std::io::Error| format!("{shown}: {}", crate::core::coding::store::short_io(&e));
    if let Some(dir) = path.parent() {
        // The logs stay in the project: a `tandai-log` that is a link is refused.
        if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(fill(words().core_audit_link, &[("path", &dir.display())]));
        }
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .custom_flags(no_follow_no_block())
        .open(path)
        .map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(fill(words().core_audit_not_regular, &[("path", &shown)]));
    }
    let before = meta.len();
    let written = (|| {
        if before > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::End(-1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        file.write_all(lines)?;
        file.sync_data()
    })();
    if let Err(e) = written {
        // A full disk may have taken part of a line: cut it off again, so that the
        // log stays whole lines and the lines are written again later.
        let _ = file.set_len(before);
        return Err(io(e));
    }
    Ok(())
}

/// `O_NOFOLLOW | O_NONBLOCK`: a link is refused, and a FIFO never blocks the open.
fn no_follow_no_block() -> i32 {
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    i32::try_from(flags.bits()).unwrap_or(0)
}

/// Where the lines wait that could not be appended to `log` (a full disk, a folder
/// tandai may not write): a file of tandai's own state folder `dir`, written whole
/// each time (private, synced), beside a `.path` file naming the log.
pub fn aside_path(dir: &Path, log: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(log.as_os_str().as_encoded_bytes());
    let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    dir.join(format!("audit-{name}.jsonl"))
}

/// Keeps `lines` (every line still waiting for `log`) in tandai's state folder `dir`.
pub fn keep_aside(dir: &Path, log: &Path, lines: &[u8]) -> Result<(), String> {
    use crate::core::coding::store::{Perms, atomic_write, create_private_dir};
    create_private_dir(dir).map_err(|e| format!("{}: {}", dir.display(), e))?;
    let aside = aside_path(dir, log);
    atomic_write(
        &aside.with_extension("path"),
        log.as_os_str().as_encoded_bytes(),
        Perms::Private,
    )?;
    atomic_write(&aside, lines, Perms::Private)
}

/// The lines for `log` are in it now: nothing waits aside any more.
pub fn clear_aside(dir: &Path, log: &Path) {
    let aside = aside_path(dir, log);
    let _ = std::fs::remove_file(aside.with_extension("path"));
    let _ = std::fs::remove_file(aside);
}

/// Appends to the logs of the project folder `root` the lines an earlier session
/// kept aside in `dir` (lines already in the log are not written twice), and says
/// what it did.
pub fn restore_aside(dir: &Path, root: &Path) -> Vec<String> {
    use crate::core::documents::fsread::{Links, read};
    let mut notes = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return notes;
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "path") {
            continue;
        }
        let Ok(named) = read(&path, 4096, Links::Refuse) else {
            continue;
        };
        let log = PathBuf::from(String::from_utf8_lossy(&named).into_owned());
        let in_project = log
            .parent()
            .and_then(Path::parent)
            .and_then(|p| std::fs::canonicalize(p).ok())
            .is_some_and(|p| p == root);
        if !in_project {
            continue;
        }
        let Ok(lines) = read(&path.with_extension("jsonl"), 256 << 20, Links::Refuse) else {
            continue;
        };
        let have: std::collections::HashSet<Vec<u8>> = read(&log, 256 << 20, Links::Refuse)
            .unwrap_or_default()
            .split(|&b| b == b'\n')
            .map(<[u8]>::to_vec)
            .collect();
        let missing: Vec<u8> = lines
            .split_inclusive(|&b| b == b'\n')
            .filter(|l| !have.contains(l.strip_suffix(b"\n").unwrap_or(l)))
            .flatten()
            .copied()
            .collect();
        match append(&log, &missing) {
            Ok(()) => {
                clear_aside(dir, &log);
                let n = missing
                    .split(|&b| b == b'\n')
                    .filter(|l| !l.is_empty())
                    .count();
                let t = words();
                let text = if n == 1 {
                    t.core_audit_wrote_one
                } else {
                    t.core_audit_wrote_other
                };
                notes.push(fill(text, &[("n", &n), ("path", &log.display())]));
            }
            Err(why) => notes.push(fill(
                words().core_audit_waiting,
                &[
                    ("path", &path.with_extension("jsonl").display()),
                    ("why", &why),
                ],
            )),
        }
    }
    notes
}

/// Reads a log: its entries in order, and the lines that could not be read (with
/// their line numbers).
pub fn read(bytes: &[u8], shown: &str) -> (Vec<Entry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Entry>(line) {
            Ok(e) => entries.push(e),
            Err(e) => problems.push(fill(
                words().core_audit_bad_line,
                &[("path", &shown), ("line", &(n + 1)), ("error", &e)],
            )),
        }
    }
    (entries, problems)
}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> Entry {
        Entry {
            time: "2026-11-30T16:26:38Z".into(),
            coder: "ana".into(),
            by: None,
            document: "informan-a.txt".into(),
            paragraph: Some(12),
            action: action.into(),
            before: Some(vec!["devito.contact".into()]),
            after: Some(vec!["devito.intimacy".into()]),
            memo: None,
            note: None,
        }
    }

    #[test]
    fn appends_whole_lines_and_repairs_a_cut_last_line() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = log_path(dir.path(), "ana");
        append(&path, &entry("code").to_line()).expect("first");
        append(&path, &entry("uncode").to_line()).expect("second");
        let bytes = std::fs::read(&path).expect("read");
        let (entries, problems) = read(&bytes, "log");
        assert_eq!(entries, [entry("code"), entry("uncode")]);
        assert!(problems.is_empty());
        // A crash cut the last line: the next append starts on a new line.
        std::fs::write(&path, &bytes[..bytes.len() - 10]).expect("cut");
        append(&path, &entry("memo").to_line()).expect("after the cut");
        let (entries, problems) = read(&std::fs::read(&path).expect("read"), "log");
        assert_eq!(entries, [entry("code"), entry("memo")]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("log: line 2:"), "{problems:?}");
    }

    #[test]
    fn refuses_a_linked_log_folder() {
        let dir = tempfile::tempdir().expect("tmp");
        let elsewhere = tempfile::tempdir().expect("tmp");
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(LOG_DIR)).expect("link");
        let err = append(&log_path(dir.path(), "ana"), b"x\n").expect_err("refused");
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_dir(elsewhere.path()).expect("ls").count(), 0);
    }

    #[test]
    fn lines_kept_aside_go_into_the_log_at_the_next_start_once() {
        let project = tempfile::tempdir().expect("project");
        let state = tempfile::tempdir().expect("state");
        let log = log_path(project.path(), "ana");
        append(&log, &entry("code").to_line()).expect("first");
        let mut waiting = entry("code").to_line();
        waiting.extend(entry("memo").to_line());
        keep_aside(state.path(), &log, &waiting).expect("aside");
        let other = tempfile::tempdir().expect("other project");
        assert!(
            restore_aside(state.path(), other.path()).is_empty(),
            "not this project's"
        );
        let notes = restore_aside(state.path(), project.path());
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].starts_with("Wrote 1 audit-log line an"),
            "{notes:?}"
        );
        let (entries, _) = read(&std::fs::read(&log).expect("log"), "log");
        assert_eq!(
            entries,
            [entry("code"), entry("memo")],
            "the line already there not twice"
        );
        assert!(!aside_path(state.path(), &log).exists());
    }

    #[test]
    fn refuses_a_link() {
        let dir = tempfile::tempdir().expect("tmp");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").expect("write");
        let path = log_path(dir.path(), "ana");
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::os::unix::fs::symlink(&victim, &path).expect("link");
        assert!(append(&path, b"x\n").is_err());
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep");
    }
}
