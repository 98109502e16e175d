//! Symbolic links among the transcripts (issue 13 item 11): a link to a file outside
//! the project is listed as unreadable with the reason, never read, coded or
//! exported, unless `--follow-links`; a link inside the project is followed.

mod common;

use common::tmux::{Tmux, bin, copy_sample};
use std::io::Read;
use std::path::Path;
use std::process::Command;

const SECRET: &str = "root:x:0:0:rahasia di luar proyek:/root:/bin/sh\n";

/// The sample project in `p/`, with `passwd.txt` linking to a file beside `p/` and
/// `salinan.txt` linking to a transcript inside it.
fn project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("p");
    std::fs::create_dir(&p).expect("mkdir");
    copy_sample(&p);
    std::fs::write(dir.path().join("passwd"), SECRET).expect("write");
    std::os::unix::fs::symlink("../passwd", p.join("passwd.txt")).expect("link");
    std::os::unix::fs::symlink("informan-a.txt", p.join("salinan.txt")).expect("link");
    (dir, p)
}

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

/// Every text in a .qdpx archive, joined.
fn archive_text(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("archive");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        entry.read_to_string(&mut all).expect("text");
    }
    all
}

#[test]
fn a_link_out_of_the_project_is_listed_unreadable_and_never_exported() {
    let (dir, p) = project();
    let project = tandai::core::project::Project::open(&p).expect("opens");
    let doc = |name: &str| project.documents.iter().find(|d| d.name == name);
    let why = doc("passwd.txt").expect("listed").content.as_ref();
    let why = why.expect_err("not read");
    assert!(why.contains("outside the project folder"), "{why}");
    assert!(why.contains("--follow-links"), "{why}");
    let inside = doc("salinan.txt").expect("listed").content.as_ref();
    assert!(inside.is_ok(), "a link inside the project is followed");
    let out = dir.path().join("x.qdpx");
    let (code, err) = run(&["export", ".", "--format", "qdpx", "-o", "../x.qdpx"], &p);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("passwd.txt: is a symbolic link"),
        "said, not silent: {err}"
    );
    for args in [["check", "."], ["report", "."]] {
        let (code, err) = run(&args, &p);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            err.contains("not read") && err.contains("passwd.txt"),
            "{args:?}: {err}"
        );
    }
    assert!(
        !archive_text(&out).contains("rahasia"),
        "the outside file was exported"
    );
    let (code, err) = run(
        &[
            "export",
            ".",
            "--format",
            "qdpx",
            "-o",
            "../y.qdpx",
            "--follow-links",
        ],
        &p,
    );
    assert_eq!(code, 0, "{err}");
    let followed = archive_text(&dir.path().join("y.qdpx"));
    assert!(followed.contains("rahasia"), "--follow-links reads it");
}

#[test]
fn the_coding_screen_says_why_and_follows_links_when_asked() {
    let (_dir, p) = project();
    let path = p.to_str().expect("utf8");
    let t = Tmux::start(&[path, "--coder", "ana"], 120, 30);
    t.wait_text("informan-a");
    // passwd.txt sorts after the informan files: go to it with ].
    t.keys(&["]", "]", "]", "]"]);
    let s = t.wait_text("outside the project");
    // The document list is the first pane of each line.
    let listed = s
        .lines()
        .filter(|l| l.starts_with("│"))
        .filter_map(|l| l.split("││").next());
    let listed = listed.into_iter().find(|l| l.contains("passwd.txt"));
    assert!(listed.expect("listed").contains("✗ passwd.txt"), "{s}");
    assert!(!s.contains("rahasia"), "{s}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    let t = Tmux::start(&[path, "--coder", "ana", "--follow-links"], 120, 30);
    t.wait_text("informan-a");
    t.keys(&["]", "]", "]", "]"]);
    t.wait_text("rahasia");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}
