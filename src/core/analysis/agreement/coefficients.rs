//! Percent agreement, Cohen's kappa, Fleiss' kappa and Krippendorff's alpha (nominal)
//! from one pass over the units.
//!
//! A [`Tally`] keeps integer counts only; the coefficients are computed from them at
//! the end, in 128-bit integers as far as possible and in `f64` for the last division.
//! So "is this 0/0?" is an exact integer test, never a floating-point guess, and a
//! unit repeated k times costs the same as one ([`Tally::add_times`]): a project's
//! paragraphs that no coder coded are added in one step.

use std::collections::BTreeMap;

/// A coefficient's value, or why it has none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Coefficient {
    Value(f64),
    /// The formula gives 0/0 on these data.
    Undefined(Undefined),
    /// The coefficient is not made for data of this shape.
    NotApplicable(NotApplicable),
}

impl Coefficient {
    /// The number, if there is one.
    pub fn value(self) -> Option<f64> {
        match self {
            Coefficient::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// Why a coefficient is 0/0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// No unit has values from two coders (for Cohen's kappa and percent agreement:
    /// no unit has values from both coders of any pair).
    NoPairs,
    /// Every value compared is this one: agreement expected by chance is already
    /// perfect, so there is nothing for chance-corrected agreement to measure.
    OneValue(u32),
}

/// Why a coefficient does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotApplicable {
    /// Cohen's kappa compares exactly two coders; the data have this many.
    NotTwoCoders(usize),
    /// Fleiss' kappa needs every unit rated by the same number of coders.
    UnequalRaters,
}

/// The four coefficients of one variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coefficients {
    pub percent_agreement: Coefficient,
    pub cohen_kappa: Coefficient,
    pub fleiss_kappa: Coefficient,
    /// Krippendorff's alpha at the nominal level.
    pub krippendorff_alpha: Coefficient,
}

/// Integer counts of reliability data: units of `coders` values each, a value being a
/// small integer (an index into the variable's values) or missing.
///
/// Every count is a sum over units, so a unit added can be taken back exactly
/// ([`Tally::remove_times`]): the coding screen replaces one document's units after
/// a change instead of counting the whole project again.
#[derive(Debug, Clone)]
pub struct Tally {
    coders: usize,
    units: u64,
    /// Per coder pair (a < b, at `a * coders + b`): units both coded, and agreed on.
    pair_units: Vec<u64>,
    pair_agree: Vec<u64>,
    /// Two coders: units by (first coder's value, second coder's value).
    joint: BTreeMap<(u32, u32), u64>,
    /// Fleiss: units with a value by their number of values (one key: every unit
    /// has that many; more: units differ), units with a value, the sum of squared
    /// per-unit category counts, and each category's total.
    raters: BTreeMap<u64, u64>,
    fleiss_units: u64,
    fleiss_squares: u128,
    totals: Vec<u64>,
    /// Alpha: each value's count over pairable units (two values or more), and per
    /// number of values m in a unit the sum of the unit's ordered disagreeing pairs.
    pairable: Vec<u64>,
    disagreements: BTreeMap<u64, u128>,
    /// Scratch: (value, count) of the unit being added.
    scratch: Vec<(u32, u64)>,
}

impl Tally {
    /// An empty tally for this many coders.
    pub fn new(coders: usize) -> Tally {
        Tally {
            coders,
            units: 0,
            pair_units: vec![0; coders * coders],
            pair_agree: vec![0; coders * coders],
            joint: BTreeMap::new(),
            raters: BTreeMap::new(),
            fleiss_units: 0,
            fleiss_squares: 0,
            totals: Vec::new(),
            pairable: Vec::new(),
            disagreements: BTreeMap::new(),
            scratch: Vec::new(),
        }
    }

    /// Number of coders.
    pub fn coders(&self) -> usize {
        self.coders
    }

    /// Units added, including units without any value.
    pub fn units(&self) -> u64 {
        self.units
    }

    /// Units where the first coder gave `a` and the second `b` (two coders only).
    pub fn joint(&self, a: u32, b: u32) -> u64 {
        self.joint.get(&(a, b)).copied().unwrap_or(0)
    }

    /// Adds one unit: `values[i]` is coder i's value (missing values are None; a
    /// shorter slice counts the rest as missing).
    pub fn add(&mut self, values: &[Option<u32>]) {
        self.add_times(values, 1);
    }

    /// Adds `times` copies of one unit.
    pub fn add_times(&mut self, values: &[Option<u32>], times: u64) {
        self.count(values, times, true);
    }

    /// Takes back `times` copies of a unit added before: the counts, and so the
    /// coefficients, are then those of the tally that never had them. Taking back
    /// what was not added is a bug of the caller (an overflow).
    pub fn remove_times(&mut self, values: &[Option<u32>], times: u64) {
        self.count(values, times, false);
    }

    /// Adds (or, `add` false, takes back) `times` copies of one unit.
    fn count(&mut self, values: &[Option<u32>], times: u64, add: bool) {
        if times == 0 {
            return;
        }
        step(&mut self.units, times, add);
        let values = &values[..values.len().min(self.coders)];
        self.count_pairs(values, times, add);
        self.count_values(values);
        let m: u64 = self.scratch.iter().map(|&(_, n)| n).sum();
        if m == 0 {
            return;
        }
        let squares: u128 = self.scratch.iter().map(|&(_, n)| u128::from(n * n)).sum();
        self.count_fleiss(m, squares, times, add);
        if m >= 2 {
            for &(v, n) in &self.scratch {
                step(grow(&mut self.pairable, v), n * times, add);
            }
            let disagreeing = u128::from(m * m) - squares;
            step_entry(
                &mut self.disagreements,
                m,
                disagreeing * u128::from(times),
                add,
            );
        }
    }

    fn count_pairs(&mut self, values: &[Option<u32>], times: u64, add: bool) {
        for (a, va) in values.iter().enumerate() {
            let Some(va) = va else { continue };
            for (b, vb) in values.iter().enumerate().skip(a + 1) {
                let Some(vb) = vb else { continue };
                step(&mut self.pair_units[a * self.coders + b], times, add);
                if va == vb {
                    step(&mut self.pair_agree[a * self.coders + b], times, add);
                }
            }
        }
        if let (2, [Some(a), Some(b)]) = (self.coders, values) {
            step_entry(&mut self.joint, (*a, *b), times, add);
        }
    }

    /// Fills `scratch` with the unit's (value, count) pairs.
    fn count_values(&mut self, values: &[Option<u32>]) {
        self.scratch.clear();
        for v in values.iter().flatten() {
            match self.scratch.iter_mut().find(|(x, _)| x == v) {
                Some((_, n)) => *n += 1,
                None => self.scratch.push((*v, 1)),
            }
        }
    }

    fn count_fleiss(&mut self, m: u64, squares: u128, times: u64, add: bool) {
        step_entry(&mut self.raters, m, times, add);
        step(&mut self.fleiss_units, times, add);
        step(&mut self.fleiss_squares, squares * u128::from(times), add);
        for &(v, n) in &self.scratch {
            step(grow(&mut self.totals, v), n * times, add);
        }
    }

    /// The four coefficients.
    pub fn coefficients(&self) -> Coefficients {
        Coefficients {
            percent_agreement: self.percent_agreement(),
            cohen_kappa: self.cohen_kappa(),
            fleiss_kappa: self.fleiss_kappa(),
            krippendorff_alpha: self.krippendorff_alpha(),
        }
    }

    /// The mean over coder pairs of the share of units both coded on which they
    /// agree. Pairs that share no unit are left out.
    pub fn percent_agreement(&self) -> Coefficient {
        let shares: Vec<f64> = self
            .pair_units
            .iter()
            .zip(&self.pair_agree)
            .filter(|(n, _)| **n > 0)
            .map(|(n, a)| *a as f64 / *n as f64)
            .collect();
        if shares.is_empty() {
            return Coefficient::Undefined(Undefined::NoPairs);
        }
        Coefficient::Value(shares.iter().sum::<f64>() / shares.len() as f64)
    }

    /// Cohen's kappa over the units both coders coded, each coder's chance of a value
    /// from their own marginals: (n·agreed − Σ r_c s_c) / (n² − Σ r_c s_c).
    pub fn cohen_kappa(&self) -> Coefficient {
        if self.coders != 2 {
            return Coefficient::NotApplicable(NotApplicable::NotTwoCoders(self.coders));
        }
        let mut first: BTreeMap<u32, u128> = BTreeMap::new();
        let mut second: BTreeMap<u32, u128> = BTreeMap::new();
        let (mut n, mut agreed) = (0u128, 0u128);
        for (&(a, b), &count) in &self.joint {
            let count = u128::from(count);
            n += count;
            *first.entry(a).or_default() += count;
            *second.entry(b).or_default() += count;
            if a == b {
                agreed += count;
            }
        }
        if n == 0 {
            return Coefficient::Undefined(Undefined::NoPairs);
        }
        let chance: u128 = first
            .iter()
            .map(|(v, r)| r * second.get(v).copied().unwrap_or(0))
            .sum();
        let denominator = n * n - chance;
        if denominator == 0 {
            return Coefficient::Undefined(Undefined::OneValue(only_value(&first)));
        }
        let numerator = (n * agreed) as i128 - chance as i128;
        Coefficient::Value(numerator as f64 / denominator as f64)
    }

    /// Fleiss' kappa with pooled marginals: P̄ the mean share of agreeing rater pairs
    /// per unit, P̄e the sum of squared category shares; (P̄ − P̄e) / (1 − P̄e), as one
    /// integer fraction.
    pub fn fleiss_kappa(&self) -> Coefficient {
        if self.raters.len() > 1 {
            return Coefficient::NotApplicable(NotApplicable::UnequalRaters);
        }
        let r = u128::from(self.raters.keys().next().copied().unwrap_or(0));
        if self.fleiss_units == 0 || r < 2 {
            return Coefficient::Undefined(Undefined::NoPairs);
        }
        let ratings = u128::from(self.fleiss_units) * r;
        let agreeing = (self.fleiss_squares - ratings) as i128; // N·n·(n−1)·P̄
        let pairs = (ratings * (r - 1)) as i128; // N·n·(n−1)
        let squares: u128 = self
            .totals
            .iter()
            .map(|&t| u128::from(t) * u128::from(t))
            .sum();
        let all = ratings * ratings; // (N·n)², so P̄e = squares / all
        if squares == all {
            return Coefficient::Undefined(Undefined::OneValue(first_used(&self.totals)));
        }
        let (squares, all) = (squares as i128, all as i128);
        let numerator = agreeing * all - squares * pairs;
        let denominator = pairs * (all - squares);
        Coefficient::Value(numerator as f64 / denominator as f64)
    }

    /// Krippendorff's alpha at the nominal level from the coincidence matrix:
    /// 1 − (n − 1) · Σ_u (disagreeing pairs in u)/(m_u − 1) / (n² − Σ n_c²), over the
    /// units with two values or more.
    pub fn krippendorff_alpha(&self) -> Coefficient {
        let n: u128 = self.pairable.iter().map(|&c| u128::from(c)).sum();
        if n == 0 {
            return Coefficient::Undefined(Undefined::NoPairs);
        }
        let squares: u128 = self
            .pairable
            .iter()
            .map(|&c| u128::from(c) * u128::from(c))
            .sum();
        let expected = n * n - squares;
        if expected == 0 {
            return Coefficient::Undefined(Undefined::OneValue(first_used(&self.pairable)));
        }
        let observed: f64 = self
            .disagreements
            .iter()
            .map(|(&m, &d)| d as f64 / (m - 1) as f64)
            .sum();
        Coefficient::Value(1.0 - (n - 1) as f64 * observed / expected as f64)
    }
}

/// The counter for value `v`, growing the vector as needed.
fn grow(counts: &mut Vec<u64>, v: u32) -> &mut u64 {
    let i = v as usize;
    if counts.len() <= i {
        counts.resize(i + 1, 0);
    }
    &mut counts[i]
}

/// Adds `by` to a count, or takes it back.
fn step<T: std::ops::AddAssign + std::ops::SubAssign>(count: &mut T, by: T, add: bool) {
    if add {
        *count += by;
    } else {
        *count -= by;
    }
}

/// Adds `by` to the count under `key`, or takes it back; a count taken back to zero
/// is dropped, so the keys are those of the units still counted (Cohen's kappa
/// reports the first key as the one value used; Fleiss' kappa tells unequal numbers
/// of values by a second key).
fn step_entry<K: Ord, T>(counts: &mut BTreeMap<K, T>, key: K, by: T, add: bool)
where
    T: std::ops::AddAssign + std::ops::SubAssign + Default + PartialEq,
{
    let count = counts.entry(key);
    match count {
        std::collections::btree_map::Entry::Occupied(mut o) => {
            step(o.get_mut(), by, add);
            if !add && *o.get() == T::default() {
                o.remove();
            }
        }
        std::collections::btree_map::Entry::Vacant(v) => {
            let mut c = T::default();
            step(&mut c, by, add);
            v.insert(c);
        }
    }
}

fn first_used(counts: &[u64]) -> u32 {
    counts.iter().position(|&c| c > 0).unwrap_or(0) as u32
}

fn only_value(counts: &BTreeMap<u32, u128>) -> u32 {
    counts.keys().next().copied().unwrap_or(0)
}
