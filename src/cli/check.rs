//! `tandai check`: every constraint violation in every coder's sidecars.

use super::{ProjectArgs, count, load, out, say, tr};
use color_eyre::eyre::Result;
use std::process::ExitCode;
use tandai::core::analysis::check;

pub fn run(args: &ProjectArgs) -> Result<ExitCode> {
    let loaded = load(args)?;
    let (project, book) = (&loaded.project, &loaded.book);
    let findings = check::check_in(project, book, tandai::i18n::current());
    let sidecars: usize = check::coders_by_document(project)
        .iter()
        .map(Vec::len)
        .sum();
    for f in &findings {
        out::line(&f.to_string());
    }
    let t = tr();
    let documents = count(
        project.documents.len(),
        t.cmd_documents_one,
        t.cmd_documents_other,
    );
    let sidecars = count(sidecars, t.cmd_sidecars_one, t.cmd_sidecars_other);
    let problems = count(findings.len(), t.cmd_problems_one, t.cmd_problems_other);
    let values: [(&str, &dyn std::fmt::Display); 3] = [
        ("problems", &problems),
        ("sidecars", &sidecars),
        ("documents", &documents),
    ];
    if findings.is_empty() {
        out::warn(&say(t.cmd_check_clean, &values));
        Ok(ExitCode::SUCCESS)
    } else {
        out::warn(&say(t.cmd_check_problems, &values));
        Ok(ExitCode::FAILURE)
    }
}
