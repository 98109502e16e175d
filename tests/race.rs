//! RELIABILITY C2/C4: no window between the changed-on-disk check and the rename.
//!
//! An outside writer (a sync tool, a `git pull`) rewrites a sidecar every ~20 ms while
//! tandai's saver saves a coding every ~40 ms. Every outside version must end up on
//! disk, in a conflict copy, or replaced by the outside writer itself. The outside
//! writer swaps its versions in with `RENAME_EXCHANGE`, so it knows exactly which
//! versions it replaced itself. The default run lasts 2 s; a longer one:
//! `TANDAI_RACE_SECS=30 cargo test --test race -- --nocapture`. With
//! `TANDAI_RACE_RECHECK=1` the same race also runs against the fallback for file
//! systems without `RENAME_EXCHANGE` (a re-check right before a plain rename) and
//! prints what it loses: that fallback narrows the window but cannot close it.

use rustix::fs::{CWD, RenameFlags, renameat_with};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tandai::core::coding::saver::{Saver, Target};
use tandai::core::coding::store::{Perms, Rename, write_with};

/// Versions written by the outside writer and the ones it replaced itself.
#[derive(Default)]
struct Outside {
    written: BTreeSet<u64>,
    replaced_by_itself: BTreeSet<u64>,
}

/// The outside version a file's bytes hold, if any.
fn outside_version(bytes: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(bytes);
    let at = text.find("\"outside\": ")? + "\"outside\": ".len();
    text[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

fn version_bytes(who: &str, n: u64) -> Vec<u8> {
    format!(
        "{{\n  \"{who}\": {n},\n  \"padding\": \"{}\"\n}}\n",
        "x".repeat(200)
    )
    .into_bytes()
}

/// Rewrites `target` with a new version every `every` until `stop`.
fn outside_writer(target: &Path, every: Duration, stop: &AtomicBool) -> Outside {
    let mut seen = Outside::default();
    let temp = target.with_file_name("outside-writer.tmp");
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        std::fs::write(&temp, version_bytes("outside", n)).expect("outside temp");
        seen.written.insert(n);
        match renameat_with(CWD, &temp, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => {
                let out = std::fs::read(&temp).expect("exchanged out");
                if let Some(v) = outside_version(&out) {
                    seen.replaced_by_itself.insert(v);
                }
                std::fs::remove_file(&temp).expect("remove");
            }
            Err(rustix::io::Errno::NOENT) => {
                std::fs::rename(&temp, target).expect("rename");
            }
            Err(e) => panic!("exchange: {e}"),
        }
        std::thread::sleep(every);
    }
    seen
}

/// Every outside version found in `dir` (the sidecar and its conflict copies).
fn versions_in(dir: &Path) -> BTreeSet<u64> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "outside-writer.tmp")
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter_map(|b| outside_version(&b))
        .collect()
}

/// Runs the race for `secs` and returns (outside versions written, lost, conflict copies).
fn race(secs: f64, rename: Rename) -> (usize, usize, usize) {
    let dir = tempfile::tempdir().expect("tmp");
    let target: PathBuf = dir.path().join("a.txt.ana.tandai.json");
    let first = version_bytes("tandai", 0);
    std::fs::write(&target, &first).expect("first");
    let saver = Saver::with_writer(Box::new(move |path, bytes, expect| {
        write_with(path, bytes, Perms::Shared, expect, rename, |_| Ok(()))
    }));
    saver.watch(target.clone(), Some(first));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (target, stop) = (target.clone(), Arc::clone(&stop));
        std::thread::spawn(move || outside_writer(&target, Duration::from_millis(20), &stop))
    };
    let start = Instant::now();
    let mut generation = 0;
    while start.elapsed().as_secs_f64() < secs {
        generation += 1;
        saver.submit(
            target.clone(),
            Target::Sidecar(0),
            generation,
            version_bytes("tandai", generation),
        );
        std::thread::sleep(Duration::from_millis(40));
    }
    stop.store(true, Ordering::Relaxed);
    let outside = writer.join().expect("writer");
    assert!(saver.flusher().flush(Duration::from_secs(30)));
    for o in saver.outcomes() {
        assert!(o.result.is_ok(), "{o:?}");
    }
    let kept = versions_in(dir.path());
    let lost: Vec<u64> = outside
        .written
        .iter()
        .filter(|v| !kept.contains(v) && !outside.replaced_by_itself.contains(v))
        .copied()
        .collect();
    let copies = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().contains(".conflict-"))
        })
        .count();
    (outside.written.len(), lost.len(), copies)
}

#[test]
fn no_outside_version_vanishes_while_tandai_saves() {
    let secs: f64 = std::env::var("TANDAI_RACE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2.0);
    if std::env::var_os("TANDAI_RACE_RECHECK").is_some() {
        let (written, lost, copies) = race(secs, Rename::Recheck);
        println!(
            "fallback (re-check, then plain rename) for {secs} s: {written} outside versions written, {lost} lost, {copies} conflict copies"
        );
    }
    let (written, lost, copies) = race(secs, Rename::Atomic);
    println!(
        "race for {secs} s: {written} outside versions written, {lost} lost, {copies} conflict copies"
    );
    assert_eq!(lost, 0, "{lost} of {written} outside versions vanished");
}
