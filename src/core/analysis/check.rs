//! `tandai check`: every problem in a project's sidecars, for every coder. Constraint
//! violations (two codes of an exclusive group on one paragraph, a category heading
//! applied, a retired or unknown code), sidecars that cannot be read, and codings
//! waiting for review.

use crate::core::codebook::{Codebook, Lang};
use crate::core::coding::sidecar::{SUFFIX, SidecarFile};
use crate::core::project::{Project, attach};
use crate::i18n::fill;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub document: String,
    /// Paragraph number from 1; None for problems of the whole file.
    pub paragraph: Option<usize>,
    pub coder: String,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.paragraph {
            Some(p) => write!(
                f,
                "{} ¶{p} ({}): {}",
                self.document, self.coder, self.message
            ),
            None => write!(f, "{} ({}): {}", self.document, self.coder, self.message),
        }
    }
}

/// The coders with a sidecar for this document, from the file names beside it.
pub fn coders_of(document: &Path) -> Vec<String> {
    let Some(dir) = document.parent() else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = document
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    coders_in(&sidecar_names(dir), &name)
}

/// The coders of every document of a project, reading each folder once and sorting
/// its sidecars by document name once (a project of thousands of documents must not
/// list its folder, or scan the whole listing, once per document).
pub fn coders_by_document(project: &Project) -> Vec<Vec<String>> {
    let mut listings: HashMap<std::path::PathBuf, HashMap<String, Vec<String>>> = HashMap::new();
    project
        .documents
        .iter()
        .map(|doc| {
            let dir = doc
                .path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            let by_document = listings
                .entry(dir.clone())
                .or_insert_with(|| by_document(&sidecar_names(&dir)));
            by_document.get(&doc.name).cloned().unwrap_or_default()
        })
        .collect()
}

/// Sidecar names grouped by the document they belong to, each list of coders sorted.
/// A coder name has no dot, so a sidecar's name splits at its last dot before the
/// suffix into document and coder.
fn by_document(names: &[String]) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for file in names {
        let Some((document, coder)) = file
            .strip_suffix(SUFFIX)
            .and_then(|rest| rest.rsplit_once('.'))
        else {
            continue;
        };
        if crate::core::coding::sidecar::valid_coder(coder) {
            out.entry(document.to_owned())
                .or_default()
                .push(coder.to_owned());
        }
    }
    for coders in out.values_mut() {
        coders.sort();
    }
    out
}

/// The names of the sidecar files in a folder.
fn sidecar_names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(SUFFIX))
        .collect()
}

fn coders_in(names: &[String], document: &str) -> Vec<String> {
    by_document(names).remove(document).unwrap_or_default()
}

/// Checks every sidecar of every document in the project against the codebook.
pub fn check(project: &Project, book: &Codebook) -> Vec<Finding> {
    check_in(project, book, Lang::En)
}

/// [`check`], its findings in `lang`'s words and labels.
pub fn check_in(project: &Project, book: &Codebook, lang: Lang) -> Vec<Finding> {
    let t = crate::i18n::strings(lang);
    let mut out = Vec::new();
    for (doc, coders) in project.documents.iter().zip(coders_by_document(project)) {
        for coder in coders {
            let path = crate::core::coding::sidecar::sidecar_path(&doc.path, &coder);
            let finding = |paragraph, message| Finding {
                document: doc.name.clone(),
                paragraph,
                coder: coder.clone(),
                message,
            };
            let file = match crate::core::coding::sidecar::read_bytes(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    b.ok_or_else(|| fill(words().core_check_no_file, &[("path", &path.display())]))
                })
                .and_then(|b| {
                    SidecarFile::parse(&b, &path.display().to_string()).map_err(|e| e.to_string())
                }) {
                Ok(f) => f,
                Err(e) => {
                    let message = crate::i18n::fill(t.cmd_check_unreadable, &[("error", &e)]);
                    out.push(finding(None, message));
                    continue;
                }
            };
            if let Ok(content) = &doc.content {
                let (decisions, _) = attach(file.clone(), content);
                let near = decisions.paragraphs.values().filter(|p| p.review).count();
                let detached = decisions.detached.len();
                if near + detached > 0 {
                    let values: [(&str, &dyn std::fmt::Display); 2] =
                        [("near", &near), ("detached", &detached)];
                    out.push(finding(
                        None,
                        crate::i18n::fill(t.cmd_check_review, &values),
                    ));
                }
            }
            for entry in &file.paragraphs {
                for message in paragraph_problems_in(book, &entry.codes, lang) {
                    out.push(finding(Some(entry.paragraph), message));
                }
            }
        }
    }
    out
}

/// What is wrong with one paragraph's codes under the codebook's rules.
pub fn paragraph_problems(book: &Codebook, codes: &[String]) -> Vec<String> {
    paragraph_problems_in(book, codes, Lang::En)
}

/// [`paragraph_problems`] in `lang`'s words and labels.
pub fn paragraph_problems_in(book: &Codebook, codes: &[String], lang: Lang) -> Vec<String> {
    use crate::i18n::fill;
    let t = crate::i18n::strings(lang);
    let mut problems = Vec::new();
    let mut resolved = BTreeSet::new();
    for id in codes {
        let Some(code) = book.get(id) else {
            problems.push(fill(t.cmd_check_unknown, &[("id", id)]));
            continue;
        };
        let values: [(&str, &dyn std::fmt::Display); 2] =
            [("id", id), ("label", &code.label.get(lang))];
        if code.retired {
            problems.push(fill(t.cmd_check_retired, &values));
        } else if code.merged_into.is_none() && !code.codable {
            problems.push(fill(t.cmd_check_heading, &values));
        }
        resolved.insert(book.resolve(id).to_owned());
    }
    let mut groups: Vec<(usize, Vec<&str>)> = Vec::new();
    for id in &resolved {
        let Some(parent) = book
            .get(id)
            .and_then(|c| c.parent)
            .filter(|&p| book.codes[p].exclusive)
        else {
            continue;
        };
        match groups.iter_mut().find(|(p, _)| *p == parent) {
            Some((_, members)) => members.push(id),
            None => groups.push((parent, vec![id])),
        }
    }
    for (parent, members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        let template = if members.len() == 2 {
            t.cmd_check_exclusive_both
        } else {
            t.cmd_check_exclusive_all
        };
        let codes = members.join(t.cmd_check_and);
        let group = book.codes[parent].label.get(lang);
        let values: [(&str, &dyn std::fmt::Display); 2] = [("codes", &codes), ("group", &group)];
        problems.push(fill(template, &values));
    }
    problems
}

/// The catalog of the process's language.
fn words() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> Codebook {
        Codebook::parse(
            br#"{"format":"tandai-codebook","version":1,"codes":[
            {"id":"s","label":"Stages","codable":false,"exclusive":true,"children":[
                {"id":"s.a","label":"A"},{"id":"s.b","label":"B"},{"id":"s.old","label":"Old","merged_into":"s.b"}]},
            {"id":"gone","label":"Gone","retired":true},{"id":"free","label":"Free"}]}"#,
            "cb",
        )
        .expect("valid")
    }

    fn problems(codes: &[&str]) -> Vec<String> {
        paragraph_problems(
            &book(),
            &codes.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn finds_each_kind_of_violation() {
        assert!(problems(&["s.a", "free"]).is_empty());
        assert_eq!(
            problems(&["s.a", "s.b"]),
            ["s.a and s.b are both in Stages (at most one per paragraph)"]
        );
        assert_eq!(
            problems(&["s.a", "s.old"]),
            ["s.a and s.b are both in Stages (at most one per paragraph)"],
            "merged counts as its target"
        );
        assert_eq!(
            problems(&["s"]),
            ["s (Stages) is a category heading, not a code to apply"]
        );
        assert_eq!(problems(&["gone"]), ["code gone (Gone) is retired"]);
        assert_eq!(problems(&["nope"]), ["code nope is not in the codebook"]);
    }
}
