//! `tandai log --since`: the time as `tandai log` prints it (`2026-11-30 18:15`) means
//! what it says, and a time that is not one is refused, not matched as text.

mod common;

use std::process::Command;

fn log(dir: &std::path::Path, since: &str) -> (i32, String, String) {
    let out = Command::new(common::tmux::BIN)
        .env("LC_ALL", "C.UTF-8")
        .arg("log")
        .arg(dir)
        .args(["--since", since])
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn since_takes_the_printed_time_and_refuses_what_is_not_a_time() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir(dir.path().join("tandai-log")).expect("mkdir");
    let line = |time: &str, p: usize| {
        format!(
            r#"{{"time":"{time}","coder":"ana","document":"a.txt","paragraph":{p},"action":"finish"}}"#
        )
    };
    let text = format!(
        "{}\n{}\n",
        line("2026-11-30T18:00:00.000Z", 1),
        line("2026-11-30T18:30:00.000Z", 2)
    );
    std::fs::write(dir.path().join("tandai-log/ana.jsonl"), text).expect("write");
    for since in [
        "2026-11-30 18:15",
        "2026-11-30T18:15",
        "2026-11-30 18:30:00",
    ] {
        let (code, out, err) = log(dir.path(), since);
        assert_eq!(code, 0, "{since}: {err}");
        assert_eq!(out.lines().count(), 1, "{since}: {out}");
        assert!(out.contains("18:30:00"), "{since}: {out}");
    }
    let (code, out, _) = log(dir.path(), "2026-11");
    assert_eq!((code, out.lines().count()), (0, 2));
    for bad in ["garbage", "30-11-2026", "2026-11-30 6pm"] {
        let (code, out, err) = log(dir.path(), bad);
        assert_eq!(code, 2, "{bad}: {out}");
        assert!(err.contains("--since"), "{bad}: {err}");
    }
}
