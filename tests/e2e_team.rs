//! Settling disagreements in a real terminal (tmux, 80x24): the agreement view, the
//! queue, a decision that lands in the consensus coder's sidecar, and undo.

mod common;

use common::tmux::{Tmux, sample_copy};
use std::path::Path;
use std::time::{Duration, Instant};
use tandai::core::coding::sidecar::SidecarFile;

/// Codes informan-a.txt as `coder` through the app's own update, finishes it, and
/// writes the sidecar as the coding screen would.
fn code(dir: &Path, coder: &str, codings: &[(usize, &str)]) {
    let mut state = common::state_in(dir, coder);
    for &(para, id) in codings {
        state.go_to(0, para - 1);
        common::toggle(&mut state, id);
    }
    tandai::app::update(&mut state, tandai::app::Action::FinishDocument);
    std::fs::write(
        state.sidecar_path(0),
        state.sidecar_bytes(0).expect("bytes"),
    )
    .expect("write sidecar");
}

/// The consensus codes on paragraph `n`, once the file holds `want` there (the saver
/// writes in the background), or what it holds after 10 s.
fn consensus_at(dir: &Path, n: usize, want: Option<&[&str]>) -> Option<Vec<String>> {
    let path = dir.join("informan-a.txt.consensus.tandai.json");
    let start = Instant::now();
    loop {
        let now = std::fs::read(&path).ok().and_then(|b| {
            let f = SidecarFile::parse(&b, "consensus").expect("parses");
            f.paragraphs
                .iter()
                .find(|e| e.paragraph == n)
                .map(|e| e.codes.clone())
        });
        let matches = match (&now, want) {
            (Some(c), Some(w)) => c.iter().map(String::as_str).eq(w.iter().copied()),
            (None, None) => true,
            _ => false,
        };
        if matches || start.elapsed() > Duration::from_secs(10) {
            return now;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn disagreements_are_shown_settled_into_the_consensus_sidecar_and_undone() {
    let dir = sample_copy();
    code(
        dir.path(),
        "budi",
        &[(12, "devito.contact"), (13, "devito.involvement")],
    );
    code(
        dir.path(),
        "ana",
        &[(12, "devito.contact"), (13, "devito.intimacy")],
    );
    let t = Tmux::start(
        &[dir.path().to_str().expect("utf8"), "--coder", "ana"],
        80,
        24,
    );
    t.wait_text("informan-a");
    t.keys(&["A"]);
    let s = t.wait_text("Agreement · ana vs budi");
    assert!(s.contains("Contact") && s.contains("Cohen"), "{s}");
    t.keys(&["Enter"]);
    let s = t.wait_text("0 of 1 settled");
    assert!(s.contains("a: ana") && s.contains("b: budi"), "{s}");
    assert!(s.contains("Intimacy") && s.contains("Involvement"), "{s}");
    t.keys(&["b"]);
    t.wait_text("1 of 1 settled");
    assert_eq!(
        consensus_at(dir.path(), 13, Some(&["devito.involvement"])),
        Some(vec!["devito.involvement".to_string()])
    );
    t.keys(&["u"]);
    t.wait_text("Undone: consensus");
    assert_eq!(
        consensus_at(dir.path(), 13, None),
        None,
        "undo took it back"
    );
    t.keys(&["x"]);
    t.wait_text("settled with none of the codes");
    assert_eq!(consensus_at(dir.path(), 13, Some(&[])), Some(vec![]));
    t.keys(&["Escape"]);
    t.wait_text("Agreement · ana vs budi");
    t.keys(&["q"]);
    // Back on the coding screen (at 80 columns its documents pane hides itself).
    t.wait_text("┌Codebook");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    assert!(
        !dir.path().join(".tandai/locks/consensus.lock").exists(),
        "the consensus lock is removed at exit"
    );
}

#[test]
fn retest_draws_a_sample_codes_it_blind_and_agree_compares_only_it() {
    let dir = sample_copy();
    let d = dir.path().to_str().expect("utf8");
    code(
        dir.path(),
        "ana",
        &[
            (3, "devito.contact"),
            (5, "devito.contact"),
            (9, "devito.involvement"),
            (12, "devito.intimacy"),
        ],
    );
    let bin = common::tmux::bin();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(&bin)
            .env("LC_ALL", "C.UTF-8")
            .args(args)
            .output()
            .expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code_, _, err) = run(&["retest", d, "--coder", "ana"]);
    assert_eq!(code_, 1);
    assert!(
        err.contains("--sample N: how many of your 4 coded paragraphs"),
        "{err}"
    );
    let t = Tmux::start(
        &[
            "retest", d, "--coder", "ana", "--sample", "2", "--seed", "7",
        ],
        80,
        24,
    );
    let s = t.wait_text("retest 1/2, 0 coded");
    assert!(s.contains("ana-retest"), "{s}");
    let sample: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("tandai-retest/ana.json")).expect("sample kept"),
    )
    .expect("json");
    assert_eq!(sample["seed"], 7);
    assert_eq!(sample["population"], 4);
    let units: Vec<u64> = sample["paragraphs"]
        .as_array()
        .expect("list")
        .iter()
        .map(|u| u["paragraph"].as_u64().expect("n"))
        .collect();
    assert_eq!(units.len(), 2);
    // Code the first sampled paragraph with Contact (key 1), the second with Repair.
    t.keys(&["1", "j"]);
    t.wait_text("retest 2/2, 1 coded");
    t.keys(&["5"]);
    t.wait_text("retest 2/2, 2 coded");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    // Going on with the kept sample: a different --sample is said to be unused.
    let (_, _, err) = run(&["retest", d, "--coder", "ana", "--sample", "3"]);
    assert!(
        err.contains("going on with the retest sample of 2 paragraphs")
            && err.contains("--sample and --seed are used only when a sample is drawn"),
        "{err}"
    );
    let (code_, out, err) = run(&["agree", d, "--coders", "ana,ana-retest", "--format", "json"]);
    assert_eq!(code_, 0, "{err}");
    assert!(err.contains("only the 2 paragraphs of the sample"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let contact = v["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .find(|c| c["code"] == "devito.contact")
        .expect("contact");
    assert_eq!(contact["units"], 2, "{contact}");
    // A second run goes on with the same sample.
    let t = Tmux::start(&["retest", d, "--coder", "ana"], 80, 24);
    t.wait_text("retest 1/2, 2 coded");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}
