//! How the Markdown and HTML documents cite: each quote by the project's citation
//! template (`project.json`'s `"citation"`, see [`crate::core::attributes::citation`]),
//! documents by their attribute values, and what a reader should know when a value
//! the template uses is missing.

use super::Export;
use crate::core::attributes::citation::Quote;
use std::collections::BTreeSet;

impl Export<'_> {
    /// The citation of a quote (the rows of one paragraph, one per coder), from the
    /// project's template.
    pub fn cite(&self, rows: &[usize]) -> String {
        let first = &self.rows[rows[0]];
        let coders: Vec<&str> = rows.iter().map(|&i| &*self.rows[i].coder).collect();
        self.citation.render(
            &self.project.attributes,
            &Quote {
                document: self.document_name(first.document),
                paragraph: first.paragraph + 1,
                speaker: first.speaker,
                coders: &coders,
            },
        )
    }

    /// A document's attribute values joined for a heading (`polisi · Kupang`).
    pub fn described(&self, document: usize) -> String {
        self.project
            .attributes
            .of(self.document_name(document))
            .join(" · ")
    }

    /// What the reader of the Markdown or HTML document should know about its
    /// citations: template fields that are no attributes, and quoted documents
    /// without a value the template uses.
    pub fn citation_notes(&self) -> Vec<String> {
        let attrs = &self.project.attributes;
        let mut out: Vec<String> = self
            .citation
            .unknown_fields(attrs)
            .into_iter()
            .map(|f| {
                format!(
                    "the citation template's {{{f}}} is not an attribute of the project; it shows as ?"
                )
            })
            .collect();
        let quoted: BTreeSet<usize> = self
            .rows
            .iter()
            .filter(|r| r.code.is_some())
            .map(|r| r.document)
            .collect();
        for d in quoted {
            let name = self.document_name(d);
            let missing: Vec<String> = self
                .citation
                .missing(attrs, name)
                .into_iter()
                .filter(|f| attrs.has(f))
                .collect();
            if !missing.is_empty() {
                out.push(format!(
                    "{name} has no {}; its citations show ? there",
                    missing.join(", ")
                ));
            }
        }
        out
    }
}
