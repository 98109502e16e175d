//! The codebook as documents: JSON (the file itself), CSV (one row per code, for a
//! spreadsheet) and Markdown (the table a thesis methods chapter needs), with how
//! often each code was applied.

use crate::core::codebook::{Codebook, Lang};
use crate::core::coding::sidecar::Decisions;
use crate::core::exchange::csv::Csv;
use crate::core::exchange::markdown;
use crate::core::project::{Project, attach};
use std::collections::{BTreeSet, HashMap};

/// How often a code was applied: paragraphs, and documents they are in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub paragraphs: usize,
    pub documents: usize,
}

/// Usage per code id (merged codes counted under the code they were merged into),
/// over the given documents' decisions.
pub fn usage<'a>(
    book: &Codebook,
    decisions: impl IntoIterator<Item = &'a Decisions>,
) -> HashMap<String, Usage> {
    let mut out: HashMap<String, Usage> = HashMap::new();
    for d in decisions {
        let mut in_doc = BTreeSet::new();
        for p in d.paragraphs.values() {
            let codes: BTreeSet<&str> = p.codes.iter().map(|c| book.resolve(c)).collect();
            for id in codes {
                out.entry(id.to_owned()).or_default().paragraphs += 1;
                in_doc.insert(id.to_owned());
            }
        }
        for id in in_doc {
            out.entry(id).or_default().documents += 1;
        }
    }
    out
}

/// The decisions of every readable sidecar in the project, of one coder or of all.
pub fn project_decisions(project: &Project, coder: Option<&str>) -> Vec<Decisions> {
    let mut out = Vec::new();
    let all = crate::core::analysis::check::coders_by_document(project);
    for (doc, coders_here) in project.documents.iter().zip(all) {
        let Ok(content) = &doc.content else { continue };
        let coders = match coder {
            Some(c) => vec![c.to_owned()],
            None => coders_here,
        };
        for c in coders {
            let path = crate::core::coding::sidecar::sidecar_path(&doc.path, &c);
            let Ok(Some(bytes)) = crate::core::coding::sidecar::read_bytes(&path) else {
                continue;
            };
            if let Ok(file) = crate::core::coding::sidecar::SidecarFile::parse(&bytes, "") {
                out.push(attach(file, content).0);
            }
        }
    }
    out
}

fn status(book: &Codebook, i: usize) -> String {
    let c = &book.codes[i];
    match (&c.merged_into, c.retired, c.codable) {
        (Some(into), _, _) => format!("merged into {into}"),
        (None, true, _) => "retired".into(),
        (None, false, false) => "category".into(),
        _ => "active".into(),
    }
}

/// One row per code: id, parent, labels in both languages, the texts in `lang`, key,
/// colour, status and usage.
pub fn to_csv(book: &Codebook, lang: Lang, usage: &HashMap<String, Usage>, csv: Csv) -> String {
    let mut out = String::from(
        "id,parent,depth,label_en,label_id,definition,include,exclude,example,key,colour,status,exclusive_children,paragraphs,documents\r\n",
    );
    for (i, c) in book.codes.iter().enumerate() {
        let u = usage.get(&c.id).copied().unwrap_or_default();
        let parent = c
            .parent
            .map(|p| book.codes[p].id.clone())
            .unwrap_or_default();
        let fields = [
            c.id.clone(),
            parent,
            c.depth.to_string(),
            c.label.en.clone(),
            c.label.id.clone(),
            c.definition.get(lang).to_owned(),
            c.include.get(lang).to_owned(),
            c.exclude.get(lang).to_owned(),
            c.example.get(lang).to_owned(),
            c.own_key.map(String::from).unwrap_or_default(),
            c.own_color.map(|x| x.name().to_owned()).unwrap_or_default(),
            status(book, i),
            c.exclusive.to_string(),
            u.paragraphs.to_string(),
            u.documents.to_string(),
        ];
        out.push_str(&csv.record(fields.iter().map(String::as_str)));
    }
    out
}

/// The codebook as a Markdown document: per top-level code a section with a table of
/// its codes (definition, when to use and not, example, how often applied).
pub fn to_markdown(book: &Codebook, lang: Lang, usage: &HashMap<String, Usage>) -> String {
    let t = crate::i18n::strings(lang);
    let (h_code, h_def, h_use, h_not, h_ex, h_n) = (
        t.cmd_export_col_code,
        t.cmd_export_col_definition,
        t.cmd_codebook_md_use,
        t.cmd_codebook_md_not,
        t.cmd_codebook_md_example,
        t.cmd_codebook_md_counts,
    );
    let mut out = String::new();
    let title = book.title.get(lang);
    out.push_str(&format!(
        "# {}\n\n",
        if title.trim().is_empty() {
            t.cmd_export_codebook.to_owned()
        } else {
            markdown::cell(title)
        }
    ));
    if !book.description.is_empty() {
        let lines = markdown::lines(book.description.get(lang));
        out.push_str(&format!("{}\n\n", lines.join("\n")));
    }
    for root in (0..book.codes.len()).filter(|&i| book.codes[i].parent.is_none()) {
        let r = &book.codes[root];
        out.push_str(&format!("## {}\n\n", markdown::cell(r.label.get(lang))));
        if !r.definition.is_empty() {
            let lines = markdown::lines(r.definition.get(lang));
            out.push_str(&format!("{}\n\n", lines.join("\n")));
        }
        if r.exclusive {
            out.push_str(&format!("{}\n\n", t.cmd_codebook_md_exclusive));
        }
        out.push_str(&format!("| {h_code} | {h_def} | {h_use} | {h_not} | {h_ex} | {h_n} |\n|---|---|---|---|---|---|\n"));
        let members = std::iter::once(root)
            .chain((root + 1..book.codes.len()).take_while(|&i| book.codes[i].depth > 0));
        for i in members {
            let c = &book.codes[i];
            let u = usage.get(&c.id).copied().unwrap_or_default();
            let indent = "&nbsp;&nbsp;".repeat(c.depth);
            let note = match (&c.merged_into, c.retired) {
                (Some(into), _) => {
                    let into = crate::i18n::fill(t.cmd_codebook_md_merged, &[("code", into)]);
                    format!(" ({into})")
                }
                (None, true) => format!(" ({})", t.cmd_codebook_md_retired),
                (None, false) => String::new(),
            };
            out.push_str(&format!(
                "| {indent}**{}**{note} {} | {} | {} | {} | {} | {} ({}) |\n",
                markdown::cell(c.label.get(lang)),
                markdown::code(&c.id),
                markdown::cell(c.definition.get(lang)),
                markdown::cell(c.include.get(lang)),
                markdown::cell(c.exclude.get(lang)),
                markdown::cell(c.example.get(lang)),
                u.paragraphs,
                u.documents
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::codebook::packs;

    fn devito() -> Codebook {
        packs::codebook("devito").expect("pack")
    }

    fn decisions(codes: &[(usize, &[&str])]) -> Decisions {
        let mut d = Decisions::default();
        for (p, cs) in codes {
            d.paragraphs
                .entry(*p)
                .or_default()
                .codes
                .extend(cs.iter().map(|s| s.to_string()));
        }
        d
    }

    #[test]
    fn usage_counts_paragraphs_and_documents() {
        let book = devito();
        let a = decisions(&[
            (0, &["devito.contact"]),
            (3, &["devito.contact"]),
            (4, &["devito.repair"]),
        ]);
        let b = decisions(&[(1, &["devito.contact"])]);
        let u = usage(&book, [&a, &b]);
        assert_eq!(
            u["devito.contact"],
            Usage {
                paragraphs: 3,
                documents: 2
            }
        );
        assert_eq!(
            u["devito.repair"],
            Usage {
                paragraphs: 1,
                documents: 1
            }
        );
        assert!(!u.contains_key("devito.intimacy"));
    }

    #[test]
    fn csv_quotes_and_parses_back() {
        let book = devito();
        let csv = to_csv(&book, Lang::Id, &HashMap::new(), Csv::Exact);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), book.codes.len() + 1);
        assert!(lines[2].starts_with("devito.contact,devito,1,Contact,Kontak,"));
    }

    #[test]
    fn markdown_has_a_table_per_theory_in_the_chosen_language() {
        let book = devito();
        let u = usage(&book, [&decisions(&[(0, &["devito.contact"])])]);
        let md = to_markdown(&book, Lang::Id, &u);
        assert!(md.contains(
            "| Kode | Definisi | Gunakan bila | Jangan gunakan bila | Contoh | Paragraf (dokumen) |"
        ));
        assert!(md.contains("**Kontak** `devito.contact`"));
        assert!(md.contains("| 1 (1) |"));
        assert!(md.contains("Paling banyak satu kode ini per paragraf."));
    }
}
