//! `-o FILE` never replaces the project's own files, and replaces another existing
//! file only with `--force` (issue 13 item 2, RELIABILITY C5). Every command with
//! `-o` is tried.

mod common;

use common::tmux::{bin, copy_sample};
use std::path::Path;
use std::process::Command;

fn run(args: &[&str], cwd: &Path) -> (i32, String) {
    let out = Command::new(bin())
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The commands that take `-o`, each with the arguments before it.
const WRITERS: [&[&str]; 5] = [
    &["export", ".", "--format", "csv"],
    &["export", ".", "--format", "qdpx"],
    &["report", ".", "--format", "md"],
    &["codebook", "export", ".", "--format", "json"],
    &["codebook", "export", ".", "--format", "qdc"],
];

/// The sample project with a sidecar, a lock and a conflict copy, as coding leaves
/// them.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("p");
    std::fs::create_dir(&p).expect("mkdir");
    copy_sample(&p);
    let sidecar = r#"{"format":"tandai-sidecar","version":1,"document":"informan-a.txt","document_fingerprint":"sha256:00","coder":"ana","paragraphs":[]}"#;
    std::fs::write(p.join("informan-a.txt.ana.tandai.json"), sidecar).expect("write");
    std::fs::write(
        p.join("informan-a.txt.ana.tandai.lock"),
        "ana@host (pid 1)\n",
    )
    .expect("w");
    std::fs::write(
        p.join("informan-a.txt.ana.tandai.conflict-20260101-000000.json"),
        sidecar,
    )
    .expect("write");
    std::fs::create_dir(p.join("sub")).expect("mkdir");
    dir
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn project_files_are_never_written_even_with_force() {
    let dir = project();
    let p = dir.path().join("p");
    std::os::unix::fs::symlink(p.join("informan-b.txt"), dir.path().join("b-link.csv"))
        .expect("link");
    let before = snapshot(&p);
    let targets = [
        "informan-a.txt",
        "informant-d.md",
        "codebook.json",
        "project.json",
        "informan-a.txt.ana.tandai.json",
        "informan-a.txt.ana.tandai.lock",
        "informan-a.txt.ana.tandai.conflict-20260101-000000.json",
        "sub/../codebook.json",
        "../p/informan-c.txt",
        "../b-link.csv",
    ];
    for writer in WRITERS {
        for target in targets {
            for force in [false, true] {
                let mut args = writer.to_vec();
                args.extend(["-o", target]);
                if force {
                    args.push("--force");
                }
                let (code, err) = run(&args, &p);
                assert_eq!(code, 1, "{args:?} was allowed: {err}");
                assert!(err.contains("own files"), "{args:?}: {err}");
                assert!(!err.contains("wrote"), "{args:?}: {err}");
            }
        }
    }
    assert_eq!(snapshot(&p), before, "no file of the project changed");
}

#[test]
fn another_existing_file_needs_force() {
    let dir = project();
    let p = dir.path().join("p");
    for writer in WRITERS {
        let out = dir.path().join("hasil.out");
        std::fs::write(&out, "keep me").expect("write");
        let mut args = writer.to_vec();
        args.extend(["-o", "../hasil.out"]);
        let (code, err) = run(&args, &p);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains("exists; pass --force"), "{args:?}: {err}");
        assert_eq!(std::fs::read(&out).expect("read"), b"keep me");
        args.push("--force");
        let (code, err) = run(&args, &p);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(err.contains("wrote ../hasil.out"), "{args:?}: {err}");
        assert_ne!(std::fs::read(&out).expect("read"), b"keep me");
        // A new file in the project folder (not one of its own) is fine.
        let mut args = writer.to_vec();
        args.extend(["-o", "hasil-baru.out"]);
        let (code, err) = run(&args, &p);
        assert_eq!(code, 0, "{args:?}: {err}");
        std::fs::remove_file(p.join("hasil-baru.out")).expect("rm");
    }
    let (code, err) = run(&["report", ".", "--force"], &p);
    assert_eq!(code, 2, "--force without -o is a usage error: {err}");
}
