//! Filtering codes by typing: fuzzy on the label in either language and on the id.

use crate::core::codebook::Codebook;

/// Codes that can be applied and match `query`, best first; all of them for an
/// empty query.
pub fn filter(book: &Codebook, query: &str) -> Vec<usize> {
    filter_where(book, query, crate::core::codebook::Code::active)
}

/// Every code matching `query` (headings, retired and merged ones too).
pub fn filter_all(book: &Codebook, query: &str) -> Vec<usize> {
    filter_where(book, query, |_| true)
}

fn filter_where(
    book: &Codebook,
    query: &str,
    keep: impl Fn(&crate::core::codebook::Code) -> bool,
) -> Vec<usize> {
    let query: Vec<char> = fold(query).chars().filter(|c| !c.is_whitespace()).collect();
    let mut scored: Vec<(u32, usize)> = book
        .codes
        .iter()
        .enumerate()
        .filter(|(_, c)| keep(c))
        .filter_map(|(i, c)| {
            [&c.label.en, &c.label.id, &c.id]
                .into_iter()
                .filter_map(|text| score(&fold(text), &query))
                .min()
                .map(|s| (s, i))
        })
        .collect();
    scored.sort();
    scored.into_iter().map(|(_, i)| i).collect()
}

/// Lower case without accents, so "kemunduran" finds "Kemundúran": the same folding
/// as search.
pub use crate::core::analysis::search::fold;

/// Lower is better: a prefix beats a substring beats a scattered subsequence, and a
/// tighter subsequence beats a looser one. None when the letters are not all there.
fn score(text: &str, query: &[char]) -> Option<u32> {
    if query.is_empty() {
        return Some(0);
    }
    let q: String = query.iter().collect();
    if text.starts_with(&q) {
        return Some(0);
    }
    if let Some(pos) = text.find(&q) {
        return Some(1 + u32::try_from(pos).unwrap_or(u32::MAX / 4).min(1000));
    }
    let mut qi = 0;
    let (mut first, mut last) = (None, 0);
    for (i, c) in text.chars().enumerate() {
        if qi < query.len() && c == query[qi] {
            first.get_or_insert(i);
            last = i;
            qi += 1;
        }
    }
    (qi == query.len())
        .then(|| 2000 + u32::try_from(last - first.unwrap_or(0)).unwrap_or(u32::MAX / 4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::codebook::packs;

    fn devito() -> Codebook {
        packs::codebook("devito").expect("pack")
    }

    fn ids(book: &Codebook, q: &str) -> Vec<String> {
        filter(book, q)
            .into_iter()
            .map(|i| book.codes[i].id.clone())
            .collect()
    }

    #[test]
    fn empty_query_lists_codable_codes_in_order() {
        let b = devito();
        assert_eq!(ids(&b, "").len(), 6);
        assert_eq!(ids(&b, "")[0], "devito.contact");
    }

    #[test]
    fn matches_either_language_and_id() {
        let b = devito();
        assert_eq!(ids(&b, "kontak")[0], "devito.contact");
        assert_eq!(ids(&b, "KEAKRAB")[0], "devito.intimacy");
        assert_eq!(ids(&b, "devito.dis")[0], "devito.dissolution");
        assert_eq!(
            ids(&b, "pmts")[0],
            "devito.dissolution",
            "subsequence of Pemutusan"
        );
        assert!(ids(&b, "zzz").is_empty());
    }

    #[test]
    fn accents_are_folded() {
        assert_eq!(fold("Pémutusan"), "pemutusan");
    }
}
