//! The UI-free core: documents, segmentation, codebook, codings, sidecar storage.
//!
//! Nothing here imports the terminal crates; a test checks it.

pub mod agreement;
pub mod attach;
pub mod attributes;
pub mod audit;
pub mod check;
pub mod codebook;
pub mod codebook_export;
pub mod config;
pub mod csv;
pub mod decode;
pub mod diff;
pub mod display;
pub mod documents;
pub mod export;
pub mod fsread;
pub mod loader;
pub mod lock;
pub mod markdown;
pub mod output;
pub mod packs;
pub mod parallel;
pub mod project;
pub mod query;
pub mod recovery;
pub mod refi;
pub mod report;
pub mod retest;
pub mod saver;
pub mod search;
pub mod searcher;
pub mod segment;
pub mod sidecar;
pub mod store;
pub mod time;
pub mod unpack;
pub mod wake;
