//! Cleaning up after a save that was killed half-way (RELIABILITY S3).
//!
//! Only tandai's own names, only of processes that are gone:
//! - `.tandai-<pid>-<n>.tmp`: a temp file not yet in place; removed.
//! - `.tandai-<pid>-<n>-<ours>-<expected>.swp`: the swap file of an exchange. Holding
//!   `ours` (not yet exchanged) or `expected` (exchanged out, tandai's own old
//!   version), it is removed. Holding anything else, it is another writer's version
//!   that the exchange took out just before the kill: it is kept, renamed to a visible
//!   `tandai-kept-<pid>-<n>.json`, and reported.
//! - `<file>.tmp-<pid>-<n>`, the temp names of earlier tandai versions, for sidecars,
//!   the codebook, the config and the positions file; removed.

use super::names::{ABSENT, TEMP_PREFIX, digest};
use std::fs;
use std::path::{Path, PathBuf};

/// Largest swap file whose content is checked; a bigger one is kept, not removed.
const MAX_SWAP_BYTES: u64 = 256 * 1024 * 1024;

/// What [`remove_stray_temps`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Strays {
    /// Temp files removed.
    pub removed: Vec<PathBuf>,
    /// Other writers' versions found in swap files, kept under these names.
    pub kept: Vec<PathBuf>,
}

/// A name of tandai's save protocol, parsed.
#[derive(Debug, PartialEq, Eq)]
enum Stray<'a> {
    Temp {
        pid: u32,
    },
    Swap {
        pid: u32,
        n: &'a str,
        ours: &'a str,
        expected: &'a str,
    },
}

/// Cleans up what interrupted saves of processes that are gone left in `dir`.
pub fn remove_stray_temps(dir: &Path) -> Strays {
    let mut out = Strays::default();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stray) = parse(&name) else { continue };
        let pid = match stray {
            Stray::Temp { pid } | Stray::Swap { pid, .. } => pid,
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !is_file || pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        match stray {
            Stray::Swap {
                n, ours, expected, ..
            } if !holds_own(&path, ours, expected) => {
                let kept = dir.join(format!("tandai-kept-{pid}-{n}.json"));
                if !kept.exists() && fs::rename(&path, &kept).is_ok() {
                    out.kept.push(kept);
                }
            }
            _ => {
                if fs::remove_file(&path).is_ok() {
                    out.removed.push(path);
                }
            }
        }
    }
    out
}

/// Whether a swap file holds tandai's own content: its new version or the one it
/// expected to replace.
fn holds_own(path: &Path, ours: &str, expected: &str) -> bool {
    super::read_regular(path, MAX_SWAP_BYTES).is_ok_and(|b| {
        let d = digest(&b);
        d == ours || (expected != ABSENT && d == expected)
    })
}

fn parse(name: &str) -> Option<Stray<'_>> {
    if let Some(rest) = name.strip_prefix(TEMP_PREFIX) {
        return parse_new(rest);
    }
    parse_old(name).map(|pid| Stray::Temp { pid })
}

/// `<pid>-<n>.tmp` or `<pid>-<n>-<ours>-<expected>.swp` (after the prefix).
fn parse_new(rest: &str) -> Option<Stray<'_>> {
    if let Some(ids) = rest.strip_suffix(".tmp") {
        let (pid, n) = ids.split_once('-')?;
        return (digits(n)).then_some(Stray::Temp { pid: pid_of(pid)? });
    }
    let parts: Vec<&str> = rest.strip_suffix(".swp")?.split('-').collect();
    let [pid, n, ours, expected] = parts.as_slice() else {
        return None;
    };
    let hex = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
    (digits(n) && hex(ours) && (hex(expected) || *expected == ABSENT)).then_some(Stray::Swap {
        pid: pid_of(pid)?,
        n,
        ours,
        expected,
    })
}

/// The pid in an earlier version's temp name `<file>.tmp-<pid>-<n>`, where `<file>` is
/// a sidecar, the codebook, the config or the positions file.
fn parse_old(name: &str) -> Option<u32> {
    let (base, tail) = name.rsplit_once(".tmp-")?;
    if !(base.ends_with(crate::core::coding::sidecar::SUFFIX)
        || base == "codebook.json"
        || base == "config.toml"
        || base == "positions.json")
    {
        return None;
    }
    let (pid, n) = tail.split_once('-')?;
    if !digits(n) {
        return None;
    }
    pid_of(pid)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn pid_of(s: &str) -> Option<u32> {
    if digits(s) { s.parse().ok() } else { None }
}

/// Whether a process with this pid exists. Without /proc nothing is known, so every
/// process counts as alive and nothing is removed.
/// Whether process `pid` runs on this machine (true when that cannot be told:
/// nothing of a live process is ever removed).
pub fn process_alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEAD: u32 = 4_194_303; // above the default pid_max: never a live process

    #[test]
    fn removes_only_dead_tandai_temps_of_both_patterns() {
        let dir = tempfile::tempdir().expect("tmp");
        let mine = std::process::id();
        let names = [
            format!("a.txt.ana.tandai.json.tmp-{DEAD}-0"),
            format!("codebook.json.tmp-{DEAD}-3"),
            format!(".tandai-{DEAD}-7.tmp"),
            format!("a.txt.ana.tandai.json.tmp-{mine}-1"),
            format!(".tandai-{mine}-2.tmp"),
            "a.txt.ana.tandai.json.tmp-notes".to_owned(),
            format!("other.json.tmp-{DEAD}-0"),
            format!("a.txt.ana.tandai.json.tmp-{DEAD}-x"),
            format!(".tandai-{DEAD}-x.tmp"),
            format!(".tandai-{DEAD}-1.tmp.bak"),
            format!("tandai-{DEAD}-1.tmp"),
        ];
        for n in &names {
            fs::write(dir.path().join(n), b"x").expect("write");
        }
        let out = remove_stray_temps(dir.path());
        assert_eq!(out.removed.len(), 3, "{out:?}");
        assert!(out.kept.is_empty());
        for (i, n) in names.iter().enumerate() {
            assert_eq!(dir.path().join(n).exists(), i >= 3, "{n}");
        }
    }

    #[test]
    fn a_swap_file_holding_another_writers_version_is_kept() {
        let dir = tempfile::tempdir().expect("tmp");
        let swap = |n: u32, expected: &str| {
            dir.path().join(format!(
                "{TEMP_PREFIX}{DEAD}-{n}-{}-{expected}.swp",
                digest(b"ours")
            ))
        };
        let old = digest(b"old");
        fs::write(swap(1, &old), b"ours").expect("not yet exchanged");
        fs::write(swap(2, &old), b"old").expect("exchanged out: tandai's own");
        fs::write(swap(3, &old), b"theirs").expect("exchanged out: another writer's");
        fs::write(swap(4, ABSENT), b"theirs").expect("exchanged out, none expected");
        let out = remove_stray_temps(dir.path());
        assert_eq!(out.removed.len(), 2, "{out:?}");
        let kept: Vec<String> = out
            .kept
            .iter()
            .map(|p| fs::read_to_string(p).expect("kept"))
            .collect();
        assert_eq!(kept, ["theirs", "theirs"]);
        assert!(out.kept.iter().all(|p| p.file_name().is_some_and(|n| {
            n.to_string_lossy()
                .starts_with(&format!("tandai-kept-{DEAD}-"))
        })));
        assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 2);
    }
}
