//! The UI-free core, grouped by feature: [`documents`] (reading transcripts of every
//! format, segmentation, the background loader), [`coding`] (sidecars, saving, locks,
//! recovery, the audit log), [`codebook`] (the file, its tree and merge, packs,
//! exchange), [`analysis`] (reports, queries, search, agreement, check, diff),
//! [`exchange`] (REFI-QDA projects, exports, output targets, CSV and Markdown writers)
//! and [`attributes`]; beside them the project, the config and small shared helpers.
//!
//! Nothing here imports the terminal crates; a test checks it.

pub mod analysis;
pub mod attributes;
pub mod codebook;
pub mod coding;
pub mod config;
pub mod display;
pub mod documents;
pub mod exchange;
pub mod parallel;
pub mod project;
pub mod time;
pub mod wake;
