//! RELIABILITY S2: kill -9 at random moments during a burst of code toggles. Every
//! sidecar must parse and hold a state the user had, no older than the last change the
//! screen showed as saved. The default run does 20 kills; the full check is
//! `TANDAI_KILL_RUNS=1000 cargo test --release --test kill -- --nocapture`.
//! `TANDAI_KILL_DOCUMENTS=200` adds that many other documents, so that the project is
//! large and the others are read in the background while the burst is coded.

mod common;

use common::tmux::{Tmux, signal};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const PARAGRAPHS: usize = 40;

fn transcript() -> String {
    (1..=PARAGRAPHS)
        .map(|i| {
            format!(
                "{}: kalimat nomor {i}.\n\n",
                if i % 2 == 0 { "Informan" } else { "Peneliti" }
            )
        })
        .collect()
}

struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// The paragraphs coded in the sidecar (sorted), or None when there is no sidecar yet.
fn coded(path: &std::path::Path) -> Option<Vec<u64>> {
    let bytes = std::fs::read(path).ok()?;
    let file =
        tandai::core::coding::sidecar::SidecarFile::parse(&bytes, "kill").unwrap_or_else(|e| {
            panic!(
                "sidecar does not parse after kill -9: {e}\n{}",
                String::from_utf8_lossy(&bytes)
            )
        });
    for p in &file.paragraphs {
        assert_eq!(p.codes, ["devito.contact"], "only the toggled code");
    }
    Some(file.paragraphs.iter().map(|p| p.paragraph as u64).collect())
}

/// Coverage shown for the document and whether the screen says saved.
fn shown(screen: &str) -> (u64, bool) {
    let count = screen
        .lines()
        .find(|l| l.contains("doc.txt"))
        .and_then(|l| {
            l.split_whitespace()
                .find(|w| w.ends_with(&format!("/{PARAGRAPHS}")))
        })
        .and_then(|w| w.split('/').next())
        .and_then(|n| n.trim_start_matches('│').parse().ok())
        .unwrap_or(0);
    (count, screen.contains("✓ saved"))
}

#[test]
fn kill_9_during_a_burst_never_leaves_a_torn_or_older_sidecar() {
    let runs: usize = std::env::var("TANDAI_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut rng = Rng(seed);
    let others: usize = std::env::var("TANDAI_KILL_DOCUMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let (mut strays, mut empty, mut partial) = (0, 0, 0);
    for run in 0..runs {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("doc.txt"), transcript()).expect("write");
        for i in 0..others {
            std::fs::write(dir.path().join(format!("zz-{i:04}.txt")), transcript()).expect("write");
        }
        let t = Tmux::start(
            &[
                dir.path().to_str().expect("utf8"),
                "--coder",
                "k",
                "--pack",
                "devito",
            ],
            80,
            24,
        );
        t.wait_text("doc.txt");
        let pid = t.pid();
        let toggles = 1 + rng.next(PARAGRAPHS as u64 - 1) as usize;
        let burst: Vec<&str> = std::iter::repeat_n(["1", "j"], toggles).flatten().collect();
        t.send_burst(&burst);
        std::thread::sleep(Duration::from_micros(rng.next(40_000)));
        let (seen, saved) = shown(&t.screen());
        signal(pid, "KILL");
        assert_eq!(t.exit_status(), 137, "run {run}");
        let sidecar = dir.path().join("doc.txt.k.tandai.json");
        let got = coded(&sidecar);
        let m = got.as_ref().map_or(0, Vec::len) as u64;
        if let Some(p) = &got {
            let prefix: Vec<u64> = (1..=m).collect();
            assert_eq!(
                p, &prefix,
                "run {run}: the sidecar holds a state the user had (a prefix of the burst)"
            );
        }
        assert!(
            m <= toggles as u64,
            "run {run}: never more than was pressed"
        );
        if saved {
            assert!(
                m >= seen,
                "run {run}: screen showed {seen} saved, disk has {m}"
            );
        }
        if m == 0 {
            empty += 1;
        } else if m < toggles as u64 {
            partial += 1;
        }
        strays += common::temp_files(dir.path());
        if run == runs - 1 || strays > 0 {
            // A new start cleans up what a kill mid-save left.
            let again = Tmux::start(
                &[dir.path().to_str().expect("utf8"), "--coder", "k"],
                80,
                24,
            );
            again.wait_text("doc.txt");
            let left = common::temp_files(dir.path());
            assert_eq!(
                left, 0,
                "run {run}: stray temp files removed on the next start"
            );
            // With no other writer, every swap file holds tandai's own content.
            let kept = std::fs::read_dir(dir.path())
                .expect("dir")
                .filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("tandai-kept-"))
                })
                .count();
            assert_eq!(
                kept, 0,
                "run {run}: nothing kept as another writer's version"
            );
        }
    }
    println!(
        "kill -9 runs: {runs}; killed before any save: {empty}; killed mid-burst: {partial}; stray temp files left by kills (then removed): {strays}; seed {seed}"
    );
}
