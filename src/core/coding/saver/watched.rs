//! Writing a watched file: only over the version tandai last read or wrote there.
//!
//! Without a merge, the store's checked write does it all: another writer's version
//! found in the file's place is kept as a conflict copy (C2). With a merge (the
//! codebook, C4), the file is read first and another writer's version merged with
//! tandai's before anything is written, so the file holds theirs until ours-with-theirs
//! replaces it; a version that arrives in the instant between that read and the write
//! is exchanged out, kept as a conflict copy at once (so a crash loses nothing), and
//! merged in the next round, after which the copy goes.

use super::{Merge, WriteFn};
use crate::core::coding::store::Expect;
use std::path::{Path, PathBuf};

/// How often one save merges and writes again when others keep writing.
const ROUNDS: usize = 4;

/// Largest file read to merge it; a bigger one is kept as a conflict copy instead.
const MAX_MERGE_BYTES: u64 = 64 * 1024 * 1024;

/// The merge function itself (see [`super::MergeFn`]).
type MergeRef =
    dyn Fn(Option<&[u8]>, &[u8], &[u8]) -> Result<(Vec<u8>, usize), String> + Send + Sync;

/// What a save of a watched file did.
pub(super) struct Saved {
    /// What is on disk now.
    pub written: Vec<u8>,
    /// Another writer's version that could not be merged, kept here.
    pub kept: Option<PathBuf>,
    /// Their changes merged in.
    pub changes: usize,
    /// Why their version could not be merged (with `kept`).
    pub refused: Option<String>,
}

impl Saved {
    /// The outcome's note for a save of `ours`.
    pub fn merge_note(&self, ours: &[u8]) -> Option<Merge> {
        if let (Some(why), Some(_)) = (&self.refused, &self.kept) {
            return Some(Merge::Refused(why.clone()));
        }
        (self.written != ours).then(|| Merge::Done {
            ours: ours.to_vec(),
            written: self.written.clone(),
            changes: self.changes,
        })
    }
}

/// Saves `ours` to `path`, where tandai last read or wrote `known`.
pub(super) fn save(
    path: &Path,
    ours: &[u8],
    known: Option<Vec<u8>>,
    merge: Option<&MergeRef>,
    write: &WriteFn,
) -> Result<Saved, String> {
    let Some(merge) = merge else {
        let w = write(path, ours, Expect::from_known(known.as_deref()))?;
        return Ok(Saved {
            written: ours.to_vec(),
            kept: w.kept,
            changes: 0,
            refused: None,
        });
    };
    Merging {
        path,
        ours: ours.to_vec(),
        base: known.clone(),
        expect: known,
        changes: 0,
        merged_copies: Vec::new(),
    }
    .run(merge, write)
}

/// The state of one merging save.
struct Merging<'a> {
    path: &'a Path,
    /// What to write.
    ours: Vec<u8>,
    /// The last version `ours` and the file have in common.
    base: Option<Vec<u8>>,
    /// What should be at `path` now.
    expect: Option<Vec<u8>>,
    changes: usize,
    /// Conflict copies of versions merged since: removed once the merge is written.
    merged_copies: Vec<PathBuf>,
}

impl Merging<'_> {
    fn run(mut self, merge: &MergeRef, write: &WriteFn) -> Result<Saved, String> {
        let mut round = 0;
        loop {
            round += 1;
            let mut refused = None;
            match self.changed() {
                None => {}
                Some(Err(why)) => refused = Some(why),
                Some(Ok(theirs)) => match merge(self.base.as_deref(), &self.ours, &theirs) {
                    Ok((merged, n)) => {
                        self.ours = merged;
                        self.changes += n;
                        self.base = Some(theirs.clone());
                        self.expect = Some(theirs);
                    }
                    // The write below exchanges theirs out and keeps it as a copy.
                    Err(why) => refused = Some(why),
                },
            }
            let w = write(
                self.path,
                &self.ours,
                Expect::from_known(self.expect.as_deref()),
            )?;
            let Some(copy) = w.kept else {
                return Ok(self.done(None, None));
            };
            if refused.is_some() || round == ROUNDS {
                let why = refused.unwrap_or_else(|| super::words().core_merge_kept_changing.into());
                return Ok(self.done(Some(copy), Some(why)));
            }
            // Someone wrote in the instant between the read and the write: their
            // version is safe in `copy`; merge it in the next round.
            let theirs = match read_capped(&copy) {
                Ok(t) => t,
                Err(why) => return Ok(self.done(Some(copy), Some(why))),
            };
            match merge(self.expect.as_deref(), &self.ours, &theirs) {
                Ok((merged, n)) => {
                    self.changes += n;
                    self.base = Some(std::mem::replace(&mut self.ours, merged));
                    self.expect.clone_from(&self.base);
                    self.merged_copies.push(copy);
                }
                Err(why) => return Ok(self.done(Some(copy), Some(why))),
            }
        }
    }

    /// The file's content when it is not what is expected: None when it is (or is
    /// gone), an error text when it cannot be read for merging.
    fn changed(&self) -> Option<Result<Vec<u8>, String>> {
        match std::fs::symlink_metadata(self.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Ok(m) if !m.is_file() => return None, // the write refuses it with the reason
            _ => {}
        }
        match read_capped(self.path) {
            Ok(b) if Some(&b) == self.expect.as_ref() => None,
            other => Some(other),
        }
    }

    /// Ends the save: the versions merged since need no copy any more.
    fn done(self, kept: Option<PathBuf>, refused: Option<String>) -> Saved {
        for copy in &self.merged_copies {
            let _ = std::fs::remove_file(copy);
        }
        Saved {
            written: self.ours,
            kept,
            changes: self.changes,
            refused,
        }
    }
}

/// Reads a file for merging: a regular file (no link, no FIFO) of at most
/// [`MAX_MERGE_BYTES`].
fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    crate::core::coding::store::read_regular(path, MAX_MERGE_BYTES).map_err(|e| {
        format!(
            "{}: {}",
            path.display(),
            crate::core::coding::store::short_io(&e)
        )
    })
}
