//! Test-retest (intra-coder) reliability: a sample of a coder's own coded paragraphs,
//! drawn once and kept in the project, which the coder codes again blind under the
//! name `<coder>-retest`. `tandai agree --coders ana,ana-retest` then compares the two
//! codings on the sampled paragraphs only.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The folder of the samples, in the project folder.
pub const RETEST_DIR: &str = "tandai-retest";
/// The end of the name of the coder who codes the sample again.
pub const RETEST_SUFFIX: &str = "-retest";

/// A drawn sample, as kept in `tandai-retest/<coder>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    pub format: String,
    pub version: u32,
    /// The coder whose codings were sampled.
    pub coder: String,
    pub seed: u64,
    /// When it was drawn (UTC, ISO 8601).
    pub drawn: String,
    /// How many coded paragraphs the coder had when it was drawn.
    pub population: usize,
    pub paragraphs: Vec<Unit>,
}

/// One sampled paragraph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub document: String,
    /// Paragraph number from 1.
    pub paragraph: usize,
}

/// The `format` of a sample file.
pub const FORMAT: &str = "tandai-retest-sample";

/// Where the sample of `coder` is kept in the project folder `root`.
pub fn sample_path(root: &Path, coder: &str) -> PathBuf {
    root.join(RETEST_DIR).join(format!("{coder}.json"))
}

/// The coder name under which `coder` codes the sample again.
pub fn retest_coder(coder: &str) -> String {
    format!("{coder}{RETEST_SUFFIX}")
}

/// Draws `n` of `population` (every coded paragraph, in any order) without
/// replacement, reproducibly for a seed: the same population and seed give the same
/// sample on any machine. The result is sorted by document (in `population`'s order)
/// and paragraph.
pub fn draw(population: &[Unit], n: usize, seed: u64) -> Vec<Unit> {
    let mut pool: Vec<Unit> = population.to_vec();
    pool.sort();
    pool.dedup();
    let n = n.min(pool.len());
    let mut rng = SplitMix64(seed);
    // A partial Fisher-Yates shuffle: the first n places are the sample.
    for i in 0..n {
        let left = u64::try_from(pool.len() - i).unwrap_or(u64::MAX);
        let j = i + usize::try_from(rng.below(left)).unwrap_or(0);
        pool.swap(i, j);
    }
    pool.truncate(n);
    pool.sort();
    pool
}

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and fixed, so a seed written
/// in a methods chapter reproduces the sample with any later tandai.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (bound > 0), without modulo bias (rejection sampling).
    fn below(&mut self, bound: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let x = self.next();
            if x < zone {
                return x % bound;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(n: usize) -> Vec<Unit> {
        (1..=n)
            .map(|i| Unit {
                document: format!("d{}.txt", i % 3),
                paragraph: i,
            })
            .collect()
    }

    #[test]
    fn draws_are_reproducible_distinct_and_sorted() {
        let pop = units(100);
        let a = draw(&pop, 10, 7);
        assert_eq!(a, draw(&pop, 10, 7), "same seed, same sample");
        let mut shuffled = pop.clone();
        shuffled.reverse();
        assert_eq!(
            a,
            draw(&shuffled, 10, 7),
            "the population's order does not matter"
        );
        assert_ne!(a, draw(&pop, 10, 8), "another seed, another sample");
        assert_eq!(a.len(), 10);
        let mut sorted = a.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, a);
        assert_eq!(draw(&pop, 500, 1).len(), 100, "at most the population");
        assert!(draw(&[], 5, 1).is_empty());
    }

    #[test]
    fn splitmix_matches_the_reference() {
        // First outputs for seed 1234567 from the reference implementation.
        let mut r = SplitMix64(1_234_567);
        assert_eq!(r.next(), 6_457_827_717_110_365_317);
        assert_eq!(r.next(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn every_unit_can_be_drawn() {
        let pop = units(20);
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..200 {
            seen.extend(draw(&pop, 3, seed));
        }
        assert_eq!(seen.len(), 20);
    }
}
