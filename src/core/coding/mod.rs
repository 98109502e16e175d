//! Coding decisions on disk: sidecars and their reading ([`sidecar`], re-attached to an
//! edited text by [`attach`]), saving ([`store`], [`saver`]), one writer per coder
//! ([`lock`]), edits that could not be saved ([`recovery`]) and the audit trail
//! ([`audit`]).

pub mod attach;
pub mod audit;
pub mod lock;
pub mod recovery;
pub mod saver;
pub mod sidecar;
pub mod store;
