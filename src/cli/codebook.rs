//! `tandai codebook export` and `tandai codebook import`.

use super::{Format, OutputArgs, ProjectArgs, load, out, read_import, say, tr, write_result};
use color_eyre::eyre::{Result, eyre};
use std::path::Path;
use std::process::ExitCode;
use tandai::core::codebook::export::{project_decisions, to_csv, to_markdown, usage};
use tandai::core::codebook::{Lang, MAX_CODEBOOK_BYTES};
use tandai::core::coding::store;
use tandai::core::documents::fsread::{self, Links};
use tandai::core::exchange::csv::Csv;
use tandai::core::project::CODEBOOK_FILE;

/// `tandai codebook export`: JSON, CSV, Markdown or a REFI-QDA `.qdc`.
pub fn export(
    args: &ProjectArgs,
    format: Format,
    lang: Lang,
    coder: Option<&str>,
    output: &OutputArgs,
    csv: Csv,
) -> Result<ExitCode> {
    let loaded = load(args)?;
    let (project, book) = (&loaded.project, &loaded.book);
    let counts = || usage(book, &project_decisions(project, coder));
    let text = match format {
        Format::Json => book.to_json(),
        Format::Csv => to_csv(book, lang, &counts(), csv),
        Format::Md => to_markdown(book, lang, &counts()),
        Format::Qdc if book.codes.is_empty() => {
            return Err(eyre!(tr().cmd_codebook_empty));
        }
        Format::Qdc => tandai::core::exchange::refi::export_qdc(book, lang),
    };
    write_result(&loaded, output, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `tandai codebook import FILE [PATH]`: a REFI-QDA codebook into `codebook.json`.
pub fn import(file: &Path, path: &Path, force: bool) -> Result<ExitCode> {
    let shown = file.display().to_string();
    let bytes = read_import(file)?;
    let imported = tandai::core::exchange::refi::import_codebook(&bytes, &shown)?;
    for w in &imported.warnings {
        super::warning(w);
    }
    let root = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    let target = root.join(CODEBOOK_FILE);
    if std::fs::symlink_metadata(&target).is_ok() {
        if !force {
            let path = target.display();
            return Err(eyre!(say(tr().cmd_codebook_exists, &[("path", &path)])));
        }
        let stamp = tandai::core::coding::saver::utc_stamp(std::time::SystemTime::now());
        let keep = root.join(format!("{CODEBOOK_FILE}.before-import-{stamp}"));
        let old = fsread::read(&target, MAX_CODEBOOK_BYTES, Links::Inside(&root))?;
        store::atomic_write(&keep, &old, store::Perms::Shared).map_err(|e| eyre!(e))?;
        out::warn(&say(tr().cmd_codebook_kept, &[("path", &keep.display())]));
    }
    store::atomic_write(
        &target,
        imported.book.to_json().as_bytes(),
        store::Perms::Shared,
    )
    .map_err(|e| eyre!(e))?;
    let origin = imported
        .origin
        .map(|o| say(tr().cmd_codebook_from, &[("program", &o)]))
        .unwrap_or_default();
    let values: [(&str, &dyn std::fmt::Display); 4] = [
        ("codes", &imported.stats.codes),
        ("levels", &imported.stats.levels),
        ("origin", &origin),
        ("path", &target.display()),
    ];
    out::warn(&say(tr().cmd_codebook_imported, &values));
    Ok(ExitCode::SUCCESS)
}
