//! `tandai export`: every coding with its text (CSV, JSON Lines, Markdown, HTML),
//! or the whole project as a REFI-QDA `.qdpx`.

use super::{ExportFormat, OutputArgs, ProjectArgs, done_with, load, out, write_result};
use color_eyre::eyre::{Result, eyre};
use std::process::ExitCode;
use tandai::core::attributes::crosstab;
use tandai::core::codebook::Lang;
use tandai::core::csv::Csv;
use tandai::core::export::{self, Filter};

pub fn run(
    args: &ProjectArgs,
    format: ExportFormat,
    filter: &Filter,
    by: &[String],
    lang: Lang,
    output: &OutputArgs,
    csv: Csv,
) -> Result<ExitCode> {
    if format == ExportFormat::Qdpx {
        if !filter.codes.is_empty()
            || !filter.documents.is_empty()
            || !filter.wheres.is_empty()
            || !by.is_empty()
        {
            return Err(eyre!(
                "--code, --document, --where and --by do not apply to --format qdpx, which exports the whole project (--coder does)"
            ));
        }
        return qdpx(args, output, filter.coder.as_deref(), lang);
    }
    if !by.is_empty() && !matches!(format, ExportFormat::Md | ExportFormat::Html) {
        return Err(eyre!(
            "--by adds a table to --format md and html (tandai report --by gives it for any format)"
        ));
    }
    if format == ExportFormat::Xlsx {
        refuse_terminal(
            output,
            "an .xlsx is a zip archive, not text for a terminal: pass -o FILE.xlsx",
        )?;
    }
    let loaded = load(args)?;
    let by = by
        .iter()
        .map(|b| crosstab::attribute_named(&loaded.project.attributes, b).map_err(|e| eyre!(e)))
        .collect::<Result<Vec<String>>>()?;
    super::where_filter(&loaded.project, &filter.wheres)?;
    let mut e = export::build(&loaded.project, &loaded.book, filter, lang)?;
    e.by = by.iter().map(|b| crosstab::for_export(&e, b)).collect();
    if matches!(format, ExportFormat::Md | ExportFormat::Html) {
        for note in e.citation_notes() {
            out::warn(&format!("tandai: citations: {note}"));
        }
    }
    let bytes = match format {
        ExportFormat::Csv => export::to_csv(&e, csv).into_bytes(),
        ExportFormat::Jsonl => export::to_jsonl(&e).into_bytes(),
        ExportFormat::Md => export::to_markdown(&e).into_bytes(),
        ExportFormat::Html => export::to_html(&e).into_bytes(),
        ExportFormat::Xlsx => xlsx(&e)?,
        ExportFormat::Qdpx => return Err(eyre!("a .qdpx is written by export::qdpx")),
    };
    write_result(&loaded, output, &bytes)?;
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

/// A binary result goes to a file or a pipe, never to a terminal.
fn refuse_terminal(output: &OutputArgs, message: &str) -> Result<()> {
    use std::io::IsTerminal;
    if output.output.is_none() && std::io::stdout().is_terminal() {
        return Err(eyre!("{message}"));
    }
    Ok(())
}

/// The workbook, with a word on cells cut at the spreadsheet's limit.
fn xlsx(e: &export::Export) -> Result<Vec<u8>> {
    let book = export::to_xlsx(e).map_err(|why| eyre!("cannot write the .xlsx: {why}"))?;
    if book.truncated > 0 {
        out::warn(&format!(
            "tandai: {} cells were longer than a spreadsheet cell holds (32,767 characters) and end in […]; the CSV export has them whole",
            book.truncated
        ));
    }
    Ok(book.bytes)
}

/// `tandai export --format qdpx`: the project as a REFI-QDA archive.
fn qdpx(
    args: &ProjectArgs,
    output: &OutputArgs,
    coder: Option<&str>,
    lang: Lang,
) -> Result<ExitCode> {
    refuse_terminal(
        output,
        "a .qdpx is a zip archive, not text for a terminal: pass -o FILE.qdpx",
    )?;
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
