//! Agreement on a project, paragraph by paragraph.
//!
//! The unit is the paragraph. Each code is a yes/no variable (does the paragraph carry
//! it?); each exclusive group is one nominal variable (which of its codes, or none).
//! Documents and the whole project pool the codes: every (paragraph, code) pair is a
//! yes/no unit, for the codes at least one compared coder applied somewhere in the
//! compared documents (codes nobody applied would only add "neither" units and make
//! agreement look better than it is). Codings count as the code they were merged into.

use super::coefficients::{Coefficient, Coefficients, Tally};
use super::select::{self, AgreeError, Read, Variables};
use crate::core::codebook::{Codebook, Lang};
use crate::core::coding::sidecar::Decisions;
use crate::core::project::Project;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What to compare: empty lists mean the defaults.
#[derive(Debug, Clone)]
pub struct Options {
    /// Coders, in the order A, B, ... (default: every coder with a sidecar except the
    /// consensus coder, by name).
    pub coders: Vec<String>,
    /// Code ids, each with its sub-codes.
    pub codes: Vec<String>,
    /// Document file names.
    pub documents: Vec<String>,
    /// Compare every document, not only those every coder has marked finished.
    pub all: bool,
    pub lang: Lang,
    /// Only these paragraphs (0-based), by document file name: the sample of a
    /// test-retest. Other documents are left out; finished marks do not matter.
    pub units: Option<HashMap<String, BTreeSet<usize>>>,
}

/// What a row of the result is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One code, present or absent on each paragraph.
    Code,
    /// One exclusive group: which of its codes each paragraph carries.
    Group,
    /// One document, its pooled (paragraph, code) pairs.
    Document,
    /// All compared documents, pooled.
    Overall,
}

/// For two coders and a yes/no variable: how the units were coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub both: u64,
    pub only_a: u64,
    pub only_b: u64,
    pub neither: u64,
}

/// The coefficients of one variable, code, document or the whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: Kind,
    /// Code or group id, or document file name; empty for the overall row.
    pub name: String,
    pub label: String,
    pub units: u64,
    pub coefficients: Coefficients,
    pub counts: Option<Counts>,
    /// A group's values by index (none, its codes, then combinations met).
    pub values: Vec<String>,
}

/// A document left out of the comparison, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub document: String,
    pub reason: String,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub coders: Vec<String>,
    /// Compared documents and their paragraphs, in project order.
    pub included: Vec<(String, usize)>,
    pub left_out: Vec<LeftOut>,
    pub codes: Vec<Row>,
    pub groups: Vec<Row>,
    pub documents: Vec<Row>,
    pub overall: Row,
    /// The codes pooled in the document and overall rows.
    pub pooled: Vec<String>,
    /// Things worth knowing: detached codings not compared, project file warnings.
    pub notes: Vec<String>,
    /// Unreadable sidecars: their documents are left out and the command exits 1.
    pub problems: Vec<String>,
    /// The language of the labels and of the words of text, Markdown and HTML (CSV
    /// and JSON keep English machine names).
    pub lang: Lang,
}

/// The reason of a document left out of a test-retest comparison.
pub const NOT_IN_SAMPLE: &str = "not in the retest sample";

/// Compares the coders' codings of a project, reading their sidecars.
pub fn compare(
    project: &Project,
    book: &Codebook,
    options: &Options,
) -> Result<Agreement, AgreeError> {
    let by_document = crate::core::analysis::check::coders_by_document(project);
    let coders = select::coders(project, &by_document, &options.coders)?;
    // The sidecars are read, parsed and matched on every core first; the counting
    // that follows is cheap.
    let selected = select::documents(project, &options.documents)?;
    let read = crate::core::parallel::map(&selected, |&d| select::read(project, d, &coders));
    let mut read: std::collections::HashMap<usize, Read<'static>> =
        selected.into_iter().zip(read).collect();
    compare_with(project, book, options, coders, |d, coders| {
        read.remove(&d)
            .unwrap_or_else(|| select::read(project, d, coders))
    })
}

/// Compares `coders` with decisions from `read` (document index, coders) instead of
/// the sidecars on disk: the coding screen passes what it holds, without copying.
pub fn compare_with<'a>(
    project: &Project,
    book: &Codebook,
    options: &Options,
    coders: Vec<String>,
    mut read: impl FnMut(usize, &[String]) -> Read<'a>,
) -> Result<Agreement, AgreeError> {
    let selected = select::documents(project, &options.documents)?;
    let mut included = Vec::new();
    let mut left_out = Vec::new();
    let mut problems = Vec::new();
    for d in selected {
        let read = read(d, &coders);
        let name = project.documents[d].name.clone();
        let sampled = options.units.as_ref().map(|u| u.get(&name));
        let why = match (&read.coded, sampled) {
            (_, Some(None)) => Some(NOT_IN_SAMPLE.to_owned()),
            (Err(e), _) => Some(e.clone()),
            (Ok(_), Some(Some(_))) => None,
            (Ok(_), None) if options.all => None,
            (Ok(coded), None) => select::unfinished(coded, &coders),
        };
        match (why, read.coded) {
            (Some(reason), _) => {
                if read.problem {
                    problems.push(format!("{name}: {reason}"));
                }
                left_out.push(LeftOut {
                    document: name,
                    reason,
                });
            }
            (None, Ok(coded)) => included.push((d, coded)),
            (None, Err(_)) => {}
        }
    }
    let sample = |d: usize| {
        options
            .units
            .as_ref()
            .and_then(|u| u.get(&project.documents[d].name))
    };
    let resolved: Vec<Vec<Codings<'_>>> = included
        .iter()
        .map(|(d, coded)| {
            coded
                .iter()
                .map(|c| {
                    let mut codings = resolve(book, c.as_deref());
                    if let Some(keep) = sample(*d) {
                        codings.retain(|p, _| keep.contains(p));
                    }
                    codings
                })
                .collect()
        })
        .collect();
    let used: BTreeSet<String> = resolved
        .iter()
        .flatten()
        .flat_map(|c| c.values().flatten().copied())
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let vars = select::variables(book, &used, &options.codes, options.lang)?;
    let mut notes = project.warnings.clone();
    for (d, coded) in &included {
        notes.extend(detached_notes(&project.documents[*d].name, coded, &coders));
    }
    let paragraphs: Vec<usize> = included
        .iter()
        .map(|(d, _)| sample(*d).map_or(project.documents[*d].len(), BTreeSet::len))
        .collect();
    let mut tallies = Tallies::new(&vars, coders.len(), &used);
    for (i, (d, _)) in included.iter().enumerate() {
        tallies.document(
            &vars,
            &resolved[i],
            paragraphs[i],
            &project.documents[*d].name,
        );
    }
    let mut agreement = tallies.finish(
        &vars,
        coders,
        included
            .iter()
            .zip(paragraphs)
            .map(|((d, _), n)| (project.documents[*d].name.clone(), n))
            .collect(),
        left_out,
        notes,
        problems,
    );
    agreement.lang = options.lang;
    Ok(agreement)
}

/// One coder's codes by paragraph, merged codes resolved; empty without a sidecar.
/// Borrowed: a project of thousands of documents is compared without copying ids.
type Codings<'a> = BTreeMap<usize, Vec<&'a str>>;

fn resolve<'a>(book: &'a Codebook, decisions: Option<&'a Decisions>) -> Codings<'a> {
    let Some(d) = decisions else {
        return Codings::new();
    };
    d.paragraphs
        .iter()
        .filter(|(_, p)| !p.codes.is_empty())
        .map(|(&i, p)| {
            let mut codes: Vec<&str> = p.codes.iter().map(|c| book.resolve(c)).collect();
            codes.sort_unstable();
            codes.dedup();
            (i, codes)
        })
        .collect()
}

fn detached_notes(
    document: &str,
    coded: &[Option<Cow<'_, Decisions>>],
    coders: &[String],
) -> Vec<String> {
    let mut notes = Vec::new();
    for (d, coder) in coded.iter().zip(coders) {
        let Some(d) = d else { continue };
        let detached: usize = d.detached.iter().filter(|e| !e.codes.is_empty()).count();
        if detached > 0 {
            notes.push(format!(
                "{document} ({coder}): {detached} coded paragraphs are detached from changed text and not compared; open the document in tandai to review them (r)"
            ));
        }
        let review = d.paragraphs.values().filter(|p| p.review).count();
        if review > 0 {
            notes.push(format!(
                "{document} ({coder}): {review} codings were moved to edited paragraphs and await review (r); they are compared where they now stand"
            ));
        }
    }
    notes
}

/// The tallies being filled.
struct Tallies {
    coders: usize,
    codes: Vec<Tally>,
    groups: Vec<Tally>,
    /// Per group: combinations of its codes met on one paragraph, by their index.
    combinations: Vec<HashMap<Vec<u32>, u32>>,
    documents: Vec<(String, Tally)>,
    overall: Tally,
    /// Which codes are pooled (some compared coder applied them).
    pooled: Vec<bool>,
}

impl Tallies {
    fn new(vars: &Variables, coders: usize, used: &BTreeSet<String>) -> Tallies {
        Tallies {
            coders,
            codes: vec![Tally::new(coders); vars.codes.len()],
            groups: vec![Tally::new(coders); vars.groups.len()],
            combinations: vec![HashMap::new(); vars.groups.len()],
            documents: Vec::new(),
            overall: Tally::new(coders),
            pooled: vars.codes.iter().map(|c| used.contains(&c.id)).collect(),
        }
    }

    /// Adds one document: every (paragraph, code) and (paragraph, group) unit. Units
    /// no coder touched are added in one step each per variable.
    fn document(&mut self, vars: &Variables, coded: &[Codings<'_>], paragraphs: usize, name: &str) {
        let mut doc = Tally::new(self.coders);
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
        let mut touched = vec![0u64; vars.codes.len()];
        let mut unit = vec![Some(0u32); self.coders];
        for (&(v, _), who) in &present {
            unit.fill(Some(0));
            for &c in who {
                unit[c] = Some(1);
            }
            self.add_code(v, &unit, 1, &mut doc);
            touched[v] += 1;
        }
        unit.fill(Some(0));
        for (v, &t) in touched.iter().enumerate() {
            self.add_code(v, &unit, (paragraphs as u64).saturating_sub(t), &mut doc);
        }
        self.add_groups(vars, &chosen, paragraphs);
        self.documents.push((name.to_owned(), doc));
    }

    fn add_code(&mut self, v: usize, unit: &[Option<u32>], times: u64, doc: &mut Tally) {
        self.codes[v].add_times(unit, times);
        if self.pooled[v] {
            doc.add_times(unit, times);
            self.overall.add_times(unit, times);
        }
    }

    fn add_groups(
        &mut self,
        vars: &Variables,
        chosen: &BTreeMap<(usize, usize), Vec<Vec<u32>>>,
        paragraphs: usize,
    ) {
        let mut touched = vec![0u64; vars.groups.len()];
        for (&(g, _), cells) in chosen {
            let children = vars.groups[g].children.len() as u32;
            let unit: Vec<Option<u32>> = cells
                .iter()
                .map(|cell| Some(self.group_value(g, children, cell)))
                .collect();
            self.groups[g].add(&unit);
            touched[g] += 1;
        }
        let none = vec![Some(0u32); self.coders];
        for (g, &t) in touched.iter().enumerate() {
            self.groups[g].add_times(&none, (paragraphs as u64).saturating_sub(t));
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

    fn finish(
        self,
        vars: &Variables,
        coders: Vec<String>,
        included: Vec<(String, usize)>,
        left_out: Vec<LeftOut>,
        notes: Vec<String>,
        problems: Vec<String>,
    ) -> Agreement {
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
        let documents = self
            .documents
            .iter()
            .map(|(name, t)| row(Kind::Document, name, "", t, binary.clone()))
            .collect();
        let pooled = vars
            .codes
            .iter()
            .zip(&self.pooled)
            .filter(|(_, p)| **p)
            .map(|(c, _)| c.id.clone())
            .collect();
        Agreement {
            coders,
            included,
            left_out,
            codes,
            groups,
            documents,
            overall: row(Kind::Overall, "", "", &self.overall, binary),
            pooled,
            notes,
            problems,
            lang: Lang::En,
        }
    }
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

impl Row {
    /// Why a coefficient of this row has no value, in English words (CSV and JSON);
    /// None when it has one. Text, Markdown and HTML use [`super::words::why_in`].
    pub fn why(&self, c: Coefficient) -> Option<String> {
        super::words::why_in(self, c, Lang::En)
    }
}
