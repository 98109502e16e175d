//! Sidecar parser: any bytes give Ok or a clean error; what parses survives a
//! write/read round trip; and attaching it to a document never loses a coding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;
use tandai::core::project::{Content, attach};
use tandai::core::coding::sidecar::{ParagraphEntry, SidecarFile, paragraph_fingerprint};

/// The fixed document the sidecars are attached to: six paragraphs (the last two have
/// the same text, so the same fingerprint), CRLF and LF line ends, speaker turns. The
/// seed corpus holds the fingerprints of these paragraphs so that the matching paths
/// of `attach` are reached (see fuzz/README.md).
const TEXT: &str = "Wawancara Informan A\r\n\r\nPeneliti: halo, apa kabar?\nInforman A: baik.\n\n[00:12:31] Informan A: patroli siber\n\ntiga\n\ntiga\n";

fn content() -> Content {
    Content::new(TEXT.to_owned(), "sha256:fuzz".to_owned())
}

/// What `to_bytes` promises to write: paragraphs sorted by number, codes sorted and
/// deduplicated in every entry, `detached` in its order.
fn normalised(file: &SidecarFile) -> SidecarFile {
    let mut n = file.clone();
    n.paragraphs.sort_by_key(|e| e.paragraph);
    for e in n.paragraphs.iter_mut().chain(n.detached.iter_mut()) {
        e.codes.sort();
        e.codes.dedup();
    }
    n
}

fn same_coding(e: &ParagraphEntry, codes: &BTreeSet<String>, memo: &str) -> bool {
    e.memo == memo && e.codes.iter().cloned().collect::<BTreeSet<_>>() == *codes
}

fuzz_target!(|data: &[u8]| {
    let file = match SidecarFile::parse(data, "fuzz") {
        Ok(file) => file,
        Err(e) => {
            // Every error names the file it is about.
            let msg = e.to_string();
            assert!(msg.starts_with("fuzz"), "error without the path: {msg}");
            return;
        }
    };

    // Round trip: what tandai writes, tandai reads back as the normalised file.
    let bytes = file.to_bytes();
    assert!(bytes.ends_with(b"}\n"), "to_bytes does not end with a newline");
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "to_bytes wrote a BOM");
    let back = match SidecarFile::parse(&bytes, "fuzz") {
        Ok(back) => back,
        Err(e) => panic!(
            "to_bytes output does not parse: {e}\n{}",
            String::from_utf8_lossy(&bytes)
        ),
    };
    let norm = normalised(&file);
    assert_eq!(back, norm, "parse(to_bytes(f)) != normalised f");
    // Idempotent and order-independent: to_bytes(parse(to_bytes(f))) == to_bytes(f).
    assert_eq!(back.to_bytes(), bytes, "to_bytes is not idempotent");
    assert_eq!(norm.to_bytes(), bytes, "to_bytes depends on input order");

    // Attaching to a document keeps every coding: attached or detached, never dropped.
    if std::str::from_utf8(data).is_err() {
        return;
    }
    let content = content();
    let entries = file.paragraphs.len() + file.detached.len();
    let (decisions, moved) = attach(file.clone(), &content);
    assert_eq!(
        decisions.paragraphs.len() + decisions.detached.len(),
        entries,
        "attach lost or duplicated codings"
    );
    assert_eq!(decisions.memo, file.memo, "document memo changed");

    // Entries that stay by number: same number and the paragraph's fingerprint.
    let print = |i: usize| paragraph_fingerprint(content.paragraphs[i].text(&content.text));
    let stayed = file
        .paragraphs
        .iter()
        .filter(|e| e.paragraph - 1 < content.paragraphs.len() && print(e.paragraph - 1) == e.fingerprint)
        .count();
    assert_eq!(
        moved + stayed,
        decisions.paragraphs.len(),
        "moved count wrong: moved {moved}, stayed {stayed}"
    );

    // Every attached coding sits on a paragraph whose text has the fingerprint of an
    // entry with exactly those codes and memo: nothing moves on a guess.
    let all: Vec<&ParagraphEntry> = file.paragraphs.iter().chain(&file.detached).collect();
    for (&i, d) in &decisions.paragraphs {
        assert!(i < content.paragraphs.len(), "attached to paragraph {i} of {}", content.paragraphs.len());
        let fp = print(i);
        assert!(
            all.iter().any(|e| e.fingerprint == fp && same_coding(e, &d.codes, &d.memo)),
            "paragraph {i} got a coding from no entry with its fingerprint"
        );
    }

    // Detached entries are input entries, unchanged (as a multiset).
    let mut pool = all.clone();
    for d in &decisions.detached {
        let Some(k) = pool.iter().position(|e| *e == d) else {
            panic!("detached entry {d:?} is not one of the input entries");
        };
        pool.swap_remove(k);
    }
});
