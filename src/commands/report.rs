//! `tandai report`: what was coded, as tables.

use super::{
    CooccurrenceArg, OutputArgs, ProjectArgs, ReportFormat, done_with, load, out, write_result,
};
use color_eyre::eyre::Result;
use std::process::ExitCode;
use tandai::core::codebook::Lang;
use tandai::core::csv::Csv;
use tandai::core::report;

pub fn run(
    args: &ProjectArgs,
    format: ReportFormat,
    coder: Option<&str>,
    cooccurrence: CooccurrenceArg,
    lang: Lang,
    output: &OutputArgs,
    csv: Csv,
) -> Result<ExitCode> {
    let loaded = load(args)?;
    let (coded, problems) = report::collect(&loaded.project, coder);
    let counts = match cooccurrence {
        CooccurrenceArg::Within => report::Cooccurrence::WithinCoder,
        CooccurrenceArg::Across => report::Cooccurrence::AcrossCoders,
    };
    let r = report::build_with(&loaded.project, &loaded.book, &coded, lang, counts);
    let text = match format {
        ReportFormat::Text => report::to_text(&r),
        ReportFormat::Csv => report::to_csv(&r, csv),
        ReportFormat::Json => report::to_json(&r),
        ReportFormat::Md => report::to_markdown(&r),
    };
    write_result(&loaded, output, text.as_bytes())?;
    for p in &problems {
        out::warn(&format!("tandai: left out of the report: {p}"));
    }
    done_with((loaded, coded, r));
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
