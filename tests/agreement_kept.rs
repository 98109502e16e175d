//! A kept comparison brought up to date after coding changes
//! (`agreement::Kept::update`) equals a full comparison of the same decisions: random
//! sequences of changes (codes added and taken off on any document and coder, codes
//! never used before, merged codes, two codes of one exclusive group, finished marks,
//! codings awaiting review) compared after every change, row by row and count by
//! count.

mod common;

use proptest::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeSet;
use tandai::core::analysis::agreement::{self, Agreement, Kept, Options, Read, Tally};
use tandai::core::codebook::{Codebook, Lang};
use tandai::core::coding::sidecar::Decisions;
use tandai::core::project::Project;

/// `s` is an exclusive heading over `s.a` and `s.b`; `old` was merged into `x`; `w`
/// and `v` are seldom used (a change may bring them in or take them out).
const BOOK: &str = r#"{"format":"tandai-codebook","version":1,"codes":[
  {"id":"s","label":"Stage","codable":false,"exclusive":true,"children":[
    {"id":"s.a","label":"Stage A"},{"id":"s.b","label":"Stage B"}]},
  {"id":"x","label":"Ex"},{"id":"y","label":"Why"},{"id":"w","label":"Rare"},
  {"id":"v","label":"Rarer"},
  {"id":"old","label":"Old","merged_into":"x"}]}"#;

const CODES: [&str; 7] = ["s.a", "s.b", "x", "y", "old", "w", "v"];
const DOCUMENTS: usize = 4;
const PARAGRAPHS: usize = 5;

/// Decisions by coder, then document (None: no sidecar).
type Held = Vec<Vec<Option<Decisions>>>;

/// One coding change.
#[derive(Debug, Clone)]
enum Change {
    /// Toggles code `CODES[code]` on a paragraph (creating the sidecar if needed).
    Toggle {
        coder: usize,
        doc: usize,
        para: usize,
        code: usize,
    },
    /// Marks the document finished, or takes the mark back.
    Finish { coder: usize, doc: usize },
    /// A paragraph's codings await review (moved after the text changed), or not.
    Review {
        coder: usize,
        doc: usize,
        para: usize,
    },
}

fn project() -> (tempfile::TempDir, Project, Codebook) {
    let text = "satu\n\ndua\n\ntiga\n\nempat\n\nlima\n";
    let names: Vec<String> = (0..DOCUMENTS).map(|d| format!("doc{d}.txt")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), text)).collect();
    let dir = common::project_dir(&files);
    let project = Project::open(dir.path()).expect("open");
    assert_eq!(project.documents.len(), DOCUMENTS);
    assert!(project.documents.iter().all(|d| d.len() == PARAGRAPHS));
    let book = Codebook::parse(BOOK.as_bytes(), "codebook.json").expect("book");
    (dir, project, book)
}

fn options(coders: usize, all: bool) -> (Options, Vec<String>) {
    let names: Vec<String> = ["ana", "budi", "cici"][..coders]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let options = Options {
        coders: names.clone(),
        codes: Vec::new(),
        documents: Vec::new(),
        all,
        lang: Lang::En,
        units: None,
    };
    (options, names)
}

fn reader<'h>(held: &'h Held) -> impl FnMut(usize, &[String]) -> Read<'h> + 'h {
    move |d: usize, _: &[String]| Read {
        coded: Ok(held
            .iter()
            .map(|coder| coder[d].as_ref().map(Cow::Borrowed))
            .collect()),
        problem: false,
    }
}

fn full(project: &Project, book: &Codebook, held: &Held, all: bool) -> (Agreement, Kept) {
    let (options, names) = options(held.len(), all);
    agreement::compare_kept(project, book, &options, names, reader(held)).expect("compares")
}

fn decisions(held: &mut Held, coder: usize, doc: usize) -> &mut Decisions {
    held[coder][doc].get_or_insert_with(Decisions::default)
}

fn apply(held: &mut Held, change: &Change) -> usize {
    match *change {
        Change::Toggle {
            coder,
            doc,
            para,
            code,
        } => {
            let codes = &mut decisions(held, coder, doc)
                .paragraphs
                .entry(para)
                .or_default()
                .codes;
            if !codes.remove(CODES[code]) {
                codes.insert(CODES[code].to_owned());
            }
            doc
        }
        Change::Finish { coder, doc } => {
            let d = decisions(held, coder, doc);
            d.finished = !d.finished;
            doc
        }
        Change::Review { coder, doc, para } => {
            let p = decisions(held, coder, doc)
                .paragraphs
                .entry(para)
                .or_default();
            p.review = !p.review;
            doc
        }
    }
}

fn change() -> impl Strategy<Value = Change> {
    let coder = 0..3usize;
    let doc = 0..DOCUMENTS;
    let para = 0..PARAGRAPHS;
    prop_oneof![
        8 => (coder.clone(), doc.clone(), para.clone(), 0..CODES.len()).prop_map(
            |(coder, doc, para, code)| Change::Toggle { coder, doc, para, code }
        ),
        1 => (coder.clone(), doc.clone()).prop_map(|(coder, doc)| Change::Finish { coder, doc }),
        1 => (coder, doc, para).prop_map(|(coder, doc, para)| Change::Review { coder, doc, para }),
    ]
}

/// Runs batches of `changes` from `start` (the coding screen may see several
/// documents changed when the view opens again), comparing after each batch; returns
/// how many were brought up to date (not compared in full).
fn check(start: &[Change], changes: &[Vec<Change>], coders: usize, all: bool) -> usize {
    let (_dir, project, book) = project();
    let mut held: Held = vec![vec![None; DOCUMENTS]; coders];
    for c in start {
        if coder_of(c) < coders {
            apply(&mut held, c);
        }
    }
    let (_, mut kept) = full(&project, &book, &held, all);
    let mut updated = 0;
    for batch in changes {
        let changed: BTreeSet<usize> = batch
            .iter()
            .filter(|c| coder_of(c) < coders)
            .map(|c| apply(&mut held, c))
            .collect();
        let (expected, fresh) = full(&project, &book, &held, all);
        match kept.update(&project, &book, &changed, reader(&held)) {
            Some((got, k)) => {
                assert_eq!(
                    format!("{got:#?}"),
                    format!("{expected:#?}"),
                    "after {batch:?}"
                );
                updated += 1;
                kept = k;
            }
            None => kept = fresh,
        }
    }
    updated
}

fn coder_of(c: &Change) -> usize {
    match *c {
        Change::Toggle { coder, .. }
        | Change::Finish { coder, .. }
        | Change::Review { coder, .. } => coder,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn kept_comparison_equals_a_full_one_after_every_change(
        start in proptest::collection::vec(change(), 0..40),
        changes in proptest::collection::vec(proptest::collection::vec(change(), 1..4), 1..30),
        coders in 2..=3usize,
        all in any::<bool>(),
    ) {
        check(&start, &changes, coders, all);
    }
}

/// Every document finished by both coders, `x` and `y` used.
fn finished_start() -> Vec<Change> {
    let mut start = Vec::new();
    for coder in 0..2 {
        for doc in 0..DOCUMENTS {
            start.push(Change::Finish { coder, doc });
        }
        start.push(Change::Toggle {
            coder,
            doc: 0,
            para: 0,
            code: 2,
        });
        start.push(Change::Toggle {
            coder,
            doc: 1,
            para: 1,
            code: 3,
        });
    }
    start
}

#[test]
fn a_change_within_the_codes_used_is_brought_up_to_date() {
    let changes = [
        // x on another paragraph and document, by one coder: a disagreement.
        Change::Toggle {
            coder: 1,
            doc: 2,
            para: 3,
            code: 2,
        },
        // old counts as x.
        Change::Toggle {
            coder: 0,
            doc: 2,
            para: 3,
            code: 4,
        },
        Change::Review {
            coder: 0,
            doc: 3,
            para: 0,
        },
    ];
    let batches: Vec<Vec<Change>> = changes.iter().map(|c| vec![c.clone()]).collect();
    assert_eq!(check(&finished_start(), &batches, 2, false), 3);
    // The three at once.
    assert_eq!(check(&finished_start(), &[changes.to_vec()], 2, false), 1);
}

#[test]
fn what_reaches_beyond_the_changed_documents_is_compared_in_full() {
    let (_dir, project, book) = project();
    let mut held: Held = vec![vec![None; DOCUMENTS]; 2];
    for c in finished_start() {
        apply(&mut held, &c);
    }
    let y_off = |coder| Change::Toggle {
        coder,
        doc: 1,
        para: 1,
        code: 3,
    };
    let cases = [
        // w never used before: a new variable pooled.
        vec![Change::Toggle {
            coder: 0,
            doc: 3,
            para: 2,
            code: 5,
        }],
        // y no longer used anywhere (both coders take it off).
        vec![y_off(0), y_off(1)],
        // A document no longer finished: left out.
        vec![Change::Finish { coder: 1, doc: 2 }],
    ];
    for batch in cases {
        let mut changed_held = held.clone();
        let changed: BTreeSet<usize> = batch.iter().map(|c| apply(&mut changed_held, c)).collect();
        let (_, kept) = full(&project, &book, &held, false);
        let update = kept.update(&project, &book, &changed, reader(&changed_held));
        assert!(update.is_none(), "{batch:?}");
    }
    // Two codes of one exclusive group on a paragraph: the combination's index
    // depends on the documents before it. (s.a and s.b are used before.)
    for (code, para) in [(0, 3), (1, 4)] {
        let c = Change::Toggle {
            coder: 1,
            doc: 3,
            para,
            code,
        };
        apply(&mut held, &c);
    }
    let mut changed_held = held.clone();
    for code in [0, 1] {
        apply(
            &mut changed_held,
            &Change::Toggle {
                coder: 0,
                doc: 0,
                para: 0,
                code,
            },
        );
    }
    apply(
        &mut held,
        &Change::Toggle {
            coder: 0,
            doc: 0,
            para: 0,
            code: 0,
        },
    );
    let (_, kept) = full(&project, &book, &held, false);
    let update = kept.update(&project, &book, &BTreeSet::from([0]), reader(&changed_held));
    assert!(update.is_none());
}

/// A unit of up to four coders: each value 0..3 or missing.
fn unit() -> impl Strategy<Value = Vec<Option<u32>>> {
    proptest::collection::vec(proptest::option::of(0..3u32), 4)
}

proptest! {
    /// Units added and then taken back leave the coefficients (and the 2x2 counts)
    /// of the tally that never had them: missing values, unequal numbers of values
    /// per unit (Fleiss' kappa not applicable, then applicable again), one value left.
    #[test]
    fn units_taken_back_leave_the_tally_without_them(
        kept in proptest::collection::vec((unit(), 1..4u64), 0..12),
        taken in proptest::collection::vec((unit(), 1..4u64), 0..12),
        coders in 2..=4usize,
    ) {
        let mut with = Tally::new(coders);
        let mut without = Tally::new(coders);
        for (u, n) in taken.iter().chain(&kept) {
            with.add_times(u, *n);
        }
        for (u, n) in &kept {
            without.add_times(u, *n);
        }
        for (u, n) in taken.iter().rev() {
            with.remove_times(u, *n);
        }
        prop_assert_eq!(format!("{:?}", with.coefficients()), format!("{:?}", without.coefficients()));
        prop_assert_eq!(with.units(), without.units());
        for (a, b) in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2)] {
            prop_assert_eq!(with.joint(a, b), without.joint(a, b));
        }
    }
}
