//! RELIABILITY C3: codings survive edits to the transcript. Exact matches move
//! silently, near matches move but are flagged for review, the rest is kept as
//! detached. Nothing is dropped, and nothing moves to another paragraph on a guess.

use tandai::core::coding::sidecar::Decisions;
use tandai::core::project::{Content, Document, attach, to_sidecar};

const P: [&str; 5] = [
    "Peneliti: Bagaimana awalnya Kakak mengenal pelanggan lewat aplikasi itu, dan apa yang pertama dilihat?",
    "Informan A: Biasanya dari foto profil dulu, lalu mereka menyapa dengan sopan dan bertanya soal waktu.",
    "Informan A: Kalau sudah sering bertemu, kami jadi akrab dan dia sering cerita soal keluarganya juga.",
    "Informan A: Lama-lama dia jarang menghubungi, pesan dibalas singkat, dan akhirnya saya blokir saja nomornya.",
    "Peneliti: Terima kasih banyak, Kak, atas waktunya hari ini dan semua cerita yang sudah dibagikan.",
];

fn content(paragraphs: &[&str]) -> Content {
    Content::new(
        paragraphs.join(
            "

",
        ) + "
",
        "sha256:x".into(),
    )
}

/// Codes paragraphs 2, 3 and 4 of the original, saves, applies the edit, reloads.
fn after(edited: &[&str]) -> Decisions {
    let before = content(&P);
    let doc = Document {
        path: "d.txt".into(),
        name: "d.txt".into(),
        content: Ok(std::sync::Arc::new(before.clone())),
    };
    let mut d = Decisions::default();
    for (i, code) in [
        (1, "devito.contact"),
        (2, "devito.intimacy"),
        (3, "devito.dissolution"),
    ] {
        d.paragraphs.entry(i).or_default().codes.insert(code.into());
    }
    let file = to_sidecar(&doc, &before, "ana", &d);
    let bytes = file.to_bytes();
    let reread = tandai::core::coding::sidecar::SidecarFile::parse(&bytes, "s").expect("parses");
    attach(reread, &content(edited)).0
}

fn at(d: &Decisions) -> Vec<(usize, String, bool)> {
    d.paragraphs
        .iter()
        .flat_map(|(&i, p)| p.codes.iter().map(move |c| (i + 1, c.clone(), p.review)))
        .collect()
}

fn detached(d: &Decisions) -> Vec<(usize, Vec<String>)> {
    d.detached
        .iter()
        .map(|e| (e.paragraph, e.codes.clone()))
        .collect()
}

fn total(d: &Decisions) -> usize {
    d.paragraphs.values().map(|p| p.codes.len()).sum::<usize>()
        + d.detached.iter().map(|e| e.codes.len()).sum::<usize>()
}

#[test]
fn typo_fixed_reattaches_flagged_for_review() {
    let fixed = P[2].replace("keluarganya", "keluarga-nya");
    let d = after(&[P[0], P[1], &fixed, P[3], P[4]]);
    assert_eq!(
        at(&d),
        [
            (2, "devito.contact".into(), false),
            (3, "devito.intimacy".into(), true),
            (4, "devito.dissolution".into(), false)
        ]
    );
    assert!(d.detached.is_empty());
}

#[test]
fn inserted_paragraph_moves_codings_silently() {
    let new = "Peneliti: Maaf, saya ulangi pertanyaannya supaya jelas untuk rekaman ini.";
    let d = after(&[P[0], new, P[1], P[2], P[3], P[4]]);
    assert_eq!(
        at(&d),
        [
            (3, "devito.contact".into(), false),
            (4, "devito.intimacy".into(), false),
            (5, "devito.dissolution".into(), false)
        ]
    );
}

#[test]
fn reordered_paragraphs_keep_their_codings() {
    let d = after(&[P[0], P[3], P[2], P[1], P[4]]);
    assert_eq!(
        at(&d),
        [
            (2, "devito.dissolution".into(), false),
            (3, "devito.intimacy".into(), false),
            (4, "devito.contact".into(), false)
        ]
    );
}

#[test]
fn deleted_paragraph_is_kept_as_detached() {
    let d = after(&[P[0], P[1], P[3], P[4]]);
    assert_eq!(
        at(&d),
        [
            (2, "devito.contact".into(), false),
            (3, "devito.dissolution".into(), false)
        ]
    );
    assert_eq!(detached(&d), [(3, vec!["devito.intimacy".to_string()])]);
    assert_eq!(total(&d), 3, "nothing dropped");
}

#[test]
fn split_paragraph_is_never_guessed() {
    let (a, b) = P[2].split_at(P[2].find(" dan dia").expect("split point"));
    let d = after(&[P[0], P[1], a, &format!("Informan A:{b}"), P[3], P[4]]);
    assert_eq!(total(&d), 3, "nothing dropped");
    let moved: Vec<_> = at(&d)
        .into_iter()
        .filter(|(_, c, _)| c == "devito.intimacy")
        .collect();
    assert!(
        moved.iter().all(|(_, _, review)| *review) && moved.len() <= 1,
        "a split half is only ever a flagged near match: {moved:?} / {:?}",
        detached(&d)
    );
}

#[test]
fn merged_paragraphs_are_detached_or_flagged_never_silent() {
    let merged = format!("{} {}", P[1], &P[2]["Informan A: ".len()..]);
    let d = after(&[P[0], &merged, P[3], P[4]]);
    assert_eq!(total(&d), 3, "nothing dropped");
    for (para, code, review) in at(&d) {
        if code != "devito.dissolution" {
            assert!(review, "{code} on ¶{para} moved without a flag");
        }
    }
    assert_eq!(
        at(&d)
            .iter()
            .filter(|(_, c, _)| c == "devito.dissolution")
            .count(),
        1
    );
}

#[test]
fn rewritten_paragraph_is_detached_not_moved() {
    let rewritten = "Informan A: Tidak ada yang istimewa, semuanya biasa saja menurut saya.";
    let d = after(&[P[0], P[1], rewritten, P[3], P[4]]);
    assert_eq!(detached(&d), [(3, vec!["devito.intimacy".to_string()])]);
    assert!(
        at(&d).iter().all(|(p, _, _)| *p != 3),
        "nothing lands on the rewritten paragraph"
    );
}
