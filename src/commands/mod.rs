//! The scriptable commands: `tandai check`, `report`, `export`, `import` and
//! `codebook ...`. Results go to
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
    /// What was coded, as tables: code frequencies, coverage per document, the code x
    /// document matrix and the code co-occurrence matrix. Exits 1 (after printing the
    /// report) when a sidecar cannot be read.
    Report {
        /// The project folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Only this coder's codings (default: every coder's, summed).
        #[arg(long, value_name = "NAME")]
        coder: Option<String>,
        /// Language of code labels.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Use this codebook file instead of the project's codebook.json.
        #[arg(long, value_name = "FILE")]
        codebook: Option<PathBuf>,
    },
    /// Every coding with its text, for other tools: CSV or JSON Lines (one row per
    /// paragraph x code x coder, with speaker, memo and the document's attributes) for
    /// R, pandas or a spreadsheet; the quotes grouped by code with citations, as
    /// Markdown (a thesis appendix) or one self-contained HTML file (codebook,
    /// frequencies, heat map, quotes); or the whole project as a REFI-QDA .qdpx for
    /// ATLAS.ti, NVivo, MAXQDA, QualCoder (transcripts as text sources, coded
    /// paragraphs as selections at their code-point offsets, coders as users, memos as
    /// notes). Exits 1 (after writing what it could read) when a sidecar cannot be read.
    Export {
        /// The project folder.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only this code and its sub-codes (repeat for more codes). Leaves out
        /// paragraphs that carry only a memo. Not for qdpx.
        #[arg(long = "code", value_name = "ID")]
        codes: Vec<String>,
        /// Only this document, by file name or path (repeat for more). Not for qdpx.
        #[arg(long = "document", value_name = "NAME")]
        documents: Vec<String>,
        /// Only this coder's codings (default: every coder's).
        #[arg(long, value_name = "NAME")]
        coder: Option<String>,
        /// Language of code labels and definitions.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Write to FILE instead of standard output (a .qdpx, being a zip archive, is
        /// not written to a terminal).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Use this codebook file instead of the project's codebook.json.
        #[arg(long, value_name = "FILE")]
        codebook: Option<PathBuf>,
    },
    /// Import a REFI-QDA project (.qdpx) into a new tandai project folder.
    ///
    /// Text sources become .txt transcripts, users become coders, coded selections
    /// become codings of the paragraphs they touch (a selection of part of a paragraph
    /// codes the whole paragraph), notes become memos, and the codebook becomes
    /// codebook.json. Prints how many selections mapped exactly, partly or not at all,
    /// and which sources were skipped and why.
    Import {
        /// The .qdpx file.
        file: PathBuf,
        /// The folder to create (default: the file's name without .qdpx, in the
        /// current folder). It must be new or empty unless --force is given.
        dir: Option<PathBuf>,
        /// Import into a folder that already has files. Nothing is overwritten:
        /// transcripts get free names, and an existing codebook.json is kept as
        /// codebook.json.before-import-<date>.
        #[arg(long)]
        force: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One row per coding, with a header row (RFC 4180, UTF-8, CRLF).
    Csv,
    /// One JSON object per coding and line, with the CSV's column names as keys.
    Jsonl,
    /// Quotes grouped by code, with definitions and citations.
    Md,
    /// One self-contained page: codebook, frequencies, heat map, quotes.
    Html,
    /// A REFI-QDA project archive.
    Qdpx,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Aligned tables for the terminal.
    Text,
    /// Long form: table,row,column,value.
    Csv,
    Json,
    Md,
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
    /// Read a REFI-QDA codebook (.qdc) or the codebook of a REFI-QDA project (.qdpx)
    /// from another QDA program (ATLAS.ti, NVivo, MAXQDA, QualCoder...) into the
    /// project's codebook.json.
    Import {
        /// The .qdc or .qdpx file.
        file: PathBuf,
        /// The project folder to write codebook.json into.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Replace an existing codebook.json (the old one is kept as
        /// codebook.json.before-import-<date>).
        #[arg(long)]
        force: bool,
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
        Command::Report {
            path,
            format,
            coder,
            lang,
            output,
            codebook,
        } => report(
            &path,
            format,
            coder.as_deref(),
            lang.into(),
            output.as_deref(),
            codebook.as_deref(),
        ),
        Command::Export {
            path,
            format: ExportFormat::Qdpx,
            codes,
            documents,
            output,
            coder,
            lang,
            codebook,
        } => {
            if !codes.is_empty() || !documents.is_empty() {
                return Err(eyre!(
                    "--code and --document do not apply to --format qdpx, which exports the whole project (--coder does)"
                ));
            }
            export_qdpx(
                &path,
                output.as_deref(),
                coder.as_deref(),
                lang.into(),
                codebook.as_deref(),
            )
        }
        Command::Export {
            path,
            format,
            codes,
            documents,
            coder,
            lang,
            output,
            codebook,
        } => export_codings(
            &path,
            format,
            &tandai::core::export::Filter {
                codes,
                documents,
                coder,
            },
            lang.into(),
            output.as_deref(),
            codebook.as_deref(),
        ),
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
        Command::Codebook(CodebookCommand::Import { file, path, force }) => {
            import(&file, &path, force)
        }
        Command::Import { file, dir, force } => import_qdpx(&file, dir.as_deref(), force),
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
    let sidecars: usize = check::coders_by_document(&project)
        .iter()
        .map(Vec::len)
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
        Format::Qdc if book.codes.is_empty() => {
            return Err(eyre!("the codebook has no codes to export"));
        }
        Format::Qdc => tandai::core::refi::export_qdc(&book, lang),
    };
    write_out(output, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn report(
    path: &Path,
    format: ReportFormat,
    coder: Option<&str>,
    lang: Lang,
    output: Option<&Path>,
    codebook: Option<&Path>,
) -> Result<ExitCode> {
    use tandai::core::report;
    let (project, book) = load(path, codebook)?;
    let (coded, problems) = report::collect(&project, coder);
    let r = report::build(&project, &book, &coded, lang);
    let text = match format {
        ReportFormat::Text => report::to_text(&r),
        ReportFormat::Csv => report::to_csv(&r),
        ReportFormat::Json => report::to_json(&r),
        ReportFormat::Md => report::to_markdown(&r),
    };
    write_out(output, text.as_bytes())?;
    for p in &problems {
        eprintln!("tandai: left out of the report: {p}");
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn export_codings(
    path: &Path,
    format: ExportFormat,
    filter: &tandai::core::export::Filter,
    lang: Lang,
    output: Option<&Path>,
    codebook: Option<&Path>,
) -> Result<ExitCode> {
    use tandai::core::export;
    let (project, book) = load(path, codebook)?;
    let e = export::build(&project, &book, filter, lang)?;
    let text = match format {
        ExportFormat::Csv => export::to_csv(&e),
        ExportFormat::Jsonl => export::to_jsonl(&e),
        ExportFormat::Md => export::to_markdown(&e),
        ExportFormat::Html => export::to_html(&e),
        ExportFormat::Qdpx => return Err(eyre!("a .qdpx is written by export_qdpx")),
    };
    write_out(output, text.as_bytes())?;
    if e.detached > 0 {
        eprintln!(
            "tandai: {} codings are detached from changed text and not exported; \
             open the documents in tandai to re-attach them",
            e.detached
        );
    }
    for p in &e.problems {
        eprintln!("tandai: left out of the export: {p}");
    }
    Ok(if e.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn import(file: &Path, path: &Path, force: bool) -> Result<ExitCode> {
    let shown = file.display().to_string();
    let size = std::fs::metadata(file)
        .map_err(|e| eyre!("{shown}: {}", store::short_io(&e)))?
        .len();
    if size > tandai::core::refi::Limits::DEFAULT.max_input {
        return Err(eyre!(
            "{shown}: {size} bytes is larger than the import limit"
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| eyre!("{shown}: {}", store::short_io(&e)))?;
    let imported = tandai::core::refi::import_codebook(&bytes, &shown)?;
    for w in &imported.warnings {
        eprintln!("tandai: warning: {w}");
    }
    let root = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    let target = root.join(CODEBOOK_FILE);
    if target.exists() {
        if !force {
            return Err(eyre!(
                "{}: exists; pass --force to replace it (the old one is kept)",
                target.display()
            ));
        }
        let stamp = tandai::core::saver::utc_stamp(std::time::SystemTime::now());
        let keep = root.join(format!("{CODEBOOK_FILE}.before-import-{stamp}"));
        let old = std::fs::read(&target)?;
        store::atomic_write(&keep, &old).map_err(|e| eyre!(e))?;
        eprintln!("tandai: kept the old codebook as {}", keep.display());
    }
    store::atomic_write(&target, imported.book.to_json().as_bytes()).map_err(|e| eyre!(e))?;
    let origin = imported
        .origin
        .map(|o| format!(" from {o}"))
        .unwrap_or_default();
    eprintln!(
        "tandai: imported {} codes in {} levels{origin} into {}",
        imported.stats.codes,
        imported.stats.levels,
        target.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `tandai export --format qdpx`: the project as a REFI-QDA archive.
fn export_qdpx(
    path: &Path,
    output: Option<&Path>,
    coder: Option<&str>,
    lang: Lang,
    codebook: Option<&Path>,
) -> Result<ExitCode> {
    use std::io::IsTerminal;
    if output.is_none() && std::io::stdout().is_terminal() {
        return Err(eyre!(
            "a .qdpx is a zip archive, not text for a terminal: pass -o FILE.qdpx"
        ));
    }
    if let Some(name) = coder
        && !tandai::core::sidecar::valid_coder(name)
    {
        return Err(eyre!("{name:?} is not a coder name"));
    }
    let (project, book) = load(path, codebook)?;
    let (coded, problems) = tandai::core::report::collect(&project, coder);
    let export = tandai::core::refi::export_qdpx(&project, &book, &coded, lang)?;
    write_out(output, &export.bytes)?;
    for w in export.warnings.iter().chain(&problems) {
        eprintln!("tandai: left out of the export: {w}");
    }
    let s = export.stats;
    eprintln!(
        "tandai: exported {} documents, {} codes, {} coders, {} coded paragraphs ({} codings), {} memos",
        s.documents, s.codes, s.users, s.selections, s.codings, s.notes
    );
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `tandai import FILE.qdpx [DIR]`: a REFI-QDA project into a new tandai project.
fn import_qdpx(file: &Path, dir: Option<&Path>, force: bool) -> Result<ExitCode> {
    use tandai::core::refi::{self, WriteOptions};
    let shown = file.display().to_string();
    let size = std::fs::metadata(file)
        .map_err(|e| eyre!("{shown}: {}", store::short_io(&e)))?
        .len();
    if size > refi::Limits::DEFAULT.max_input {
        return Err(eyre!(
            "{shown}: {size} bytes is larger than the import limit"
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| eyre!("{shown}: {}", store::short_io(&e)))?;
    let imported = refi::read_qdpx(&bytes, &shown)?;
    if imported.documents.is_empty() && imported.codebook.is_none() {
        for s in &imported.skipped {
            eprintln!("tandai: skipped {s}");
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
    eprintln!("tandai: imported {shown}{origin} into {}", dir.display());
    for (source, path) in &written.documents {
        eprintln!("  document {source:?} -> {}", path.display());
    }
    for skipped in &imported.skipped {
        eprintln!("  skipped {skipped}");
    }
    for c in &imported.coders {
        eprintln!("  user {:?} -> coder {}", c.user, c.coder);
    }
    eprintln!(
        "  selections: {} exact, {} partial (coded as whole paragraphs), {} unmapped; {} on pictures, PDFs, audio or video not imported",
        s.exact, s.partial, s.unmapped, s.non_text
    );
    for u in imported.unmapped.iter().take(SHOWN_AT_MOST) {
        eprintln!("    unmapped: {u}");
    }
    if imported.unmapped.len() > SHOWN_AT_MOST {
        eprintln!(
            "    ... and {} more unmapped",
            imported.unmapped.len() - SHOWN_AT_MOST
        );
    }
    eprintln!(
        "  {} documents, {} codes, {} coders; {} codings became {} paragraph codings; {} memos; {} sidecars written",
        s.documents, s.codes, s.coders, s.codings, s.paragraph_codings, s.memos, written.sidecars
    );
    if let Some(keep) = &written.kept_codebook {
        eprintln!("  kept the old codebook as {}", keep.display());
    }
    for w in imported
        .warnings
        .iter()
        .chain(imported.codebook.iter().flat_map(|b| &b.warnings))
    {
        eprintln!("tandai: warning: {w}");
    }
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
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                // A reader that stopped early (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other?,
            }
        }
    }
    Ok(())
}
