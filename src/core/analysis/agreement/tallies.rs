//! The tallies of a comparison, filled one document at a time.
//!
//! Each document's units are first gathered into a [`Part`] (its units grouped by
//! their values, and its own row's tally), then added to the totals. A part can be
//! taken back exactly ([`Tallies::apply`] with `add` false): after a coding change
//! only the changed documents are counted again (see `kept.rs`).

use super::coefficients::Tally;
use super::select::{self, Variables};
use super::units::{Agreement, Counts, Kind, LeftOut, Row};
use crate::core::codebook::Lang;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One coder's codes by paragraph, merged codes resolved; empty without a sidecar.
/// Borrowed: a project of thousands of documents is compared without copying ids.
pub(super) type Codings<'a> = BTreeMap<usize, Vec<&'a str>>;

/// A unit's values, one per coder.
type Unit = Vec<Option<u32>>;

/// The tallies being filled.
#[derive(Debug, Clone)]
pub(super) struct Tallies {
    coders: usize,
    codes: Vec<Tally>,
    groups: Vec<Tally>,
    /// Per group: combinations of its codes met on one paragraph, by their index.
    combinations: Vec<HashMap<Vec<u32>, u32>>,
    overall: Tally,
    /// Which codes are pooled (some compared coder applied them).
    pooled: Vec<bool>,
}

/// One document's units: those some coder touched, grouped by (variable, values)
/// with their number, and per variable the number of paragraphs nobody touched
/// (all "absent", or "none" for a group). Adding the same units in another order
/// gives the same counts.
#[derive(Debug, Clone)]
pub(super) struct Part {
    codes: Vec<(usize, Unit, u64)>,
    untouched_codes: Vec<u64>,
    groups: Vec<(usize, Unit, u64)>,
    untouched_groups: Vec<u64>,
    /// The document's row: its units of the pooled codes.
    pub doc: Tally,
}

impl Tallies {
    pub(super) fn new(vars: &Variables, coders: usize, used: &BTreeSet<String>) -> Tallies {
        Tallies {
            coders,
            codes: vec![Tally::new(coders); vars.codes.len()],
            groups: vec![Tally::new(coders); vars.groups.len()],
            combinations: vec![HashMap::new(); vars.groups.len()],
            overall: Tally::new(coders),
            pooled: vars.codes.iter().map(|c| used.contains(&c.id)).collect(),
        }
    }

    /// Whether some paragraph carries two codes of one exclusive group: their
    /// combination's index depends on the documents before it.
    pub(super) fn has_combinations(&self) -> bool {
        self.combinations.iter().any(|c| !c.is_empty())
    }

    /// Gathers one document's units: every (paragraph, code) and (paragraph, group)
    /// unit. A combination of a group's codes met for the first time gets the next
    /// index of that group.
    pub(super) fn part(
        &mut self,
        vars: &Variables,
        coded: &[Codings<'_>],
        paragraphs: usize,
    ) -> Part {
        let mut present: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        let mut chosen: BTreeMap<(usize, usize), Vec<Vec<u32>>> = BTreeMap::new();
        for (coder, codings) in coded.iter().enumerate() {
            for (&p, ids) in codings {
                for id in ids {
                    if let Some(&v) = vars.code_index.get(*id) {
                        present.entry((v, p)).or_default().push(coder);
                    }
                    if let Some(&(g, k)) = vars.child_of.get(*id) {
                        let cell = chosen
                            .entry((g, p))
                            .or_insert_with(|| vec![Vec::new(); self.coders]);
                        cell[coder].push(k);
                    }
                }
            }
        }
        let mut codes: BTreeMap<(usize, Unit), u64> = BTreeMap::new();
        let mut touched = vec![0u64; vars.codes.len()];
        for (&(v, _), who) in &present {
            let mut unit = vec![Some(0u32); self.coders];
            for &c in who {
                unit[c] = Some(1);
            }
            *codes.entry((v, unit)).or_default() += 1;
            touched[v] += 1;
        }
        let mut groups: BTreeMap<(usize, Unit), u64> = BTreeMap::new();
        let mut touched_groups = vec![0u64; vars.groups.len()];
        for (&(g, _), cells) in &chosen {
            let children = vars.groups[g].children.len() as u32;
            let unit: Unit = cells
                .iter()
                .map(|cell| Some(self.group_value(g, children, cell)))
                .collect();
            *groups.entry((g, unit)).or_default() += 1;
            touched_groups[g] += 1;
        }
        let untouched = |t: &u64| (paragraphs as u64).saturating_sub(*t);
        let mut part = Part {
            codes: codes.into_iter().map(|((v, u), n)| (v, u, n)).collect(),
            untouched_codes: touched.iter().map(untouched).collect(),
            groups: groups.into_iter().map(|((g, u), n)| (g, u, n)).collect(),
            untouched_groups: touched_groups.iter().map(untouched).collect(),
            doc: Tally::new(self.coders),
        };
        let none = vec![Some(0u32); self.coders];
        for (v, unit, n) in &part.codes {
            if self.pooled[*v] {
                part.doc.add_times(unit, *n);
            }
        }
        for (v, &n) in part.untouched_codes.iter().enumerate() {
            if self.pooled[v] {
                part.doc.add_times(&none, n);
            }
        }
        part
    }

    /// Adds a document's units to the totals, or (`add` false) takes back units added
    /// before.
    pub(super) fn apply(&mut self, part: &Part, add: bool) {
        let count = |t: &mut Tally, unit: &[Option<u32>], n: u64| {
            if add {
                t.add_times(unit, n);
            } else {
                t.remove_times(unit, n);
            }
        };
        let none = vec![Some(0u32); self.coders];
        let codes = part.codes.iter().map(|(v, u, n)| (*v, u.as_slice(), *n));
        let untouched = part.untouched_codes.iter().enumerate();
        for (v, unit, n) in codes.chain(untouched.map(|(v, n)| (v, none.as_slice(), *n))) {
            count(&mut self.codes[v], unit, n);
            if self.pooled[v] {
                count(&mut self.overall, unit, n);
            }
        }
        for (g, unit, n) in &part.groups {
            count(&mut self.groups[*g], unit, *n);
        }
        for (g, &n) in part.untouched_groups.iter().enumerate() {
            count(&mut self.groups[g], &none, n);
        }
    }

    /// 0 for none, 1 + k for the group's k-th code alone, and a further index for
    /// each combination of its codes (against the codebook's rule, but possible in a
    /// hand-edited or older sidecar): a combination agrees only with itself.
    fn group_value(&mut self, g: usize, children: u32, cell: &[u32]) -> u32 {
        let mut key = cell.to_vec();
        key.sort_unstable();
        key.dedup();
        match key.as_slice() {
            [] => 0,
            [k] => k + 1,
            _ => {
                let next = children + 1 + self.combinations[g].len() as u32;
                *self.combinations[g].entry(key).or_insert(next)
            }
        }
    }

    /// The comparison from the totals and the documents' rows.
    pub(super) fn finish(&self, vars: &Variables, lists: Lists) -> Agreement {
        let binary = vec!["absent".to_owned(), "present".to_owned()];
        let codes = vars
            .codes
            .iter()
            .zip(&self.codes)
            .map(|(c, t)| row(Kind::Code, &c.id, &c.label, t, binary.clone()))
            .collect();
        let groups = vars
            .groups
            .iter()
            .zip(&self.groups)
            .zip(&self.combinations)
            .map(|((g, t), combos)| row(Kind::Group, &g.id, &g.label, t, group_values(g, combos)))
            .collect();
        let pooled = vars
            .codes
            .iter()
            .zip(&self.pooled)
            .filter(|(_, p)| **p)
            .map(|(c, _)| c.id.clone())
            .collect();
        Agreement {
            coders: lists.coders,
            included: lists.included,
            left_out: lists.left_out,
            codes,
            groups,
            documents: lists.documents,
            overall: row(Kind::Overall, "", "", &self.overall, binary),
            pooled,
            notes: lists.notes,
            problems: lists.problems,
            lang: Lang::En,
        }
    }
}

/// What a comparison lists besides the totals' rows.
pub(super) struct Lists {
    pub coders: Vec<String>,
    pub included: Vec<(String, usize)>,
    pub left_out: Vec<LeftOut>,
    pub documents: Vec<Row>,
    pub notes: Vec<String>,
    pub problems: Vec<String>,
}

/// A document's row from its part.
pub(super) fn document_row(name: &str, part: &Part) -> Row {
    let binary = vec!["absent".to_owned(), "present".to_owned()];
    row(Kind::Document, name, "", &part.doc, binary)
}

fn group_values(g: &select::GroupVar, combos: &HashMap<Vec<u32>, u32>) -> Vec<String> {
    let mut values = vec!["none".to_owned()];
    values.extend(g.children.iter().map(|(id, _)| id.clone()));
    let mut extra: Vec<(&Vec<u32>, &u32)> = combos.iter().collect();
    extra.sort_by_key(|(_, i)| **i);
    values.extend(extra.into_iter().map(|(key, _)| {
        key.iter()
            .map(|&k| g.children[k as usize].0.as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    }));
    values
}

fn row(kind: Kind, name: &str, label: &str, tally: &Tally, values: Vec<String>) -> Row {
    let counts = (tally.coders() == 2 && kind != Kind::Group).then(|| Counts {
        both: tally.joint(1, 1),
        only_a: tally.joint(1, 0),
        only_b: tally.joint(0, 1),
        neither: tally.joint(0, 0),
    });
    Row {
        kind,
        name: name.to_owned(),
        label: label.to_owned(),
        units: tally.units(),
        coefficients: tally.coefficients(),
        counts,
        values,
    }
}
