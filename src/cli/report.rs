//! `tandai report`: what was coded, as tables.

use super::{
    CooccurrenceArg, OutputArgs, ProjectArgs, ReportFormat, done_with, load, out, write_result,
};
use color_eyre::eyre::{Result, eyre};
use std::process::ExitCode;
use tandai::core::analysis::report;
use tandai::core::attributes::crosstab;
use tandai::core::codebook::Lang;
use tandai::core::exchange::csv::Csv;

/// What `tandai report` was asked for.
pub struct Options {
    pub format: ReportFormat,
    pub coder: Option<String>,
    pub cooccurrence: CooccurrenceArg,
    pub lang: Lang,
    /// Attributes for code x attribute-value tables.
    pub by: Vec<String>,
    /// `--where` conditions.
    pub wheres: Vec<String>,
}

pub fn run(args: &ProjectArgs, o: &Options, output: &OutputArgs, csv: Csv) -> Result<ExitCode> {
    let loaded = load(args)?;
    let project = &loaded.project;
    let by =
        o.by.iter()
            .map(|b| crosstab::attribute_named(&project.attributes, b).map_err(|e| eyre!(e)))
            .collect::<Result<Vec<String>>>()?;
    let keep = super::where_filter(project, &o.wheres)?;
    let kept = |i: usize| keep.as_ref().is_none_or(|k| k[i]);
    let (coded, problems) = report::collect_where(project, o.coder.as_deref(), kept);
    let counts = match o.cooccurrence {
        CooccurrenceArg::Within => report::Cooccurrence::WithinCoder,
        CooccurrenceArg::Across => report::Cooccurrence::AcrossCoders,
    };
    let mut r = report::build_with(project, &loaded.book, &coded, o.lang, counts);
    if let Some(keep) = &keep {
        tandai::core::attributes::filter::narrow_report(&mut r, keep);
    }
    r.by = by
        .iter()
        .map(|b| crosstab::for_report(project, &loaded.book, &coded, &r, b))
        .collect();
    let text = match o.format {
        ReportFormat::Text => report::to_text(&r),
        ReportFormat::Csv => report::to_csv(&r, csv),
        ReportFormat::Json => report::to_json(&r),
        ReportFormat::Md => report::to_markdown(&r),
    };
    write_result(&loaded, output, text.as_bytes())?;
    for p in &problems {
        out::warn(&tandai::i18n::fill(
            super::tr().cmd_report_left_out,
            &[("problem", p)],
        ));
    }
    done_with((loaded, coded, r));
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
