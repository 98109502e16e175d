use super::*;
use crate::core::coding::sidecar::{FORMAT, VERSION};

fn entry(paragraph: usize, codes: &[&str], memo: &str) -> ParagraphEntry {
    ParagraphEntry {
        paragraph,
        fingerprint: format!("{paragraph:016x}"),
        start: 0,
        end: 1,
        codes: codes.iter().map(|s| s.to_string()).collect(),
        memo: memo.into(),
        sketch: String::new(),
        review: false,
        settled: false,
    }
}

fn sidecar(coder: &str, memo: &str, paragraphs: Vec<ParagraphEntry>) -> Vec<u8> {
    SidecarFile {
        format: FORMAT.into(),
        version: VERSION,
        document: "informan-a.txt".into(),
        document_fingerprint: "sha256:00".into(),
        coder: coder.into(),
        memo: memo.into(),
        paragraphs,
        detached: Vec::new(),
        finished: false,
        extractor: None,
    }
    .to_bytes()
}

fn book() -> Codebook {
    Codebook::parse(
        br#"{"format":"tandai-codebook","version":1,"codes":[
        {"id":"contact","label":{"en":"Contact","id":"Kontak"}},
        {"id":"intimacy","label":{"en":"Intimacy","id":"Keakraban"}},
        {"id":"old","label":"Old","merged_into":"intimacy"}]}"#,
        "cb",
    )
    .expect("codebook")
}

fn lines(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| c.describe(&book(), Lang::En))
        .collect()
}

#[test]
fn sidecar_names_split_into_document_and_coder() {
    assert_eq!(
        split_sidecar_name("informan-a.v2.txt.ana.tandai.json"),
        Some(("informan-a.v2.txt", "ana"))
    );
    assert_eq!(
        split_sidecar_name("a.txt.ana.tandai.conflict-20261123-014501.json"),
        None
    );
    assert_eq!(split_sidecar_name("a.txt.bad name.tandai.json"), None);
    assert_eq!(split_sidecar_name(".ana.tandai.json"), None);
    assert_eq!(split_sidecar_name("codebook.json"), None);
}

#[test]
fn revisions_give_one_line_per_change() {
    let mut old = Snapshot::default();
    old.add(
        "informan-a.txt.ana.tandai.json",
        &sidecar(
            "ana",
            "",
            vec![entry(12, &["contact"], ""), entry(3, &["contact"], "lama")],
        ),
        "old",
    );
    let mut new = Snapshot::default();
    new.add(
        "informan-a.txt.ana.tandai.json",
        &sidecar(
            "ana",
            "catatan",
            vec![
                entry(12, &["intimacy"], ""),
                entry(3, &["contact"], "baru"),
                entry(40, &[], "memo"),
            ],
        ),
        "new",
    );
    new.add(
        "informan-10.txt.budi.tandai.json",
        &sidecar("budi", "", vec![entry(1, &["contact"], "")]),
        "new",
    );
    let changes = between_snapshots(&old, &new, &[]);
    assert_eq!(
        lines(&changes),
        [
            "informan-10.txt ¶1 (budi): +Contact",
            "informan-a.txt (ana): document memo added",
            "informan-a.txt ¶3 (ana): memo changed",
            "informan-a.txt ¶12 (ana): +Intimacy −Contact",
            "informan-a.txt ¶40 (ana): memo added",
        ]
    );
    assert_eq!(between_snapshots(&old, &new, &["budi".into()]).len(), 1);
    assert!(between_snapshots(&new, &new, &[]).is_empty());
    let back = between_snapshots(&new, &old, &[]);
    assert!(lines(&back).contains(&"informan-a.txt ¶12 (ana): +Contact −Intimacy".to_string()));
    assert!(lines(&back).contains(&"informan-a.txt ¶40 (ana): memo removed".to_string()));
}

#[test]
fn finished_marks_are_said() {
    let mut file = SidecarFile::parse(&sidecar("ana", "", Vec::new()), "x").expect("parse");
    let mut old = Snapshot::default();
    old.add("a.txt.ana.tandai.json", &file.to_bytes(), "o");
    file.finished = true;
    let mut new = Snapshot::default();
    new.add("a.txt.ana.tandai.json", &file.to_bytes(), "n");
    assert_eq!(
        lines(&between_snapshots(&old, &new, &[])),
        ["a.txt (ana): marked finished"]
    );
    assert_eq!(
        lines(&between_snapshots(&new, &old, &[])),
        ["a.txt (ana): finished mark taken back"]
    );
    let json = to_json(&between_snapshots(&old, &new, &[]), &book(), Lang::En);
    let v: serde_json::Value = serde_json::from_str(json.trim()).expect("json");
    assert_eq!(
        (v["change"].as_str(), v["finished"].as_bool()),
        (Some("finished"), Some(true))
    );
}

#[test]
fn an_edited_paragraph_is_said() {
    let mut old = Snapshot::default();
    old.add(
        "a.txt.ana.tandai.json",
        &sidecar("ana", "", vec![entry(2, &["contact"], "")]),
        "o",
    );
    let mut moved = entry(2, &["intimacy"], "");
    moved.fingerprint = "ffffffffffffffff".into();
    let mut new = Snapshot::default();
    new.add(
        "a.txt.ana.tandai.json",
        &sidecar("ana", "", vec![moved]),
        "n",
    );
    assert_eq!(
        lines(&between_snapshots(&old, &new, &[])),
        ["a.txt ¶2 (ana): +Intimacy −Contact (the paragraph's text changed)"]
    );
}

#[test]
fn coders_compare_with_merged_codes_resolved() {
    let mut snap = Snapshot::default();
    snap.add(
        "a.txt.ana.tandai.json",
        &sidecar(
            "ana",
            "",
            vec![entry(1, &["contact"], "x"), entry(2, &["old"], "")],
        ),
        "s",
    );
    snap.add(
        "a.txt.budi.tandai.json",
        &sidecar(
            "budi",
            "",
            vec![entry(1, &["intimacy"], ""), entry(2, &["intimacy"], "")],
        ),
        "s",
    );
    snap.add(
        "b.txt.budi.tandai.json",
        &sidecar("budi", "", vec![entry(5, &["contact"], "")]),
        "s",
    );
    let changes = between_coders(&snap, "ana", "budi", &book());
    assert_eq!(
        lines(&changes),
        [
            "a.txt ¶1 (ana → budi): +Intimacy −Contact",
            "a.txt ¶1 (ana → budi): memo only by ana",
            "b.txt ¶5 (ana → budi): +Contact",
        ]
    );
    let json = to_json(&changes, &book(), Lang::Id);
    let first: serde_json::Value =
        serde_json::from_str(json.lines().next().expect("a line")).expect("json");
    assert_eq!(first["added"], serde_json::json!(["intimacy"]));
    assert_eq!(first["added_labels"], serde_json::json!(["Keakraban"]));
    assert_eq!(first["other_coder"], "budi");
    assert_eq!(first["paragraph"], 1);
}

#[test]
fn unreadable_sidecars_are_problems_not_changes() {
    let mut snap = Snapshot::default();
    snap.add(
        "a.txt.ana.tandai.json",
        b"{not json",
        "HEAD:a.txt.ana.tandai.json",
    );
    assert!(snap.sidecars.is_empty());
    assert!(
        snap.problems[0].starts_with("HEAD:a.txt.ana.tandai.json: line 1"),
        "{:?}",
        snap.problems
    );
}

#[test]
fn a_sidecar_unreadable_on_one_side_is_left_out_not_shown_as_every_code_changed() {
    let good = sidecar("ana", "", vec![entry(3, &["contact"], "")]);
    let mut readable = Snapshot::default();
    readable.add("a.txt.ana.tandai.json", &good, "HEAD:a.txt.ana.tandai.json");
    readable.add("a.txt.budi.tandai.json", &good, "a.txt.budi.tandai.json");
    let mut broken = Snapshot::default();
    // A sidecar left with git's conflict markers after a merge.
    broken.add(
        "a.txt.ana.tandai.json",
        b"<<<<<<< HEAD\n{",
        "a.txt.ana.tandai.json",
    );
    broken.add("a.txt.budi.tandai.json", &good, "a.txt.budi.tandai.json");
    assert_eq!(broken.problems.len(), 1);
    assert!(between_snapshots(&readable, &broken, &[]).is_empty());
    assert!(between_snapshots(&broken, &readable, &[]).is_empty());
    assert!(between_coders(&broken, "ana", "budi", &book()).is_empty());
    assert!(between_coders(&broken, "budi", "ana", &book()).is_empty());
}

/// Runs git in `dir` with no user or system configuration.
fn git(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

#[test]
fn a_revision_is_read_right_whatever_the_file_names_hold() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    // A line break in a transcript's name split git's one-name-per-line request and
    // gave each later sidecar the content of the one before it.
    let files = [
        ("a\nb.txt.ana.tandai.json", "contact"),
        ("b.txt.ana.tandai.json", "intimacy"),
        ("c.txt.ana.tandai.json", "old"),
    ];
    for (name, code) in files {
        let bytes = sidecar("ana", "", vec![entry(1, &[code], "")]);
        std::fs::write(d.join(name), bytes).expect("write");
    }
    git(d, &["init", "-q"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "one"]);
    let head = git::resolve(d, "HEAD").expect("HEAD");
    let old = git::at_revision(d, &head).expect("revision");
    assert!(old.problems.is_empty(), "{:?}", old.problems);
    for (name, code) in files {
        let (document, coder) = split_sidecar_name(name).expect("a sidecar name");
        let file = old.get(document, coder).expect("read at HEAD");
        assert_eq!(file.paragraphs[0].codes, [code], "{name:?}");
    }
    let now = git::working_tree(d).expect("working tree");
    assert!(between_snapshots(&old, &now, &[]).is_empty());
}
