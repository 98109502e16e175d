//! `tandai init`: prepare a folder for a team that shares its coding through git.

use super::{out, say, tr};
use color_eyre::eyre::{Result, eyre};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tandai::core::project::{CODEBOOK_FILE, PROJECT_FILE};
use tandai::core::{codebook::packs, coding::sidecar, coding::store};

/// Options of `tandai init`.
#[derive(clap::Args, Debug)]
pub struct InitArgs {
    #[arg(default_value = ".", help = tr().cmd_h_init_path)]
    path: PathBuf,
    #[arg(long, value_name = "NAME", default_value = "consensus", help = tr().cmd_h_init_consensus)]
    consensus: String,
    #[arg(long, value_name = "NAME", help = tr().cmd_h_init_pack)]
    pack: Option<String>,
}

/// The lines tandai adds to `.gitignore`: files that belong to one running tandai or
/// one machine, never to the team.
pub const GITIGNORE: &str = "\
# tandai: files of a running tandai (locks, temp and swap files of a save under way)
.tandai/
.tandai-*.tmp
.tandai-*.swp
# and of earlier versions of tandai
*.tandai.lock
*.tandai.json.tmp-*
codebook.json.tmp-*
";

const MARK: &str = "# tandai:";

/// Runs `tandai init`.
pub fn run(args: InitArgs) -> Result<ExitCode> {
    if !sidecar::valid_coder(&args.consensus) {
        let name = format!("{:?}", args.consensus);
        return Err(eyre!(say(tr().cmd_init_bad_consensus, &[("name", &name)])));
    }
    let dir = &args.path;
    std::fs::create_dir_all(dir)
        .map_err(|e| eyre!("{}: {}", dir.display(), store::short_io(&e)))?;
    let mut done = Vec::new();
    gitignore(dir, &mut done)?;
    gitattributes(dir, &mut done)?;
    project_file(dir, &args.consensus, &mut done)?;
    if let Some(pack) = &args.pack {
        codebook(dir, pack, &mut done)?;
    }
    let in_git = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--git-dir"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    // Files changed here are to be committed; a clone of a project set up already
    // only needs the merge driver (git config is not committed).
    let files_changed = !done.is_empty();
    if in_git {
        merge_driver(dir, &mut done)?;
    }
    for d in &done {
        out::warn(&format!("tandai init: {d}"));
    }
    let t = tr();
    if done.is_empty() {
        out::warn(&say(t.cmd_init_ready, &[("path", &dir.display())]));
    }
    if in_git && !files_changed {
        out::warn(t.cmd_init_set_up_already);
        return Ok(ExitCode::SUCCESS);
    }
    out::warn(t.cmd_init_next);
    if !in_git {
        out::warn(&say(t.cmd_init_git_init, &[("path", &dir.display())]));
    }
    for line in [
        t.cmd_init_commit,
        t.cmd_init_each_coder,
        t.cmd_init_code_with,
        t.cmd_init_then,
    ] {
        out::warn(line);
    }
    Ok(ExitCode::SUCCESS)
}

/// Adds tandai's block to `.gitignore` unless it is there already.
fn gitignore(dir: &Path, done: &mut Vec<String>) -> Result<()> {
    let path = dir.join(".gitignore");
    let old = read_small(&path)?;
    if old.lines().any(|l| l.starts_with(MARK)) {
        return Ok(());
    }
    let mut new = old.clone();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    if !new.is_empty() {
        new.push('\n');
    }
    new.push_str(GITIGNORE);
    store::atomic_write(&path, new.as_bytes(), store::Perms::Shared).map_err(|e| eyre!(e))?;
    let t = tr();
    let what = if old.is_empty() {
        t.cmd_init_gitignore_wrote
    } else {
        t.cmd_init_gitignore_added
    };
    done.push(say(what, &[("path", &path.display())]));
    Ok(())
}

/// Writes `project.json` naming the consensus coder, or sets the name in an existing
/// one (other fields kept).
fn project_file(dir: &Path, consensus: &str, done: &mut Vec<String>) -> Result<()> {
    let path = dir.join(PROJECT_FILE);
    let mut value = match read_existing(&path) {
        Ok(bytes) => serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| {
            eyre!(
                "{}: line {}, column {}: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let title = dir
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
            serde_json::json!({"format": "tandai-project", "version": 1, "title": title})
        }
        Err(e) => return Err(eyre!("{}: {}", path.display(), store::short_io(&e))),
    };
    let Some(fields) = value.as_object_mut() else {
        return Err(eyre!(say(
            tr().cmd_not_json_object,
            &[("path", &path.display())]
        )));
    };
    if fields.get("consensus").and_then(|v| v.as_str()) == Some(consensus) {
        return Ok(());
    }
    let existed = path.exists();
    fields.insert("consensus".into(), consensus.into());
    let mut bytes = serde_json::to_vec_pretty(&value)?;
    bytes.push(b'\n');
    // A project file tandai reads is written as tandai writes it (version 2, its
    // order), so that the next save from the coding screen changes only values.
    if let Ok(a) = tandai::core::attributes::file::from_bytes(&bytes, "project.json") {
        bytes = tandai::core::attributes::to_bytes(&a);
    }
    store::atomic_write(&path, &bytes, store::Perms::Shared).map_err(|e| eyre!(e))?;
    let t = tr();
    let what = if existed {
        t.cmd_init_project_updated
    } else {
        t.cmd_init_project_wrote
    };
    let values: [(&str, &dyn std::fmt::Display); 2] =
        [("path", &path.display()), ("coder", &consensus)];
    done.push(say(what, &values));
    Ok(())
}

/// Writes a built-in pack as `codebook.json` unless there is one.
fn codebook(dir: &Path, pack: &str, done: &mut Vec<String>) -> Result<()> {
    let path = dir.join(CODEBOOK_FILE);
    if path.exists() {
        done.push(say(
            tr().cmd_init_codebook_kept,
            &[("path", &path.display())],
        ));
        return Ok(());
    }
    let json = match pack {
        "empty" => packs::EMPTY,
        name => packs::find(name).map(|p| p.json).ok_or_else(|| {
            let names: Vec<&str> = packs::PACKS.iter().map(|p| p.name).collect();
            let values: [(&str, &dyn std::fmt::Display); 2] =
                [("name", &format!("{name:?}")), ("packs", &names.join(", "))];
            eyre!(say(tr().cmd_init_no_pack, &values))
        })?,
    };
    store::atomic_write(&path, json.as_bytes(), store::Perms::Shared).map_err(|e| eyre!(e))?;
    let values: [(&str, &dyn std::fmt::Display); 2] = [("path", &path.display()), ("pack", &pack)];
    done.push(say(tr().cmd_init_codebook_wrote, &values));
    Ok(())
}

/// The lines of `.gitattributes`: `codebook.json` goes to tandai's merge driver; the
/// audit logs, only ever appended to, merge by keeping both sides' lines (git's union
/// driver), so that two clones that each settled or coded never conflict there.
pub const GITATTRIBUTES: &str =
    "codebook.json merge=tandai-codebook\ntandai-log/*.jsonl merge=union\n";

/// Adds the merge attribute for `codebook.json` to `.gitattributes` (committed, so
/// every clone has it).
fn gitattributes(dir: &Path, done: &mut Vec<String>) -> Result<()> {
    let path = dir.join(".gitattributes");
    let old = read_small(&path)?;
    let missing: Vec<&str> = GITATTRIBUTES
        .lines()
        .filter(|want| !old.lines().any(|l| l.trim() == *want))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut new = old.clone();
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    for line in missing {
        new.push_str(line);
        new.push('\n');
    }
    store::atomic_write(&path, new.as_bytes(), store::Perms::Shared).map_err(|e| eyre!(e))?;
    let t = tr();
    let what = if old.is_empty() {
        t.cmd_init_attributes_wrote
    } else {
        t.cmd_init_attributes_added
    };
    done.push(say(what, &[("path", &path.display())]));
    Ok(())
}

/// Configures the merge driver in this clone's git config (git does not share its
/// config: each clone runs `tandai init` once).
fn merge_driver(dir: &Path, done: &mut Vec<String>) -> Result<()> {
    let exe = std::env::current_exe()
        .map_err(|e| eyre!(say(tr().cmd_init_no_exe, &[("error", &e)])))?
        .to_string_lossy()
        .into_owned();
    // The driver calls `tandai` by name when that name on PATH is this program (an
    // update keeps working), otherwise by its whole path; git runs it through the
    // shell, so the path is quoted.
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let (a, b) = (
                std::fs::canonicalize(d.join("tandai")),
                std::fs::canonicalize(&exe),
            );
            matches!((a, b), (Ok(a), Ok(b)) if a == b)
        })
    });
    let quoted = if on_path {
        "tandai".to_owned()
    } else {
        format!("'{}'", exe.replace('\'', "'\\''"))
    };
    let driver = format!("{quoted} codebook merge %O %A %B");
    let key = "merge.tandai-codebook.driver";
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
    };
    let current = git(&["config", "--get", key])
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if current.as_deref() == Some(driver.as_str()) {
        return Ok(());
    }
    for args in [
        [
            "config",
            "merge.tandai-codebook.name",
            "tandai: codebook.json, code by code",
        ],
        ["config", key, driver.as_str()],
    ] {
        let out = git(&args).map_err(|e| eyre!(say(tr().cmd_init_no_git, &[("error", &e)])))?;
        if !out.status.success() {
            let error = String::from_utf8_lossy(&out.stderr).trim().to_owned();
            return Err(eyre!(say(tr().cmd_init_git_failed, &[("error", &error)])));
        }
    }
    done.push(if on_path {
        tr().cmd_init_driver.into()
    } else {
        say(tr().cmd_init_driver_at, &[("exe", &exe)])
    });
    Ok(())
}

/// A small file of the project (`.gitignore`, `.gitattributes`, `project.json`) read
/// as RELIABILITY H9 asks: a regular file, no blocking on a FIFO, capped.
fn read_existing(path: &Path) -> std::io::Result<Vec<u8>> {
    store::read_regular(path, 1024 * 1024)
}

/// [`read_existing`] as text; an empty text when there is no such file.
fn read_small(path: &Path) -> Result<String> {
    match read_existing(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map_err(|_| eyre!(say(tr().cmd_not_utf8, &[("path", &path.display())]))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(eyre!("{}: {}", path.display(), store::short_io(&e))),
    }
}
