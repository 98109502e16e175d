//! Krippendorff's alpha at the four levels of measurement, from a reliability-data
//! matrix (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011).
//!
//! α = 1 − D_o / D_e, with D_o = (1/n) Σ_c Σ_k o_ck δ²_ck from the coincidence matrix
//! o and D_e = 1/(n(n−1)) Σ_c Σ_k n_c n_k δ²_ck from its marginals, over the units with
//! two values or more. The nominal level is computed exactly from integer counts
//! ([`super::Tally`]). The others use the differences
//! - interval: δ²_ck = (c − k)²;
//! - ordinal: δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)², which is the interval
//!   difference between the values' mid-ranks M_g = Σ_{h<g} n_h + n_g/2;
//! - ratio: δ²_ck = ((c − k)/(c + k))², for values of zero or more.
//!
//! For interval and ordinal the sums over pairs are computed as sums of squared
//! deviations from the mean (Σ_{i≠j} (x_i − x_j)² = 2m Σ (x_i − x̄)²), which needs no
//! matrix and keeps rounding small.

use super::coefficients::{Coefficient, Undefined};
use super::data::ReliabilityData;

/// A level of measurement: how different two values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Values are names: equal or not.
    Nominal,
    /// Values are ranks: only their order counts.
    Ordinal,
    /// Values are numbers: differences count.
    Interval,
    /// Numbers of zero or more with a true zero: ratios count.
    Ratio,
}

impl Level {
    /// The name used on the command line and in output.
    pub fn name(self) -> &'static str {
        match self {
            Level::Nominal => "nominal",
            Level::Ordinal => "ordinal",
            Level::Interval => "interval",
            Level::Ratio => "ratio",
        }
    }
}

/// Krippendorff's alpha of the data at `level`. Values at the ordinal, interval and
/// ratio levels need numbers ([`ReliabilityData::numbers`]); without them, or at the
/// nominal level, the nominal alpha is returned.
pub fn alpha(data: &ReliabilityData, level: Level) -> Coefficient {
    let Some(numbers) = data.numbers.as_deref().filter(|_| level != Level::Nominal) else {
        return data.tally().krippendorff_alpha();
    };
    let pairable = pairable_counts(data);
    let n: u64 = pairable.iter().sum();
    if n == 0 {
        return Coefficient::Undefined(Undefined::NoPairs);
    }
    let mut used = pairable.iter().enumerate().filter(|(_, c)| **c > 0);
    let first = used.next().map_or(0, |(v, _)| v as u32);
    if used.next().is_none() {
        return Coefficient::Undefined(Undefined::OneValue(first));
    }
    let (observed, expected) = match level {
        Level::Ratio => ratio_sums(data, numbers, &pairable),
        Level::Ordinal => squared_sums(data, &mid_ranks(numbers, &pairable), &pairable),
        _ => squared_sums(data, &scaled(numbers), &pairable),
    };
    Coefficient::Value(1.0 - (n - 1) as f64 * observed / expected)
}

/// The numbers divided by the largest magnitude. Interval alpha does not change with
/// the scale, and squares of 1e200 or 1e-200 would overflow or vanish.
fn scaled(numbers: &[f64]) -> Vec<f64> {
    let largest = numbers.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if largest == 0.0 {
        return numbers.to_vec();
    }
    numbers.iter().map(|x| x / largest).collect()
}

/// How often each value occurs in units with two values or more.
fn pairable_counts(data: &ReliabilityData) -> Vec<u64> {
    let mut counts = vec![0u64; data.labels.len()];
    for unit in &data.units {
        if unit.iter().flatten().count() >= 2 {
            for &v in unit.iter().flatten() {
                counts[v as usize] += 1;
            }
        }
    }
    counts
}

/// The mid-rank of each value: values in numeric order, each taking the middle of the
/// ranks its pairable occurrences fill.
fn mid_ranks(numbers: &[f64], pairable: &[u64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..numbers.len()).collect();
    order.sort_by(|&a, &b| numbers[a].total_cmp(&numbers[b]));
    let mut ranks = vec![0.0; numbers.len()];
    let mut below = 0u64;
    for v in order {
        ranks[v] = below as f64 + pairable[v] as f64 / 2.0;
        below += pairable[v];
    }
    ranks
}

/// Σ_u (Σ_{i≠j} (x_i − x_j)²)/(m_u − 1), and Σ_c Σ_k n_c n_k (x_c − x_k)²: the
/// observed and expected sums for interval differences on `x`.
fn squared_sums(data: &ReliabilityData, x: &[f64], pairable: &[u64]) -> (f64, f64) {
    let mut observed = 0.0;
    for unit in &data.units {
        let values: Vec<f64> = unit.iter().flatten().map(|&v| x[v as usize]).collect();
        let m = values.len();
        if m < 2 {
            continue;
        }
        let mean = values.iter().sum::<f64>() / m as f64;
        let deviations: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
        observed += 2.0 * m as f64 * deviations / (m - 1) as f64;
    }
    let n: f64 = pairable.iter().map(|&c| c as f64).sum();
    let mean = pairable
        .iter()
        .zip(x)
        .map(|(&c, v)| c as f64 * v)
        .sum::<f64>()
        / n;
    let deviations: f64 = pairable
        .iter()
        .zip(x)
        .map(|(&c, v)| c as f64 * (v - mean) * (v - mean))
        .sum();
    (observed, 2.0 * n * deviations)
}

fn ratio_difference(a: f64, b: f64) -> f64 {
    if a + b == 0.0 {
        0.0
    } else {
        ((a - b) / (a + b)).powi(2)
    }
}

/// The observed and expected sums for ratio differences, over distinct values.
fn ratio_sums(data: &ReliabilityData, numbers: &[f64], pairable: &[u64]) -> (f64, f64) {
    let mut observed = 0.0;
    let mut counts: Vec<(u32, u64)> = Vec::new();
    for unit in &data.units {
        counts.clear();
        for &v in unit.iter().flatten() {
            match counts.iter_mut().find(|(x, _)| *x == v) {
                Some((_, n)) => *n += 1,
                None => counts.push((v, 1)),
            }
        }
        let m: u64 = counts.iter().map(|&(_, n)| n).sum();
        if m >= 2 {
            observed += pair_sum(&counts, numbers) / (m - 1) as f64;
        }
    }
    let used: Vec<(u32, u64)> = pairable
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(v, &c)| (v as u32, c))
        .collect();
    (observed, pair_sum(&used, numbers))
}

/// Σ_{c≠k} n_c n_k δ²_ck over (value, count) pairs, ratio differences.
fn pair_sum(counts: &[(u32, u64)], numbers: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (i, &(a, na)) in counts.iter().enumerate() {
        for &(b, nb) in &counts[i + 1..] {
            let d = ratio_difference(numbers[a as usize], numbers[b as usize]);
            sum += 2.0 * (na * nb) as f64 * d;
        }
    }
    sum
}
