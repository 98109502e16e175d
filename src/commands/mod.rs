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
mod import;
mod init;
mod log;
mod merge_driver;
pub mod out;
mod paragraphs;
mod report;
mod retest;
pub use paragraphs::ParagraphsFormat;

use clap::{Subcommand, ValueEnum};
use color_eyre::eyre::{Result, eyre};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tandai::core::codebook::{Codebook, Lang};
use tandai::core::csv::Csv;
use tandai::core::project::{CODEBOOK_FILE, Project};
use tandai::core::store;

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check every sidecar of a project against the codebook: codes of an exclusive
    /// group together on one paragraph, category headings or retired or unknown codes
    /// applied, unreadable sidecars, codings waiting for review. Exits 1 when it finds
    /// any problem.
    Check {
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// Export or import the project's codebook.
    #[command(subcommand)]
    Codebook(CodebookCommand),
    /// What was coded, as tables: code frequencies, coverage per document, the code x
    /// document matrix and the code co-occurrence matrix. With several coders each
    /// table says what it counts: codings (paragraph x coder) or distinct paragraphs.
    /// Exits 1 (after printing the report) when a sidecar cannot be read.
    Report {
        #[command(flatten)]
        project: ProjectArgs,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Only this coder's codings (default: every coder's, summed).
        #[arg(long, value_name = "NAME")]
        coder: Option<String>,
        /// How co-occurrence counts with several coders: two codes one coder gave the
        /// same paragraph (within), or two codes on the same paragraph from any coders
        /// (across).
        #[arg(long, value_enum, default_value_t = CooccurrenceArg::Within)]
        cooccurrence: CooccurrenceArg,
        /// Language of code labels.
        /// Default: the interface's language (--lang of tandai, the config, the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Add the code x ATTRIBUTE table: for each value of the attribute (role,
        /// city, ...), the paragraphs and the documents with each code (repeat for
        /// more attributes).
        #[arg(long, value_name = "ATTRIBUTE")]
        by: Vec<String>,
        #[command(flatten)]
        filter: WhereArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        csv: CsvArgs,
    },
    /// Every coding with its text, for other tools: CSV or JSON Lines (one row per
    /// paragraph x code x coder, with speaker, memo and the document's attributes) for
    /// R, pandas or a spreadsheet; the quotes grouped by code with citations, as
    /// Markdown (a thesis appendix) or one self-contained HTML file (codebook,
    /// frequencies, heat map, quotes); a spreadsheet workbook (.xlsx: the codings,
    /// frequencies, code x document and code x attribute tables and the codebook,
    /// text always as text); or the whole project as a REFI-QDA .qdpx for
    /// ATLAS.ti, NVivo, MAXQDA, QualCoder (transcripts as text sources, coded
    /// paragraphs as selections at their code-point offsets, coders as users, memos as
    /// notes). Exits 1 (after writing what it could read) when a sidecar cannot be read.
    Export {
        #[command(flatten)]
        project: ProjectArgs,
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
        /// Default: the interface's language (--lang of tandai, the config, the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// HTML and Markdown: add the code x ATTRIBUTE table (a heat map in HTML) of
        /// each value of the attribute (repeat for more attributes).
        #[arg(long, value_name = "ATTRIBUTE")]
        by: Vec<String>,
        #[command(flatten)]
        filter: WhereArgs,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        csv: CsvArgs,
    },
    /// Import a REFI-QDA project (.qdpx) into a new tandai project folder.
    ///
    /// Text sources become .txt transcripts, users become coders, coded selections
    /// become codings of the paragraphs they touch (a selection of part of a paragraph
    /// codes the whole paragraph), notes become memos, and the codebook becomes
    /// codebook.json. Prints how many selections mapped exactly, partly or not at all,
    /// and which sources were skipped and why. The project is built beside the folder
    /// and moved into place only when everything is written: a failed import leaves
    /// nothing behind.
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
    /// Intercoder agreement between coders, paragraph by paragraph.
    ///
    /// Percent agreement, Cohen's kappa, Fleiss' kappa and Krippendorff's alpha per
    /// code (present or absent), per exclusive group (which of its codes), per document
    /// and overall. By default only the documents every compared coder has marked
    /// finished; the output lists those left out and why. With --data FILE.csv: the
    /// same for any reliability data. Exits 1 (after printing) when a sidecar cannot be
    /// read.
    Agree(agree::Args),
    /// What changed in the coding, in words: one line per change, such as
    /// `informan-a.txt ¶12 (ana): +Intimacy −Contact`, memos as added, removed or
    /// changed. Between two git revisions of the project (`tandai diff HEAD~5 HEAD`),
    /// from a revision to the working tree (`tandai diff HEAD~5`), or between two
    /// coders (`tandai diff --coders ana,budi`). Exits 0 when nothing differs, 1 when
    /// something does, 2 when it cannot compare.
    Diff(diff::DiffArgs),
    /// Prepare a folder for a team that shares its coding through git: a .gitignore
    /// for tandai's transient files, .gitattributes and git's merge driver for
    /// codebook.json, project.json naming the consensus coder, and (with --pack) a
    /// codebook. Safe to run again; run it once in each clone.
    Init(init::InitArgs),
    /// The audit trail, in words, oldest first: every coding action of every coder
    /// (or --coder NAME), from the logs tandai keeps in tandai-log/ (one JSON line
    /// per action). For supervisors and examiners: who coded what, when, and what
    /// they changed their mind about.
    Log(log::LogArgs),
    /// Test-retest (intra-coder) reliability: draws N of your coded paragraphs (once;
    /// kept in tandai-retest/<coder>.json with its seed) and opens the coding screen
    /// as <coder>-retest on them only, blind to your first coding. Then
    /// `tandai agree --coders ana,ana-retest` reports the drift on those paragraphs.
    Retest(retest::RetestArgs),
    /// How tandai splits documents into paragraphs: every paragraph of a document,
    /// or of every document of a folder, numbered as the coding screen numbers them,
    /// with its speaker and time. Check a new transcript (.txt, .md, .docx, .odt, .vtt,
    /// .srt) with it before coding. A document that cannot be read gives its error on
    /// stderr and exit code 1; the others still print.
    Paragraphs {
        /// A folder of transcripts, or one transcript file.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// text: readable; jsonl: one JSON object per paragraph with document,
        /// paragraph, speaker, time and text.
        #[arg(long, value_enum, default_value_t = ParagraphsFormat::Text)]
        format: ParagraphsFormat,
        #[command(flatten)]
        filter: WhereArgs,
    },
    /// The documents' attributes (informant role, city, date...) as a table, or set
    /// them in bulk from a spreadsheet (`tandai attributes import FILE.csv`). They
    /// live in project.json (docs/project-format.md); @ in the coding screen edits
    /// the current document's.
    Attributes(attributes::Args),
}

/// Which documents a command reads, by their attributes.
#[derive(clap::Args, Debug, Default)]
pub struct WhereArgs {
    /// Only documents whose ATTRIBUTE has VALUE (role=polisi; an empty VALUE: no
    /// value). Repeat it: the same attribute twice means either value, different
    /// attributes must all match.
    #[arg(long = "where", value_name = "ATTRIBUTE=VALUE")]
    pub conditions: Vec<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CooccurrenceArg {
    /// Paragraph x coder: one coder gave the paragraph both codes.
    Within,
    /// Distinct paragraphs with both codes, from one coder or several.
    Across,
}

/// The project a command reads.
#[derive(clap::Args, Debug)]
pub struct ProjectArgs {
    /// The project folder (or one transcript).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Use this codebook file instead of the project's codebook.json.
    #[arg(long, value_name = "FILE")]
    pub codebook: Option<PathBuf>,
    /// Read transcripts, codebook.json and project.json that are symbolic links to
    /// files outside the project folder (by default such links are listed as
    /// unreadable and left out).
    #[arg(long)]
    pub follow_links: bool,
}

/// Where a command writes its result.
#[derive(clap::Args, Debug)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output. Never a transcript, sidecar,
    /// codebook or other file of the project; an existing file only with --force.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace the -o FILE when it exists (never a file of the project).
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// How text goes into CSV.
#[derive(clap::Args, Debug)]
pub struct CsvArgs {
    /// CSV for a spreadsheet: a field that starts with =, +, -, @, a tab or a carriage
    /// return gets a ' in front, so that LibreOffice or Excel never runs it as a
    /// formula. Without it, CSV holds the text exactly (for R and pandas).
    #[arg(long)]
    pub spreadsheet_safe: bool,
}

impl CsvArgs {
    /// The CSV style, or an error when the flag is given for another format.
    fn style(&self, is_csv: bool) -> Result<Csv> {
        match (self.spreadsheet_safe, is_csv) {
            (false, _) => Ok(Csv::Exact),
            (true, true) => Ok(Csv::SpreadsheetSafe),
            (true, false) => Err(eyre!("--spreadsheet-safe applies to --format csv only")),
        }
    }
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
    /// A spreadsheet workbook (LibreOffice, Excel): the codings, frequencies, code x
    /// document, code x attribute and the codebook, one sheet each.
    Xlsx,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// Aligned tables for the terminal.
    Text,
    /// Long form, one number per record: table,row,label,column,value,percent
    /// (percentages as plain numbers in their own column).
    Csv,
    Json,
    Md,
}

#[derive(Subcommand, Debug)]
pub enum CodebookCommand {
    /// Write the codebook as JSON, CSV, a Markdown document (the methods-chapter table,
    /// with how often each code was applied) or a REFI-QDA .qdc for other QDA programs.
    Export {
        #[command(flatten)]
        project: ProjectArgs,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Language of labels and texts in CSV, Markdown and .qdc.
        /// Default: the interface's language (--lang of tandai, the config, the locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Count the codings of this coder only (default: every coder).
        #[arg(long, value_name = "NAME")]
        coder: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
        #[command(flatten)]
        csv: CsvArgs,
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
    /// git's merge driver for codebook.json (tandai init sets it up): merges the two
    /// sides code by code against their common ancestor and writes the result over
    /// OURS; exits 1, leaving OURS as it is, when both sides changed the same code.
    Merge {
        /// The common ancestor (git's %O).
        base: PathBuf,
        /// This side, replaced by the merged file (git's %A).
        ours: PathBuf,
        /// The other side (git's %B).
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
            let filter = tandai::core::export::Filter {
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
                return Err(eyre!(
                    "{}: no codebook; open the project with tandai once to choose one, or pass --codebook FILE",
                    file.display()
                ));
            }
            (Codebook::load_with(&file, project.links())?, file)
        }
    };
    for w in &project.warnings {
        out::warn(&format!("tandai: warning: {w}"));
    }
    // Never silently left out: a link out of the project, a FIFO, a device, a file
    // that is not text.
    for doc in &project.documents {
        if let Err(why) = &doc.content {
            out::warn(&format!("tandai: warning: not read: {why}"));
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
    tandai::core::output::check_target(path, &loaded.project, &loaded.codebook_file, output.force)
        .map_err(|e| eyre!(e))?;
    store::atomic_write(path, bytes, store::Perms::Shared).map_err(|e| eyre!(e))?;
    out::warn(&format!("tandai: wrote {}", path.display()));
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
    if tandai::core::output::is_tandai_name(&name) {
        return Err(eyre!(
            "{}: is one of tandai's own files; -o never writes over them (choose another file name)",
            path.display()
        ));
    }
    if std::fs::symlink_metadata(path).is_ok() && !output.force {
        return Err(eyre!(
            "{}: exists; pass --force to replace it",
            path.display()
        ));
    }
    store::atomic_write(path, bytes, store::Perms::Shared).map_err(|e| eyre!(e))?;
    out::warn(&format!("tandai: wrote {}", path.display()));
    Ok(())
}

/// Reads a file the user named for an import: a regular file within the import
/// limit (a FIFO or `/dev/zero` is refused at once).
fn read_import(file: &Path) -> Result<Vec<u8>> {
    use tandai::core::fsread::{Links, read};
    Ok(read(
        file,
        tandai::core::refi::Limits::DEFAULT.max_input,
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
    if n == 0 {
        return Err(eyre!(
            "--where {}: no document of the project matches",
            w.describe()
        ));
    }
    out::warn(&format!(
        "tandai: only documents where {}: {n} of {}",
        w.describe(),
        project.documents.len()
    ));
    Ok(Some(keep))
}
