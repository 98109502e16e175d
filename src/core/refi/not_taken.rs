//! Import, what a `.qdpx` holds that tandai has no place for, counted so that the
//! summary names every kind of element left behind (nothing is dropped without a
//! word).

/// Counts of elements not imported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NotTaken {
    /// `Set`s (groups of codes or sources).
    pub sets: usize,
    /// `Link`s between codes, selections or notes.
    pub links: usize,
    /// `Graph`s (network views).
    pub graphs: usize,
    /// `Coding`s of a whole source rather than of a passage.
    pub source_codings: usize,
    /// Picture, PDF, audio and video sources.
    pub media_sources: usize,
    /// Their selections.
    pub media_selections: usize,
    /// Codes and selections a case refers to.
    pub case_refs: usize,
    /// Cases that refer to no source, so their values have no document.
    pub cases_without_sources: usize,
    /// Attribute values of sources that were not imported (pictures, skipped texts).
    pub unplaced_values: usize,
}

impl NotTaken {
    /// One phrase per kind that occurs, e.g. `17 sets`; empty when all was taken.
    pub fn phrases(&self) -> Vec<String> {
        [
            (self.sets, "sets (groups of codes or documents)"),
            (self.links, "links"),
            (self.graphs, "graphs (networks)"),
            (self.source_codings, "codings of whole sources"),
            (self.media_sources, "picture, PDF, audio or video sources"),
            (self.media_selections, "selections in those"),
            (self.case_refs, "codes and selections referred to by cases"),
            (
                self.cases_without_sources,
                "cases without a source (their values have no document)",
            ),
            (
                self.unplaced_values,
                "attribute values of sources that were not imported",
            ),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect()
    }
}
