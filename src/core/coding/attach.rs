//! Re-attaching a sidecar's codings to the current text of its document
//! (RELIABILITY C3): by paragraph number when the paragraph is unchanged, else by
//! its fingerprint, else by a clear near match (flagged for review), else kept as
//! detached. Nothing is dropped and nothing moves on a guess.

use crate::core::coding::sidecar::{
    self, Decisions, ParagraphDecision, ParagraphEntry, SidecarFile,
};
use crate::core::project::Content;
use std::collections::{BTreeMap, HashMap};

/// Where a coding was in the text its sidecar was saved from: what the review screen
/// can say of a near match's earlier place (the sidecar keeps no transcript text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Paragraph number, from 1.
    pub paragraph: usize,
    /// Its range in that text, in code points.
    pub start: usize,
    pub end: usize,
}

/// What [`attach_traced`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attached {
    pub decisions: Decisions,
    /// Entries moved to another paragraph by their fingerprint.
    pub moved: usize,
    /// Where each near match (by its paragraph index now) was before.
    pub near: BTreeMap<usize, Origin>,
}

/// Matches sidecar entries to the current paragraphs. An entry stays on its paragraph
/// number when that paragraph's fingerprint is unchanged; otherwise it moves to the
/// one paragraph with its fingerprint; otherwise it is kept as detached. Nothing is
/// dropped and nothing moves on a guess.
///
/// When the sidecar was written from text made by another extractor (a later tandai
/// reads `.docx` differently), paragraph numbers mean nothing: every entry goes by
/// its fingerprint alone, so a coding on one of two identical paragraphs is kept for
/// review rather than left on whichever now has its number.
pub fn attach(file: SidecarFile, content: &Content) -> (Decisions, usize) {
    let a = attach_traced(file, content);
    (a.decisions, a.moved)
}

/// [`attach`], also saying where each near match was before.
pub fn attach_traced(file: SidecarFile, content: &Content) -> Attached {
    let trust_numbers = file.extractor.as_deref() == content.extractor;
    let fingerprint_at =
        |i: usize| sidecar::paragraph_fingerprint(content.paragraphs[i].text(&content.text));
    let mut decisions = Decisions {
        memo: file.memo,
        finished: file.finished,
        ..Decisions::default()
    };
    let mut moved = 0;
    let mut pending = Vec::new();
    for entry in file.paragraphs {
        let i = entry.paragraph - 1;
        let unchanged = trust_numbers
            && i < content.paragraphs.len()
            && sidecar::fingerprint_matches(
                content.paragraphs[i].text(&content.text),
                &entry.fingerprint,
            );
        if unchanged {
            let review = entry.review;
            decisions.paragraphs.insert(i, decision(entry, review));
        } else {
            pending.push(entry);
        }
    }
    let mut index: Option<HashMap<String, Vec<usize>>> = None;
    let mut still = Vec::new();
    for entry in pending.into_iter().chain(file.detached) {
        let by_print = index.get_or_insert_with(|| {
            let mut m: HashMap<String, Vec<usize>> = HashMap::new();
            for i in 0..content.paragraphs.len() {
                m.entry(fingerprint_at(i)).or_default().push(i);
            }
            m
        });
        match by_print.get(&entry.fingerprint).map(Vec::as_slice) {
            Some(&[i]) if !decisions.paragraphs.contains_key(&i) => {
                let review = entry.review;
                decisions.paragraphs.insert(i, decision(entry, review));
                moved += 1;
            }
            _ => still.push(entry),
        }
    }
    let near = attach_near(still, content, &mut decisions);
    Attached {
        decisions,
        moved,
        near,
    }
}

/// A near match differs in at most this many of the 64 sketch bits...
const NEAR_BITS: u32 = 10;
/// ...and beats every other free paragraph by at least this many bits.
const NEAR_MARGIN: u32 = 4;

/// Re-attaches entries whose paragraph was edited a little: the one free paragraph
/// whose sketch is close and clearly closest. Such codings are flagged for review;
/// everything else stays detached. Returns where each near match was.
fn attach_near(
    entries: Vec<ParagraphEntry>,
    content: &Content,
    decisions: &mut Decisions,
) -> BTreeMap<usize, Origin> {
    let mut near = BTreeMap::new();
    if entries.is_empty() {
        return near;
    }
    let mut sketches: Vec<Option<String>> = vec![None; content.paragraphs.len()];
    for entry in entries {
        let mut ranked: Vec<(u32, usize)> = Vec::new();
        if !entry.sketch.is_empty() {
            for i in (0..content.paragraphs.len()).filter(|i| !decisions.paragraphs.contains_key(i))
            {
                let sketch = sketches[i].get_or_insert_with(|| {
                    sidecar::similarity_sketch(content.paragraphs[i].text(&content.text))
                });
                if let Some(d) = sidecar::sketch_distance(&entry.sketch, sketch) {
                    ranked.push((d, i));
                }
            }
        }
        ranked.sort_unstable();
        match ranked.as_slice() {
            [(best, i), rest @ ..]
                if *best <= NEAR_BITS
                    && rest
                        .first()
                        .is_none_or(|(next, _)| *next >= best + NEAR_MARGIN) =>
            {
                let origin = Origin {
                    paragraph: entry.paragraph,
                    start: entry.start,
                    end: entry.end,
                };
                decisions.paragraphs.insert(*i, decision(entry, true));
                near.insert(*i, origin);
            }
            _ => decisions.detached.push(entry),
        }
    }
    near
}

/// The decision an entry holds (its strings moved, not copied).
fn decision(entry: ParagraphEntry, review: bool) -> ParagraphDecision {
    ParagraphDecision {
        codes: entry.codes.into_iter().collect(),
        memo: entry.memo,
        review,
        settled: entry.settled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::project::{Document, to_sidecar};

    fn content(text: &str) -> Content {
        Content::new(text.into(), "sha256:x".into())
    }

    fn saved(text: &str, coded: &[(usize, &str)]) -> SidecarFile {
        let c = content(text);
        let doc = Document {
            path: "d.txt".into(),
            name: "d.txt".into(),
            content: Ok(std::sync::Arc::new(c.clone())),
        };
        let mut d = Decisions::default();
        for &(i, code) in coded {
            d.paragraphs.entry(i).or_default().codes.insert(code.into());
        }
        to_sidecar(&doc, &c, "ana", &d)
    }

    fn codes_at(d: &Decisions) -> Vec<(usize, String)> {
        d.paragraphs
            .iter()
            .flat_map(|(&i, p)| p.codes.iter().map(move |c| (i, c.clone())))
            .collect()
    }

    #[test]
    fn unchanged_text_attaches_by_number() {
        let text = "satu\n\ndua\n\ntiga";
        let (d, moved) = attach(saved(text, &[(1, "x")]), &content(text));
        assert_eq!(codes_at(&d), [(1, "x".to_string())]);
        assert_eq!(moved, 0);
    }

    #[test]
    fn inserted_paragraph_moves_codings_with_their_text() {
        let before = "satu\n\ndua\n\ntiga";
        let after = "baru\n\nsatu\n\ndua\n\ntiga";
        let (d, moved) = attach(saved(before, &[(0, "a"), (2, "c")]), &content(after));
        assert_eq!(codes_at(&d), [(1, "a".to_string()), (3, "c".to_string())]);
        assert_eq!(moved, 2);
        assert!(d.detached.is_empty());
    }

    #[test]
    fn edited_paragraph_is_detached_and_unchanged_one_stays() {
        let before = "satu\n\ndua\n\ntiga";
        let after = "satu\n\ndua diubah\n\ntiga";
        let (d, _) = attach(saved(before, &[(1, "b"), (2, "c")]), &content(after));
        assert_eq!(codes_at(&d), [(2, "c".to_string())]);
        let kept: Vec<usize> = d.detached.iter().map(|e| e.paragraph).collect();
        assert_eq!(kept, [2]);
    }

    #[test]
    fn ambiguous_move_is_detached_not_guessed() {
        let before = "satu\n\ntiga";
        let after = "baru\n\nsatu\n\ntiga\n\ntiga";
        let (d, moved) = attach(saved(before, &[(1, "c")]), &content(after));
        assert!(codes_at(&d).is_empty(), "{d:?}");
        assert_eq!(moved, 0);
        assert_eq!(d.detached.len(), 1);
    }

    #[test]
    fn another_extractor_reattaches_by_fingerprint_not_by_number() {
        let text = "judul\n\nsama\n\nsama\n\nlain";
        let mut file = saved(text, &[(1, "a"), (3, "b")]);
        file.extractor = Some("docx/1".into());
        let mut now = content(text);
        now.extractor = Some("docx/1");
        let (d, _) = attach(file.clone(), &now);
        assert_eq!(codes_at(&d), [(1, "a".to_string()), (3, "b".to_string())]);
        now.extractor = Some("docx/2");
        let (d, moved) = attach(file, &now);
        assert_eq!(
            codes_at(&d),
            [(3, "b".to_string())],
            "the unique text is found again; one of two identical paragraphs is not guessed"
        );
        assert_eq!(moved, 1, "re-attached by fingerprint counts as moved");
        assert_eq!(d.detached.len(), 1);
    }
}
