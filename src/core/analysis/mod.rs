//! What was coded, read back: reports ([`report`]), code queries ([`query`]), search
//! ([`search`], [`searcher`]), intercoder and test-retest reliability ([`agreement`],
//! [`retest`]), problems in sidecars ([`check`]) and diffs of coding ([`diff`]).

pub mod agreement;
pub mod check;
pub mod diff;
pub mod query;
pub mod report;
pub mod retest;
pub mod search;
pub mod searcher;
