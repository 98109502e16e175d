//! End-to-end in a real pseudo-terminal (tmux): memos (in tandai and through
//! $EDITOR), search as you type, retrieval and the overview, with the sidecars checked
//! on disk.

mod common;

use common::tmux::{Tmux, sample_copy};
use serde_json::Value;
use std::path::Path;

fn sidecar(dir: &Path, doc: &str, coder: &str) -> Value {
    let path = dir.join(format!("{doc}.{coder}.tandai.json"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("sidecar parses")
}

#[test]
fn memos_are_written_in_tandai_and_in_the_users_editor() {
    let dir = sample_copy();
    // An "editor" that replaces the memo file's text, as a user would in vi.
    let editor = dir.path().join("fake-editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Memo dari editor\\nbaris dua\\n' > \"$1\"\n",
    )
    .expect("editor script");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let t = Tmux::start_env(
        &[dir.path().to_str().expect("utf8"), "--coder", "memo"],
        80,
        24,
        &[("EDITOR", editor.to_str().expect("utf8")), ("VISUAL", "")],
    );
    t.wait_text("informan-a");
    t.keys(&["j", "m"]);
    t.wait_text("Memo on informan-a.txt ¶2");
    t.type_text("Catatan lapangan, penting");
    t.keys(&["Enter"]);
    t.type_text("kedua");
    t.keys(&["C-s"]);
    t.wait_for("the memo beside its paragraph, saved", |s| {
        s.contains("✎ Catatan lapangan, penting") && s.contains("✓ saved")
    });
    let v = sidecar(dir.path(), "informan-a.txt", "memo");
    assert_eq!(v["paragraphs"][0]["paragraph"], 2);
    assert_eq!(
        v["paragraphs"][0]["memo"],
        "Catatan lapangan, penting\nkedua"
    );
    // The document memo, handed to $EDITOR with Ctrl-o.
    t.keys(&["M"]);
    t.wait_text("Memo on the document informan-a.txt");
    t.keys(&["C-o"]);
    t.wait_for("the editor's memo at the bottom of the transcript", |s| {
        s.contains("✎ Memo dari editor …") && s.contains("✓ saved")
    });
    let v = sidecar(dir.path(), "informan-a.txt", "memo");
    assert_eq!(v["memo"], "Memo dari editor\nbaris dua");
    // Undo takes the document memo back out.
    t.keys(&["u"]);
    t.wait_for("undone", |s| s.contains("Undone: document memo"));
    t.wait_for("saved after undo", |s| s.contains("✓ saved"));
    let v = sidecar(dir.path(), "informan-a.txt", "memo");
    assert!(v.get("memo").is_none(), "{v}");
    let pid = t.pid();
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
    let leftovers: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .expect("tmp")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("tandai-memo-{pid}-"))
        })
        .collect();
    assert!(leftovers.is_empty(), "the memo file is removed");
}

#[test]
fn search_retrieval_and_overview_at_80x24() {
    let dir = sample_copy();
    let t = Tmux::start(
        &[dir.path().to_str().expect("utf8"), "--coder", "find"],
        80,
        24,
    );
    t.wait_text("informan-a");
    // Code two paragraphs (read in a row in the retrieval list below).
    t.keys(&["j", "1", "]", "j", "j", "1"]);
    t.wait_for("coded", |s| {
        s.contains("informan-b.txt ¶3/48") && s.contains("✓ saved")
    });
    // Search as you type: case-insensitive, counted, kept with Enter, n jumps.
    t.keys(&["/"]);
    t.type_text("michat");
    t.wait_for("matches counted", |s| {
        s.contains("/michat") && s.contains("10 matches in 10 ¶, 4 docs")
    });
    // From informan-b ¶3, the first match shown is the next one: ¶5, the 4th of 10.
    let first = t.wait_text("¶ 4/10");
    assert!(first.contains("informan-b.txt ¶5/48"), "{first}");
    t.keys(&["Enter", "n"]);
    t.wait_text("Match 5 of 10 paragraphs.");
    t.keys(&["N", "N"]);
    t.wait_text("Match 3 of 10 paragraphs.");
    t.keys(&["C-g"]);
    t.wait_text("Search cleared.");
    t.keys(&["f"]);
    t.wait_text("Retrieval (find): 2 passages");
    t.keys(&["j", "Enter"]);
    t.wait_for("the second passage in context", |s| {
        s.contains("informan-b.txt ¶3/48") && s.contains("f goes back to the list")
    });
    t.keys(&["f"]);
    let list = t.wait_text("Retrieval (find): 2 passages");
    assert!(list.contains("informan-a.txt ¶2"), "{list}");
    t.keys(&["q"]);
    // The overview: counts per code, then the code x document table.
    t.keys(&["o"]);
    let codes = t.wait_text("[Codes]");
    assert!(codes.contains("Contact"), "{codes}");
    t.keys(&["Tab", "Tab"]);
    t.wait_text("[Code x document]");
    t.keys(&["q", "q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn an_editor_that_writes_non_utf8_keeps_the_draft_and_the_file() {
    let dir = sample_copy();
    let editor = dir.path().join("latin1-editor.sh");
    // "café" in Latin-1: not UTF-8.
    std::fs::write(&editor, "#!/bin/sh\nprintf 'caf\\351\\n' > \"$1\"\n").expect("editor script");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let t = Tmux::start_env(
        &[dir.path().to_str().expect("utf8"), "--coder", "latin"],
        120,
        30,
        &[("EDITOR", editor.to_str().expect("utf8")), ("VISUAL", "")],
    );
    t.wait_text("informan-a");
    t.keys(&["m"]);
    t.type_text("draf awal");
    t.keys(&["C-o"]);
    let screen = t.wait_text("not UTF-8");
    assert!(
        screen.contains("draf awal"),
        "the draft stays open: {screen}"
    );
    let kept: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .expect("tmp")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("tandai-memo-{}-", t.pid()))
        })
        .collect();
    assert_eq!(kept.len(), 1, "the editor's file is kept for the user");
    let _ = std::fs::remove_file(kept[0].path());
    t.keys(&["C-s"]);
    t.wait_for("the draft saved", |s| {
        s.contains("✎ draf awal") && s.contains("✓ saved")
    });
    t.keys(&["q"]);
    assert_eq!(t.exit_status(), 0);
}

#[test]
fn ctrl_c_in_the_users_editor_does_not_end_tandai() {
    let dir = sample_copy();
    let editor = dir.path().join("interrupted-editor.sh");
    // The editor's parent is `sh -c`, whose parent is tandai: send tandai SIGINT, as
    // a Ctrl-C typed in a cooked-mode editor would, then finish writing.
    std::fs::write(
        &editor,
        "#!/bin/sh\ntandai=$(awk '{print $4}' /proc/$PPID/stat)\nkill -INT \"$tandai\"\nsleep 0.3\nprintf 'tetap hidup\\n' > \"$1\"\n",
    )
    .expect("editor script");
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let t = Tmux::start_env(
        &[dir.path().to_str().expect("utf8"), "--coder", "intr"],
        80,
        24,
        &[("EDITOR", editor.to_str().expect("utf8")), ("VISUAL", "")],
    );
    t.wait_text("informan-a");
    t.keys(&["m", "C-o"]);
    t.wait_for("the memo saved after the interrupt", |s| {
        s.contains("✎ tetap hidup") && s.contains("✓ saved")
    });
    let v = sidecar(dir.path(), "informan-a.txt", "intr");
    assert_eq!(v["paragraphs"][0]["memo"], "tetap hidup");
    t.keys(&["q"]);
    assert_eq!(
        t.exit_status(),
        0,
        "quit normally, not killed by SIGINT (130)"
    );
}
