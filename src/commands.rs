//! The scriptable commands: `tandai check` and `tandai codebook ...`. Results go to
//! stdout (or `-o FILE`), messages to stderr, and problems give a non-zero exit code.

use clap::{Subcommand, ValueEnum};
use color_eyre::eyre::{Result, eyre};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tandai::core::codebook::{Codebook, Lang};
use tandai::core::codebook_export::{project_decisions, to_csv, to_markdown, usage};
use tandai::core::project::{CODEBOOK_FILE, Project};
use tandai::core::{check, store};

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check every sidecar of a project against the codebook: codes of an exclusive
    /// group together on one paragraph, category headings or retired or unknown codes
    /// applied, unreadable sidecars, codings waiting for review. Exits 1 when it finds
    /// any problem.
    Check {
        /// The project folder (or one transcript).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Use this codebook file instead of the project's codebook.json.
        #[arg(long, value_name = "FILE")]
        codebook: Option<PathBuf>,
    },
    /// Export or import the project's codebook.
    #[command(subcommand)]
    Codebook(CodebookCommand),
}

#[derive(Subcommand, Debug)]
pub enum CodebookCommand {
    /// Write the codebook as JSON, CSV, a Markdown document (the methods-chapter table,
    /// with how often each code was applied) or a REFI-QDA .qdc for other QDA programs.
    Export {
        /// The project folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Language of labels and texts in CSV, Markdown and .qdc.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Count the codings of this coder only (default: every coder).
        #[arg(long, value_name = "NAME")]
        coder: Option<String>,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Use this codebook file instead of the project's codebook.json.
        #[arg(long, value_name = "FILE")]
        codebook: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Md,
    Qdc,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    En,
    Id,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Id => Lang::Id,
        }
    }
}

/// Runs a command.
pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Check { path, codebook } => check(&path, codebook.as_deref()),
        Command::Codebook(CodebookCommand::Export {
            path,
            format,
            lang,
            coder,
            output,
            codebook,
        }) => export(
            &path,
            format,
            lang.into(),
            coder.as_deref(),
            output.as_deref(),
            codebook.as_deref(),
        ),
    }
}

/// The project and its codebook (`--codebook` or the project's `codebook.json`).
fn load(path: &Path, codebook: Option<&Path>) -> Result<(Project, Codebook)> {
    let project = Project::open(path)?;
    let file = codebook.map_or_else(|| project.root.join(CODEBOOK_FILE), Path::to_path_buf);
    if !file.exists() {
        return Err(eyre!(
            "{}: no codebook; open the project with tandai once to choose one, or pass --codebook FILE",
            file.display()
        ));
    }
    let book = Codebook::load(&file)?;
    Ok((project, book))
}

fn check(path: &Path, codebook: Option<&Path>) -> Result<ExitCode> {
    let (project, book) = load(path, codebook)?;
    let findings = check::check(&project, &book);
    let sidecars: usize = project
        .documents
        .iter()
        .map(|d| check::coders_of(&d.path).len())
        .sum();
    for f in &findings {
        println!("{f}");
    }
    if findings.is_empty() {
        eprintln!(
            "tandai check: no problems in {sidecars} sidecars of {} documents",
            project.documents.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "tandai check: {} problems in {sidecars} sidecars of {} documents",
            findings.len(),
            project.documents.len()
        );
        Ok(ExitCode::FAILURE)
    }
}

fn export(
    path: &Path,
    format: Format,
    lang: Lang,
    coder: Option<&str>,
    output: Option<&Path>,
    codebook: Option<&Path>,
) -> Result<ExitCode> {
    let (project, book) = load(path, codebook)?;
    let counts = || usage(&book, &project_decisions(&project, coder));
    let text = match format {
        Format::Json => book.to_json(),
        Format::Csv => to_csv(&book, lang, &counts()),
        Format::Md => to_markdown(&book, lang, &counts()),
        Format::Qdc => return Err(eyre!("REFI-QDA export is not available in this build")),
    };
    write_out(output, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Writes to the file (with the save protocol) or to standard output.
pub fn write_out(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(path) => {
            store::atomic_write(path, bytes).map_err(|e| eyre!(e))?;
            eprintln!("tandai: wrote {}", path.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(bytes)?;
        }
    }
    Ok(())
}
