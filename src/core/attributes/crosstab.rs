//! Code x attribute value: where triangulation happens. For one attribute (role,
//! city, ...), each column is one of its values (and one for documents without a
//! value); each row a code; a cell counts the distinct paragraphs of those documents
//! that carry the code (any coder), and the documents in which it was applied. The
//! column totals (documents, paragraphs) come with it, so that counts can be read
//! against how much text each group has.

use super::Attributes;
use crate::core::analysis::report::{Coded, Report, Table};
use crate::core::codebook::Codebook;
use crate::core::project::Project;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The code x value table of one attribute.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CrossTab {
    pub attribute: String,
    /// The columns: values in the attribute type's order; None (last) for documents
    /// without a value.
    pub values: Vec<Option<String>>,
    /// Documents with each value.
    pub documents: Vec<usize>,
    /// Paragraphs of those documents.
    pub paragraphs: Vec<usize>,
    /// The rows: code ids.
    pub codes: Vec<String>,
    /// `coded_paragraphs[row][column]`: distinct paragraphs with the code.
    pub coded_paragraphs: Vec<Vec<usize>>,
    /// `coded_documents[row][column]`: documents in which the code was applied.
    pub coded_documents: Vec<Vec<usize>>,
}

/// A document of the table: its index, file name and number of paragraphs.
pub struct Doc<'a> {
    pub index: usize,
    pub name: &'a str,
    pub paragraphs: usize,
}

impl CrossTab {
    /// Counts `hits` (document index, paragraph, row) into the table of `attribute`
    /// over `docs`; `codes` are the rows.
    pub fn build(
        attrs: &Attributes,
        attribute: &str,
        docs: &[Doc<'_>],
        codes: Vec<String>,
        hits: impl IntoIterator<Item = (usize, usize, usize)>,
    ) -> CrossTab {
        let ty = attrs.type_of(attribute);
        let mut values: Vec<Option<String>> = docs
            .iter()
            .map(|d| attrs.value(d.name, attribute).map(str::to_owned))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        values.sort_by(|a, b| match (a, b) {
            (Some(x), Some(y)) => ty.compare(x, y),
            (None, None) => std::cmp::Ordering::Equal,
            (None, _) => std::cmp::Ordering::Greater,
            (_, None) => std::cmp::Ordering::Less,
        });
        let column: HashMap<usize, usize> = docs
            .iter()
            .map(|d| {
                let v = attrs.value(d.name, attribute).map(str::to_owned);
                (d.index, values.iter().position(|x| *x == v).unwrap_or(0))
            })
            .collect();
        let cols = values.len();
        let mut documents = vec![0; cols];
        let mut paragraphs = vec![0; cols];
        for d in docs {
            documents[column[&d.index]] += 1;
            paragraphs[column[&d.index]] += d.paragraphs;
        }
        let mut paras: Vec<BTreeSet<(usize, usize)>> = vec![BTreeSet::new(); codes.len()];
        for (doc, para, row) in hits {
            if row < codes.len() && column.contains_key(&doc) {
                paras[row].insert((doc, para));
            }
        }
        let mut coded_paragraphs = vec![vec![0; cols]; codes.len()];
        let mut coded_documents = vec![vec![0; cols]; codes.len()];
        for (row, set) in paras.iter().enumerate() {
            let mut seen = BTreeSet::new();
            for &(doc, _) in set {
                let c = column[&doc];
                coded_paragraphs[row][c] += 1;
                if seen.insert(doc) {
                    coded_documents[row][c] += 1;
                }
            }
        }
        CrossTab {
            attribute: attribute.to_owned(),
            values,
            documents,
            paragraphs,
            codes,
            coded_paragraphs,
            coded_documents,
        }
    }

    /// A column's heading: the value, or `(no value)`.
    pub fn heading(&self, column: usize) -> &str {
        self.values[column].as_deref().unwrap_or("(no value)")
    }

    /// [`Self::heading`] in a language's words (Markdown, HTML); xlsx keeps English.
    pub fn heading_in(&self, column: usize, lang: crate::i18n::Lang) -> &str {
        let none = crate::i18n::strings(lang).cmd_no_value;
        self.values[column].as_deref().unwrap_or(none)
    }
}

/// The attribute a name given on the command line means (exactly, or else ignoring
/// case), or an error listing the project's attributes.
pub fn attribute_named(attrs: &Attributes, name: &str) -> Result<String, String> {
    let all = attrs.all_names();
    all.iter()
        .find(|n| *n == name)
        .or_else(|| all.iter().find(|n| n.to_lowercase() == name.to_lowercase()))
        .cloned()
        .ok_or_else(|| {
            let t = crate::i18n::strings(crate::i18n::current());
            let known = if all.is_empty() {
                t.core_by_none.to_owned()
            } else {
                all.join(", ")
            };
            crate::i18n::fill(
                t.core_by_no_attribute,
                &[("name", &name), ("known", &known)],
            )
        })
}

/// The table of `attribute` for a report: its codes as rows, the report's documents
/// as the documents, the codings read for it as the hits.
pub fn for_report(
    project: &Project,
    book: &Codebook,
    coded: &[Coded],
    report: &Report,
    attribute: &str,
) -> CrossTab {
    let row: HashMap<&str, usize> = report
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let shown: HashSet<&str> = report.documents.iter().map(String::as_str).collect();
    let docs: Vec<Doc<'_>> = project
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| shown.contains(d.name.as_str()))
        .map(|(index, d)| Doc {
            index,
            name: &d.name,
            paragraphs: d.len(),
        })
        .collect();
    let mut hits = Vec::new();
    for c in coded {
        for (&p, d) in &c.decisions.paragraphs {
            hits.extend(
                d.codes
                    .iter()
                    .filter_map(|id| row.get(book.resolve(id)).copied())
                    .map(|r| (c.document, p, r)),
            );
        }
    }
    let codes = report.codes.iter().map(|c| c.id.clone()).collect();
    CrossTab::build(&project.attributes, attribute, &docs, codes, hits)
}

/// The table of `attribute` for an export: its codes as rows, its documents, its
/// codings as the hits.
pub fn for_export(e: &crate::core::exchange::export::Export<'_>, attribute: &str) -> CrossTab {
    let docs: Vec<Doc<'_>> = e
        .documents
        .iter()
        .map(|&index| Doc {
            index,
            name: e.document_name(index),
            paragraphs: e.project.documents[index].len(),
        })
        .collect();
    let hits = e
        .rows
        .iter()
        .filter_map(|r| r.code.map(|c| (r.document, r.paragraph, c)));
    let codes = e.codes.iter().map(|c| c.id.clone()).collect();
    CrossTab::build(&e.project.attributes, attribute, &docs, codes, hits)
}

/// The two tables of `tandai report --by`: distinct paragraphs, then documents, each
/// with the column totals as its first row.
pub(crate) fn report_tables(t: &CrossTab, lang: crate::i18n::Lang) -> [Table; 2] {
    let words = crate::i18n::strings(lang);
    let mut header = vec![words.cmd_report_col_code.to_owned()];
    header.extend((0..t.values.len()).map(|c| t.heading_in(c, lang).to_owned()));
    let table = |what: &str, total: &[usize], counts: &[Vec<usize>], note| {
        let mut rows = vec![
            std::iter::once(format!("({what})"))
                .chain(total.iter().map(usize::to_string))
                .collect(),
        ];
        rows.extend(t.codes.iter().zip(counts).map(|(id, row)| {
            std::iter::once(id.clone())
                .chain(row.iter().map(usize::to_string))
                .collect()
        }));
        Table {
            title: crate::i18n::fill(
                words.cmd_report_by,
                &[("attribute", &t.attribute), ("what", &what)],
            ),
            note,
            header: header.clone(),
            rows,
        }
    };
    [
        table(
            words.cmd_report_col_paragraphs,
            &t.paragraphs,
            &t.coded_paragraphs,
            words.cmd_report_by_paragraphs_note,
        ),
        table(
            words.cmd_report_col_documents,
            &t.documents,
            &t.coded_documents,
            words.cmd_report_by_documents_note,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::attributes::AttrType;

    #[test]
    fn counts_paragraphs_and_documents_per_value() {
        let mut a = Attributes::default();
        a.define("age", Some(AttrType::Number));
        a.set_value("a", "age", Some("30".into()));
        a.set_value("b", "age", Some("9".into()));
        a.set_value("c", "age", Some("30".into()));
        let docs: Vec<Doc> = ["a", "b", "c", "d"]
            .iter()
            .enumerate()
            .map(|(i, n)| Doc {
                index: i,
                name: n,
                paragraphs: 10,
            })
            .collect();
        let hits = [
            (0, 1, 0),
            (0, 2, 0),
            (2, 1, 0),
            (0, 1, 0),
            (3, 5, 1),
            (1, 0, 1),
        ];
        let t = CrossTab::build(&a, "age", &docs, vec!["x".into(), "y".into()], hits);
        assert_eq!(t.values, [Some("9".into()), Some("30".into()), None]);
        assert_eq!(t.documents, [1, 2, 1]);
        assert_eq!(t.paragraphs, [10, 20, 10]);
        assert_eq!(t.coded_paragraphs, [vec![0, 3, 0], vec![1, 0, 1]]);
        assert_eq!(t.coded_documents, [vec![0, 2, 0], vec![1, 0, 1]]);
        assert_eq!(t.heading(2), "(no value)");
    }

    #[test]
    fn unknown_attributes_are_named() {
        let mut a = Attributes::default();
        a.define("role", Some(AttrType::Text));
        assert_eq!(attribute_named(&a, "Role"), Ok("role".into()));
        assert_eq!(
            attribute_named(&a, "kota").expect_err("unknown"),
            "--by kota: no such attribute; attributes: role"
        );
    }
}
