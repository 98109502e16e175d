//! `tandai codebook merge BASE OURS THEIRS`: git's merge driver for `codebook.json`
//! (set up by `tandai init`), so that two coders who each added or changed different
//! codes in their clones merge with plain `git merge`, code by code.

use super::{count, out, say, tr};
use color_eyre::eyre::{Result, eyre};
use std::path::Path;
use std::process::ExitCode;
use tandai::core::codebook::{MAX_CODEBOOK_BYTES, merge_json};
use tandai::core::coding::store;

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
            let t = tr();
            let changes = count(changes, t.cmd_changes_one, t.cmd_changes_other);
            out::warn(&say(t.cmd_merge_done, &[("changes", &changes)]));
            Ok(ExitCode::SUCCESS)
        }
        Err(why) => {
            out::warn(&say(tr().cmd_merge_conflict, &[("why", &why)]));
            Ok(ExitCode::FAILURE)
        }
    }
}
