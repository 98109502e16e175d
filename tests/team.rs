//! Team work through git: `tandai init` prepares a folder, two coders work in two
//! clones and merge with plain `git merge`, and `tandai diff` says in words what
//! changed between revisions and between coders. Real git, in temp folders.

mod common;

use common::tmux::{BIN, copy_sample};
use std::path::Path;
use std::process::Command;

fn tandai(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn commit(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

/// Codes paragraphs of `informan-a.txt` as `coder` through the app's own update and
/// sidecar writer, as the coding screen does.
fn code(dir: &Path, coder: &str, codings: &[(usize, &str)]) {
    let mut state = common::state_in(dir, coder);
    for &(para, id) in codings {
        state.go_to(0, para - 1);
        common::toggle(&mut state, id);
    }
    let bytes = state.sidecar_bytes(0).expect("bytes");
    std::fs::write(state.sidecar_path(0), bytes).expect("write sidecar");
}

/// Adds a code to the project's codebook.json, as an edit in the codebook screen would
/// (a sub-code when the id has a parent's id before its last dot).
fn add_code(dir: &Path, id: &str, label: &str) {
    let path = dir.join("codebook.json");
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("codebook")).expect("json");
    let code = serde_json::json!({"id": id, "label": {"en": label, "id": label}});
    match id.rsplit_once('.') {
        Some((parent, _)) => {
            let codes = v["codes"].as_array_mut().expect("codes");
            let p = codes
                .iter_mut()
                .find(|c| c["id"] == parent)
                .expect("parent");
            p["children"].as_array_mut().expect("children").push(code);
        }
        None => v["codes"].as_array_mut().expect("codes").push(code),
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&v).expect("json")).expect("write");
}

fn p(dir: &Path) -> &str {
    dir.to_str().expect("utf8 path")
}

#[test]
fn init_prepares_the_folder_once_and_says_so() {
    let dir = tempfile::tempdir().expect("tmp");
    let project = dir.path().join("proyek");
    let (code, out, err) = tandai(&["init", p(&project), "--pack", "devito"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "", "messages go to stderr");
    let ignore = std::fs::read_to_string(project.join(".gitignore")).expect(".gitignore");
    assert!(
        ignore.contains(".tandai/") && ignore.contains("*.tandai.lock"),
        "{ignore}"
    );
    let pj: serde_json::Value =
        serde_json::from_slice(&std::fs::read(project.join("project.json")).expect("project.json"))
            .expect("json");
    assert_eq!(pj["consensus"], "consensus");
    assert_eq!(pj["format"], "tandai-project");
    assert!(project.join("codebook.json").exists());
    let attrs = std::fs::read_to_string(project.join(".gitattributes")).expect(".gitattributes");
    assert_eq!(
        attrs,
        "codebook.json merge=tandai-codebook\ntandai-log/*.jsonl merge=union\n"
    );
    assert!(err.contains("git init"), "not a repository yet: {err}");

    let (code, _, err) = tandai(&["init", p(&project)]);
    assert_eq!(code, 0);
    assert!(err.contains("nothing changed"), "{err}");
    let again = std::fs::read_to_string(project.join(".gitignore")).expect(".gitignore");
    assert_eq!(again, ignore, "the block is added once");

    let (code, _, err) = tandai(&["init", p(&project), "--consensus", "tim"]);
    assert_eq!(code, 0, "{err}");
    let pj: serde_json::Value =
        serde_json::from_slice(&std::fs::read(project.join("project.json")).expect("read"))
            .expect("json");
    assert_eq!(pj["consensus"], "tim");
    assert_eq!(pj["format"], "tandai-project", "other fields kept");

    let (code, _, err) = tandai(&["init", p(&project), "--consensus", "bad name"]);
    assert_eq!(code, 1);
    assert!(err.contains("not a valid coder name"), "{err}");
}

#[test]
fn init_in_a_clone_sets_up_merges_and_asks_for_no_commit() {
    let dir = tempfile::tempdir().expect("tmp");
    let origin = dir.path().join("origin");
    let (code, _, err) = tandai(&["init", p(&origin), "--pack", "devito"]);
    assert_eq!(code, 0, "{err}");
    git(&origin, &["init", "-q"]);
    let (code, _, err) = tandai(&["init", p(&origin)]);
    assert_eq!(code, 0, "{err}");
    commit(&origin, "set up");
    let clone = dir.path().join("clone");
    git(dir.path(), &["clone", "-q", p(&origin), p(&clone)]);
    let (code, _, err) = tandai(&["init", p(&clone)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("merge"), "the merge driver is set up: {err}");
    assert!(
        err.contains("nothing to commit") && !err.contains("git add"),
        "{err}"
    );
    assert_eq!(
        git(&clone, &["status", "--porcelain"]),
        "",
        "no file changed"
    );
}

#[test]
fn diff_between_revisions_and_the_working_tree_in_words() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    copy_sample(d);
    tandai(&["init", p(d)]);
    git(d, &["init", "-q"]);
    let first = commit(d, "project");
    code(
        d,
        "ana",
        &[(12, "devito.contact"), (13, "devito.involvement")],
    );
    let second = commit(d, "ana codes");
    // In the working tree: ana changes her mind on ¶12 and uncodes ¶13.
    code(
        d,
        "ana",
        &[(12, "devito.intimacy"), (13, "devito.involvement")],
    );

    let (code_, out, err) = tandai(&["diff", &first, &second, "-C", p(d)]);
    assert_eq!(code_, 1, "differences exit 1: {err}");
    assert_eq!(
        out,
        "informan-a.txt ¶12 (ana): +Contact\ninforman-a.txt ¶13 (ana): +Involvement\n"
    );
    assert!(err.contains("2 changes in 1 document\n"), "{err}");

    let (code_, out, _) = tandai(&["diff", &second, "-C", p(d), "--lang", "id"]);
    assert_eq!(code_, 1);
    assert_eq!(
        out,
        "informan-a.txt ¶12 (ana): +Keakraban −Kontak\ninforman-a.txt ¶13 (ana): −Keterlibatan\n"
    );

    let (code_, out, _) = tandai(&["diff", "HEAD", "HEAD", "-C", p(d)]);
    assert_eq!((code_, out.as_str()), (0, ""), "no differences exit 0");

    let (code_, out, _) = tandai(&["diff", &first, "--format", "json", "-C", p(d)]);
    assert_eq!(code_, 1);
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert_eq!(rows[0]["paragraph"], 12);
    assert_eq!(rows[0]["added"], serde_json::json!(["devito.intimacy"]));

    let (code_, _, err) = tandai(&["diff", "no-such-rev", "-C", p(d)]);
    assert_eq!(code_, 2);
    assert!(err.contains("\"no-such-rev\" is not a revision"), "{err}");
    let elsewhere = tempfile::tempdir().expect("tmp");
    let (code_, _, err) = tandai(&["diff", "HEAD", "-C", p(elsewhere.path())]);
    assert_eq!(code_, 2);
    assert!(err.contains("not in a git repository"), "{err}");
    let (code_, _, err) = tandai(&["diff", "-C", p(d)]);
    assert_eq!(code_, 2);
    assert!(err.contains("say what to compare"), "{err}");
}

#[test]
fn two_coders_in_two_clones_merge_without_conflicts_and_diff_says_where_they_differ() {
    let root = tempfile::tempdir().expect("tmp");
    let origin = root.path().join("origin");
    std::fs::create_dir(&origin).expect("mkdir");
    copy_sample(&origin);
    tandai(&["init", p(&origin)]);
    git(&origin, &["init", "-q", "-b", "main"]);
    commit(&origin, "project");
    let (ana, budi) = (root.path().join("ana"), root.path().join("budi"));
    for clone in [&ana, &budi] {
        git(root.path(), &["clone", "-q", p(&origin), p(clone)]);
        let (code_, _, err) = tandai(&["init", p(clone)]);
        assert_eq!(code_, 0, "{err}");
        assert!(err.contains("merge driver"), "{err}");
    }
    code(
        &ana,
        "ana",
        &[(12, "devito.contact"), (14, "devito.involvement")],
    );
    add_code(&ana, "ana-idea", "Ana's idea");
    commit(&ana, "ana: informan-a");
    code(
        &budi,
        "budi",
        &[(12, "devito.intimacy"), (14, "devito.involvement")],
    );
    add_code(&budi, "budi-idea", "Budi's idea");
    commit(&budi, "budi: informan-a");
    git(&ana, &["pull", "-q", "--no-rebase", p(&budi), "main"]);
    let status = git(&ana, &["status", "--porcelain"]);
    assert_eq!(status, "", "a clean merge, no transient files: {status}");
    assert!(ana.join("informan-a.txt.budi.tandai.json").exists());
    let book = tandai::core::codebook::Codebook::load(&ana.join("codebook.json")).expect("merged");
    assert!(
        book.get("ana-idea").is_some(),
        "ana's code survives the merge"
    );
    assert!(book.get("budi-idea").is_some(), "budi's code too");

    let (code_, out, err) = tandai(&["diff", "--coders", "ana,budi", "-C", p(&ana)]);
    assert_eq!(code_, 1, "{err}");
    assert_eq!(out, "informan-a.txt ¶12 (ana → budi): +Intimacy −Contact\n");
    let (code_, _, err) = tandai(&["diff", "--coders", "ana,citra", "-C", p(&ana)]);
    assert_eq!(code_, 2);
    assert!(
        err.contains("coder \"citra\" has no sidecars here; the coders are: ana, budi"),
        "{err}"
    );
    // As the coders were before the merge, in ana's first commit: budi had nothing.
    let (code_, _, err) = tandai(&["diff", "--coders", "ana,budi", "HEAD~1", "-C", p(&ana)]);
    assert_eq!(code_, 2, "{err}");
}
