//! Finding text across a project's documents.
//!
//! By default a search ignores case and accents ("pemutusan" finds "Pemutusan",
//! "cafe" finds "Café"): both sides are folded, a character at a time, to lower case
//! without combining marks. An exact search compares the text as it is.
//!
//! The folded text of every paragraph is built once ([`Index::build`]); each
//! keystroke then scans it, and a query that extends the previous one only rescans
//! the paragraphs that matched before ([`Index::search`]'s `within`).

use crate::core::project::{Content, Project};
use std::ops::Range;
use std::sync::Arc;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether accents on `c` are dropped when folding: Latin, Greek and Cyrillic
/// letters (and a combining accent on its own). Other scripts write vowels and
/// syllables with combining marks (Devanagari, Japanese kana, Hangul), so there a
/// mark changes the word and is kept.
fn accented_alphabet(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{024F}'
        | '\u{0300}'..='\u{036F}'
        | '\u{0370}'..='\u{03FF}'
        | '\u{0400}'..='\u{04FF}'
        | '\u{1E00}'..='\u{1FFF}')
}

/// Appends `c` folded: lower case, and for Latin, Greek and Cyrillic letters without
/// accents.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if !accented_alphabet(c) {
        out.extend(c.to_lowercase());
        return;
    }
    for d in std::iter::once(c).nfd() {
        if is_combining_mark(d) {
            continue;
        }
        for l in d.to_lowercase() {
            if !is_combining_mark(l) {
                out.push(l);
            }
        }
    }
}

/// `s` folded for a search that ignores case and accents.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Byte ranges of the non-overlapping occurrences of `query` in `text`, ignoring case
/// and accents unless `exact`. An empty query matches nothing.
pub fn find(text: &str, query: &str, exact: bool) -> Vec<Range<usize>> {
    if query.is_empty() {
        return Vec::new();
    }
    if exact {
        return text
            .match_indices(query)
            .map(|(i, m)| i..i + m.len())
            .collect();
    }
    let q = fold(query);
    if q.is_empty() {
        return Vec::new();
    }
    // The folded text, and for each of its bytes the original character's range.
    let mut folded = String::with_capacity(text.len());
    let mut origin: Vec<Range<usize>> = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let before = folded.len();
        fold_char(c, &mut folded);
        let r = i..i + c.len_utf8();
        if folded.len() == before {
            // A combining mark: it belongs to the character before it.
            let start = origin.last().map_or(usize::MAX, |p| p.start);
            for o in origin.iter_mut().rev().take_while(|o| o.start == start) {
                o.end = r.end;
            }
        }
        origin.extend(std::iter::repeat_n(r, folded.len() - before));
    }
    folded
        .match_indices(&q)
        .map(|(i, m)| origin[i].start..origin[i + m.len() - 1].end)
        .collect()
}

/// Paragraph `para` of document `doc` holds `count` occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub para: usize,
    pub count: usize,
}

/// The folded text of every paragraph of a project, for searching as one types.
///
/// Each document's paragraph bodies are folded into one string, separated by a NUL
/// (which no document holds, so no match spans two paragraphs): a query is found in
/// a document with one scan, and the index costs the text once and four bytes a
/// paragraph. It holds the documents themselves (shared, not copied) for exact
/// searches, and can be built and searched on another thread.
#[derive(Debug, Default, Clone)]
pub struct Index {
    docs: Vec<Option<Folded>>,
}

/// One document's folded paragraphs, and the document.
#[derive(Debug, Clone)]
struct Folded {
    content: Arc<Content>,
    /// The folded bodies, each followed by a NUL.
    text: String,
    /// Where each paragraph's folded body starts in `text`.
    starts: Vec<u32>,
}

impl Folded {
    fn of(content: &Arc<Content>) -> Folded {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(content.paragraphs.len());
        for p in &content.paragraphs {
            starts.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            let body = p.body(&content.text);
            if body.is_ascii() {
                text.extend(body.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                text.push_str(&fold(body));
            }
            text.push('\0');
        }
        text.shrink_to_fit();
        Folded {
            content: Arc::clone(content),
            text,
            starts,
        }
    }

    /// Paragraph `para`'s folded body.
    fn paragraph(&self, para: usize) -> &str {
        let start = self
            .starts
            .get(para)
            .map_or(self.text.len(), |&s| s as usize);
        let end = self
            .starts
            .get(para + 1)
            .map_or(self.text.len(), |&s| s as usize);
        self.text
            .get(start..end.saturating_sub(1).max(start))
            .unwrap_or("")
    }

    /// Occurrences of the query in paragraph `para`.
    fn count(&self, para: usize, q: &Query<'_>) -> usize {
        let text = if q.exact {
            self.content
                .paragraphs
                .get(para)
                .map_or("", |p| p.body(&self.content.text))
        } else {
            self.paragraph(para)
        };
        q.finder.find_iter(text.as_bytes()).count()
    }

    /// Every paragraph that holds the query, scanning the folded text once.
    fn scan(&self, doc: usize, q: &Query<'_>, out: &mut Vec<Hit>) {
        if q.exact {
            for para in 0..self.content.paragraphs.len() {
                push_hit(out, doc, para, self.count(para, q));
            }
            return;
        }
        let mut para = 0;
        let mut count = 0;
        for at in q.finder.find_iter(self.text.as_bytes()) {
            let here = self
                .starts
                .partition_point(|&s| s as usize <= at)
                .saturating_sub(1);
            if here != para {
                push_hit(out, doc, para, count);
                (para, count) = (here, 0);
            }
            count += 1;
        }
        push_hit(out, doc, para, count);
    }
}

/// A query ready to search: folded unless exact, with its SIMD substring finder
/// (non-overlapping occurrences, as `str::matches` counts them).
struct Query<'q> {
    exact: bool,
    finder: memchr::memmem::Finder<'q>,
}

fn push_hit(out: &mut Vec<Hit>, doc: usize, para: usize, count: usize) {
    if count > 0 {
        out.push(Hit { doc, para, count });
    }
}

impl Index {
    /// Folds every paragraph of every readable document.
    pub fn build(project: &Project) -> Index {
        let contents: Vec<Option<Arc<Content>>> = project
            .documents
            .iter()
            .map(|d| d.content.as_ref().ok().cloned())
            .collect();
        Index::of(&contents)
    }

    /// [`Index::build`] from the documents' contents (None: unreadable).
    pub fn of(contents: &[Option<Arc<Content>>]) -> Index {
        let docs = contents
            .iter()
            .map(|c| c.as_ref().map(Folded::of))
            .collect();
        Index { docs }
    }

    /// Bytes the index holds besides the documents themselves.
    pub fn size(&self) -> usize {
        self.docs
            .iter()
            .flatten()
            .map(|f| f.text.capacity() + f.starts.capacity() * 4)
            .sum()
    }

    /// The paragraphs whose text (after the speaker prefix, as highlighted on screen)
    /// holds `query`, in document and paragraph order, with how many
    /// times. `within`: only these paragraphs can match (the hits of a query that
    /// this one extends), or None for all.
    pub fn search(&self, query: &str, exact: bool, within: Option<&[Hit]>) -> Vec<Hit> {
        if query.is_empty() || query.contains('\0') {
            return Vec::new();
        }
        let folded_q = fold(query);
        if !exact && folded_q.is_empty() {
            return Vec::new();
        }
        let q = Query {
            exact,
            finder: memchr::memmem::Finder::new(if exact { query } else { &folded_q }),
        };
        let doc = |d: usize| self.docs.get(d).and_then(Option::as_ref);
        let mut out = Vec::new();
        match within {
            Some(hits) => {
                for h in hits {
                    if let Some(f) = doc(h.doc) {
                        push_hit(&mut out, h.doc, h.para, f.count(h.para, &q));
                    }
                }
            }
            None => {
                for (d, f) in self.docs.iter().enumerate() {
                    if let Some(f) = f {
                        f.scan(d, &q, &mut out);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Pemutusan"), "pemutusan");
        assert_eq!(fold("Café CRÈME"), "cafe creme");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Ångström"), "angstrom");
        // Scripts without case or accents are kept.
        assert_eq!(fold("日本語"), "日本語");
        // Marks that make another word in other scripts are kept.
        assert_ne!(fold("किताब"), fold("कतब"));
        assert_ne!(fold("が"), fold("か"));
        assert_eq!(fold("한"), "한");
        assert_eq!(fold("Ἀθῆναι"), "αθηναι");
        assert_eq!(fold("Ёлка"), "елка");
    }

    #[test]
    fn find_gives_ranges_in_the_original_text() {
        let text = "Kami bertemu di Café; lalu cafe lagi. CAFÉ!";
        let hits = find(text, "cafe", false);
        let found: Vec<&str> = hits.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(found, ["Café", "cafe", "CAFÉ"]);
        // A decomposed accent (e + combining acute) is matched whole.
        let text = "cafe\u{301} ok";
        let hits = find(text, "CAFÉ", false);
        assert_eq!(hits, vec![0..6]);
        assert_eq!(find("Cafe cafe", "cafe", true), vec![5..9]);
        assert!(find("abc", "", false).is_empty());
        assert!(find("abc", "\u{301}", false).is_empty());
    }
}
