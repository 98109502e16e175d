//! `tandai agree`: intercoder agreement on a project, paragraph by paragraph, or on
//! any reliability data from a CSV file (`--data`).

use super::{
    LangArg, OutputArgs, ProjectArgs, done_with, load, out, say, tr, write_plain, write_result,
};
use clap::ValueEnum;
use color_eyre::eyre::{Result, eyre};
use std::path::PathBuf;
use std::process::ExitCode;
use tandai::core::analysis::agreement::{self, Level, Options, data_output, output, page};

/// Options of `tandai agree`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    project: ProjectArgs,
    #[arg(long, value_delimiter = ',', value_name = "A,B,...", help = tr().cmd_h_agree_coders)]
    coders: Vec<String>,
    #[arg(long = "code", value_name = "ID", help = tr().cmd_h_only_code)]
    codes: Vec<String>,
    #[arg(long = "document", value_name = "NAME", help = tr().cmd_h_only_document)]
    documents: Vec<String>,
    #[command(flatten)]
    filter: super::WhereArgs,
    #[arg(long, help = tr().cmd_h_agree_all)]
    all: bool,
    #[arg(long, value_enum, default_value_t = AgreeFormat::Text, help = tr().cmd_h_format)]
    format: AgreeFormat,
    #[arg(long, value_enum, help = tr().cmd_h_lang_labels)]
    lang: Option<LangArg>,
    #[command(flatten)]
    output: OutputArgs,
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["coders", "codes", "documents", "conditions", "all", "codebook", "follow_links"], help = tr().cmd_h_agree_data)]
    data: Option<PathBuf>,
    #[arg(long, value_enum, requires = "data", default_value_t = LevelArg::Nominal, help = tr().cmd_h_agree_level)]
    level: LevelArg,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgreeFormat {
    #[value(help = tr().cmd_h_agree_text)]
    Text,
    #[value(help = tr().cmd_h_agree_csv)]
    Csv,
    Json,
    #[value(help = tr().cmd_h_agree_md)]
    Md,
    #[value(help = tr().cmd_h_agree_html)]
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LevelArg {
    Nominal,
    Ordinal,
    Interval,
    Ratio,
}

impl From<LevelArg> for Level {
    fn from(l: LevelArg) -> Level {
        match l {
            LevelArg::Nominal => Level::Nominal,
            LevelArg::Ordinal => Level::Ordinal,
            LevelArg::Interval => Level::Interval,
            LevelArg::Ratio => Level::Ratio,
        }
    }
}

/// Runs `tandai agree`.
pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(file) = &args.data {
        return data(file, args.level.into(), args.format, &args.output);
    }
    let loaded = load(&args.project)?;
    let (project, book) = (&loaded.project, &loaded.book);
    let units = retest_units(project, &args.coders)?;
    let documents = where_documents(project, args.documents, &args.filter.conditions)?;
    let options = Options {
        coders: args.coders,
        codes: args.codes,
        documents,
        all: args.all,
        lang: super::lang(args.lang),
        units,
    };
    let a = agreement::compare(project, book, &options)?;
    let text = match args.format {
        AgreeFormat::Text => output::to_text(&a),
        AgreeFormat::Csv => output::to_csv(&a),
        AgreeFormat::Json => output::to_json(&a),
        AgreeFormat::Md => page::to_markdown(&a),
        AgreeFormat::Html => page::to_html(&a),
    };
    write_result(&loaded, &args.output, text.as_bytes())?;
    for p in &a.problems {
        out::warn(&tandai::i18n::fill(
            tr().cmd_agree_left_out_stderr,
            &[("problem", p)],
        ));
    }
    let ok = a.problems.is_empty();
    done_with((a, loaded));
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The documents compared: those `--document` names (all when none), narrowed to
/// those `--where` keeps.
fn where_documents(
    project: &tandai::core::project::Project,
    named: Vec<String>,
    conditions: &[String],
) -> Result<Vec<String>> {
    let Some(keep) = super::where_filter(project, conditions)? else {
        return Ok(named);
    };
    let kept: Vec<&str> = project
        .documents
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(d, _)| d.name.as_str())
        .collect();
    if named.is_empty() {
        return Ok(kept.into_iter().map(str::to_owned).collect());
    }
    let file = |n: &str| {
        std::path::Path::new(n)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
    };
    let both: Vec<String> = named
        .iter()
        .filter(|n| {
            kept.iter()
                .any(|k| k == n || file(n).as_deref() == Some(*k))
        })
        .cloned()
        .collect();
    if both.is_empty() {
        return Err(eyre!(tr().cmd_agree_document_where));
    }
    Ok(both)
}

/// `tandai agree --data FILE.csv`.
fn data(
    file: &std::path::Path,
    level: Level,
    format: AgreeFormat,
    output: &OutputArgs,
) -> Result<ExitCode> {
    let shown = file.display().to_string();
    let text = match format {
        AgreeFormat::Text => {
            let lang = tandai::i18n::current();
            data_output::data_to_text(&agreement::read_csv(file, level)?, &shown, level, lang)
        }
        AgreeFormat::Json => {
            data_output::data_to_json(&agreement::read_csv(file, level)?, &shown, level)
        }
        _ => return Err(eyre!(tr().cmd_agree_data_formats)),
    };
    write_plain(output, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// When the coders compared are a coder and their retest (`ana,ana-retest`), the
/// paragraphs of the retest sample: only they are compared (the retest coder coded
/// nothing else). Said on stderr.
fn retest_units(
    project: &tandai::core::project::Project,
    coders: &[String],
) -> Result<Option<std::collections::HashMap<String, std::collections::BTreeSet<usize>>>> {
    use tandai::core::analysis::retest;
    let Some(of) = coders.iter().find_map(|c| {
        let base = c.strip_suffix(retest::RETEST_SUFFIX)?;
        coders.iter().any(|o| o == base).then_some(base)
    }) else {
        return Ok(None);
    };
    let path = retest::sample_path(&project.root, of);
    let bytes =
        tandai::core::coding::store::read_regular(&path, 64 * 1024 * 1024).map_err(|e| {
            let error = tandai::core::coding::store::short_io(&e);
            let values: [(&str, &dyn std::fmt::Display); 3] =
                [("path", &path.display()), ("error", &error), ("coder", &of)];
            eyre!(say(tr().cmd_agree_retest_first, &values))
        })?;
    let sample: retest::Sample = serde_json::from_slice(&bytes).map_err(|e| {
        eyre!(
            "{}: line {}, column {}: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    let mut units: std::collections::HashMap<String, std::collections::BTreeSet<usize>> =
        std::collections::HashMap::new();
    for u in &sample.paragraphs {
        if u.paragraph > 0 {
            units
                .entry(u.document.clone())
                .or_default()
                .insert(u.paragraph - 1);
        }
    }
    let values: [(&str, &dyn std::fmt::Display); 4] = [
        ("n", &sample.paragraphs.len()),
        ("path", &path.display()),
        ("drawn", &sample.drawn),
        ("seed", &sample.seed),
    ];
    out::warn(&say(tr().cmd_agree_retest_units, &values));
    Ok(Some(units))
}
