//! `tandai codebook merge BASE OURS THEIRS`: git's merge driver for `codebook.json`
//! (set up by `tandai init`), so that two coders who each added or changed different
//! codes in their clones merge with plain `git merge`, code by code.

use super::out;
use color_eyre::eyre::{Result, eyre};
use std::path::Path;
use std::process::ExitCode;
use tandai::core::codebook::{MAX_CODEBOOK_BYTES, merge_json};
use tandai::core::store;

/// Merges as git asks a merge driver to: `ours` (%A) is replaced by the merged file
/// and the exit code is 0; when the codebooks cannot be merged (both sides changed one
/// code), `ours` is left as it is, the reason goes to stderr and the exit code is 1, so
/// that git reports a conflict.
pub fn run(base: &Path, ours: &Path, theirs: &Path) -> Result<ExitCode> {
    let read = |p: &Path| {
        store::read_regular(p, MAX_CODEBOOK_BYTES)
            .map_err(|e| eyre!("{}: {}", p.display(), store::short_io(&e)))
    };
    // git gives an empty ancestor when the file is new on both sides.
    let base = read(base)?;
    let base = (!base.is_empty()).then_some(base);
    let (mine, other) = (read(ours)?, read(theirs)?);
    match merge_json(base.as_deref(), &mine, &other) {
        Ok((merged, changes)) => {
            store::atomic_write(ours, &merged, store::Perms::Shared).map_err(|e| eyre!(e))?;
            out::warn(&format!(
                "tandai: merged codebook.json: {changes} changes from the other side"
            ));
            Ok(ExitCode::SUCCESS)
        }
        Err(why) => {
            out::warn(&format!(
                "tandai: codebook.json cannot be merged code by code: {why}. Resolve it by hand (git checkout --ours/--theirs codebook.json, then add the other side's codes in tandai's codebook screen)."
            ));
            Ok(ExitCode::FAILURE)
        }
    }
}
