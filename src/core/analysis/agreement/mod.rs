//! Intercoder agreement: percent agreement, Cohen's kappa, Fleiss' kappa and
//! Krippendorff's alpha, for a project's coders paragraph by paragraph
//! (`tandai agree`) or for any reliability data (`tandai agree --data FILE.csv`).
//!
//! The formulas and conventions are in `docs/agreement.md`. A coefficient that is
//! 0/0 on the data is [`Coefficient::Undefined`] with the reason, never 0 or 1.

pub mod alpha;
pub mod coefficients;
pub mod data;
pub mod data_output;
pub mod kept;
pub mod output;
pub mod page;
pub mod select;
mod tallies;
pub mod units;
pub mod words;

pub use alpha::{Level, alpha};
pub use coefficients::{Coefficient, Coefficients, NotApplicable, Tally, Undefined};
pub use data::{DataError, ReliabilityData, parse_csv, read_csv};
pub use kept::{Kept, compare_kept};
pub use select::{AgreeError, Read};
pub use units::{Agreement, Counts, Kind, LeftOut, Options, Row, compare, compare_with};
