//! What goes out of a project and comes in: REFI-QDA ([`refi`]), exports ([`export`]),
//! where output may be written ([`output`]), and the CSV and Markdown writers every
//! output shares ([`csv`], [`markdown`]), and a zip entry deflated while it is written
//! ([`zipped`]).

pub mod csv;
pub mod export;
pub mod markdown;
pub mod output;
pub mod refi;
pub(crate) mod zipped;
