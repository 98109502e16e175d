//! Import, the last step: an [`ImportedProject`] written into a folder as tandai
//! files. Documents become UTF-8 `.txt` files (never over an existing file), the
//! codebook `codebook.json`, and each coder's decisions one sidecar per document,
//! written by the same code as the coding screen's saves.
//!
//! Nothing is half-written: the files are built in a staging folder (beside a new
//! project folder, or hidden inside an existing one with `force`) and moved into
//! place only when every one of them was written, so a failed import leaves nothing
//! that the next try would refuse as "not empty". What is written is held to the
//! limits tandai reads back ([`MAX_DOCUMENT_BYTES`], [`MAX_SIDECAR_BYTES`], the
//! codebook's, and [`MAX_WRITTEN`] in all): a small archive can describe far more.

use super::RefiError;
use super::kept_ids::REFI_IDS_FILE;
use super::project_import::ImportedProject;
use super::project_settings::{kept_ids, project_json};
use super::words;
use crate::core::coding::sidecar::{MAX_SIDECAR_BYTES, sidecar_path};
use crate::core::coding::store::{Perms, atomic_write, short_io};
use crate::core::documents::fsread::{self, Links};
use crate::core::project::{
    CODEBOOK_FILE, Document, MAX_DOCUMENT_BYTES, MAX_PROJECT_FILE_BYTES, PROJECT_FILE, to_sidecar,
};
use crate::i18n::fill;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Most bytes one import writes, all files together.
pub const MAX_WRITTEN: u64 = 512 * 1024 * 1024;

/// How [`write_project`] treats a folder that is not empty.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Import into a folder that already has files. Nothing in it is overwritten:
    /// documents get free names, and an existing `codebook.json` is kept as
    /// `codebook.json.before-import-<stamp>` before the new one is written.
    pub force: bool,
    /// For the name of the kept codebook (e.g. `20261123T031500Z`).
    pub stamp: String,
}

/// What [`write_project`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Each document's source name and the file it became.
    pub documents: Vec<(String, PathBuf)>,
    pub sidecars: usize,
    pub codebook: Option<PathBuf>,
    /// Where an existing codebook was kept (with `force`).
    pub kept_codebook: Option<PathBuf>,
    /// `project.json` with the title, project memo and attributes, when written.
    pub project_file: Option<PathBuf>,
    /// `tandai-refi.json` with the GUIDs kept for re-export, when written.
    pub kept_ids: Option<PathBuf>,
    /// Where an existing `project.json` or `tandai-refi.json` was kept (with
    /// `force`; the new one adds to its content).
    pub kept_files: Vec<PathBuf>,
    /// What was not written, and why (an unreadable `project.json` in the folder).
    pub warnings: Vec<String>,
}

fn write_error(path: &Path, message: String) -> RefiError {
    RefiError::Write {
        name: path.display().to_string(),
        message,
    }
}

/// Writes the imported project into `dir` (created when missing). On any error
/// nothing is left behind: not the folder, not a file in it.
pub fn write_project(
    project: &ImportedProject,
    dir: &Path,
    options: &WriteOptions,
) -> Result<Written, RefiError> {
    let place = Place::prepare(dir, options.force)?;
    let staged = (|| {
        let mut files = write_files(project, &place)?;
        place.commit(&mut files, &options.stamp)?;
        Ok(files)
    })();
    if staged.is_err() {
        place.abandon();
    }
    let mut written = staged?;
    for (_, path) in &mut written.documents {
        *path = place.dir.join(path.file_name().unwrap_or_default());
    }
    written.codebook = written.codebook.map(|_| place.dir.join(CODEBOOK_FILE));
    written.project_file = written.project_file.map(|_| place.dir.join(PROJECT_FILE));
    written.kept_ids = written.kept_ids.map(|_| place.dir.join(REFI_IDS_FILE));
    Ok(written)
}

/// Where the import goes: the final folder, the staging folder the files are built
/// in, and what to undo on failure.
struct Place {
    /// The project folder (resolved when it is a link to one).
    dir: PathBuf,
    staging: PathBuf,
    /// True: `dir` holds files and the staged ones are moved in one by one; false:
    /// the staging folder becomes `dir`.
    into_existing: bool,
    /// Lower-cased names already in `dir`.
    taken: HashSet<String>,
    /// Folders created for the parents of `dir`, outermost first.
    created: Vec<PathBuf>,
}

impl Place {
    fn prepare(dir: &Path, force: bool) -> Result<Place, RefiError> {
        let fail = |message: String| write_error(dir, message);
        // The folder the user named may be a symbolic link to one: followed.
        remove_stale_staging(dir);
        let (dir, taken) = match std::fs::metadata(dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (dir.to_path_buf(), None),
            Err(e) => return Err(fail(short_io(&e))),
            Ok(m) if !m.is_dir() => return Err(fail(words().core_qdpx_not_folder.into())),
            Ok(_) => {
                let real = std::fs::canonicalize(dir).map_err(|e| fail(short_io(&e)))?;
                let names = names_in(&real).map_err(|e| fail(short_io(&e)))?;
                (real, Some(names))
            }
        };
        let taken = taken.unwrap_or_default();
        if !taken.is_empty() && !force {
            return Err(fail(fill(
                words().core_qdpx_not_empty,
                &[("n", &taken.len())],
            )));
        }
        let into_existing = !taken.is_empty();
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let created = create_parents(&parent).map_err(|e| write_error(&parent, short_io(&e)))?;
        let tag = format!("tandai-import-{}", std::process::id());
        let staging = if into_existing {
            dir.join(format!(".{tag}"))
        } else {
            let name = dir.file_name().unwrap_or_default().to_string_lossy();
            parent.join(format!(".{name}.{tag}"))
        };
        let place = Place {
            dir,
            staging,
            into_existing,
            taken,
            created,
        };
        if let Err(e) = std::fs::create_dir(&place.staging) {
            let message = short_io(&e);
            place.abandon();
            return Err(write_error(&place.staging, message));
        }
        Ok(place)
    }

    /// Moves the staged files into place: the whole folder at once, or file by file
    /// into an existing folder (undone if one move fails).
    fn commit(&self, written: &mut Written, stamp: &str) -> Result<(), RefiError> {
        if !self.into_existing {
            // Replaces `dir` when it is an empty folder; fails if it got files since.
            return std::fs::rename(&self.staging, &self.dir)
                .map_err(|e| write_error(&self.dir, short_io(&e)));
        }
        let mut moves: Vec<(PathBuf, PathBuf)> = Vec::new();
        let result = self.move_each(written, stamp, &mut moves);
        match result {
            // Empty now: every staged file was moved out.
            Ok(()) => std::fs::remove_dir(&self.staging)
                .map_err(|e| write_error(&self.staging, short_io(&e))),
            Err(e) => {
                for (from, to) in moves.iter().rev() {
                    let _ = std::fs::rename(to, from);
                }
                Err(e)
            }
        }
    }

    fn move_each(
        &self,
        written: &mut Written,
        stamp: &str,
        moves: &mut Vec<(PathBuf, PathBuf)>,
    ) -> Result<(), RefiError> {
        let mut rename = |from: PathBuf, to: PathBuf| {
            if std::fs::symlink_metadata(&to).is_ok() {
                return Err(write_error(&to, words().core_qdpx_appeared.into()));
            }
            std::fs::rename(&from, &to).map_err(|e| write_error(&to, short_io(&e)))?;
            moves.push((from, to));
            Ok(())
        };
        for name in [CODEBOOK_FILE, PROJECT_FILE, REFI_IDS_FILE] {
            let old = self.dir.join(name);
            if !self.staging.join(name).exists() || std::fs::symlink_metadata(&old).is_err() {
                continue;
            }
            let keep = self.dir.join(format!("{name}.before-import-{stamp}"));
            rename(old, keep.clone())?;
            if name == CODEBOOK_FILE {
                written.kept_codebook = Some(keep);
            } else {
                written.kept_files.push(keep);
            }
        }
        for entry in std::fs::read_dir(&self.staging)
            .map_err(|e| write_error(&self.staging, short_io(&e)))?
        {
            let entry = entry.map_err(|e| write_error(&self.staging, short_io(&e)))?;
            rename(entry.path(), self.dir.join(entry.file_name()))?;
        }
        Ok(())
    }

    /// Removes the staging folder and the parents created for `dir`.
    fn abandon(&self) {
        let _ = std::fs::remove_dir_all(&self.staging);
        for dir in self.created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Creates `dir` and its missing parents; returns those created, outermost first.
fn create_parents(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && std::fs::symlink_metadata(a).is_err())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(dir)?;
    Ok(missing.into_iter().rev().collect())
}

/// The lower-cased names in a folder.
/// Removes the staging folders that an import killed part-way left for `dir` (beside
/// it, or inside it for `--force`), when the process that made them is gone: they
/// hold nothing anyone else wrote, and a new import would never see them otherwise.
fn remove_stale_staging(dir: &Path) {
    let name = dir
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for (folder, prefix) in [
        (parent.to_path_buf(), format!(".{name}.tandai-import-")),
        (dir.to_path_buf(), ".tandai-import-".to_owned()),
    ] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = file
                .strip_prefix(&prefix)
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir
                && pid != std::process::id()
                && !crate::core::coding::store::process_alive(pid)
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

fn names_in(dir: &Path) -> std::io::Result<HashSet<String>> {
    Ok(std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_lowercase())
        .collect())
}

/// Writes every document, sidecar, the codebook, `project.json` and
/// `tandai-refi.json` into the staging folder, with names free in the final folder.
fn write_files(project: &ImportedProject, place: &Place) -> Result<Written, RefiError> {
    let staging = place.staging.as_path();
    let mut taken = place.taken.clone();
    let mut budget = Budget(MAX_WRITTEN);
    let mut written = Written::default();
    let mut names = Vec::with_capacity(project.documents.len());
    for doc in &project.documents {
        let name = free_name(&doc.file_name, &taken);
        taken.insert(name.to_lowercase());
        names.push(name.clone());
        let path = staging.join(&name);
        let bytes = document_bytes(&doc.text);
        budget.take(&path, "document", bytes.len(), MAX_DOCUMENT_BYTES)?;
        write_new(&path, &bytes).map_err(|e| write_error(&path, short_io(&e)))?;
        let loaded = Document::load(&path, Links::Refuse);
        let content = match &loaded.content {
            Ok(c) if c.text == doc.text => c,
            Ok(_) => {
                return Err(write_error(&path, words().core_qdpx_reads_back.into()));
            }
            Err(e) => return Err(write_error(&path, e.clone())),
        };
        for (coder, decisions) in &doc.decisions {
            let sidecar = sidecar_path(&path, coder);
            let bytes = to_sidecar(&loaded, content, coder, decisions).to_bytes();
            budget.take(&sidecar, "sidecar", bytes.len(), MAX_SIDECAR_BYTES)?;
            atomic_write(&sidecar, &bytes, Perms::Shared).map_err(|e| write_error(&sidecar, e))?;
            written.sidecars += 1;
        }
        written.documents.push((doc.source_name.clone(), path));
    }
    write_settings(project, place, &names, &mut budget, &mut written)?;
    if let Some(book) = &project.codebook {
        let target = staging.join(CODEBOOK_FILE);
        let json = book.book.to_json();
        let max = crate::core::codebook::MAX_CODEBOOK_BYTES;
        budget.take(&target, "codebook", json.len(), max)?;
        atomic_write(&target, json.as_bytes(), Perms::Shared)
            .map_err(|e| write_error(&target, e))?;
        written.codebook = Some(target);
    }
    Ok(written)
}

/// `project.json` and `tandai-refi.json` (added to the folder's own, if any).
fn write_settings(
    project: &ImportedProject,
    place: &Place,
    names: &[String],
    budget: &mut Budget,
    written: &mut Written,
) -> Result<(), RefiError> {
    let existing = |name: &str| {
        let path = place.dir.join(name);
        fsread::read(&path, MAX_PROJECT_FILE_BYTES, Links::Refuse)
            .map_err(|e| (!e.is_not_found()).then(|| e.to_string()))
    };
    let old = match existing(PROJECT_FILE) {
        Ok(bytes) => Some(bytes),
        Err(None) => None,
        Err(Some(e)) => return Err(write_error(&place.dir.join(PROJECT_FILE), e)),
    };
    match project_json(project, names, old.as_deref(), &mut written.warnings) {
        Ok(Some(text)) => {
            let path = place.staging.join(PROJECT_FILE);
            budget.take(&path, "project file", text.len(), MAX_PROJECT_FILE_BYTES)?;
            atomic_write(&path, text.as_bytes(), Perms::Shared)
                .map_err(|e| write_error(&path, e))?;
            written.project_file = Some(path);
        }
        Ok(None) => {}
        Err(why) => written.warnings.push(format!("{PROJECT_FILE}: {why}")),
    }
    let old = existing(REFI_IDS_FILE).ok();
    let (text, warnings) = kept_ids(project, names, old.as_deref());
    written.warnings.extend(warnings);
    if let Some(text) = text {
        let path = place.staging.join(REFI_IDS_FILE);
        budget.take(&path, "GUID file", text.len(), MAX_PROJECT_FILE_BYTES)?;
        atomic_write(&path, text.as_bytes(), Perms::Shared).map_err(|e| write_error(&path, e))?;
        written.kept_ids = Some(path);
    }
    Ok(())
}

/// The bytes of a document file. A text that starts with U+FEFF as a character (a
/// source that had two byte-order marks, or one inside `PlainTextContent`) gets a
/// byte-order mark in front, so that tandai, which reads one BOM as the encoding
/// mark, reads back exactly that text and the selections' offsets still hold.
fn document_bytes(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if text.starts_with('\u{FEFF}') {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// Bytes the import may still write.
struct Budget(u64);

impl Budget {
    /// Takes `len` bytes for the file at `path`, refused over the file's own limit
    /// (`max`, what tandai reads back) or over what is left in all.
    fn take(&mut self, path: &Path, what: &str, len: usize, max: u64) -> Result<(), RefiError> {
        let len = u64::try_from(len).unwrap_or(u64::MAX);
        let over = |max: u64, of: &str| RefiError::Output {
            name: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            what: format!("{what}{of}"),
            size: len,
            max,
        };
        if len > max {
            return Err(over(max, ""));
        }
        if len > self.0 {
            return Err(over(MAX_WRITTEN, " (with what was written before it)"));
        }
        self.0 -= len;
        Ok(())
    }
}

/// `name`, or `stem-2.txt`, `stem-3.txt`... : the first that no file in the folder
/// has, and that no file's name starts with (so no stray sidecar is adopted).
fn free_name(name: &str, taken: &HashSet<String>) -> String {
    let free = |n: &str| {
        let lower = n.to_lowercase();
        let prefix = format!("{lower}.");
        !taken.contains(&lower) && !taken.iter().any(|t| t.starts_with(&prefix))
    };
    if free(name) {
        return name.to_owned();
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "txt"));
    (2..)
        .map(|n| format!("{stem}-{n}.{ext}"))
        .find(|n| free(n))
        .unwrap_or_else(|| name.to_owned())
}

/// Writes a file that must not exist yet, and syncs it.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_names_skip_files_and_stray_sidecars() {
        let taken: HashSet<String> = ["a.txt", "b.txt.ana.tandai.json", "c-2.txt"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(free_name("A.txt", &taken), "A-2.txt");
        assert_eq!(free_name("b.txt", &taken), "b-2.txt");
        assert_eq!(free_name("c.txt", &taken), "c.txt");
        assert_eq!(free_name("d.md", &taken), "d.md");
    }

    #[test]
    fn a_leading_feff_character_survives_the_byte_order_mark() {
        let bytes = document_bytes("\u{FEFF}P: halo");
        assert_eq!(
            crate::core::documents::decode::decode(&bytes).expect("decodes"),
            "\u{FEFF}P: halo"
        );
        assert_eq!(document_bytes("P: halo"), b"P: halo");
    }
}
