//! A comparison kept with each document's share of it, so that after a coding
//! change only the changed documents are counted again.
//!
//! The coding screen computes the agreement of 1,000 documents in about 55 ms; a
//! change touches one document. Every count of the result is a sum over documents,
//! so the changed documents' old units are taken back from the totals and their new
//! ones added, and the rows are worked out from the totals as a full comparison
//! would. Whatever reaches beyond the changed documents (the set of codes used, which
//! decides the variables and the pooled codes; a document coming in or going out; a
//! combination of an exclusive group's codes, whose index depends on the documents
//! before it) is not updated: [`Kept::update`] then says so and the caller compares
//! again in full.

use super::select::{self, AgreeError, Read, Variables};
use super::tallies::{self, Lists, Part, Tallies};
use super::units::{self, Agreement, Judged, LeftOut, Options, Row};
use crate::core::codebook::Codebook;
use crate::core::coding::sidecar::Decisions;
use crate::core::project::Project;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// A comparison's inputs that stay between updates, and each document's share.
#[derive(Debug, Clone)]
pub struct Kept {
    options: Options,
    coders: Vec<String>,
    vars: Variables,
    /// Per code used, the number of compared documents where some coder applied it.
    used: BTreeMap<String, usize>,
    /// The selected documents, in project order, and how each stands.
    documents: Vec<(usize, Share)>,
    /// The project's number of documents when compared.
    total: usize,
    tallies: Tallies,
}

/// How one selected document stands in a kept comparison.
#[derive(Debug, Clone)]
enum Share {
    Left(LeftOut, Option<String>),
    Compared(Box<Compared>),
}

/// A compared document's share.
#[derive(Debug, Clone)]
struct Compared {
    name: String,
    paragraphs: usize,
    used: BTreeSet<String>,
    notes: Vec<String>,
    part: Part,
    row: Row,
}

/// Compares like [`units::compare_with`], and keeps what [`Kept::update`] needs.
pub fn compare_kept<'a>(
    project: &Project,
    book: &Codebook,
    options: &Options,
    coders: Vec<String>,
    mut read: impl FnMut(usize, &[String]) -> Read<'a>,
) -> Result<(Agreement, Kept), AgreeError> {
    let selected = select::documents(project, &options.documents)?;
    let judged: Vec<(usize, Judged<'a>)> = selected
        .into_iter()
        .map(|d| {
            (
                d,
                units::judge(project, options, &coders, d, read(d, &coders)),
            )
        })
        .collect();
    let codings: Vec<Vec<tallies::Codings<'_>>> = judged
        .iter()
        .map(|(d, j)| match j {
            Judged::Compared(coded) => units::codings(project, book, options, *d, coded),
            Judged::Left(..) => Vec::new(),
        })
        .collect();
    let per_document: Vec<BTreeSet<String>> = codings.iter().map(|c| units::used(c)).collect();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for id in per_document.iter().flatten() {
        *used.entry(id.clone()).or_default() += 1;
    }
    let ids: BTreeSet<String> = used.keys().cloned().collect();
    let vars = select::variables(book, &ids, &options.codes, options.lang)?;
    let mut tallies = Tallies::new(&vars, coders.len(), &ids);
    let mut documents = Vec::with_capacity(judged.len());
    for (((d, j), c), doc_used) in judged.iter().zip(&codings).zip(per_document) {
        let d = *d;
        let share = match j {
            Judged::Left(left, problem) => Share::Left(left.clone(), problem.clone()),
            Judged::Compared(coded) => {
                let name = project.documents[d].name.clone();
                let paragraphs = units::paragraphs(project, options, d);
                let part = tallies.part(&vars, c, paragraphs);
                tallies.apply(&part, true);
                Share::Compared(Box::new(Compared {
                    notes: units::detached_notes(&name, coded, &coders),
                    row: tallies::document_row(&name, &part),
                    name,
                    paragraphs,
                    used: doc_used,
                    part,
                }))
            }
        };
        documents.push((d, share));
    }
    let kept = Kept {
        options: options.clone(),
        coders,
        vars,
        used,
        documents,
        total: project.documents.len(),
        tallies,
    };
    Ok((kept.agreement(project), kept))
}

impl Kept {
    /// The comparison after documents `changed` changed (their decisions, finished
    /// marks or readings), with `read` giving their new readings. The project, the
    /// codebook (with its merges), the language and the coders must be those of the
    /// comparison kept; the caller tells. None when the change reaches beyond these
    /// documents: compare again in full then.
    pub fn update<'a>(
        mut self,
        project: &Project,
        book: &Codebook,
        changed: &BTreeSet<usize>,
        mut read: impl FnMut(usize, &[String]) -> Read<'a>,
    ) -> Option<(Agreement, Kept)> {
        if !self.same_documents(project) || self.tallies.has_combinations() {
            return None;
        }
        // Taken out while the tallies change; on None the whole is dropped anyway.
        let mut documents = std::mem::take(&mut self.documents);
        for (d, share) in documents.iter_mut().filter(|(d, _)| changed.contains(d)) {
            let judged = units::judge(
                project,
                &self.options,
                &self.coders,
                *d,
                read(*d, &self.coders),
            );
            match (&mut *share, judged) {
                (Share::Left(left, problem), Judged::Left(new, new_problem)) => {
                    if *left != new || *problem != new_problem {
                        return None;
                    }
                }
                (Share::Compared(old), Judged::Compared(coded)) => {
                    **old = self.recount(project, book, *d, old, &coded)?;
                }
                _ => return None,
            }
        }
        self.documents = documents;
        let agreement = self.agreement(project);
        Some((agreement, self))
    }

    /// A compared document counted again; None when its change reaches beyond it.
    fn recount(
        &mut self,
        project: &Project,
        book: &Codebook,
        d: usize,
        old: &Compared,
        coded: &[Option<Cow<'_, Decisions>>],
    ) -> Option<Compared> {
        let codings = units::codings(project, book, &self.options, d, coded);
        let used = units::used(&codings);
        self.count_used(&old.used, &used)?;
        let part = self.tallies.part(&self.vars, &codings, old.paragraphs);
        if self.tallies.has_combinations() {
            return None;
        }
        self.tallies.apply(&old.part, false);
        self.tallies.apply(&part, true);
        Some(Compared {
            name: old.name.clone(),
            paragraphs: old.paragraphs,
            notes: units::detached_notes(&old.name, coded, &self.coders),
            row: tallies::document_row(&old.name, &part),
            used,
            part,
        })
    }

    /// Moves a document's codes used from `old` to `new`; None when that changes
    /// the set of codes used in the whole comparison (a code used for the first
    /// time, or no longer used anywhere), which changes the variables.
    fn count_used(&mut self, old: &BTreeSet<String>, new: &BTreeSet<String>) -> Option<()> {
        for id in new.difference(old) {
            if !self.used.contains_key(id) {
                return None;
            }
        }
        for id in old.difference(new) {
            if self.used.get(id).copied().unwrap_or(0) <= 1 {
                return None;
            }
        }
        for id in new.difference(old) {
            *self.used.entry(id.clone()).or_default() += 1;
        }
        for id in old.difference(new) {
            if let Some(n) = self.used.get_mut(id) {
                *n -= 1;
            }
        }
        Some(())
    }

    /// Whether the project still has the documents compared, with as many
    /// paragraphs (a document read again from disk may have more or fewer).
    fn same_documents(&self, project: &Project) -> bool {
        let selected = select::documents(project, &self.options.documents).ok();
        let kept: Vec<usize> = self.documents.iter().map(|(d, _)| *d).collect();
        project.documents.len() == self.total
            && selected.as_ref() == Some(&kept)
            && self.documents.iter().all(|(d, share)| match share {
                Share::Compared(c) => {
                    project.documents[*d].name == c.name
                        && units::paragraphs(project, &self.options, *d) == c.paragraphs
                }
                Share::Left(left, _) => project.documents[*d].name == left.document,
            })
    }

    /// The comparison from the totals and the documents' shares.
    fn agreement(&self, project: &Project) -> Agreement {
        let mut lists = Lists {
            coders: self.coders.clone(),
            included: Vec::new(),
            left_out: Vec::new(),
            documents: Vec::new(),
            notes: project.warnings.clone(),
            problems: Vec::new(),
        };
        for (_, share) in &self.documents {
            match share {
                Share::Left(left, problem) => {
                    lists.left_out.push(left.clone());
                    lists.problems.extend(problem.clone());
                }
                Share::Compared(c) => {
                    lists.included.push((c.name.clone(), c.paragraphs));
                    lists.documents.push(c.row.clone());
                    lists.notes.extend(c.notes.iter().cloned());
                }
            }
        }
        let mut agreement = self.tallies.finish(&self.vars, lists);
        agreement.lang = self.options.lang;
        agreement
    }
}
