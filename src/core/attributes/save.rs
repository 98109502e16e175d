//! Writing `project.json` from a command (`tandai attributes import`): through the
//! background saver, so with the save protocol and the value-by-value merge with a
//! version another coder's tandai wrote since it was read (RELIABILITY C4).

use super::{Attributes, merge, to_bytes};
use crate::core::coding::saver::{Merge, Saver, Target};
use crate::core::project::PROJECT_FILE;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// What a write of `project.json` did besides writing ours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Changes of another writer merged in.
    pub merged: usize,
    /// Another writer's version that could not be merged, kept here (and why).
    pub kept: Option<(PathBuf, String)>,
}

/// Writes `attrs` as the `project.json` of `root`, over the version read
/// (`attrs.on_disk`) or merged with the one found there now.
pub fn write(root: &Path, attrs: &Attributes) -> Result<Written, String> {
    let path = root.join(PROJECT_FILE);
    let saver = Saver::start();
    saver.watch_merging(
        path.clone(),
        attrs.on_disk.clone(),
        Arc::new(merge::merge_json),
    );
    saver.submit(path, Target::Project, 0, to_bytes(attrs));
    if !saver.flusher().flush(Duration::from_secs(60)) {
        return Err(crate::i18n::strings(crate::i18n::current())
            .core_project_save_slow
            .into());
    }
    let Some(outcome) = saver.outcomes().into_iter().next() else {
        return Err(crate::i18n::strings(crate::i18n::current())
            .core_project_save_silent
            .into());
    };
    outcome.result?;
    let (merged, why) = match outcome.merge {
        Some(Merge::Done { changes, .. }) => (changes, None),
        Some(Merge::Refused(why)) => (0, Some(why)),
        None => (0, None),
    };
    Ok(Written {
        merged,
        kept: outcome.conflict.map(|copy| {
            (
                copy,
                why.unwrap_or_else(|| {
                    crate::i18n::strings(crate::i18n::current())
                        .core_attr_merge_kept_changing
                        .into()
                }),
            )
        }),
    })
}
