//! `tandai attributes`: the documents' attributes as a table (text, CSV, JSON), and
//! `tandai attributes import FILE.csv`: set them in bulk from a spreadsheet.

use super::{
    CsvArgs, Loaded, OutputArgs, ProjectArgs, count, out, read_import, say, tr, write_result,
};
use clap::{Subcommand, ValueEnum};
use color_eyre::eyre::{Result, eyre};
use std::path::PathBuf;
use std::process::ExitCode;
use tandai::core::attributes::import::{self, Plan};
use tandai::core::attributes::{AttrType, Attributes, save};
use tandai::core::codebook::Codebook;
use tandai::core::exchange::csv::Csv;
use tandai::core::project::{CODEBOOK_FILE, Project};

/// Options of `tandai attributes`.
#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    project: ProjectArgs,
    #[arg(long, value_enum, default_value_t = ListFormat::Text, help = tr().cmd_h_attributes_format)]
    format: ListFormat,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    csv: CsvArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Csv,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// `tandai attributes import FILE.csv`: set attributes in bulk.
    #[command(about = tr().cmd_h_attributes_import)]
    Import {
        #[arg(help = tr().cmd_h_attributes_file)]
        file: PathBuf,
        #[arg(default_value = ".", help = tr().cmd_h_project_folder)]
        path: PathBuf,
        #[arg(long = "type", value_name = "NAME=TYPE", help = tr().cmd_h_attributes_type)]
        types: Vec<String>,
        #[arg(long, help = tr().cmd_h_attributes_dry_run)]
        dry_run: bool,
        #[arg(long, help = tr().cmd_h_attributes_follow_links)]
        follow_links: bool,
    },
}

/// Runs `tandai attributes`.
pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(Command::Import {
        file,
        path,
        types,
        dry_run,
        follow_links,
    }) = args.command
    {
        return import(&file, &path, &types, dry_run, follow_links);
    }
    let csv = args.csv.style(args.format == ListFormat::Csv)?;
    let project = Project::open_with(&args.project.path, args.project.follow_links)?;
    for w in &project.warnings {
        super::warning(w);
    }
    let text = match args.format {
        ListFormat::Text => to_text(&project),
        ListFormat::Csv => to_csv(&project, csv),
        ListFormat::Json => to_json(&project),
    };
    let codebook_file = args
        .project
        .codebook
        .clone()
        .unwrap_or_else(|| project.root.join(CODEBOOK_FILE));
    let loaded = Loaded {
        project,
        book: Codebook::default(),
        codebook_file,
    };
    write_result(&loaded, &args.output, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The aligned table: a line per document, a column per attribute (`-`: no value).
fn to_text(project: &Project) -> String {
    let a = &project.attributes;
    let names = a.all_names();
    let declared: Vec<String> = names
        .iter()
        .map(|n| format!("{n} ({})", a.type_of(n).name()))
        .collect();
    let t = tr();
    let documents = count(
        project.documents.len(),
        t.cmd_documents_one,
        t.cmd_documents_other,
    );
    let attributes = if declared.is_empty() {
        t.cmd_attributes_none.to_owned()
    } else {
        declared.join(", ")
    };
    let values: [(&str, &dyn std::fmt::Display); 2] =
        [("documents", &documents), ("attributes", &attributes)];
    let mut out = say(t.cmd_attributes_summary, &values) + "\n";
    if let Some(c) = &a.citation {
        out.push_str(&say(t.cmd_attributes_citation, &[("citation", c)]));
        out.push('\n');
    }
    let mut rows = vec![header(&names, t.cmd_report_col_document)];
    rows.extend(project.documents.iter().map(|d| {
        let mut row = vec![d.name.clone()];
        row.extend(
            names
                .iter()
                .map(|n| a.value(&d.name, n).unwrap_or("-").to_owned()),
        );
        row
    }));
    out.push('\n');
    out.push_str(&aligned(&rows));
    let others = not_in_folder(project);
    if !others.is_empty() {
        let documents = count(others.len(), t.cmd_documents_one, t.cmd_documents_other);
        let values: [(&str, &dyn std::fmt::Display); 2] =
            [("documents", &documents), ("names", &others.join(", "))];
        out.push_str(&format!(
            "\n{}\n",
            say(t.cmd_attributes_not_in_folder, &values)
        ));
    }
    out
}

/// The header row: the document column (`document` in CSV, which import reads
/// back; the interface's word in the text table), then the attributes.
fn header(names: &[String], document: &str) -> Vec<String> {
    let mut h = vec![document.to_owned()];
    h.extend(names.iter().cloned());
    h
}

/// Rows as columns padded to their widest cell, two spaces apart.
fn aligned(rows: &[Vec<String>]) -> String {
    use tandai::core::display::{sanitize_line, width};
    let shown: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize_line(c)).collect())
        .collect();
    let cols = shown.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|i| shown.iter().map(|r| width(&r[i])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &shown {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - width(c))))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Documents project.json gives values that are not in the folder, sorted.
fn not_in_folder(project: &Project) -> Vec<String> {
    let mut out: Vec<String> = project
        .attributes
        .by_document
        .keys()
        .filter(|d| !project.documents.iter().any(|x| &x.name == *d))
        .cloned()
        .collect();
    out.sort_by(|a, b| tandai::core::project::natural_cmp(a, b));
    out
}

/// The CSV a spreadsheet opens and `import` reads back: the header, then a row per
/// document of the project.
fn to_csv(project: &Project, csv: Csv) -> String {
    let a = &project.attributes;
    let names = a.all_names();
    let mut out = csv.record(header(&names, "document").iter().map(String::as_str));
    for d in &project.documents {
        let mut row = vec![d.name.as_str()];
        row.extend(names.iter().map(|n| a.value(&d.name, n).unwrap_or("")));
        out.push_str(&csv.record(row));
    }
    out
}

/// JSON: the attributes with their types, the citation, and each document's values
/// (numbers as numbers, yes/no as true/false).
fn to_json(project: &Project) -> String {
    use serde_json::{Value, json};
    let a = &project.attributes;
    let names = a.all_names();
    let documents: Vec<Value> = project
        .documents
        .iter()
        .map(|d| {
            let values: serde_json::Map<String, Value> = names
                .iter()
                .filter_map(|n| {
                    a.value(&d.name, n)
                        .map(|v| (n.clone(), a.type_of(n).to_json(v)))
                })
                .collect();
            json!({"document": d.name, "values": values})
        })
        .collect();
    let value = json!({
        "title": a.title,
        "attributes": names.iter().map(|n| json!({"name": n, "type": a.type_of(n)})).collect::<Vec<_>>(),
        "citation": a.citation,
        "documents": documents,
        "not_in_folder": not_in_folder(project),
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// Most errors an import lists before saying how many more there are.
const MAX_ERRORS: usize = 40;

/// `tandai attributes import FILE.csv [PATH]`.
fn import(
    file: &std::path::Path,
    path: &std::path::Path,
    types: &[String],
    dry_run: bool,
    follow_links: bool,
) -> Result<ExitCode> {
    let types = parse_types(types)?;
    let project = Project::open_with(path, follow_links)?;
    if let Some(why) = &project.attributes.readonly {
        return Err(eyre!(say(tr().cmd_nothing_written, &[("why", why)])));
    }
    let shown = file.display().to_string();
    let table = import::read_table(read_import(file)?, &shown)
        .map_err(|e| eyre!(say(tr().cmd_nothing_written, &[("why", &e)])))?;
    let documents: Vec<String> = project.documents.iter().map(|d| d.name.clone()).collect();
    let mut plan = match import::plan(&project.attributes, &documents, &table, &types) {
        Ok(p) => p,
        Err(errors) => return Ok(failed(&errors)),
    };
    say_plan(&plan);
    let changed = plan.set + plan.changed + plan.cleared > 0
        || !plan.declared.is_empty()
        || !plan.retyped.is_empty();
    if dry_run {
        out::warn(tr().cmd_attributes_dry_run);
        return Ok(ExitCode::SUCCESS);
    }
    if !changed {
        out::warn(tr().cmd_attributes_nothing_to_change);
        return Ok(ExitCode::SUCCESS);
    }
    if plan.attributes.on_disk.is_none() && plan.attributes.title.is_empty() {
        plan.attributes.title = tandai::core::attributes::file::new_for(&project.root).title;
    }
    write(&project, &plan.attributes)
}

/// `--type NAME=TYPE` options.
fn parse_types(given: &[String]) -> Result<Vec<(String, AttrType)>> {
    given
        .iter()
        .map(|g| {
            let (name, ty) = g
                .split_once('=')
                .ok_or_else(|| eyre!(say(tr().cmd_attributes_type_form, &[("given", g)])))?;
            let ty = AttrType::parse(ty).ok_or_else(|| {
                let shown = format!("{ty:?}");
                let values: [(&str, &dyn std::fmt::Display); 2] = [("given", g), ("type", &shown)];
                eyre!(say(tr().cmd_attributes_not_a_type, &values))
            })?;
            Ok((name.trim().to_owned(), ty))
        })
        .collect()
}

/// Lists the errors of an import that was refused.
fn failed(errors: &[String]) -> ExitCode {
    for e in errors.iter().take(MAX_ERRORS) {
        out::warn(&format!("tandai: {e}"));
    }
    if errors.len() > MAX_ERRORS {
        let more = errors.len() - MAX_ERRORS;
        out::warn(&say(tr().cmd_attributes_more_errors, &[("n", &more)]));
    }
    out::warn(tr().cmd_attributes_failed);
    ExitCode::FAILURE
}

/// What the import changes, on stderr.
fn say_plan(p: &Plan) {
    let t = tr();
    for (name, ty) in &p.declared {
        let values: [(&str, &dyn std::fmt::Display); 2] = [("name", name), ("type", &ty.name())];
        out::warn(&say(t.cmd_attributes_new, &values));
    }
    for (name, ty) in &p.retyped {
        let values: [(&str, &dyn std::fmt::Display); 2] = [("name", name), ("type", &ty.name())];
        out::warn(&say(t.cmd_attributes_retyped, &values));
    }
    let documents = count(p.documents, t.cmd_documents_one, t.cmd_documents_other);
    let values: [(&str, &dyn std::fmt::Display); 5] = [
        ("documents", &documents),
        ("set", &p.set),
        ("changed", &p.changed),
        ("cleared", &p.cleared),
        ("unchanged", &p.unchanged),
    ];
    out::warn(&say(t.cmd_attributes_plan, &values));
    for h in &p.hints {
        out::warn(&say(t.cmd_attributes_note, &[("note", h)]));
    }
    if !p.not_in_file.is_empty() {
        let more = p.not_in_file.len().saturating_sub(10);
        let mut names = p
            .not_in_file
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if more > 0 {
            names = say(
                t.cmd_attributes_and_more,
                &[("names", &names), ("n", &more)],
            );
        }
        out::warn(&say(t.cmd_attributes_not_in_file, &[("names", &names)]));
    }
}

/// Writes project.json and says what became of another writer's changes.
fn write(project: &Project, attrs: &Attributes) -> Result<ExitCode> {
    let written = save::write(&project.root, attrs)
        .map_err(|e| eyre!(say(tr().cmd_nothing_written, &[("why", &e)])))?;
    let path = project.root.join(tandai::core::project::PROJECT_FILE);
    if written.merged > 0 {
        out::warn(&say(tr().cmd_attributes_merged, &[("n", &written.merged)]));
    }
    if let Some((copy, why)) = &written.kept {
        let values: [(&str, &dyn std::fmt::Display); 2] = [("why", why), ("path", &copy.display())];
        out::warn(&say(tr().cmd_attributes_kept, &values));
    }
    out::warn(&say(tr().cmd_wrote, &[("path", &path.display())]));
    Ok(ExitCode::SUCCESS)
}
