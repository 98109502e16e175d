//! `tandai import FILE.qdpx [DIR]`: a REFI-QDA project into a new tandai project.

use super::{out, read_import};
use color_eyre::eyre::{Result, eyre};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `tandai import FILE.qdpx [DIR]`: a REFI-QDA project into a new tandai project.
pub fn run(file: &Path, dir: Option<&Path>, force: bool) -> Result<ExitCode> {
    use tandai::core::refi::{self, WriteOptions};
    let shown = file.display().to_string();
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdc"))
    {
        return Err(eyre!(
            "{shown}: a .qdc is a codebook, not a project; import it into a project with: tandai codebook import {shown} [PROJECT]"
        ));
    }
    let bytes = read_import(file)?;
    let imported = refi::read_qdpx(&bytes, &shown)?;
    if imported.documents.is_empty() && imported.codebook.is_none() {
        for s in &imported.skipped {
            out::warn(&format!("tandai: skipped {s}"));
        }
        return Err(eyre!(
            "{shown}: nothing to import: no readable text sources and no codes"
        ));
    }
    let dir = dir.map_or_else(|| default_import_dir(file), Path::to_path_buf);
    let options = WriteOptions {
        force,
        stamp: tandai::core::saver::utc_stamp(std::time::SystemTime::now()),
    };
    let written = refi::write_project(&imported, &dir, &options)?;
    print_import_summary(&shown, &dir, &imported, &written);
    Ok(ExitCode::SUCCESS)
}

/// The title, project memo, attributes, code memos and kept GUIDs, one line each.
fn print_project_parts(
    imported: &tandai::core::refi::ImportedProject,
    written: &tandai::core::refi::Written,
) {
    if let Some(title) = &imported.title {
        out::warn(&format!("  title {title:?}"));
    }
    if !imported.memo.trim().is_empty() {
        out::warn(&format!(
            "  project description and notes -> project memo ({} characters)",
            imported.memo.chars().count()
        ));
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
        out::warn(&format!(
            "  variables and cases -> attributes {} ({with} documents with values)",
            names.join(", ")
        ));
    }
    let memos = imported
        .codebook
        .iter()
        .flat_map(|b| &b.book.codes)
        .filter(|c| !c.memo.is_empty())
        .count();
    if memos > 0 {
        out::warn(&format!("  {memos} code memos"));
    }
    if let Some(path) = &written.kept_ids {
        out::warn(&format!(
            "  GUIDs of sources, users and variables kept in {} (a re-export reuses them)",
            path.display()
        ));
    }
}

/// `interviews.qdpx` imports into `./interviews`.
fn default_import_dir(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe = tandai::core::refi::safe_file_name(&format!("{stem}.txt"));
    PathBuf::from(safe.strip_suffix(".txt").unwrap_or(&safe))
}

fn print_import_summary(
    shown: &str,
    dir: &Path,
    imported: &tandai::core::refi::ImportedProject,
    written: &tandai::core::refi::Written,
) {
    const SHOWN_AT_MOST: usize = 10;
    let s = imported.stats;
    let origin = imported
        .origin
        .as_deref()
        .map(|o| format!(" (written by {o})"))
        .unwrap_or_default();
    out::warn(&format!(
        "tandai: imported {shown}{origin} into {}",
        dir.display()
    ));
    for (source, path) in &written.documents {
        out::warn(&format!("  document {source:?} -> {}", path.display()));
    }
    for skipped in &imported.skipped {
        out::warn(&format!("  skipped {skipped}"));
    }
    for c in &imported.coders {
        out::warn(&format!("  user {:?} -> coder {}", c.user, c.coder));
    }
    out::warn(&format!(
        "  selections: {} exact, {} partial (coded as whole paragraphs), {} unmapped; {} on pictures, PDFs, audio or video not imported",
        s.exact, s.partial, s.unmapped, s.non_text
    ));
    for u in imported.unmapped.iter().take(SHOWN_AT_MOST) {
        out::warn(&format!("    unmapped: {u}"));
    }
    if imported.unmapped.len() > SHOWN_AT_MOST {
        out::warn(&format!(
            "    ... and {} more unmapped",
            imported.unmapped.len() - SHOWN_AT_MOST
        ));
    }
    out::warn(&format!(
        "  {} documents, {} codes, {} coders; {} codings became {} paragraph codings; {} memos; {} sidecars written",
        s.documents, s.codes, s.coders, s.codings, s.paragraph_codings, s.memos, written.sidecars
    ));
    print_project_parts(imported, written);
    if let Some(keep) = &written.kept_codebook {
        out::warn(&format!("  kept the old codebook as {}", keep.display()));
    }
    for keep in &written.kept_files {
        out::warn(&format!("  kept the old file as {}", keep.display()));
    }
    let not_taken = imported.not_taken.phrases();
    if !not_taken.is_empty() {
        out::warn(&format!(
            "  not imported (tandai has no place for them): {}",
            not_taken.join(", ")
        ));
    }
    for w in imported.names.warning().iter().chain(&written.warnings) {
        out::warn(&format!("tandai: warning: {w}"));
    }
    for w in imported
        .warnings
        .iter()
        .chain(imported.codebook.iter().flat_map(|b| &b.warnings))
    {
        out::warn(&format!("tandai: warning: {w}"));
    }
}
