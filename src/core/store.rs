//! Writing files so that a crash never leaves a half-written one (RELIABILITY S1).
//!
//! A temp file is created exclusively in the same directory (mode 0600), the whole
//! content is written and synced, the temp file is renamed over the target, and the
//! directory is synced. The target is never opened for writing, so it holds either the
//! old or the new content. If any step fails the temp file is removed and the error
//! says which step.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The marker in tandai's temp file names: `<target>.tmp-<pid>-<n>`.
pub const TEMP_MARK: &str = ".tmp-";

static COUNTER: AtomicU64 = AtomicU64::new(0);

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
    fn describe(self) -> &'static str {
        match self {
            Step::Create => "creating the temp file",
            Step::Write => "writing",
            Step::Sync => "syncing to disk",
            Step::Rename => "renaming over the old file",
            Step::SyncDir => "syncing the folder",
        }
    }
}

/// Writes `bytes` to `target` atomically (see the module doc).
pub fn atomic_write(target: &Path, bytes: &[u8]) -> Result<(), String> {
    atomic_write_with(target, bytes, |_| Ok(()))
}

/// [`atomic_write`] with a hook called before each step; an error from the hook
/// fails that step. Tests use it to inject faults.
pub fn atomic_write_with(
    target: &Path,
    bytes: &[u8],
    mut before: impl FnMut(Step) -> std::io::Result<()>,
) -> Result<(), String> {
    refuse_non_regular(target)?;
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = temp_path(target);
    let fail = |step: Step, e: std::io::Error| {
        format!(
            "{}: {} failed: {}",
            target.display(),
            step.describe(),
            short_io(&e)
        )
    };
    before(Step::Create).map_err(|e| fail(Step::Create, e))?;
    let mut file = create_private(&temp).map_err(|e| fail(Step::Create, e))?;
    let result = (|| {
        before(Step::Write).map_err(|e| (Step::Write, e))?;
        file.write_all(bytes).map_err(|e| (Step::Write, e))?;
        before(Step::Sync).map_err(|e| (Step::Sync, e))?;
        file.sync_all().map_err(|e| (Step::Sync, e))?;
        before(Step::Rename).map_err(|e| (Step::Rename, e))?;
        fs::rename(&temp, target).map_err(|e| (Step::Rename, e))
    })();
    if let Err((step, e)) = result {
        drop(file);
        let _ = fs::remove_file(&temp);
        return Err(fail(step, e));
    }
    before(Step::SyncDir)
        .and_then(|()| File::open(dir)?.sync_all())
        .map_err(|e| fail(Step::SyncDir, e))
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
        Ok(m) if m.file_type().is_symlink() => Err(format!(
            "{}: is a symbolic link; tandai does not write through links",
            target.display()
        )),
        Ok(m) if !m.is_file() => Err(format!(
            "{}: is not a regular file; refusing to replace it",
            target.display()
        )),
        _ => Ok(()),
    }
}

fn temp_path(target: &Path) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(format!("{TEMP_MARK}{}-{n}", std::process::id()));
    target.with_file_name(name)
}

/// An I/O error without the "(os error N)" noise.
pub fn short_io(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_and_replaces_with_0600() {
        let dir = tempfile::tempdir().expect("tmp");
        let target = dir.path().join("a.txt.ana.tandai.json");
        atomic_write(&target, b"one").expect("first");
        atomic_write(&target, b"two").expect("second");
        assert_eq!(fs::read(&target).expect("read"), b"two");
        assert_eq!(
            fs::metadata(&target).expect("meta").permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(listing(dir.path()), ["a.txt.ana.tandai.json"]);
    }

    #[test]
    fn every_injected_fault_keeps_the_old_file_and_no_temp() {
        for step in [Step::Create, Step::Write, Step::Sync, Step::Rename] {
            let dir = tempfile::tempdir().expect("tmp");
            let target = dir.path().join("s.json");
            atomic_write(&target, b"old").expect("old");
            let err = atomic_write_with(&target, b"new", |s| {
                if s == step {
                    Err(std::io::Error::other("injected"))
                } else {
                    Ok(())
                }
            })
            .expect_err("must fail");
            assert!(err.contains("injected"), "{err}");
            assert!(err.contains(step.describe()), "{err}");
            assert_eq!(fs::read(&target).expect("read"), b"old", "{step:?}");
            assert_eq!(listing(dir.path()), ["s.json"], "{step:?}");
        }
    }

    #[test]
    fn refuses_symlinks_and_leaves_the_target_alone() {
        let dir = tempfile::tempdir().expect("tmp");
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep").expect("write");
        let link = dir.path().join("s.json");
        std::os::unix::fs::symlink(&victim, &link).expect("link");
        let err = atomic_write(&link, b"x").expect_err("refused");
        assert!(err.contains("symbolic link"));
        assert_eq!(fs::read(&victim).expect("read"), b"keep");
        fs::create_dir(dir.path().join("d")).expect("mkdir");
        assert!(
            atomic_write(&dir.path().join("d"), b"x")
                .expect_err("dir")
                .contains("not a regular file")
        );
    }
}

/// Removes temp files that an interrupted save of tandai's left in `dir` (RELIABILITY
/// S3): names `<file>.tmp-<pid>-<n>` where `<file>` is a sidecar or the codebook and
/// process `<pid>` is no longer running. Anything else, however similar, is left alone.
/// Returns the files removed.
pub fn remove_stray_temps(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = stray_temp_pid(&name) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file
            && pid != std::process::id()
            && !process_alive(pid)
            && fs::remove_file(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    removed
}

/// The pid in a name of tandai's temp-file pattern, if it is one.
fn stray_temp_pid(name: &str) -> Option<u32> {
    let (base, tail) = name.rsplit_once(TEMP_MARK)?;
    if !(base.ends_with(crate::core::sidecar::SUFFIX)
        || base == "codebook.json"
        || base == "config.toml"
        || base == "positions.json")
    {
        return None;
    }
    let (pid, n) = tail.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n))
        .then(|| pid.parse().ok())
        .flatten()
}

/// Whether a process with this pid exists. Without /proc nothing is known, so every
/// process counts as alive and nothing is removed.
fn process_alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod stray_tests {
    use super::*;

    #[test]
    fn removes_only_dead_tandai_temps() {
        let dir = tempfile::tempdir().expect("tmp");
        let dead = 4_194_303; // above the default pid_max: never a live process
        let mine = std::process::id();
        let names = [
            format!("a.txt.ana.tandai.json.tmp-{dead}-0"),
            format!("codebook.json.tmp-{dead}-3"),
            format!("a.txt.ana.tandai.json.tmp-{mine}-1"),
            "a.txt.ana.tandai.json.tmp-notes".to_owned(),
            format!("other.json.tmp-{dead}-0"),
            format!("a.txt.ana.tandai.json.tmp-{dead}-x"),
        ];
        for n in &names {
            fs::write(dir.path().join(n), b"x").expect("write");
        }
        let removed = remove_stray_temps(dir.path());
        assert_eq!(removed.len(), 2, "{removed:?}");
        for (i, n) in names.iter().enumerate() {
            assert_eq!(dir.path().join(n).exists(), i >= 2, "{n}");
        }
    }
}
