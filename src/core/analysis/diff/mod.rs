//! `tandai diff`: what changed in the coding, in words.
//!
//! A supervisor reviewing a student's week of coding, or two coders comparing their
//! work, read one line per change (`informan-a.txt ¶12 (ana): +Intimacy −Contact`)
//! instead of JSON. Two kinds of comparison share one engine: the sidecars of a
//! project at two points in time (two git revisions, or a revision and the working
//! tree), and the sidecars of two coders at one point.

pub mod git;

use crate::core::codebook::{Codebook, Lang};
use crate::core::coding::sidecar::{ParagraphEntry, SUFFIX, SidecarFile, valid_coder};
use crate::core::project::natural_cmp;
use std::collections::{BTreeMap, BTreeSet};

/// Every sidecar of a project at one point in time, by document name and coder.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub sidecars: BTreeMap<(String, String), SidecarFile>,
    /// Sidecars that could not be read, with the reason.
    pub problems: Vec<String>,
    /// The (document, coder) of each sidecar that could not be read: left out of
    /// every comparison, since its codings are unknown, not absent.
    pub broken: BTreeSet<(String, String)>,
}

/// Splits `informan-a.txt.ana.tandai.json` into `("informan-a.txt", "ana")`. Conflict
/// copies, temp files and anything else do not split.
pub fn split_sidecar_name(name: &str) -> Option<(&str, &str)> {
    let (document, coder) = name.strip_suffix(SUFFIX)?.rsplit_once('.')?;
    (!document.is_empty() && valid_coder(coder)).then_some((document, coder))
}

impl Snapshot {
    /// Adds the sidecar `name` (a file name, not a path) with its bytes; `shown` names
    /// it in messages (a path, or `REV:path`).
    pub fn add(&mut self, name: &str, bytes: &[u8], shown: &str) {
        let Some((document, coder)) = split_sidecar_name(name) else {
            return;
        };
        match SidecarFile::parse(bytes, shown) {
            Ok(file) => {
                self.sidecars
                    .insert((document.to_owned(), coder.to_owned()), file);
            }
            Err(e) => self.fail(name, e.to_string()),
        }
    }

    /// Records that the sidecar `name` could not be read, and why.
    pub fn fail(&mut self, name: &str, why: String) {
        if let Some((document, coder)) = split_sidecar_name(name) {
            self.broken.insert((document.to_owned(), coder.to_owned()));
        }
        self.problems.push(why);
    }

    /// True when the sidecar of `document` and `coder` could not be read.
    fn is_broken(&self, document: &str, coder: &str) -> bool {
        self.broken
            .contains(&(document.to_owned(), coder.to_owned()))
    }

    /// Every coder with at least one sidecar, sorted.
    pub fn coders(&self) -> BTreeSet<&str> {
        self.sidecars.keys().map(|(_, c)| c.as_str()).collect()
    }

    /// Every document with at least one sidecar.
    fn documents(&self) -> BTreeSet<&str> {
        self.sidecars.keys().map(|(d, _)| d.as_str()).collect()
    }

    fn get(&self, document: &str, coder: &str) -> Option<&SidecarFile> {
        self.sidecars.get(&(document.to_owned(), coder.to_owned()))
    }
}

/// One change, as one line of output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub document: String,
    /// Paragraph number from 1; None for a change of the whole document.
    pub paragraph: Option<usize>,
    /// Whose coding changed (`ana`), or which two coders differ (`ana`, `budi`).
    pub coder: String,
    pub other_coder: Option<String>,
    pub what: What,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// Codes added and removed on a paragraph. `text_changed`: the paragraph with this
    /// number has other text than before (the transcript was edited).
    Codes {
        added: Vec<String>,
        removed: Vec<String>,
        text_changed: bool,
    },
    /// The paragraph's memo (or the document's, when `paragraph` is None).
    Memo(MemoChange),
    /// Codings kept without a paragraph after the transcript changed: before, after.
    Detached(usize, usize),
    /// The document was marked finished (true) or the mark was taken back (false).
    Finished(bool),
}

/// How a memo changed (between revisions), or differs (between coders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoChange {
    /// Added (between coders: only the second coder wrote one).
    Added,
    /// Removed (between coders: only the first coder wrote one).
    Removed,
    /// Changed (between coders: both wrote one, and they differ).
    Changed,
}

impl MemoChange {
    /// The JSON's word for the change.
    fn word(self) -> &'static str {
        match self {
            MemoChange::Added => "added",
            MemoChange::Removed => "removed",
            MemoChange::Changed => "changed",
        }
    }

    /// The change in words: of a paragraph's memo, or (`document`) of the document's.
    fn words(self, document: bool, t: &crate::i18n::Strings) -> &'static str {
        match (self, document) {
            (MemoChange::Added, false) => t.cmd_diff_memo_added,
            (MemoChange::Removed, false) => t.cmd_diff_memo_removed,
            (MemoChange::Changed, false) => t.cmd_diff_memo_changed,
            (MemoChange::Added, true) => t.cmd_diff_document_memo_added,
            (MemoChange::Removed, true) => t.cmd_diff_document_memo_removed,
            (MemoChange::Changed, true) => t.cmd_diff_document_memo_changed,
        }
    }
}

/// What changed between two snapshots of a project, for every coder (or the ones in
/// `coders`, when not empty). Code ids are compared as written.
pub fn between_snapshots(old: &Snapshot, new: &Snapshot, coders: &[String]) -> Vec<Change> {
    let keys: BTreeSet<&(String, String)> =
        old.sidecars.keys().chain(new.sidecars.keys()).collect();
    let mut out = Vec::new();
    for (document, coder) in keys {
        if !coders.is_empty() && !coders.contains(coder)
            || old.is_broken(document, coder)
            || new.is_broken(document, coder)
        {
            continue;
        }
        let pair = Pair {
            document,
            coder,
            other: None,
        };
        pair.compare(old.get(document, coder), new.get(document, coder), &mut out);
    }
    sort(&mut out);
    out
}

/// How coder `b`'s coding differs from coder `a`'s in one snapshot: `+X` is a code
/// only `b` applied, `−Y` one only `a` applied. Merged codes count as the code they
/// were merged into.
pub fn between_coders(snap: &Snapshot, a: &str, b: &str, book: &Codebook) -> Vec<Change> {
    let resolve = |file: Option<&SidecarFile>| {
        file.map(|f| {
            let mut f = f.clone();
            for entry in &mut f.paragraphs {
                entry.codes = entry
                    .codes
                    .iter()
                    .map(|c| book.resolve(c).to_owned())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
            }
            f
        })
    };
    let mut out = Vec::new();
    for document in snap.documents() {
        if snap.is_broken(document, a) || snap.is_broken(document, b) {
            continue;
        }
        let (fa, fb) = (
            resolve(snap.get(document, a)),
            resolve(snap.get(document, b)),
        );
        if fa.is_none() && fb.is_none() {
            continue;
        }
        let pair = Pair {
            document,
            coder: a,
            other: Some(b),
        };
        pair.compare(fa.as_ref(), fb.as_ref(), &mut out);
    }
    sort(&mut out);
    out
}

/// One document and the coder (or two coders) being compared.
struct Pair<'a> {
    document: &'a str,
    coder: &'a str,
    other: Option<&'a str>,
}

impl Pair<'_> {
    fn change(&self, paragraph: Option<usize>, what: What) -> Change {
        Change {
            document: self.document.to_owned(),
            paragraph,
            coder: self.coder.to_owned(),
            other_coder: self.other.map(str::to_owned),
            what,
        }
    }

    fn compare(&self, old: Option<&SidecarFile>, new: Option<&SidecarFile>, out: &mut Vec<Change>) {
        let entries = |f: Option<&SidecarFile>| -> BTreeMap<usize, ParagraphEntry> {
            f.map(|f| {
                f.paragraphs
                    .iter()
                    .map(|e| (e.paragraph, e.clone()))
                    .collect()
            })
            .unwrap_or_default()
        };
        if let Some(m) = memo_change(
            old.map_or("", |f| f.memo.as_str()),
            new.map_or("", |f| f.memo.as_str()),
        ) {
            out.push(self.change(None, What::Memo(m)));
        }
        let (before, after) = (entries(old), entries(new));
        let numbers: BTreeSet<usize> = before.keys().chain(after.keys()).copied().collect();
        for n in numbers {
            let (b, a) = (before.get(&n), after.get(&n));
            self.compare_paragraph(n, b, a, out);
        }
        let finished = |f: Option<&SidecarFile>| f.is_some_and(|f| f.finished);
        if finished(old) != finished(new) && self.other.is_none() {
            out.push(self.change(None, What::Finished(finished(new))));
        }
        let detached = |f: Option<&SidecarFile>| f.map_or(0, |f| f.detached.len());
        if detached(old) != detached(new) && self.other.is_none() {
            out.push(self.change(None, What::Detached(detached(old), detached(new))));
        }
    }

    fn compare_paragraph(
        &self,
        n: usize,
        before: Option<&ParagraphEntry>,
        after: Option<&ParagraphEntry>,
        out: &mut Vec<Change>,
    ) {
        let codes = |e: Option<&ParagraphEntry>| -> BTreeSet<String> {
            e.map(|e| e.codes.iter().cloned().collect())
                .unwrap_or_default()
        };
        let (was, now) = (codes(before), codes(after));
        if was != now {
            let text_changed = self.other.is_none()
                && matches!((before, after), (Some(b), Some(a)) if b.fingerprint != a.fingerprint);
            out.push(self.change(
                Some(n),
                What::Codes {
                    added: now.difference(&was).cloned().collect(),
                    removed: was.difference(&now).cloned().collect(),
                    text_changed,
                },
            ));
        }
        if let Some(m) = memo_change(
            before.map_or("", |e| e.memo.as_str()),
            after.map_or("", |e| e.memo.as_str()),
        ) {
            out.push(self.change(Some(n), What::Memo(m)));
        }
    }
}

fn memo_change(before: &str, after: &str) -> Option<MemoChange> {
    match (before.is_empty(), after.is_empty()) {
        _ if before == after => None,
        (true, false) => Some(MemoChange::Added),
        (false, true) => Some(MemoChange::Removed),
        _ => Some(MemoChange::Changed),
    }
}

fn sort(changes: &mut [Change]) {
    changes.sort_by(|x, y| {
        natural_cmp(&x.document, &y.document)
            .then(x.paragraph.cmp(&y.paragraph))
            .then_with(|| x.coder.cmp(&y.coder))
    });
}

/// A code's label in `lang`, or its id when the codebook does not have it.
fn label<'a>(book: &'a Codebook, id: &'a str, lang: Lang) -> &'a str {
    book.get(id).map_or(id, |c| c.label.get(lang))
}

impl Change {
    /// `informan-a.txt ¶12 (ana)` or `informan-a.txt ¶12 (ana → budi)`.
    fn place(&self) -> String {
        let para = self.paragraph.map(|p| format!(" ¶{p}")).unwrap_or_default();
        let who = match &self.other_coder {
            Some(b) => format!("{} → {b}", self.coder),
            None => self.coder.clone(),
        };
        format!("{}{para} ({who})", self.document)
    }

    /// The change in words, with code labels and words in `lang`.
    pub fn describe(&self, book: &Codebook, lang: Lang) -> String {
        let t = crate::i18n::strings(lang);
        let what = match &self.what {
            What::Codes {
                added,
                removed,
                text_changed,
            } => {
                let mut parts: Vec<String> = added
                    .iter()
                    .map(|c| format!("+{}", label(book, c, lang)))
                    .collect();
                parts.extend(removed.iter().map(|c| format!("−{}", label(book, c, lang))));
                if *text_changed {
                    parts.push(t.cmd_diff_text_changed.into());
                }
                parts.join(" ")
            }
            What::Memo(m) if self.other_coder.is_some() => match m {
                MemoChange::Added => {
                    let by = self.other_coder.as_deref().unwrap_or("");
                    crate::i18n::fill(t.cmd_diff_memo_only_by, &[("coder", &by)])
                }
                MemoChange::Removed => {
                    crate::i18n::fill(t.cmd_diff_memo_only_by, &[("coder", &self.coder)])
                }
                MemoChange::Changed => t.cmd_diff_memos_differ.into(),
            },
            What::Memo(m) => m.words(self.paragraph.is_none(), t).into(),
            What::Detached(before, after) => {
                crate::i18n::fill(t.cmd_diff_detached, &[("before", before), ("after", after)])
            }
            What::Finished(true) => t.cmd_marked_finished.into(),
            What::Finished(false) => t.cmd_finished_taken_back.into(),
        };
        format!("{}: {what}", self.place())
    }
}

/// One line per change, then nothing else (the summary goes to stderr).
pub fn to_text(changes: &[Change], book: &Codebook, lang: Lang) -> String {
    let mut out = String::new();
    for c in changes {
        out.push_str(&c.describe(book, lang));
        out.push('\n');
    }
    out
}

/// One JSON object per change and line (JSON Lines), with ids and labels.
pub fn to_json(changes: &[Change], book: &Codebook, lang: Lang) -> String {
    let mut out = String::new();
    for c in changes {
        let labels = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .map(|i| label(book, i, lang).to_owned())
                .collect()
        };
        let mut v = serde_json::json!({
            "document": c.document,
            "paragraph": c.paragraph,
            "coder": c.coder,
        });
        if let Some(b) = &c.other_coder {
            v["other_coder"] = b.clone().into();
        }
        match &c.what {
            What::Codes {
                added,
                removed,
                text_changed,
            } => {
                v["change"] = "codes".into();
                v["added"] = serde_json::json!(added);
                v["removed"] = serde_json::json!(removed);
                v["added_labels"] = serde_json::json!(labels(added));
                v["removed_labels"] = serde_json::json!(labels(removed));
                v["text_changed"] = (*text_changed).into();
            }
            What::Memo(m) => {
                v["change"] = if c.paragraph.is_some() {
                    "memo"
                } else {
                    "document_memo"
                }
                .into();
                v["memo"] = m.word().into();
            }
            What::Finished(now) => {
                v["change"] = "finished".into();
                v["finished"] = (*now).into();
            }
            What::Detached(before, after) => {
                v["change"] = "detached".into();
                v["before"] = (*before).into();
                v["after"] = (*after).into();
            }
        }
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
