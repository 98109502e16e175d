//! `tandai diff`: what changed in the coding, in words, between two git revisions of
//! the project, a revision and the working tree, or two coders.

use super::{LangArg, OutputArgs, count, out, say, tr, write_in};
use color_eyre::eyre::{Result, eyre};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tandai::core::analysis::diff::{self, Change, Snapshot, git};
use tandai::core::codebook::Codebook;
use tandai::core::project::CODEBOOK_FILE;

/// Options of `tandai diff`.
#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    #[arg(value_name = "REV", num_args = 0..=2, help = tr().cmd_h_diff_revisions)]
    revisions: Vec<String>,
    #[arg(short = 'C', long = "project", value_name = "DIR", default_value = ".", help = tr().cmd_h_diff_project)]
    project: PathBuf,
    #[arg(long, value_name = "A,B", value_delimiter = ',', help = tr().cmd_h_diff_coders)]
    coders: Vec<String>,
    #[arg(long = "coder", value_name = "NAME", help = tr().cmd_h_diff_coder)]
    only: Vec<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text, help = tr().cmd_h_diff_format)]
    format: DiffFormat,
    #[arg(long, value_enum, help = tr().cmd_h_lang_labels)]
    lang: Option<LangArg>,
    #[command(flatten)]
    output: OutputArgs,
    #[arg(long, value_name = "FILE", help = tr().cmd_h_diff_codebook)]
    codebook: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
}

/// Runs `tandai diff`: exit 0 when nothing differs, 1 when something does, 2 when
/// the comparison could not be made (as `diff` does).
pub fn run(args: DiffArgs) -> Result<ExitCode> {
    match compare(&args) {
        Ok(changes) => Ok(ExitCode::from(u8::from(!changes.is_empty()))),
        Err(e) => {
            out::warn(&format!("tandai: {e}"));
            Ok(ExitCode::from(2))
        }
    }
}

fn compare(args: &DiffArgs) -> Result<Vec<Change>> {
    let dir = &args.project;
    if !dir.is_dir() {
        return Err(eyre!(say(
            tr().cmd_diff_not_folder,
            &[("path", &dir.display())]
        )));
    }
    let book = labels(dir, args.codebook.as_deref());
    let snapshot = |rev: Option<&String>| -> Result<Snapshot> {
        let snap = match rev {
            Some(rev) => git::resolve(dir, rev).and_then(|id| git::at_revision(dir, &id)),
            None => git::working_tree(dir),
        }
        .map_err(|e| eyre!(e))?;
        for p in &snap.problems {
            out::warn(&say(tr().cmd_diff_left_out, &[("problem", p)]));
        }
        Ok(snap)
    };
    let changes = match (args.coders.as_slice(), args.revisions.as_slice()) {
        ([a, b], revs) if revs.len() <= 1 => {
            if !args.only.is_empty() {
                return Err(eyre!(tr().cmd_diff_coder_with_coders));
            }
            let snap = snapshot(revs.first())?;
            for c in [a, b] {
                if !snap.coders().contains(c.as_str()) {
                    let coders = snap.coders().into_iter().collect::<Vec<_>>().join(", ");
                    let coder = format!("{c:?}");
                    let values: [(&str, &dyn std::fmt::Display); 2] =
                        [("coder", &coder), ("coders", &coders)];
                    return Err(eyre!(say(tr().cmd_diff_no_such_coder, &values)));
                }
            }
            diff::between_coders(&snap, a, b, &book)
        }
        ([], [old]) => diff::between_snapshots(&snapshot(Some(old))?, &snapshot(None)?, &args.only),
        ([], [old, new]) => {
            diff::between_snapshots(&snapshot(Some(old))?, &snapshot(Some(new))?, &args.only)
        }
        ([], []) => {
            return Err(eyre!(tr().cmd_diff_what));
        }
        ([_, _], _) => return Err(eyre!(tr().cmd_diff_one_revision)),
        _ => return Err(eyre!(tr().cmd_diff_two_coders)),
    };
    let lang = super::lang(args.lang);
    let text = match args.format {
        DiffFormat::Text => diff::to_text(&changes, &book, lang),
        DiffFormat::Json => diff::to_json(&changes, &book, lang),
    };
    write_in(dir, &args.output, text.as_bytes())?;
    let documents: std::collections::BTreeSet<&str> =
        changes.iter().map(|c| c.document.as_str()).collect();
    let t = tr();
    let changed = count(changes.len(), t.cmd_changes_one, t.cmd_changes_other);
    let documents = count(documents.len(), t.cmd_documents_one, t.cmd_documents_other);
    let values: [(&str, &dyn std::fmt::Display); 2] =
        [("changes", &changed), ("documents", &documents)];
    out::warn(&say(t.cmd_diff_summary, &values));
    Ok(changes)
}

/// The codebook for labels: the one given, else the project's, else none (ids are
/// shown). A codebook that cannot be read is said, not fatal.
fn labels(dir: &Path, file: Option<&Path>) -> Codebook {
    let path = file.map_or_else(|| dir.join(CODEBOOK_FILE), Path::to_path_buf);
    if file.is_none() && !path.exists() {
        return Codebook::default();
    }
    Codebook::load(&path).unwrap_or_else(|e| {
        out::warn(&say(tr().cmd_diff_ids, &[("error", &e)]));
        Codebook::default()
    })
}
