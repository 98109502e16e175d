//! `tandai import FILE.qdpx [DIR]`: a REFI-QDA project into a new tandai project.

use super::{out, read_import, say, tr};
use color_eyre::eyre::{Result, eyre};
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `tandai import FILE.qdpx [DIR]`: a REFI-QDA project into a new tandai project.
pub fn run(file: &Path, dir: Option<&Path>, force: bool) -> Result<ExitCode> {
    use tandai::core::exchange::refi::{self, WriteOptions};
    let shown = file.display().to_string();
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdc"))
    {
        return Err(eyre!(say(tr().cmd_import_qdc, &[("path", &shown)])));
    }
    let bytes = read_import(file)?;
    let imported = refi::read_qdpx(&bytes, &shown)?;
    if imported.documents.is_empty() && imported.codebook.is_none() {
        for s in &imported.skipped {
            out::warn(&say(tr().cmd_import_skipped_top, &[("what", s)]));
        }
        return Err(eyre!(say(tr().cmd_import_nothing, &[("path", &shown)])));
    }
    let dir = dir.map_or_else(|| default_import_dir(file), Path::to_path_buf);
    let options = WriteOptions {
        force,
        stamp: tandai::core::coding::saver::utc_stamp(std::time::SystemTime::now()),
    };
    let written = refi::write_project(&imported, &dir, &options)?;
    print_import_summary(&shown, &dir, &imported, &written);
    Ok(ExitCode::SUCCESS)
}

/// The title, project memo, attributes, code memos and kept GUIDs, one line each.
fn print_project_parts(
    imported: &tandai::core::exchange::refi::ImportedProject,
    written: &tandai::core::exchange::refi::Written,
) {
    let t = tr();
    if let Some(title) = &imported.title {
        out::warn(&say(
            t.cmd_import_title,
            &[("title", &format!("{title:?}"))],
        ));
    }
    if !imported.memo.trim().is_empty() {
        let n = imported.memo.chars().count();
        out::warn(&say(t.cmd_import_memo, &[("n", &n)]));
    }
    if !imported.attributes.is_empty() {
        let with = imported
            .documents
            .iter()
            .filter(|d| !d.attributes.is_empty())
            .count();
        let names: Vec<&str> = imported
            .attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        let values: [(&str, &dyn Display); 2] = [("names", &names.join(", ")), ("n", &with)];
        out::warn(&say(t.cmd_import_attributes, &values));
    }
    let memos = imported
        .codebook
        .iter()
        .flat_map(|b| &b.book.codes)
        .filter(|c| !c.memo.is_empty())
        .count();
    if memos > 0 {
        out::warn(&say(t.cmd_import_code_memos, &[("n", &memos)]));
    }
    if let Some(path) = &written.kept_ids {
        out::warn(&say(t.cmd_import_guids, &[("path", &path.display())]));
    }
}

/// `interviews.qdpx` imports into `./interviews`.
fn default_import_dir(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe = tandai::core::exchange::refi::safe_file_name(&format!("{stem}.txt"));
    PathBuf::from(safe.strip_suffix(".txt").unwrap_or(&safe))
}

fn print_import_summary(
    shown: &str,
    dir: &Path,
    imported: &tandai::core::exchange::refi::ImportedProject,
    written: &tandai::core::exchange::refi::Written,
) {
    let t = tr();
    let origin = imported
        .origin
        .as_deref()
        .map(|o| say(t.cmd_import_origin, &[("program", &o)]))
        .unwrap_or_default();
    let values: [(&str, &dyn Display); 3] = [
        ("file", &shown),
        ("origin", &origin),
        ("path", &dir.display()),
    ];
    out::warn(&say(t.cmd_import_done, &values));
    for (source, path) in &written.documents {
        let values: [(&str, &dyn Display); 2] = [
            ("source", &format!("{source:?}")),
            ("path", &path.display()),
        ];
        out::warn(&say(t.cmd_import_document, &values));
    }
    for skipped in &imported.skipped {
        out::warn(&say(t.cmd_import_skipped, &[("what", skipped)]));
    }
    for c in &imported.coders {
        let values: [(&str, &dyn Display); 2] =
            [("user", &format!("{:?}", c.user)), ("coder", &c.coder)];
        out::warn(&say(t.cmd_import_user, &values));
    }
    print_mapping(imported, written);
    print_project_parts(imported, written);
    if let Some(keep) = &written.kept_codebook {
        out::warn(&say(
            t.cmd_import_kept_codebook,
            &[("path", &keep.display())],
        ));
    }
    for keep in &written.kept_files {
        out::warn(&say(t.cmd_import_kept_file, &[("path", &keep.display())]));
    }
    let not_taken = imported.not_taken.phrases();
    if !not_taken.is_empty() {
        let what = not_taken.join(", ");
        out::warn(&say(t.cmd_import_not_taken, &[("what", &what)]));
    }
    for w in imported.names.warning().iter().chain(&written.warnings) {
        super::warning(w);
    }
    for w in imported
        .warnings
        .iter()
        .chain(imported.codebook.iter().flat_map(|b| &b.warnings))
    {
        super::warning(w);
    }
}

/// How the selections mapped onto paragraphs, and the counts of what was written.
fn print_mapping(
    imported: &tandai::core::exchange::refi::ImportedProject,
    written: &tandai::core::exchange::refi::Written,
) {
    const SHOWN_AT_MOST: usize = 10;
    let (t, s) = (tr(), imported.stats);
    let values: [(&str, &dyn Display); 4] = [
        ("exact", &s.exact),
        ("partial", &s.partial),
        ("unmapped", &s.unmapped),
        ("other", &s.non_text),
    ];
    out::warn(&say(t.cmd_import_selections, &values));
    for u in imported.unmapped.iter().take(SHOWN_AT_MOST) {
        out::warn(&say(t.cmd_import_unmapped, &[("what", u)]));
    }
    if imported.unmapped.len() > SHOWN_AT_MOST {
        let more = imported.unmapped.len() - SHOWN_AT_MOST;
        out::warn(&say(t.cmd_import_more_unmapped, &[("n", &more)]));
    }
    let values: [(&str, &dyn Display); 7] = [
        ("documents", &s.documents),
        ("codes", &s.codes),
        ("coders", &s.coders),
        ("codings", &s.codings),
        ("paragraphs", &s.paragraph_codings),
        ("memos", &s.memos),
        ("sidecars", &written.sidecars),
    ];
    out::warn(&say(t.cmd_import_counts, &values));
}
