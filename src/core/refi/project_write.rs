//! Import, the last step: an [`ImportedProject`] written into a folder as tandai
//! files. Documents become UTF-8 `.txt` files (never over an existing file), the
//! codebook `codebook.json`, and each coder's decisions one sidecar per document,
//! written by the same code as the coding screen's saves.

use super::RefiError;
use super::project_import::ImportedProject;
use crate::core::project::{CODEBOOK_FILE, Document, to_sidecar};
use crate::core::sidecar::sidecar_path;
use crate::core::store::{Perms, atomic_write, short_io};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

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
}

/// Writes the imported project into `dir` (created when missing).
pub fn write_project(
    project: &ImportedProject,
    dir: &Path,
    options: &WriteOptions,
) -> Result<Written, RefiError> {
    let fail = |path: &Path, message: String| RefiError::Write {
        name: path.display().to_string(),
        message,
    };
    let mut taken = prepare_dir(dir, options.force)?;
    let mut written = Written::default();
    for doc in &project.documents {
        let name = free_name(&doc.file_name, &taken);
        taken.insert(name.to_lowercase());
        let path = dir.join(&name);
        write_new(&path, doc.text.as_bytes()).map_err(|e| fail(&path, short_io(&e)))?;
        let loaded = Document::load(&path);
        let content = match &loaded.content {
            Ok(c) if c.text == doc.text => c,
            Ok(_) => {
                return Err(fail(
                    &path,
                    "reads back different from what was written".into(),
                ));
            }
            Err(e) => return Err(fail(&path, e.clone())),
        };
        for (coder, decisions) in &doc.decisions {
            let sidecar = sidecar_path(&path, coder);
            if sidecar.exists() {
                return Err(fail(&sidecar, "exists; refusing to overwrite it".into()));
            }
            let file = to_sidecar(&loaded, content, coder, decisions);
            atomic_write(&sidecar, &file.to_bytes(), Perms::Shared)
                .map_err(|e| fail(&sidecar, e))?;
            written.sidecars += 1;
        }
        written.documents.push((doc.source_name.clone(), path));
    }
    if let Some(book) = &project.codebook {
        let target = dir.join(CODEBOOK_FILE);
        if target.exists() {
            let keep = dir.join(format!("{CODEBOOK_FILE}.before-import-{}", options.stamp));
            std::fs::rename(&target, &keep).map_err(|e| fail(&target, short_io(&e)))?;
            written.kept_codebook = Some(keep);
        }
        atomic_write(&target, book.book.to_json().as_bytes(), Perms::Shared)
            .map_err(|e| fail(&target, e))?;
        written.codebook = Some(target);
    }
    Ok(written)
}

/// Creates the folder, or checks that it may be written into; the lower-cased
/// names already in it.
fn prepare_dir(dir: &Path, force: bool) -> Result<HashSet<String>, RefiError> {
    let fail = |message: String| RefiError::Write {
        name: dir.display().to_string(),
        message,
    };
    // The folder the user named may be a symbolic link to one: followed.
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| fail(short_io(&e)))?;
            return Ok(HashSet::new());
        }
        Err(e) => return Err(fail(short_io(&e))),
        Ok(m) if !m.is_dir() => return Err(fail("exists and is not a folder".into())),
        Ok(_) => {}
    }
    let names: HashSet<String> = std::fs::read_dir(dir)
        .map_err(|e| fail(short_io(&e)))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_lowercase())
        .collect();
    if !names.is_empty() && !force {
        return Err(fail(format!(
            "is not empty ({} entries); import into a new folder, or pass --force to add to it (nothing in it is overwritten)",
            names.len()
        )));
    }
    Ok(names)
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
}
