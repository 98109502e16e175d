//! `tandai check`: every constraint violation in every coder's sidecars.

use super::{ProjectArgs, load, out};
use color_eyre::eyre::Result;
use std::process::ExitCode;
use tandai::core::check;

pub fn run(args: &ProjectArgs) -> Result<ExitCode> {
    let loaded = load(args)?;
    let (project, book) = (&loaded.project, &loaded.book);
    let findings = check::check(project, book);
    let sidecars: usize = check::coders_by_document(project)
        .iter()
        .map(Vec::len)
        .sum();
    for f in &findings {
        out::line(&f.to_string());
    }
    let documents = project.documents.len();
    if findings.is_empty() {
        out::warn(&format!(
            "tandai check: no problems in {sidecars} sidecars of {documents} documents"
        ));
        Ok(ExitCode::SUCCESS)
    } else {
        out::warn(&format!(
            "tandai check: {} problems in {sidecars} sidecars of {documents} documents",
            findings.len()
        ));
        Ok(ExitCode::FAILURE)
    }
}
