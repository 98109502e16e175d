//! Special files where tandai reads (RELIABILITY H9, issue 13 item 8): FIFOs,
//! `/dev/zero` and links to them never hang tandai or grow its memory. Every command
//! runs under a memory cap (`prlimit --as`) and is killed after a time limit; a test
//! that had to kill it fails.

mod common;

use common::tmux::{Tmux, bin, copy_sample};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Address space the child may use: far above what tandai needs for these small
/// projects (under 100 MiB), far below what reading `/dev/zero` reached (5.6 GB).
const MEMORY_CAP: &str = "--as=536870912";
/// A command that runs longer than this is hung (they all finish in well under a
/// second).
const TIME_LIMIT: Duration = Duration::from_secs(20);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `tandai ARGS` in `cwd` under the memory cap; kills it and fails the test if
/// it is still running after the time limit.
fn run_capped(args: &[&str], cwd: &Path) -> Run {
    let child = Command::new("prlimit")
        .arg(MEMORY_CAP)
        .arg("--")
        .arg(bin())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit runs (util-linux)");
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let Ok(out) = rx.recv_timeout(TIME_LIMIT) else {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("tandai {args:?} hung: killed after {TIME_LIMIT:?}");
    };
    let out = out.expect("waited");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(ok.success(), "mkfifo {}", path.display());
}

fn link(target: &str, at: &Path) {
    std::os::unix::fs::symlink(target, at).expect("symlink");
}

fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    copy_sample(dir.path());
    dir
}

/// A refusal: exit 1, the message names the file and what it is, nothing crashed.
fn assert_refused(r: &Run, file: &str, what: &str) {
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains(file), "{}", r.stderr);
    assert!(r.stderr.contains(what), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn importing_dev_zero_or_a_fifo_is_refused_at_once() {
    let work = tempfile::tempdir().expect("tmp");
    let w = work.path();
    let r = run_capped(&["import", "/dev/zero", "d"], w);
    assert_refused(&r, "/dev/zero", "character device");
    assert!(!w.join("d").exists(), "nothing is created");
    let r = run_capped(&["codebook", "import", "/dev/zero", "."], w);
    assert_refused(&r, "/dev/zero", "character device");
    mkfifo(&w.join("p.qdpx"));
    let r = run_capped(&["import", "p.qdpx", "d"], w);
    assert_refused(&r, "p.qdpx", "named pipe");
    let r = run_capped(&["codebook", "import", "p.qdpx", "."], w);
    assert_refused(&r, "p.qdpx", "named pipe");
    link("/dev/zero", &w.join("z.qdc"));
    let r = run_capped(&["codebook", "import", "z.qdc", "."], w);
    assert_refused(&r, "z.qdc", "character device");
    assert!(!w.join("codebook.json").exists());
}

#[test]
fn a_codebook_that_is_a_fifo_or_links_to_dev_zero_is_refused() {
    let dir = sample();
    let d = dir.path();
    std::fs::remove_file(d.join("codebook.json")).expect("rm");
    link("/dev/zero", &d.join("codebook.json"));
    for args in [["report", "."], ["check", "."], ["export", "."]] {
        let mut args = args.to_vec();
        if args[0] == "export" {
            args.extend(["--format", "csv"]);
        }
        let r = run_capped(&args, d);
        assert_refused(&r, "codebook.json", "outside the project folder");
    }
    let r = run_capped(&["report", ".", "--follow-links"], d);
    assert_refused(&r, "codebook.json", "character device");
    std::fs::remove_file(d.join("codebook.json")).expect("rm");
    mkfifo(&d.join("codebook.json"));
    let r = run_capped(&["report", "."], d);
    assert_refused(&r, "codebook.json", "named pipe");
    mkfifo(&d.join("other.json"));
    let r = run_capped(&["report", ".", "--codebook", "other.json"], d);
    assert_refused(&r, "other.json", "named pipe");
    let r = run_capped(&["check", ".", "--codebook", "/dev/zero"], d);
    assert_refused(&r, "/dev/zero", "character device");
}

#[test]
fn a_project_file_that_is_a_fifo_or_dev_zero_is_a_warning_not_a_hang() {
    for make in ["fifo", "zero"] {
        let dir = sample();
        let d = dir.path();
        std::fs::remove_file(d.join("project.json")).expect("rm");
        match make {
            "fifo" => mkfifo(&d.join("project.json")),
            _ => link("/dev/zero", &d.join("project.json")),
        }
        let r = run_capped(&["report", ".", "--follow-links"], d);
        assert_eq!(r.code, 0, "{make}: {}", r.stderr);
        assert!(r.stderr.contains("project.json"), "{make}: {}", r.stderr);
        assert!(
            r.stderr.contains("attributes ignored"),
            "{make}: {}",
            r.stderr
        );
        assert!(
            r.stdout.contains("Coverage"),
            "{make}: the report is written"
        );
    }
}

#[test]
fn a_fifo_sidecar_is_named_as_unreadable_by_every_command() {
    let dir = sample();
    let d = dir.path();
    mkfifo(&d.join("informan-a.txt.ana.tandai.json"));
    let r = run_capped(&["check", "."], d);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("sidecar cannot be read") && r.stdout.contains("named pipe"),
        "{}",
        r.stdout
    );
    for args in [
        vec!["report", "."],
        vec!["export", ".", "--format", "csv"],
        vec!["export", ".", "--format", "qdpx", "-o", "x.qdpx"],
    ] {
        let r = run_capped(&args, d);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("informan-a.txt.ana.tandai.json") && r.stderr.contains("named pipe"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = run_capped(&["codebook", "export", ".", "--format", "md"], d);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn special_transcripts_are_listed_with_the_reason_and_never_read() {
    let dir = sample();
    let d = dir.path();
    mkfifo(&d.join("fifo.txt"));
    link("/dev/zero", &d.join("zero.txt"));
    link("loop-b.txt", &d.join("loop-a.txt"));
    link("loop-a.txt", &d.join("loop-b.txt"));
    link("nothing-here.txt", &d.join("broken.txt"));
    let p = tandai::core::project::Project::open(d).expect("opens");
    let why = |name: &str| -> String {
        let doc = p
            .documents
            .iter()
            .find(|x| x.name == name)
            .unwrap_or_else(|| panic!("{name} is listed"));
        doc.content.as_ref().expect_err("unreadable").clone()
    };
    assert!(why("fifo.txt").contains("named pipe"));
    assert!(why("zero.txt").contains("outside the project folder"));
    assert!(why("loop-a.txt").contains("loops"));
    assert!(why("broken.txt").contains("does not exist"));
    let followed = tandai::core::project::Project::open_with(d, true).expect("opens");
    let zero = followed.documents.iter().find(|x| x.name == "zero.txt");
    let zero = zero.expect("listed").content.as_ref().expect_err("device");
    assert!(zero.contains("character device"), "{zero}");
    // Every command still runs over such a folder, under the caps.
    let r = run_capped(&["report", ".", "--follow-links"], d);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_capped(&["check", "."], d);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_coding_screen_shows_special_entries_with_a_cross_and_why() {
    let dir = sample();
    let d = dir.path();
    mkfifo(&d.join("a-fifo.txt"));
    let t = Tmux::start(&[d.to_str().expect("utf8"), "--coder", "ana"], 100, 30);
    // It sorts first; the screen opens on it and says why it cannot be read.
    let s = t.wait_text("named pipe");
    let line = s
        .lines()
        .find(|l| l.starts_with("│") && l.contains("a-fifo"));
    assert!(line.expect("listed").contains("✗ a-fifo.txt"), "{s}");
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn a_keymap_or_config_that_is_a_fifo_stops_the_start_with_a_message() {
    for file in ["keymap.toml", "config.toml"] {
        let home = tempfile::tempdir().expect("tmp");
        let config = home.path().join("tandai");
        std::fs::create_dir_all(&config).expect("mkdir");
        mkfifo(&config.join(file));
        let dir = sample();
        let env = [("XDG_CONFIG_HOME", home.path().to_str().expect("utf8"))];
        let args = [dir.path().to_str().expect("utf8"), "--coder", "ana"];
        // wait_text fails the test after 30 s: a hang is a failure.
        let t = Tmux::start_env(&args, 100, 30, &env);
        let s = t.wait_text("named pipe");
        assert!(s.contains(file), "{s}");
        assert_eq!(t.exit_status(), 1);
    }
}
