//! Agreement on a project, paragraph by paragraph.
//!
//! The unit is the paragraph. Each code is a yes/no variable (does the paragraph carry
//! it?); each exclusive group is one nominal variable (which of its codes, or none).
//! Documents and the whole project pool the codes: every (paragraph, code) pair is a
//! yes/no unit, for the codes at least one compared coder applied somewhere in the
//! compared documents (codes nobody applied would only add "neither" units and make
//! agreement look better than it is). Codings count as the code they were merged into.

use super::coefficients::{Coefficient, Coefficients};
use super::select::{self, AgreeError, Read};
use super::tallies::Codings;
use crate::core::codebook::{Codebook, Lang};
use crate::core::coding::sidecar::Decisions;
use crate::core::project::Project;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

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
    read: impl FnMut(usize, &[String]) -> Read<'a>,
) -> Result<Agreement, AgreeError> {
    super::kept::compare_kept(project, book, options, coders, read).map(|(a, _)| a)
}

/// How one selected document stands: left out (and whether for a problem), or
/// compared with these decisions.
pub(super) enum Judged<'a> {
    Left(LeftOut, Option<String>),
    Compared(Vec<Option<Cow<'a, Decisions>>>),
}

/// Whether document `d` is compared, from its reading.
pub(super) fn judge<'a>(
    project: &Project,
    options: &Options,
    coders: &[String],
    d: usize,
    read: Read<'a>,
) -> Judged<'a> {
    let name = project.documents[d].name.clone();
    let sampled = options.units.as_ref().map(|u| u.get(&name));
    let why = match (&read.coded, sampled) {
        (_, Some(None)) => Some(NOT_IN_SAMPLE.to_owned()),
        (Err(e), _) => Some(e.clone()),
        (Ok(_), Some(Some(_))) => None,
        (Ok(_), None) if options.all => None,
        (Ok(coded), None) => select::unfinished(coded, coders),
    };
    match (why, read.coded) {
        (None, Ok(coded)) => Judged::Compared(coded),
        (why, _) => {
            // (None, Err) cannot happen: an error is a reason.
            let reason = why.unwrap_or_default();
            let problem = read.problem.then(|| format!("{name}: {reason}"));
            Judged::Left(
                LeftOut {
                    document: name,
                    reason,
                },
                problem,
            )
        }
    }
}

/// The paragraphs of document `d` compared: the retest sample's, or all.
pub(super) fn sample<'o>(
    project: &Project,
    options: &'o Options,
    d: usize,
) -> Option<&'o BTreeSet<usize>> {
    options
        .units
        .as_ref()
        .and_then(|u| u.get(&project.documents[d].name))
}

/// The number of paragraphs of document `d` compared.
pub(super) fn paragraphs(project: &Project, options: &Options, d: usize) -> usize {
    sample(project, options, d).map_or(project.documents[d].len(), BTreeSet::len)
}

/// Each coder's codings of document `d`, merged codes resolved, the sample's
/// paragraphs only.
pub(super) fn codings<'c>(
    project: &Project,
    book: &'c Codebook,
    options: &Options,
    d: usize,
    coded: &'c [Option<Cow<'_, Decisions>>],
) -> Vec<Codings<'c>> {
    coded
        .iter()
        .map(|c| {
            let mut codings = resolve(book, c.as_deref());
            if let Some(keep) = sample(project, options, d) {
                codings.retain(|p, _| keep.contains(p));
            }
            codings
        })
        .collect()
}

/// The codes some coder applied in `codings`.
pub(super) fn used(codings: &[Codings<'_>]) -> BTreeSet<String> {
    codings
        .iter()
        .flat_map(|c| c.values().flatten().copied())
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

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

/// The notes of a compared document: codings detached from changed text, codings
/// moved to edited paragraphs.
pub(super) fn detached_notes(
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

impl Row {
    /// Why a coefficient of this row has no value, in English words (CSV and JSON);
    /// None when it has one. Text, Markdown and HTML use [`super::words::why_in`].
    pub fn why(&self, c: Coefficient) -> Option<String> {
        super::words::why_in(self, c, Lang::En)
    }
}
