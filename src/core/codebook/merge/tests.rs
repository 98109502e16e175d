use super::*;
use crate::core::codebook::Text;

const BASE: &str = r#"{"format":"tandai-codebook","version":1,"codes":[
    {"id":"devito","label":"DeVito","codable":false,"children":[
        {"id":"devito.contact","label":"Contact","key":"1"},
        {"id":"devito.involvement","label":"Involvement"}
    ]},
    {"id":"other","label":"Other"}
]}"#;

fn book(json: &str) -> Codebook {
    Codebook::parse(json.as_bytes(), "test").expect("valid")
}

fn base() -> Codebook {
    book(BASE)
}

fn ids(b: &Codebook) -> Vec<&str> {
    b.codes.iter().map(|c| c.id.as_str()).collect()
}

fn add(b: &mut Codebook, parent: Option<&str>, after: Option<&str>, id: &str) {
    let parent = parent.map(|p| b.index_of(p).expect("parent"));
    let after = after.map(|a| b.index_of(a).expect("after"));
    b.insert_code(parent, after, id, Text::default())
        .expect("insert");
}

fn set_label(b: &mut Codebook, id: &str, label: &str) {
    let i = b.index_of(id).expect("code");
    b.codes[i].label = Text {
        en: label.into(),
        id: label.into(),
    };
}

#[test]
fn codes_added_on_both_sides_are_both_kept_in_place() {
    let mut ours = base();
    add(
        &mut ours,
        Some("devito"),
        Some("devito.contact"),
        "devito.ours",
    );
    let mut theirs = base();
    add(&mut theirs, None, None, "theirs");
    add(&mut theirs, Some("devito"), None, "devito.theirs");
    let m = merge(&base(), &ours, &theirs).expect("merges");
    assert_eq!(
        ids(&m.book),
        [
            "devito",
            "devito.contact",
            "devito.ours",
            "devito.involvement",
            "devito.theirs",
            "other",
            "theirs"
        ]
    );
    assert_eq!(m.changes, 2, "two codes came from theirs");
}

#[test]
fn changes_to_different_codes_are_both_taken() {
    let mut ours = base();
    set_label(&mut ours, "other", "Lainnya");
    let mut theirs = base();
    set_label(&mut theirs, "devito.contact", "Kontak");
    let i = theirs.index_of("devito.involvement").expect("code");
    theirs.codes[i].retired = true;
    let m = merge(&base(), &ours, &theirs).expect("merges");
    let get = |id: &str| m.book.get(id).expect("code").clone();
    assert_eq!(get("other").label.en, "Lainnya");
    assert_eq!(get("devito.contact").label.en, "Kontak");
    assert_eq!(get("devito.contact").own_key, Some('1'));
    assert!(get("devito.involvement").retired);
    assert_eq!(m.changes, 2);
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let mut ours = base();
    set_label(&mut ours, "other", "Same");
    let theirs = ours.clone();
    let m = merge(&base(), &ours, &theirs).expect("merges");
    assert_eq!(m.changes, 0);
    assert_eq!(m.book.to_json(), ours.to_json());
}

#[test]
fn one_code_changed_on_both_sides_is_refused() {
    let mut ours = base();
    set_label(&mut ours, "other", "Ours");
    let mut theirs = base();
    set_label(&mut theirs, "other", "Theirs");
    let err = merge(&base(), &ours, &theirs).expect_err("conflict");
    assert_eq!(err, "both versions changed code other");
    let mut theirs = base();
    theirs
        .remove_code(theirs.index_of("other").expect("code"))
        .expect("remove");
    assert_eq!(
        merge(&base(), &ours, &theirs).expect_err("changed vs removed"),
        "both versions changed code other"
    );
    let m = merge(&base(), &base(), &theirs).expect("a removal alone is taken");
    assert!(m.book.get("other").is_none());
}

#[test]
fn a_sub_code_under_a_code_the_other_side_removed_is_refused() {
    let mut ours = base();
    add(&mut ours, Some("other"), None, "other.child");
    let mut theirs = base();
    theirs
        .remove_code(theirs.index_of("other").expect("code"))
        .expect("remove");
    let err = merge(&base(), &ours, &theirs).expect_err("orphan");
    assert_eq!(
        err,
        "code other.child is under other, which the other version removed"
    );
}

#[test]
fn a_loop_and_a_shared_key_are_refused() {
    let mut ours = base();
    ours.move_code(ours.index_of("devito").expect("a"), ours.index_of("other"))
        .expect("devito under other");
    let mut theirs = base();
    theirs
        .move_code(
            theirs.index_of("other").expect("b"),
            theirs.index_of("devito"),
        )
        .expect("other under devito");
    let err = merge(&base(), &ours, &theirs).expect_err("loop");
    assert!(err.contains("would end up under itself"), "{err}");
    let mut ours = base();
    let i = ours.index_of("other").expect("code");
    ours.codes[i].own_key = Some('q');
    let mut theirs = base();
    let i = theirs.index_of("devito.involvement").expect("code");
    theirs.codes[i].own_key = Some('q');
    let err = merge(&base(), &ours, &theirs).expect_err("key");
    assert_eq!(err, "key 'q' is given to both devito.involvement and other");
}

#[test]
fn a_reorder_on_one_side_keeps_the_other_sides_new_code() {
    let mut ours = base();
    let i = ours.index_of("devito.involvement").expect("code");
    ours.reorder(i, -1).expect("moved up");
    let mut theirs = base();
    add(
        &mut theirs,
        Some("devito"),
        Some("devito.contact"),
        "devito.new",
    );
    let m = merge(&base(), &ours, &theirs).expect("merges");
    assert_eq!(
        ids(&m.book)[..4],
        [
            "devito",
            "devito.involvement",
            "devito.contact",
            "devito.new"
        ]
    );
    let m = merge(&base(), &base(), &ours).expect("their reorder alone");
    assert_eq!(m.changes, 1, "a reorder from theirs counts");
}

#[test]
fn merged_json_and_files_that_cannot_be_merged() {
    let mut ours = base();
    add(&mut ours, None, None, "ours");
    let mut theirs = base();
    add(&mut theirs, None, None, "theirs");
    let (bytes, n) = merge_json(
        Some(base().to_json().as_bytes()),
        ours.to_json().as_bytes(),
        theirs.to_json().as_bytes(),
    )
    .expect("merges");
    let merged = book(std::str::from_utf8(&bytes).expect("utf8"));
    assert!(merged.get("ours").is_some() && merged.get("theirs").is_some());
    assert_eq!(n, 1);
    let err = merge_json(None, ours.to_json().as_bytes(), b"{ half").expect_err("bad");
    assert!(
        err.starts_with("the version on disk: line 1")
            && err.ends_with("not a codebook tandai can merge"),
        "{err}"
    );
    // No file when tandai started: codes both sides have count as added by both.
    let (bytes, _) = merge_json(None, ours.to_json().as_bytes(), theirs.to_json().as_bytes())
        .expect("merges without a base");
    let merged = book(std::str::from_utf8(&bytes).expect("utf8"));
    assert_eq!(merged.codes.len(), base().codes.len() + 2);
}

#[test]
fn every_pack_merged_with_itself_is_unchanged() {
    for pack in crate::core::codebook::packs::PACKS {
        let b = Codebook::parse(pack.json.as_bytes(), pack.name).expect("pack");
        let m = merge(&b, &b, &b).expect("identity");
        assert_eq!(m.book.to_json(), b.to_json(), "{}", pack.name);
        assert_eq!(m.changes, 0);
    }
}
