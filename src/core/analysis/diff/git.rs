//! Reading a project's sidecars from the working tree or from a git revision.
//!
//! Revisions are read with git itself (`git ls-tree` and one `git cat-file --batch`
//! for all the files), so a project in a git repository needs no other setup, and a
//! project of thousands of documents costs two processes, not one per file.

use super::{Snapshot, split_sidecar_name};
use crate::core::coding::sidecar::MAX_SIDECAR_BYTES;
use crate::i18n::fill;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// The sidecars in folder `dir` as they are on disk now.
pub fn working_tree(dir: &Path) -> Result<Snapshot, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "{}: {}",
            dir.display(),
            crate::core::coding::store::short_io(&e)
        )
    })?;
    let mut snap = Snapshot::default();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if split_sidecar_name(&name).is_none() {
            continue;
        }
        let path = entry.path();
        let shown = path.display().to_string();
        match read_sidecar(&path) {
            Ok(bytes) => snap.add(&name, &bytes, &shown),
            Err(why) => snap.fail(&name, format!("{shown}: {why}")),
        }
    }
    Ok(snap)
}

/// Reads a sidecar file: never through a link, a regular file no larger than the
/// sidecar limit (the one read of `core::documents::fsread`).
fn read_sidecar(path: &Path) -> Result<Vec<u8>, String> {
    crate::core::coding::sidecar::read_bytes(path)
        .map_err(|e| e.reason())?
        .ok_or_else(|| words().core_read_not_found.to_owned())
}

/// Runs git in `dir` and returns its standard output, or an error with what git said.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(cannot_run)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let said = String::from_utf8_lossy(&out.stderr);
        Err(said
            .lines()
            .next()
            .unwrap_or(words().core_git_failed)
            .trim()
            .to_owned())
    }
}

/// Checks that `rev` names a commit of the repository holding `dir`, and returns its
/// full id.
pub fn resolve(dir: &Path, rev: &str) -> Result<String, String> {
    if rev.starts_with('-') {
        return Err(fill(
            words().core_git_not_revision,
            &[("rev", &format!("{rev:?}"))],
        ));
    }
    git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        fill(
            words().core_git_no_repository,
            &[("path", &dir.display()), ("error", &e)],
        )
    })?;
    let spec = format!("{rev}^{{commit}}");
    let id = git(dir, &["rev-parse", "--verify", "--quiet", &spec])
        .map_err(|_| fill(words().core_git_not_here, &[("rev", &format!("{rev:?}"))]))?;
    Ok(String::from_utf8_lossy(&id).trim().to_owned())
}

/// The sidecars of folder `dir` as they were in commit `commit` (a full id from
/// [`resolve`]).
pub fn at_revision(dir: &Path, commit: &str) -> Result<Snapshot, String> {
    let listing = git(dir, &["ls-tree", "-z", commit])?;
    // (name, object id) of each sidecar. Blobs are asked for by id, never by name:
    // a name can hold a line break, which would split git's one-request-per-line input.
    let (names, objects): (Vec<String>, Vec<String>) = listing
        .split(|&b| b == 0)
        .filter_map(|line| {
            // "<mode> SP <type> SP <object> TAB <name>"
            let line = std::str::from_utf8(line).ok()?;
            let (meta, name) = line.split_once('\t')?;
            let mut meta = meta.split(' ');
            let (kind, object) = (meta.nth(1)?, meta.next()?);
            (kind == "blob" && split_sidecar_name(name).is_some())
                .then(|| (name.to_owned(), object.to_owned()))
        })
        .unzip();
    let mut snap = Snapshot::default();
    if names.is_empty() {
        return Ok(snap);
    }
    let short = &commit[..commit.len().min(10)];
    let blobs = cat_files(dir, &objects)?;
    for (name, blob) in names.iter().zip(blobs) {
        let shown = format!("{short}:{name}");
        match blob {
            Ok(bytes) => snap.add(name, &bytes, &shown),
            Err(why) => snap.fail(name, format!("{shown}: {why}")),
        }
    }
    Ok(snap)
}

/// The content of each of `objects` (blob ids) of the repository holding `dir`,
/// through one `git cat-file --batch`.
fn cat_files(dir: &Path, objects: &[String]) -> Result<Vec<Result<Vec<u8>, String>>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(cannot_run)?;
    let mut stdin = child.stdin.take().ok_or("git cat-file: no input pipe")?;
    let requests: Vec<u8> = objects
        .iter()
        .flat_map(|o| format!("{o}\n").into_bytes())
        .collect();
    // Write from another thread: git answers while we still ask, and both pipes fill.
    let writer = std::thread::spawn(move || stdin.write_all(&requests));
    let stdout = child.stdout.take().ok_or("git cat-file: no output pipe")?;
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::with_capacity(objects.len());
    for _ in objects {
        out.push(read_one(&mut reader)?);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

/// One answer of `git cat-file --batch`: `<id> blob <size>\n<content>\n`, or
/// `<name> missing\n`.
fn read_one(reader: &mut impl BufRead) -> Result<Result<Vec<u8>, String>, String> {
    let mut header = String::new();
    reader
        .read_line(&mut header)
        .map_err(|e| fill(words().core_git_reading, &[("error", &e)]))?;
    let fields: Vec<&str> = header.split_whitespace().collect();
    let size = match fields.as_slice() {
        [_, "blob", size] => size.parse::<u64>().map_err(|_| said(&header))?,
        [.., "missing"] => return Ok(Err(words().core_git_missing.into())),
        _ => return Err(said(header.trim())),
    };
    let io = |e: std::io::Error| fill(words().core_git_reading, &[("error", &e)]);
    let mut bytes = Vec::new();
    let too_large = size > MAX_SIDECAR_BYTES;
    if too_large {
        std::io::copy(&mut reader.take(size), &mut std::io::sink()).map_err(io)?;
    } else {
        reader.take(size).read_to_end(&mut bytes).map_err(io)?;
    }
    let mut newline = [0u8; 1];
    reader.read_exact(&mut newline).map_err(io)?;
    if too_large {
        return Ok(Err(fill(
            words().core_git_sidecar_too_large,
            &[("size", &size), ("max", &MAX_SIDECAR_BYTES)],
        )));
    }
    Ok(Ok(bytes))
}
/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

/// "cannot run git: WHY".
fn cannot_run(e: std::io::Error) -> String {
    let why = crate::core::coding::store::short_io(&e);
    fill(words().core_git_cannot_run, &[("error", &why)])
}

/// "git cat-file said HEADER" (quoted).
fn said(header: &str) -> String {
    fill(words().core_git_said, &[("header", &format!("{header:?}"))])
}
