//! `tandai export`: every coding with its text (CSV, JSON Lines, Markdown, HTML),
//! or the whole project as a REFI-QDA `.qdpx`.

use super::{ExportFormat, OutputArgs, ProjectArgs, done_with, load, out, write_result};
use color_eyre::eyre::{Result, eyre};
use std::process::ExitCode;
use tandai::core::codebook::Lang;
use tandai::core::csv::Csv;
use tandai::core::export::{self, Filter};

pub fn run(
    args: &ProjectArgs,
    format: ExportFormat,
    filter: &Filter,
    lang: Lang,
    output: &OutputArgs,
    csv: Csv,
) -> Result<ExitCode> {
    if format == ExportFormat::Qdpx {
        if !filter.codes.is_empty() || !filter.documents.is_empty() {
            return Err(eyre!(
                "--code and --document do not apply to --format qdpx, which exports the whole project (--coder does)"
            ));
        }
        return qdpx(args, output, filter.coder.as_deref(), lang);
    }
    let loaded = load(args)?;
    let e = export::build(&loaded.project, &loaded.book, filter, lang)?;
    let text = match format {
        ExportFormat::Csv => export::to_csv(&e, csv),
        ExportFormat::Jsonl => export::to_jsonl(&e),
        ExportFormat::Md => export::to_markdown(&e),
        ExportFormat::Html => export::to_html(&e),
        ExportFormat::Qdpx => return Err(eyre!("a .qdpx is written by export::qdpx")),
    };
    write_result(&loaded, output, text.as_bytes())?;
    if e.detached > 0 {
        out::warn(&format!(
            "tandai: {} codings are detached from changed text and not exported; \
             open the documents in tandai to re-attach them",
            e.detached
        ));
    }
    for p in &e.problems {
        out::warn(&format!("tandai: left out of the export: {p}"));
    }
    let ok = e.problems.is_empty();
    done_with(e);
    done_with(loaded);
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `tandai export --format qdpx`: the project as a REFI-QDA archive.
fn qdpx(
    args: &ProjectArgs,
    output: &OutputArgs,
    coder: Option<&str>,
    lang: Lang,
) -> Result<ExitCode> {
    use std::io::IsTerminal;
    if output.output.is_none() && std::io::stdout().is_terminal() {
        return Err(eyre!(
            "a .qdpx is a zip archive, not text for a terminal: pass -o FILE.qdpx"
        ));
    }
    if let Some(name) = coder
        && !tandai::core::sidecar::valid_coder(name)
    {
        return Err(eyre!("{name:?} is not a coder name"));
    }
    let loaded = load(args)?;
    let (coded, problems) = tandai::core::report::collect(&loaded.project, coder);
    let export = tandai::core::refi::export_qdpx(&loaded.project, &loaded.book, &coded, lang)?;
    write_result(&loaded, output, &export.bytes)?;
    for w in export.warnings.iter().chain(&problems) {
        out::warn(&format!("tandai: left out of the export: {w}"));
    }
    let s = export.stats;
    done_with((export.bytes, coded, loaded));
    out::warn(&format!(
        "tandai: exported {} documents, {} codes, {} coders, {} coded paragraphs ({} codings), {} memos",
        s.documents, s.codes, s.users, s.selections, s.codings, s.notes
    ));
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
