//! `tandai export`: every coding with its text (CSV, JSON Lines, Markdown, HTML),
//! or the whole project as a REFI-QDA `.qdpx`.

use super::{ExportFormat, OutputArgs, ProjectArgs, done_with, load, out, say, tr, write_result};
use color_eyre::eyre::{Result, eyre};
use std::process::ExitCode;
use tandai::core::attributes::crosstab;
use tandai::core::codebook::Lang;
use tandai::core::exchange::csv::Csv;
use tandai::core::exchange::export::{self, Filter};

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
            return Err(eyre!(tr().cmd_export_qdpx_whole));
        }
        return qdpx(args, output, filter.coder.as_deref(), lang);
    }
    if !by.is_empty() && !matches!(format, ExportFormat::Md | ExportFormat::Html) {
        return Err(eyre!(tr().cmd_export_by_formats));
    }
    if format == ExportFormat::Xlsx {
        refuse_terminal(output, tr().cmd_export_xlsx_terminal)?;
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
            out::warn(&say(tr().cmd_export_citations, &[("note", &note)]));
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
        out::warn(&say(tr().cmd_export_detached, &[("n", &e.detached)]));
    }
    for p in &e.problems {
        out::warn(&say(tr().cmd_export_left_out, &[("problem", p)]));
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
    let book = export::to_xlsx(e)
        .map_err(|why| eyre!(say(tr().cmd_export_xlsx_failed, &[("why", &why)])))?;
    if book.truncated > 0 {
        out::warn(&say(tr().cmd_export_truncated, &[("n", &book.truncated)]));
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
    refuse_terminal(output, tr().cmd_export_qdpx_terminal)?;
    if let Some(name) = coder
        && !tandai::core::coding::sidecar::valid_coder(name)
    {
        let name = format!("{name:?}");
        return Err(eyre!(say(tr().cmd_not_a_coder_name, &[("name", &name)])));
    }
    let loaded = load(args)?;
    let (coded, problems) = tandai::core::analysis::report::collect(&loaded.project, coder);
    let export =
        tandai::core::exchange::refi::export_qdpx(&loaded.project, &loaded.book, &coded, lang)?;
    write_result(&loaded, output, &export.bytes)?;
    for w in export.warnings.iter().chain(&problems) {
        out::warn(&say(tr().cmd_export_left_out, &[("problem", w)]));
    }
    let s = export.stats;
    done_with((export.bytes, coded, loaded));
    let values: [(&str, &dyn std::fmt::Display); 6] = [
        ("documents", &s.documents),
        ("codes", &s.codes),
        ("coders", &s.users),
        ("paragraphs", &s.selections),
        ("codings", &s.codings),
        ("memos", &s.notes),
    ];
    out::warn(&say(tr().cmd_export_qdpx_done, &values));
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
