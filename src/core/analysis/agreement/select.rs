//! What `tandai agree` compares: which coders, which documents (and why others are
//! left out), and which variables (codes, exclusive groups).

use crate::core::codebook::{Codebook, Lang};
use crate::core::coding::sidecar::{Decisions, valid_coder};
use crate::core::display::sanitize_line;
use crate::core::project::{Project, load_sidecar};
use crate::i18n::fill;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A request that names something the project does not have, or too little to compare.
#[derive(Debug, PartialEq, Eq)]
pub enum AgreeError {
    BadCoderName { given: String },
    CoderTwice { given: String },
    UnknownCoder { given: String, known: String },
    TooFewCoders { found: String },
    UnknownCode { given: String, known: String },
    UnknownDocument { given: String, known: String },
}

impl AgreeError {
    /// The message in `lang` (`found` is in the language it was made in).
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        let t = crate::i18n::strings(lang);
        match self {
            AgreeError::BadCoderName { given } => {
                let given = format!("{given:?}");
                fill(t.core_sel_bad_coder, &[("given", &given)])
            }
            AgreeError::CoderTwice { given } => fill(t.core_sel_coder_twice, &[("given", given)]),
            AgreeError::UnknownCoder { given, known } => fill(
                t.core_sel_unknown_coder,
                &[("option", &"--coders"), ("given", given), ("known", known)],
            ),
            AgreeError::TooFewCoders { found } => fill(t.core_sel_too_few, &[("found", found)]),
            AgreeError::UnknownCode { given, known } => fill(
                t.core_sel_unknown_code,
                &[("given", given), ("known", known)],
            ),
            AgreeError::UnknownDocument { given, known } => fill(
                t.core_sel_unknown_document,
                &[("given", given), ("known", known)],
            ),
        }
    }
}

impl std::fmt::Display for AgreeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(crate::i18n::current()))
    }
}

impl std::error::Error for AgreeError {}

/// At most 20 names of a list, for a message.
pub(super) fn known(names: &[String]) -> String {
    crate::core::display::some_names(names)
}

/// The coders to compare: those given, or every coder with a sidecar except the
/// consensus coder, sorted.
pub(super) fn coders(
    project: &Project,
    by_document: &[Vec<String>],
    given: &[String],
) -> Result<Vec<String>, AgreeError> {
    let existing: BTreeSet<&String> = by_document.iter().flatten().collect();
    let names: Vec<String> = existing.iter().map(|s| (*s).clone()).collect();
    if given.is_empty() {
        let consensus = project.consensus_coder();
        // The consensus coder and retest coders are compared only when named.
        let chosen: Vec<String> = names
            .iter()
            .filter(|c| {
                *c != consensus && !c.ends_with(crate::core::analysis::retest::RETEST_SUFFIX)
            })
            .cloned()
            .collect();
        if chosen.len() < 2 {
            let t = crate::i18n::strings(crate::i18n::current());
            let left = if existing.iter().any(|c| *c == consensus) {
                fill(t.core_sel_consensus_left_out, &[("consensus", &consensus)])
            } else {
                String::new()
            };
            let names = known(&chosen);
            return Err(AgreeError::TooFewCoders {
                found: fill(
                    t.core_sel_with_sidecars,
                    &[("names", &names), ("left", &left)],
                ),
            });
        }
        return Ok(chosen);
    }
    for (i, c) in given.iter().enumerate() {
        if !valid_coder(c) {
            return Err(AgreeError::BadCoderName { given: c.clone() });
        }
        if given[..i].contains(c) {
            return Err(AgreeError::CoderTwice { given: c.clone() });
        }
        if !existing.contains(c) {
            return Err(AgreeError::UnknownCoder {
                given: c.clone(),
                known: known(&names),
            });
        }
    }
    if given.len() < 2 {
        return Err(AgreeError::TooFewCoders {
            found: fill(
                crate::i18n::strings(crate::i18n::current()).core_sel_only,
                &[("names", &given.join(", "))],
            ),
        });
    }
    Ok(given.to_vec())
}

/// Indices of the documents named (by file name, or a path ending in it), or all.
pub(super) fn documents(project: &Project, names: &[String]) -> Result<Vec<usize>, AgreeError> {
    if names.is_empty() {
        return Ok((0..project.documents.len()).collect());
    }
    let mut out = BTreeSet::new();
    for name in names {
        let file = std::path::Path::new(name)
            .file_name()
            .map(|f| f.to_string_lossy());
        let found = project
            .documents
            .iter()
            .position(|d| &d.name == name || file.as_deref() == Some(d.name.as_str()));
        let Some(i) = found else {
            let all: Vec<String> = project.documents.iter().map(|d| d.name.clone()).collect();
            return Err(AgreeError::UnknownDocument {
                given: sanitize_line(name),
                known: known(&all),
            });
        };
        out.insert(i);
    }
    Ok(out.into_iter().collect())
}

/// One document's reading: each coder's decisions (None: no sidecar), or why the
/// document is left out.
pub struct Read<'a> {
    pub coded: Result<Vec<Option<Cow<'a, Decisions>>>, String>,
    /// The reason is an unreadable sidecar (a problem: the command exits 1).
    pub problem: bool,
}

/// Reads the sidecars of the compared coders for one document.
pub(super) fn read(project: &Project, document: usize, coders: &[String]) -> Read<'static> {
    let doc = &project.documents[document];
    if let Err(e) = &doc.content {
        return Read {
            coded: Err(format!("{CANNOT_READ}{e}")),
            problem: false,
        };
    }
    let mut coded = Vec::with_capacity(coders.len());
    for coder in coders {
        let loaded = load_sidecar(doc, coder);
        if let Some(why) = loaded.readonly {
            return Read {
                coded: Err(format!("{SIDECAR_CANNOT_READ}{why}")),
                problem: true,
            };
        }
        coded.push(
            loaded
                .on_disk
                .is_some()
                .then_some(Cow::Owned(loaded.decisions)),
        );
    }
    Read {
        coded: Ok(coded),
        problem: false,
    }
}

/// How the reason for a document that cannot be read begins.
pub const CANNOT_READ: &str = "cannot be read: ";

/// How the reason for a document with a sidecar that cannot be read begins.
pub const SIDECAR_CANNOT_READ: &str = "a sidecar cannot be read: ";

/// How the reason for a document not every coder has finished begins.
pub const UNFINISHED: &str = "not marked finished by ";

/// Why a document all coders could read is left out without `--all`: the coders who
/// have not marked it finished.
pub(super) fn unfinished(
    coded: &[Option<Cow<'_, Decisions>>],
    coders: &[String],
) -> Option<String> {
    let missing: Vec<String> = coded
        .iter()
        .zip(coders)
        .filter_map(|(d, c)| match d {
            None => Some(format!("{c} (no sidecar)")),
            Some(d) if !d.finished => Some(c.clone()),
            Some(_) => None,
        })
        .collect();
    (!missing.is_empty()).then(|| format!("{UNFINISHED}{}", missing.join(", ")))
}

/// A code compared as a yes/no variable.
#[derive(Debug, Clone)]
pub(super) struct CodeVar {
    pub id: String,
    pub label: String,
}

/// An exclusive group: one nominal variable whose values are "none" and its children.
#[derive(Debug, Clone)]
pub(super) struct GroupVar {
    pub id: String,
    pub label: String,
    /// Its direct children's ids and labels, in codebook order.
    pub children: Vec<(String, String)>,
}

/// The variables compared.
#[derive(Debug, Clone)]
pub(super) struct Variables {
    pub codes: Vec<CodeVar>,
    pub groups: Vec<GroupVar>,
    /// Code id (resolved) to its index in `codes`.
    pub code_index: HashMap<String, usize>,
    /// Code id (resolved) to (group, child position).
    pub child_of: HashMap<String, (usize, u32)>,
}

/// The codes and groups selected by `--code` (each with its sub-codes), or all: codes
/// that can be applied or were applied, in codebook order, then applied ids missing
/// from the codebook; groups are the exclusive codes selected.
pub(super) fn variables(
    book: &Codebook,
    used: &BTreeSet<String>,
    given: &[String],
    lang: Lang,
) -> Result<Variables, AgreeError> {
    let wanted = selection(book, used, given)?;
    let keep = |id: &str| wanted.as_ref().is_none_or(|w| w.contains(id));
    let mut codes: Vec<CodeVar> = book
        .codes
        .iter()
        .filter(|c| (c.active() || used.contains(&c.id)) && keep(&c.id))
        .map(|c| CodeVar {
            id: c.id.clone(),
            label: c.label.get(lang).to_owned(),
        })
        .collect();
    codes.extend(
        used.iter()
            .filter(|id| book.get(id).is_none() && keep(id))
            .map(|id| CodeVar {
                id: id.clone(),
                label: format!("{id} (not in the codebook)"),
            }),
    );
    let groups = groups(book, lang, &keep);
    let code_index = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    let child_of = groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| {
            group
                .children
                .iter()
                .enumerate()
                .map(move |(k, (id, _))| (id.clone(), (g, k as u32)))
        })
        .collect();
    Ok(Variables {
        codes,
        groups,
        code_index,
        child_of,
    })
}

fn groups(book: &Codebook, lang: Lang, keep: &dyn Fn(&str) -> bool) -> Vec<GroupVar> {
    book.codes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.exclusive && keep(&c.id))
        .map(|(i, c)| GroupVar {
            id: c.id.clone(),
            label: c.label.get(lang).to_owned(),
            children: book
                .codes
                .iter()
                .filter(|k| k.parent == Some(i))
                .map(|k| (k.id.clone(), k.label.get(lang).to_owned()))
                .collect(),
        })
        .filter(|g| !g.children.is_empty())
        .collect()
}

/// The ids `--code` selects, each with its sub-codes; None for no filter.
fn selection(
    book: &Codebook,
    used: &BTreeSet<String>,
    given: &[String],
) -> Result<Option<HashSet<String>>, AgreeError> {
    book.select_with_subcodes(given, |id| used.contains(id))
        .map_err(|id| {
            let mut all: Vec<String> = book.codes.iter().map(|c| c.id.clone()).collect();
            all.extend(used.iter().filter(|u| book.get(u).is_none()).cloned());
            AgreeError::UnknownCode {
                given: sanitize_line(&id),
                known: known(&all),
            }
        })
}
