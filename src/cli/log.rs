//! `tandai log`: the audit trail of a project's coding, in words, oldest first.

use super::{LangArg, OutputArgs, out, say, tr, write_in};
use color_eyre::eyre::{Result, eyre};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tandai::core::codebook::{Codebook, Lang};
use tandai::core::coding::audit::{self, Entry, LOG_DIR};
use tandai::core::display::sanitize_line;
use tandai::core::project::CODEBOOK_FILE;

/// Largest log file read (a log grows by about 200 bytes a change).
const MAX_LOG_BYTES: u64 = 256 * 1024 * 1024;

/// Options of `tandai log`.
#[derive(clap::Args, Debug)]
pub struct LogArgs {
    #[arg(default_value = ".", help = tr().cmd_h_project_folder)]
    path: PathBuf,
    #[arg(long = "coder", value_name = "NAME", help = tr().cmd_h_log_coder)]
    coders: Vec<String>,
    #[arg(long, value_name = "NAME", help = tr().cmd_h_log_document)]
    document: Option<String>,
    #[arg(long, value_name = "TIME", value_parser = parse_since, help = tr().cmd_h_log_since)]
    since: Option<String>,
    #[arg(long, value_enum, default_value_t = LogFormat::Text, help = tr().cmd_h_log_format)]
    format: LogFormat,
    #[arg(long, value_enum, help = tr().cmd_h_lang_labels)]
    lang: Option<LangArg>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The shape of a log time; `--since` is a prefix of one (`9` a digit).
const TIME_SHAPE: &str = "9999-99-99T99:99:99.999Z";

/// Checks `--since` and writes it as the log does: a space between date and time (as
/// `tandai log` prints it) becomes `T`. The times are compared as text, so anything
/// else (`30-11-2026`, `6pm`) would match wrongly instead of failing.
fn parse_since(text: &str) -> Result<String, String> {
    let since = text.replacen(' ', "T", 1);
    let fits = since.len() >= 4
        && since.len() <= TIME_SHAPE.len()
        && since.chars().zip(TIME_SHAPE.chars()).all(|(c, s)| match s {
            '9' => c.is_ascii_digit(),
            _ => c == s,
        });
    if fits {
        Ok(since)
    } else {
        Err(tr().cmd_log_since.into())
    }
}

/// Runs `tandai log`. Exits 1 when a log or a line of one cannot be read (after
/// printing the rest).
pub fn run(args: LogArgs) -> Result<ExitCode> {
    let dir = args.path.join(LOG_DIR);
    let (mut entries, problems) = read_logs(&dir, &args.coders)?;
    entries.retain(|e| {
        args.document.as_ref().is_none_or(|d| &e.document == d)
            && args
                .since
                .as_ref()
                .is_none_or(|t| e.time.as_str() >= t.as_str())
    });
    // Oldest first; one coder's lines keep their order within a second.
    entries.sort_by(|a, b| a.time.cmp(&b.time));
    let book = labels(&args.path);
    let lang: Lang = super::lang(args.lang);
    let text: String = match args.format {
        LogFormat::Text => entries
            .iter()
            .map(|e| describe(e, &book, lang) + "\n")
            .collect(),
        LogFormat::Json => entries
            .iter()
            .map(|e| String::from_utf8_lossy(&e.to_line()).into_owned())
            .collect(),
    };
    write_in(&args.path, &args.output, text.as_bytes())?;
    for p in &problems {
        out::warn(&format!("tandai: {p}"));
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Every entry of the logs in `dir` (of `coders`, when given), and what could not be
/// read.
fn read_logs(dir: &Path, coders: &[String]) -> Result<(Vec<Entry>, Vec<String>)> {
    let listing = match std::fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(eyre!(say(tr().cmd_log_no_log, &[("path", &dir.display())])));
        }
        Err(e) => {
            return Err(eyre!(
                "{}: {}",
                dir.display(),
                tandai::core::coding::store::short_io(&e)
            ));
        }
    };
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for item in listing.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        let Some(coder) = name.strip_suffix(".jsonl") else {
            continue;
        };
        if !coders.is_empty() && !coders.iter().any(|c| c == coder) {
            continue;
        }
        let path = item.path();
        let shown = path.display().to_string();
        match tandai::core::coding::store::read_regular(&path, MAX_LOG_BYTES) {
            Ok(bytes) => {
                let (found, bad) = audit::read(&bytes, &shown);
                entries.extend(found);
                problems.extend(bad);
            }
            Err(e) => problems.push(format!(
                "{shown}: {}",
                tandai::core::coding::store::short_io(&e)
            )),
        }
    }
    Ok((entries, problems))
}

/// The project's codebook for labels (ids when it cannot be read).
fn labels(root: &Path) -> Codebook {
    let path = root.join(CODEBOOK_FILE);
    Codebook::load(&path).unwrap_or_default()
}

/// `2026-11-30 16:26:38  informan-a.txt ¶12 (ana): +Intimacy −Contact`, with code
/// labels and words in `lang`.
pub fn describe(e: &Entry, book: &Codebook, lang: Lang) -> String {
    let t = tandai::i18n::strings(lang);
    let label = |id: &String| {
        book.get(id)
            .map_or(id.as_str(), |c| c.label.get(lang))
            .to_owned()
    };
    let codes = || {
        let before: Vec<String> = e.before.clone().unwrap_or_default();
        let after: Vec<String> = e.after.clone().unwrap_or_default();
        let mut parts: Vec<String> = after
            .iter()
            .filter(|c| !before.contains(c))
            .map(|c| format!("+{}", label(c)))
            .collect();
        parts.extend(
            before
                .iter()
                .filter(|c| !after.contains(c))
                .map(|c| format!("−{}", label(c))),
        );
        if parts.is_empty() {
            t.cmd_log_no_change.to_owned()
        } else {
            parts.join(" ")
        }
    };
    let memo = || match e.memo.as_deref() {
        None | Some("") => t.cmd_log_memo_removed.to_owned(),
        Some(m) => {
            let first: String = m.lines().next().unwrap_or("").chars().take(60).collect();
            format!(
                "memo: {first}{}",
                if first.len() < m.len() { "…" } else { "" }
            )
        }
    };
    let undo = e.action == "undo";
    let (again, again_review, again_plain) = if undo {
        (t.cmd_log_undo, t.cmd_log_undo_review, t.cmd_log_undo_plain)
    } else {
        (t.cmd_log_redo, t.cmd_log_redo_review, t.cmd_log_redo_plain)
    };
    let what = match e.action.as_str() {
        "code" | "uncode" | "merge" => codes(),
        "undo" | "redo" if e.note.is_some() => {
            let note = e.note.as_deref().unwrap_or_default();
            say(again_review, &[("note", &note)])
        }
        "undo" | "redo" if e.before.is_some() => say(again, &[("what", &codes())]),
        "undo" | "redo" if e.paragraph.is_none() && e.memo.is_none() => again_plain.to_owned(),
        "undo" | "redo" => say(again, &[("what", &memo())]),
        "memo" => memo(),
        "document-memo" => say(t.cmd_log_document_memo, &[("memo", &memo())]),
        "adjudicate" => {
            let after = e.after.as_ref().is_some_and(|a| !a.is_empty());
            if after || e.before.as_ref().is_some_and(|b| !b.is_empty()) {
                say(t.cmd_log_settled, &[("codes", &codes())])
            } else {
                t.cmd_log_settled_none.to_owned()
            }
        }
        "finish" => t.cmd_marked_finished.to_owned(),
        "unfinish" => t.cmd_finished_taken_back.to_owned(),
        "load-version" => t.cmd_log_load_version.to_owned(),
        "review" => e.note.clone().unwrap_or_else(|| t.cmd_log_review.into()),
        other => other.to_owned(),
    };
    let para = e.paragraph.map(|p| format!(" ¶{p}")).unwrap_or_default();
    let who = match &e.by {
        Some(by) => say(t.cmd_log_by, &[("coder", &e.coder), ("by", by)]),
        None => e.coder.clone(),
    };
    // To the second: the milliseconds only order the lines.
    let time: String = e.time.replacen('T', " ", 1).chars().take(19).collect();
    sanitize_line(&format!("{time}  {}{para} ({who}): {what}", e.document))
}
