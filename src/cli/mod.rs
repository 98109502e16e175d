//! The scriptable commands: `tandai check`, `report`, `export`, `import`, `agree`,
//! `diff`, `log`, `init`, `retest`, `paragraphs`, `attributes` and `codebook ...`,
//! one file each. Results go to stdout (or `-o FILE`), messages to
//! stderr, everything printed through [`out`], and problems give a non-zero exit
//! code.

mod agree;
mod attributes;
mod check;
mod codebook;
mod diff;
mod export;
mod first_run;
pub mod help;
mod import;
mod init;
mod log;
mod merge_driver;
pub mod open;
pub mod out;
mod paragraphs;
mod report;
mod retest;
pub mod usage_error;
pub use paragraphs::ParagraphsFormat;

use clap::{Subcommand, ValueEnum};
use color_eyre::eyre::{Result, eyre};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tandai::core::codebook::{Codebook, Lang};
use tandai::core::coding::store;
use tandai::core::exchange::csv::Csv;
use tandai::core::project::{CODEBOOK_FILE, Project};

/// The commands. Every text of `--help` comes from the interface's catalog
/// (`src/i18n`, `cmd_h_*`), so it is read in the interface language; a test walks the
/// whole tree and fails on a command or option without its Indonesian text.
#[derive(Subcommand, Debug)]
pub enum Command {
    #[command(about = tr().cmd_h_check)]
    Check {
        #[command(flatten)]
        project: ProjectArgs,
    },
    #[command(subcommand, about = tr().cmd_h_codebook)]
    Codebook(CodebookCommand),
    #[command(about = tr().cmd_h_report)]
    Report {
        #[command(flatten)]
        project: ProjectArgs,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text, help = tr().cmd_h_format)]
        format: ReportFormat,
        #[arg(long, value_name = "NAME", help = tr().cmd_h_report_coder)]
        coder: Option<String>,
        #[arg(long, value_enum, default_value_t = CooccurrenceArg::Within, help = tr().cmd_h_report_cooccurrence)]
        cooccurrence: CooccurrenceArg,
        #[arg(long, value_enum, help = tr().cmd_h_lang_labels)]
        lang: Option<LangArg>,
        #[arg(long, value_name = "ATTRIBUTE", help = tr().cmd_h_report_by)]
        by: Vec<String>,
        #[command(flatten)]
        filter: WhereArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        csv: CsvArgs,
    },
    #[command(about = tr().cmd_h_export)]
    Export {
        #[command(flatten)]
        project: ProjectArgs,
        #[arg(long, value_enum, help = tr().cmd_h_format)]
        format: ExportFormat,
        #[arg(long = "code", value_name = "ID", help = tr().cmd_h_export_code)]
        codes: Vec<String>,
        #[arg(long = "document", value_name = "NAME", help = tr().cmd_h_export_document)]
        documents: Vec<String>,
        #[arg(long, value_name = "NAME", help = tr().cmd_h_export_coder)]
        coder: Option<String>,
        #[arg(long, value_enum, help = tr().cmd_h_export_lang)]
        lang: Option<LangArg>,
        #[arg(long, value_name = "ATTRIBUTE", help = tr().cmd_h_export_by)]
        by: Vec<String>,
        #[command(flatten)]
        filter: WhereArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        csv: CsvArgs,
    },
    #[command(about = tr().cmd_h_import, long_about = tr().cmd_h_import_long)]
    Import {
        #[arg(help = tr().cmd_h_import_file)]
        file: PathBuf,
        #[arg(help = tr().cmd_h_import_dir)]
        dir: Option<PathBuf>,
        #[arg(long, help = tr().cmd_h_import_force)]
        force: bool,
    },
    #[command(about = tr().cmd_h_agree, long_about = tr().cmd_h_agree_long)]
    Agree(agree::Args),
    #[command(about = tr().cmd_h_diff)]
    Diff(diff::DiffArgs),
    #[command(about = tr().cmd_h_init)]
    Init(init::InitArgs),
    #[command(about = tr().cmd_h_log)]
    Log(log::LogArgs),
    #[command(about = tr().cmd_h_retest)]
    Retest(retest::RetestArgs),
    #[command(about = tr().cmd_h_paragraphs)]
    Paragraphs {
        #[arg(default_value = ".", help = tr().cmd_h_open_path)]
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = ParagraphsFormat::Text, help = tr().cmd_h_paragraphs_format)]
        format: ParagraphsFormat,
        #[command(flatten)]
        filter: WhereArgs,
    },
    #[command(about = tr().cmd_h_attributes)]
    Attributes(attributes::Args),
}

/// The catalog of the interface language, for `--help` and the commands' words.
pub(crate) fn tr() -> &'static tandai::i18n::Strings {
    tandai::i18n::strings(tandai::i18n::current())
}

/// A message of the catalog with its `{placeholders}` filled.
pub(crate) fn say(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    tandai::i18n::fill(template, values)
}

/// "n documents" in the interface language (one form in Indonesian).
pub(crate) fn count(n: usize, one: &str, other: &str) -> String {
    tandai::i18n::count(n, one, other)
}

/// A warning of the project (a file it cannot use, a value it does not know) on
/// stderr, after "tandai: warning:" in the interface language.
pub(crate) fn warning(w: &dyn std::fmt::Display) {
    out::warn(&say(tr().cmd_warning, &[("warning", w)]));
}

/// Which documents a command reads, by their attributes.
#[derive(clap::Args, Debug, Default)]
pub struct WhereArgs {
    #[arg(long = "where", value_name = "ATTRIBUTE=VALUE", help = tr().cmd_h_where)]
    pub conditions: Vec<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CooccurrenceArg {
    #[value(help = tr().cmd_h_cooc_within)]
    Within,
    #[value(help = tr().cmd_h_cooc_across)]
    Across,
}

/// The project a command reads.
#[derive(clap::Args, Debug)]
pub struct ProjectArgs {
    #[arg(default_value = ".", help = tr().cmd_h_project_path)]
    pub path: PathBuf,
    #[arg(long, value_name = "FILE", help = tr().cmd_h_codebook_file)]
    pub codebook: Option<PathBuf>,
    #[arg(long, help = tr().cmd_h_project_follow_links)]
    pub follow_links: bool,
}

/// Where a command writes its result.
#[derive(clap::Args, Debug)]
pub struct OutputArgs {
    #[arg(short, long, value_name = "FILE", help = tr().cmd_h_output)]
    pub output: Option<PathBuf>,
    #[arg(long, requires = "output", help = tr().cmd_h_output_force)]
    pub force: bool,
}

/// How text goes into CSV.
#[derive(clap::Args, Debug)]
pub struct CsvArgs {
    #[arg(long, help = tr().cmd_h_spreadsheet_safe)]
    pub spreadsheet_safe: bool,
}

impl CsvArgs {
    /// The CSV style, or an error when the flag is given for another format.
    fn style(&self, is_csv: bool) -> Result<Csv> {
        match (self.spreadsheet_safe, is_csv) {
            (false, _) => Ok(Csv::Exact),
            (true, true) => Ok(Csv::SpreadsheetSafe),
            (true, false) => Err(eyre!(tr().cmd_spreadsheet_safe_csv_only)),
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    #[value(help = tr().cmd_h_export_csv)]
    Csv,
    #[value(help = tr().cmd_h_export_jsonl)]
    Jsonl,
    #[value(help = tr().cmd_h_export_md)]
    Md,
    #[value(help = tr().cmd_h_export_html)]
    Html,
    #[value(help = tr().cmd_h_export_qdpx)]
    Qdpx,
    #[value(help = tr().cmd_h_export_xlsx)]
    Xlsx,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    #[value(help = tr().cmd_h_report_text)]
    Text,
    #[value(help = tr().cmd_h_report_csv)]
    Csv,
    Json,
    Md,
}

#[derive(Subcommand, Debug)]
pub enum CodebookCommand {
    #[command(about = tr().cmd_h_codebook_export)]
    Export {
        #[command(flatten)]
        project: ProjectArgs,
        #[arg(long, value_enum, default_value_t = Format::Json, help = tr().cmd_h_format)]
        format: Format,
        #[arg(long, value_enum, help = tr().cmd_h_codebook_export_lang)]
        lang: Option<LangArg>,
        #[arg(long, value_name = "NAME", help = tr().cmd_h_codebook_export_coder)]
        coder: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        csv: CsvArgs,
    },
    #[command(about = tr().cmd_h_codebook_import)]
    Import {
        #[arg(help = tr().cmd_h_codebook_import_file)]
        file: PathBuf,
        #[arg(default_value = ".", help = tr().cmd_h_codebook_import_path)]
        path: PathBuf,
        #[arg(long, help = tr().cmd_h_codebook_import_force)]
        force: bool,
    },
    #[command(about = tr().cmd_h_codebook_merge)]
    Merge {
        #[arg(help = tr().cmd_h_codebook_merge_base)]
        base: PathBuf,
        #[arg(help = tr().cmd_h_codebook_merge_ours)]
        ours: PathBuf,
        #[arg(help = tr().cmd_h_codebook_merge_theirs)]
        theirs: PathBuf,
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

/// The language of a command's labels and words: its `--lang`, else the interface's
/// (tandai's `--lang`, the config's `lang`, the locale).
pub(crate) fn lang(arg: Option<LangArg>) -> Lang {
    arg.map_or_else(tandai::i18n::current, Lang::from)
}

/// Runs a command.
pub fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Check { project } => check::run(&project),
        Command::Report {
            project,
            format,
            coder,
            cooccurrence,
            lang,
            by,
            filter,
            output,
            csv,
        } => {
            let csv = csv.style(format == ReportFormat::Csv)?;
            let options = report::Options {
                format,
                coder,
                cooccurrence,
                lang: self::lang(lang),
                by,
                wheres: filter.conditions,
            };
            report::run(&project, &options, &output, csv)
        }
        Command::Export {
            project,
            format,
            codes,
            documents,
            coder,
            lang,
            by,
            filter,
            output,
            csv,
        } => {
            let csv = csv.style(format == ExportFormat::Csv)?;
            let filter = tandai::core::exchange::export::Filter {
                codes,
                documents,
                coder,
                wheres: filter.conditions,
            };
            export::run(
                &project,
                format,
                &filter,
                &by,
                self::lang(lang),
                &output,
                csv,
            )
        }
        Command::Codebook(CodebookCommand::Export {
            project,
            format,
            lang,
            coder,
            output,
            csv,
        }) => {
            let csv = csv.style(format == Format::Csv)?;
            codebook::export(
                &project,
                format,
                self::lang(lang),
                coder.as_deref(),
                &output,
                csv,
            )
        }
        Command::Codebook(CodebookCommand::Import { file, path, force }) => {
            codebook::import(&file, &path, force)
        }
        Command::Codebook(CodebookCommand::Merge { base, ours, theirs }) => {
            merge_driver::run(&base, &ours, &theirs)
        }
        Command::Import { file, dir, force } => import::run(&file, dir.as_deref(), force),
        Command::Agree(args) => agree::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Init(args) => init::run(args),
        Command::Log(args) => log::run(args),
        Command::Retest(args) => retest::run(args),
        Command::Paragraphs {
            path,
            format,
            filter,
        } => paragraphs::run(&path, format, &filter.conditions),
        Command::Attributes(args) => attributes::run(args),
    }
}

/// A project opened by a command, with its codebook and the codebook's file.
pub struct Loaded {
    pub project: Project,
    pub book: Codebook,
    pub codebook_file: PathBuf,
}

/// The project and its codebook (`--codebook`, or the project's `codebook.json`,
/// read under the project's link rule).
/// Lets go of what a command read without freeing it piece by piece: the process
/// ends right after, and the kernel takes the memory back at once, while freeing a
/// project of 10,000 documents allocation by allocation takes a tenth of a second.
fn done_with<T>(read: T) {
    std::mem::forget(read);
}

fn load(args: &ProjectArgs) -> Result<Loaded> {
    let project = Project::open_with(&args.path, args.follow_links)?;
    let (book, codebook_file) = match &args.codebook {
        Some(file) => (Codebook::load(file)?, file.clone()),
        None => {
            let file = project.root.join(CODEBOOK_FILE);
            if std::fs::symlink_metadata(&file).is_err() {
                return Err(eyre!(say(
                    tr().cmd_no_codebook,
                    &[("path", &file.display())]
                )));
            }
            (Codebook::load_with(&file, project.links())?, file)
        }
    };
    for w in &project.warnings {
        warning(w);
    }
    // Never silently left out: a link out of the project, a FIFO, a device, a file
    // that is not text.
    for doc in &project.documents {
        if let Err(why) = &doc.content {
            out::warn(&say(tr().cmd_not_read, &[("why", why)]));
        }
    }
    Ok(Loaded {
        project,
        book,
        codebook_file,
    })
}

/// Writes a result: to `-o FILE` (with the save protocol, after checking that the
/// file may be written) or to standard output.
fn write_result(loaded: &Loaded, output: &OutputArgs, bytes: &[u8]) -> Result<()> {
    let Some(path) = &output.output else {
        return Ok(out::data(bytes)?);
    };
    tandai::core::exchange::output::check_target(
        path,
        &loaded.project,
        &loaded.codebook_file,
        output.force,
    )
    .map_err(|e| eyre!(e))?;
    store::atomic_write(path, bytes, store::Perms::Shared).map_err(|e| eyre!(e))?;
    out::warn(&say(tr().cmd_wrote, &[("path", &path.display())]));
    Ok(())
}

/// Writes the result of a command that does not open the project's documents (diff,
/// log): the project in `dir` is opened only when there is a `-o FILE` to check.
fn write_in(dir: &Path, output: &OutputArgs, bytes: &[u8]) -> Result<()> {
    let Some(path) = &output.output else {
        return Ok(out::data(bytes)?);
    };
    let project = Project::open(dir)?;
    let codebook = project.root.join(CODEBOOK_FILE);
    let loaded = Loaded {
        project,
        book: Codebook::default(),
        codebook_file: codebook,
    };
    write_result(
        &loaded,
        &OutputArgs {
            output: Some(path.clone()),
            force: output.force,
        },
        bytes,
    )
}

/// Writes a result that belongs to no project (`agree --data`): `-o FILE` is refused
/// when it is one of tandai's own files, and replaces an existing file only with
/// `--force`.
fn write_plain(output: &OutputArgs, bytes: &[u8]) -> Result<()> {
    let Some(path) = &output.output else {
        return Ok(out::data(bytes)?);
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if tandai::core::exchange::output::is_tandai_name(&name) {
        return Err(eyre!(say(tr().cmd_own_file, &[("path", &path.display())])));
    }
    if std::fs::symlink_metadata(path).is_ok() && !output.force {
        return Err(eyre!(say(tr().cmd_exists, &[("path", &path.display())])));
    }
    store::atomic_write(path, bytes, store::Perms::Shared).map_err(|e| eyre!(e))?;
    out::warn(&say(tr().cmd_wrote, &[("path", &path.display())]));
    Ok(())
}

/// Reads a file the user named for an import: a regular file within the import
/// limit (a FIFO or `/dev/zero` is refused at once).
fn read_import(file: &Path) -> Result<Vec<u8>> {
    use tandai::core::documents::fsread::{Links, read};
    Ok(read(
        file,
        tandai::core::exchange::refi::Limits::DEFAULT.max_input,
        Links::Follow,
    )?)
}

/// The documents `--where` keeps (None: no conditions, every document), said on
/// stderr; an error when a condition names what the project does not have, or
/// when no document is left.
fn where_filter(project: &Project, conditions: &[String]) -> Result<Option<Vec<bool>>> {
    if conditions.is_empty() {
        return Ok(None);
    }
    let attrs = &project.attributes;
    let w = tandai::core::attributes::filter::Where::parse(conditions, attrs)
        .map_err(|e| eyre!("--where {e}"))?;
    let keep: Vec<bool> = project
        .documents
        .iter()
        .map(|d| w.matches(attrs, &d.name))
        .collect();
    let n = keep.iter().filter(|k| **k).count();
    let shown = w.describe();
    if n == 0 {
        return Err(eyre!(say(tr().cmd_where_none, &[("where", &shown)])));
    }
    let total = project.documents.len();
    let values: [(&str, &dyn std::fmt::Display); 3] =
        [("where", &shown), ("n", &n), ("total", &total)];
    out::warn(&say(tr().cmd_where_kept, &values));
    Ok(Some(keep))
}
