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
        let t = super::words();
        [
            (self.sets, t.core_qdpx_not_taken_sets),
            (self.links, t.core_qdpx_not_taken_links),
            (self.graphs, t.core_qdpx_not_taken_graphs),
            (self.source_codings, t.core_qdpx_not_taken_source_codings),
            (self.media_sources, t.core_qdpx_not_taken_media),
            (
                self.media_selections,
                t.core_qdpx_not_taken_media_selections,
            ),
            (self.case_refs, t.core_qdpx_not_taken_case_refs),
            (self.cases_without_sources, t.core_qdpx_not_taken_cases),
            (self.unplaced_values, t.core_qdpx_not_taken_values),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| crate::i18n::fill(what, &[("n", &n)]))
        .collect()
    }
}
