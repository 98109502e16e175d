//! Where a command may write its output (`-o FILE`, RELIABILITY C5).
//!
//! An export or report written over a transcript, a sidecar or the codebook destroys
//! the work it reports on, and `-o` is one typo away from it. So `-o` never names a
//! document, sidecar, codebook, project file or any other file of tandai's in the
//! project (lock, conflict copy, temp file, kept codebook, audit log, retest sample), whether it is named
//! directly, through `..` or through a symbolic link; and it replaces any other
//! existing file only when the user says `--force`.

use crate::core::project::{CODEBOOK_FILE, PROJECT_FILE, Project};
/// How the temp files of tandai's earlier versions were named: `<name>.tmp-<pid>-<n>`.
const OLD_TEMP_MARK: &str = ".tmp-";
use crate::i18n::fill;
use std::path::{Path, PathBuf};

/// Whether a file name in a project folder is one of tandai's own: the codebook, the
/// project file, the kept REFI-QDA GUIDs (`tandai-refi.json`), everything with
/// `.tandai.` in its name (sidecars, conflict copies, locks), the files an import
/// kept (`codebook.json.before-import-...`, likewise `project.json` and
/// `tandai-refi.json`), and the temp files of all of these (`<name>.tmp-<pid>-<n>`).
pub fn is_tandai_name(name: &str) -> bool {
    // Temp and swap files of a save under way (`.tandai-<pid>-<n>.tmp`), another
    // program's version kept by an interrupted save (`tandai-kept-<pid>-<n>.json`),
    // and the temp files of earlier versions (`<name>.tmp-<pid>-<n>`).
    if name.starts_with(".tandai-") || name.starts_with("tandai-kept-") {
        return true;
    }
    let base = name
        .split_once(OLD_TEMP_MARK)
        .map_or(name, |(base, _)| base);
    // Conflict copies of the codebook and the project file (`project.conflict-<date>.json`).
    let conflict_of = |file: &str| {
        file.strip_suffix(".json")
            .is_some_and(|stem| base.starts_with(&format!("{stem}.conflict-")))
    };
    let refi = crate::core::exchange::refi::REFI_IDS_FILE;
    base.contains(".tandai.")
        || [CODEBOOK_FILE, PROJECT_FILE, refi].contains(&base)
        || conflict_of(CODEBOOK_FILE)
        || conflict_of(PROJECT_FILE)
        || [CODEBOOK_FILE, PROJECT_FILE, refi]
            .iter()
            .any(|f| base.starts_with(&format!("{f}.before-import-")))
}

/// tandai's own folders inside a project: locks (kept out of the user's way), the
/// audit logs and the retest samples (committed: the history of a thesis's coding).
const OWN_FOLDERS: [&str; 3] = [
    ".tandai",
    crate::core::coding::audit::LOG_DIR,
    crate::core::analysis::retest::RETEST_DIR,
];

/// The path with its folder resolved (links and `..`), and its last part resolved
/// too when it exists. None when its folder does not exist.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?))
}

/// The folder-resolved path without following a link in its last part: a link
/// named like a sidecar is a project file even when it points elsewhere.
fn resolved_no_follow(path: &Path) -> Option<PathBuf> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(std::fs::canonicalize(parent).ok()?.join(path.file_name()?))
}

/// Checks that `target` may be written by a command of `project` whose codebook is
/// `codebook`. Errors say why and what to do, in the process's language.
pub fn check_target(
    target: &Path,
    project: &Project,
    codebook: &Path,
    force: bool,
) -> Result<(), String> {
    check_target_in(crate::i18n::current(), target, project, codebook, force)
}

/// [`check_target`] with its errors in `lang`.
pub fn check_target_in(
    lang: crate::i18n::Lang,
    target: &Path,
    project: &Project,
    codebook: &Path,
    force: bool,
) -> Result<(), String> {
    let t = crate::i18n::strings(lang);
    let shown = target.display();
    let refuse = |what: &str| {
        Err(fill(
            t.core_output_refused,
            &[("path", &shown), ("what", &what)],
        ))
    };
    let candidates: Vec<PathBuf> = [resolved(target), resolved_no_follow(target)]
        .into_iter()
        .flatten()
        .collect();
    let same = |p: &Path| {
        [resolved(p), resolved_no_follow(p)]
            .into_iter()
            .flatten()
            .any(|q| candidates.contains(&q))
    };
    // A transcript is the target by its name (in the same folder), or as a link to
    // it. Only those are resolved: resolving ten thousand paths costs a second.
    let names: Vec<&std::ffi::OsStr> = candidates.iter().filter_map(|c| c.file_name()).collect();
    let exists = std::fs::symlink_metadata(target).is_ok();
    let maybe = |d: &Path| {
        d.file_name().is_some_and(|n| names.contains(&n))
            || (exists && std::fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink()))
    };
    if project
        .documents
        .iter()
        .any(|d| maybe(&d.path) && same(&d.path))
    {
        return refuse(t.core_output_transcript);
    }
    if same(codebook) {
        return refuse(t.core_output_codebook);
    }
    let root = std::fs::canonicalize(&project.root).unwrap_or_else(|_| project.root.clone());
    for c in &candidates {
        let in_root = c.parent() == Some(root.as_path());
        let name = c.file_name().map(|n| n.to_string_lossy().into_owned());
        let own = in_root && name.as_deref().is_some_and(is_tandai_name);
        if own || OWN_FOLDERS.iter().any(|f| c.starts_with(root.join(f))) {
            return refuse(t.core_output_own);
        }
    }
    if std::fs::symlink_metadata(target).is_ok() && !force {
        return Err(fill(t.core_output_exists, &[("path", &shown)]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("informan-a.txt"), "satu\n").expect("write");
        std::fs::write(dir.path().join("codebook.json"), "{}").expect("write");
        let p = Project::open(dir.path()).expect("open");
        (dir, p)
    }

    #[test]
    fn project_files_are_refused_even_with_force() {
        let (dir, p) = project();
        let book = dir.path().join(CODEBOOK_FILE);
        for folder in [".tandai/locks", "tandai-log", "tandai-retest"] {
            std::fs::create_dir_all(dir.path().join(folder)).expect("mkdir");
        }
        let names = [
            "informan-a.txt",
            "codebook.json",
            "project.json",
            "informan-a.txt.ana.tandai.json",
            "informan-a.txt.ana.tandai.lock",
            "informan-a.txt.ana.tandai.conflict-20260101-000000.json",
            "codebook.json.before-import-x",
            "project.json.before-import-x",
            "tandai-refi.json",
            "tandai-refi.json.before-import-x",
            "codebook.json.tmp-12-0",
            "project.conflict-20260101-000000.json",
            "codebook.conflict-20260101-000000-2.json",
            ".tandai/locks/informan-a.txt.ana",
            "tandai-log/ana.jsonl",
            "tandai-retest/ana.json",
        ];
        for name in names {
            let e = check_target(&dir.path().join(name), &p, &book, true).expect_err(name);
            assert!(e.contains("own files"), "{name}: {e}");
        }
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("mkdir");
        let dotted = sub.join("..").join("informan-a.txt");
        assert!(check_target(&dotted, &p, &book, true).is_err());
    }

    #[test]
    fn a_link_to_a_document_is_refused() {
        let (dir, p) = project();
        let book = dir.path().join(CODEBOOK_FILE);
        let elsewhere = tempfile::tempdir().expect("tmp");
        let link = elsewhere.path().join("out.csv");
        std::os::unix::fs::symlink(dir.path().join("informan-a.txt"), &link).expect("link");
        let e = check_target(&link, &p, &book, true).expect_err("link");
        assert!(e.contains("transcript"), "{e}");
    }

    #[test]
    fn other_existing_files_need_force() {
        let (dir, p) = project();
        let book = dir.path().join(CODEBOOK_FILE);
        let elsewhere = tempfile::tempdir().expect("tmp");
        let out = elsewhere.path().join("codings.csv");
        assert_eq!(check_target(&out, &p, &book, false), Ok(()));
        std::fs::write(&out, "old").expect("write");
        let e = check_target(&out, &p, &book, false).expect_err("exists");
        assert!(e.contains("--force"), "{e}");
        assert_eq!(check_target(&out, &p, &book, true), Ok(()));
        assert_eq!(
            check_target(&dir.path().join("codings.csv"), &p, &book, false),
            Ok(())
        );
        let own = dir.path().join("project.json.bak");
        assert_eq!(
            check_target(&own, &p, &book, false),
            Ok(()),
            "the user's own"
        );
    }

    #[test]
    fn refusals_in_indonesian_name_the_file() {
        let (dir, p) = project();
        let book = dir.path().join(CODEBOOK_FILE);
        let doc = dir.path().join("informan-a.txt");
        let e = check_target_in(crate::i18n::Lang::Id, &doc, &p, &book, true).expect_err("doc");
        assert_eq!(
            e,
            format!(
                "{}: adalah transkrip proyek ini; -o tidak pernah menimpa berkas milik proyek (pilih nama berkas lain)",
                doc.display()
            )
        );
        let other = dir.path().join("laporan.md");
        std::fs::write(&other, "x").expect("write");
        let e =
            check_target_in(crate::i18n::Lang::Id, &other, &p, &book, false).expect_err("exists");
        assert!(
            e.starts_with(&format!("{}: sudah ada; berikan --force", other.display())),
            "{e}"
        );
    }
}
