//! From codes to findings, in the coding screen's state: memos, search as you type,
//! retrieval by code combinations, and the overview. Pure `update` calls, no terminal.

mod common;

use common::{code, project_dir, state_in, toggle};
use tandai::app::memo::MemoAction;
use tandai::app::overview::OverviewAction;
use tandai::app::retrieve::RetrieveAction;
use tandai::app::search::SearchAction;
use tandai::app::state::{Effect, Mode};
use tandai::app::{Action, State, update};

fn project() -> tempfile::TempDir {
    project_dir(&[
        (
            "informan-a.txt",
            "P: Kapan pemutusan hubungan terjadi?\n\nA: Pemutusan itu terjadi di kafe.\n\nP: Lalu?\n\nA: Kami bertemu lagi di Café Melati, PEMUTUSAN batal.\n",
        ),
        (
            "informan-b.txt",
            "P: Halo.\nB: Tidak ada yang istimewa.\nB: Pemutusan? Tidak pernah.\n",
        ),
    ])
}

fn typed(s: &mut State, text: &str, wrap: fn(char) -> Action) {
    for c in text.chars() {
        update(s, wrap(c));
    }
}

fn memo_text(s: &State, doc: usize, para: usize) -> String {
    s.docs[doc]
        .decisions
        .paragraphs
        .get(&para)
        .map(|p| p.memo.clone())
        .unwrap_or_default()
}

#[test]
fn a_paragraph_memo_is_written_saved_and_undone() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::NextParagraph);
    update(&mut s, Action::Memo);
    assert!(matches!(s.mode, Mode::Memo(_)));
    typed(&mut s, "Baris satu", |c| {
        Action::MemoEdit(MemoAction::Insert(c))
    });
    update(&mut s, Action::MemoEdit(MemoAction::Newline));
    typed(&mut s, "dua  ", |c| Action::MemoEdit(MemoAction::Insert(c)));
    update(&mut s, Action::MemoEdit(MemoAction::Newline));
    let effects = update(&mut s, Action::MemoEdit(MemoAction::Save));
    assert_eq!(effects, [Effect::Save(0)]);
    assert_eq!(s.mode, Mode::Coding);
    assert_eq!(
        memo_text(&s, 0, 1),
        "Baris satu\ndua",
        "trailing blanks dropped"
    );
    // The sidecar carries it, and a paragraph with only a memo is listed.
    let bytes = String::from_utf8(s.sidecar_bytes(0).expect("bytes")).expect("utf8");
    assert!(bytes.contains(r#""memo": "Baris satu\ndua""#), "{bytes}");
    // Editing again starts from the memo; undo restores the earlier text.
    update(&mut s, Action::Memo);
    update(&mut s, Action::MemoEdit(MemoAction::Backspace));
    update(&mut s, Action::MemoEdit(MemoAction::Save));
    assert_eq!(memo_text(&s, 0, 1), "Baris satu\ndu");
    update(&mut s, Action::NextDocument);
    update(&mut s, Action::Undo);
    assert_eq!(
        (s.doc, s.para),
        (0, 1),
        "undo goes back to the memo's paragraph"
    );
    assert_eq!(memo_text(&s, 0, 1), "Baris satu\ndua");
    update(&mut s, Action::Undo);
    assert_eq!(memo_text(&s, 0, 1), "");
    assert!(s.docs[0].decisions.paragraphs.is_empty());
    update(&mut s, Action::Redo);
    assert_eq!(memo_text(&s, 0, 1), "Baris satu\ndua");
}

#[test]
fn a_memo_and_codes_share_a_paragraph_independently() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    toggle(&mut s, "devito.contact");
    update(&mut s, Action::Memo);
    typed(&mut s, "catatan", |c| {
        Action::MemoEdit(MemoAction::Insert(c))
    });
    update(&mut s, Action::MemoEdit(MemoAction::Save));
    toggle(&mut s, "devito.contact");
    assert_eq!(
        memo_text(&s, 0, 0),
        "catatan",
        "removing the code keeps the memo"
    );
    assert!(s.docs[0].codes(0).is_none());
}

#[test]
fn discarding_a_changed_memo_asks_twice() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Memo);
    typed(&mut s, "draf", |c| Action::MemoEdit(MemoAction::Insert(c)));
    update(&mut s, Action::MemoEdit(MemoAction::Discard));
    assert!(matches!(s.mode, Mode::Memo(_)), "first discard only asks");
    assert!(s.message.as_ref().is_some_and(|m| m.warning));
    update(&mut s, Action::MemoEdit(MemoAction::Discard));
    assert_eq!(s.mode, Mode::Coding);
    assert_eq!(memo_text(&s, 0, 0), "");
    // An unchanged memo closes at once.
    update(&mut s, Action::Memo);
    update(&mut s, Action::MemoEdit(MemoAction::Discard));
    assert_eq!(s.mode, Mode::Coding);
}

#[test]
fn the_document_memo_and_the_external_editor() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::DocumentMemo);
    typed(&mut s, "awal", |c| Action::MemoEdit(MemoAction::Insert(c)));
    let effects = update(&mut s, Action::MemoEdit(MemoAction::External));
    assert_eq!(effects, [Effect::ExternalEditor("awal".into())]);
    // A failed editor keeps the draft open.
    update(
        &mut s,
        Action::MemoEdit(MemoAction::ExternalDone(Err("vi exited with 1".into()))),
    );
    assert!(matches!(&s.mode, Mode::Memo(e) if e.text == "awal"));
    let effects = update(
        &mut s,
        Action::MemoEdit(MemoAction::ExternalDone(Ok("Memo dokumen\nkedua\n".into()))),
    );
    assert_eq!(effects, [Effect::Save(0)]);
    assert_eq!(s.docs[0].decisions.memo, "Memo dokumen\nkedua");
    let bytes = String::from_utf8(s.sidecar_bytes(0).expect("bytes")).expect("utf8");
    assert!(
        bytes.contains("\"memo\": \"Memo dokumen\\nkedua\""),
        "{bytes}"
    );
}

#[test]
fn memos_cannot_be_written_on_a_read_only_document() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    s.docs[0].readonly = Some("another tandai has it open".into());
    update(&mut s, Action::Memo);
    assert_eq!(s.mode, Mode::Coding);
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("Read-only"))
    );
}

#[test]
fn search_ignores_case_and_accents_and_counts_matches() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Search);
    assert_eq!(s.mode, Mode::Search);
    typed(&mut s, "pemutusan", |c| {
        Action::SearchEdit(SearchAction::Input(c))
    });
    let search = s.search.as_ref().expect("search");
    // a: ¶1 (pemutusan), ¶2 (Pemutusan), ¶4 (PEMUTUSAN); b: ¶3 (Pemutusan).
    let found: Vec<(usize, usize, usize)> = search
        .hits
        .iter()
        .map(|h| (h.doc, h.para, h.count))
        .collect();
    assert_eq!(found, [(0, 0, 1), (0, 1, 1), (0, 3, 1), (1, 2, 1)]);
    assert_eq!((search.total(), search.documents()), (4, 2));
    assert_eq!(
        (s.doc, s.para),
        (0, 0),
        "the first match from where it began"
    );
    // Accents: "cafe" finds "kafe"? no; it finds "Café".
    update(&mut s, Action::SearchEdit(SearchAction::ClearInput));
    typed(&mut s, "cafe", |c| {
        Action::SearchEdit(SearchAction::Input(c))
    });
    let hits: Vec<(usize, usize)> = s
        .search
        .as_ref()
        .expect("search")
        .hits
        .iter()
        .map(|h| (h.doc, h.para))
        .collect();
    assert_eq!(hits, [(0, 3)]);
    assert_eq!((s.doc, s.para), (0, 3));
    // Exact: "Cafe" without the accent no longer matches "Café".
    update(&mut s, Action::SearchEdit(SearchAction::ToggleExact));
    assert!(s.search.as_ref().expect("search").hits.is_empty());
    assert_eq!((s.doc, s.para), (0, 0), "no match: back where it began");
    update(&mut s, Action::SearchEdit(SearchAction::ToggleExact));
    // Backspace widens again.
    for _ in 0..4 {
        update(&mut s, Action::SearchEdit(SearchAction::Backspace));
    }
    typed(&mut s, "tidak", |c| {
        Action::SearchEdit(SearchAction::Input(c))
    });
    let search = s.search.as_ref().expect("search");
    assert_eq!(search.hits.len(), 2);
    assert_eq!(search.total(), 2, "Tidak twice in b, one per paragraph");
}

#[test]
fn n_and_n_jump_between_matches_while_a_search_is_kept() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::NextParagraph);
    update(&mut s, Action::Search);
    typed(&mut s, "PEMUTUSAN", |c| {
        Action::SearchEdit(SearchAction::Input(c))
    });
    assert_eq!((s.doc, s.para), (0, 1), "from ¶2, the first match is ¶2");
    update(&mut s, Action::SearchEdit(SearchAction::Accept));
    assert_eq!(s.mode, Mode::Coding);
    assert!(s.message.as_ref().is_some_and(|m| {
        m.text
            .starts_with("4 matches in 4 paragraphs of 2 documents")
    }));
    update(&mut s, Action::NextUncoded);
    assert_eq!((s.doc, s.para), (0, 3));
    update(&mut s, Action::NextUncoded);
    assert_eq!((s.doc, s.para), (1, 2), "on to the next document");
    update(&mut s, Action::NextUncoded);
    assert_eq!((s.doc, s.para), (0, 0), "wraps to the top");
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("from the top"))
    );
    update(&mut s, Action::PrevUncoded);
    assert_eq!((s.doc, s.para), (1, 2), "and back to the bottom");
    // Clearing gives n back to "next uncoded".
    update(&mut s, Action::ClearSearch);
    assert!(s.search.is_none());
    update(&mut s, Action::FirstParagraph);
    update(&mut s, Action::NextUncoded);
    assert_eq!((s.doc, s.para), (1, 1));
}

#[test]
fn cancelling_a_search_goes_back_where_it_began() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::NextDocument);
    update(&mut s, Action::Search);
    typed(&mut s, "kafe", |c| {
        Action::SearchEdit(SearchAction::Input(c))
    });
    assert_eq!((s.doc, s.para), (0, 1), "wraps around to the first match");
    update(&mut s, Action::SearchEdit(SearchAction::Cancel));
    assert_eq!((s.doc, s.para, s.search.is_none()), (1, 0, true));
    assert_eq!(s.mode, Mode::Coding);
}

#[test]
fn retrieval_lists_combinations_and_comes_back_after_enter() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    // a¶1 contact; a¶2 contact + involvement (not exclusive? stages are exclusive),
    // so use an explicit set: a¶2 involvement, b¶3 contact.
    toggle(&mut s, "devito.contact");
    update(&mut s, Action::NextParagraph);
    toggle(&mut s, "devito.involvement");
    update(&mut s, Action::NextDocument);
    update(&mut s, Action::LastParagraph);
    toggle(&mut s, "devito.contact");
    s.code_cursor = code(&s, "devito.contact");
    update(&mut s, Action::Retrieve);
    assert_eq!(s.mode, Mode::Retrieve);
    let r = s.retrieval.as_ref().expect("retrieval");
    assert_eq!(r.input, "devito.contact", "by id: labels can repeat");
    assert_eq!(r.results, [(0, 0), (1, 2)]);
    // A new query: contact or involvement; then the parent heading (all stages) but
    // not contact.
    update(&mut s, Action::RetrieveEdit(RetrieveAction::Edit));
    typed(&mut s, " or Involvement", |c| {
        Action::RetrieveEdit(RetrieveAction::Input(c))
    });
    assert_eq!(
        s.retrieval.as_ref().expect("r").results,
        [(0, 0), (0, 1), (1, 2)]
    );
    update(&mut s, Action::RetrieveEdit(RetrieveAction::ClearInput));
    typed(&mut s, "\"DeVito's relationship stages\" but not 1", |c| {
        Action::RetrieveEdit(RetrieveAction::Input(c))
    });
    let r = s.retrieval.as_ref().expect("r");
    assert_eq!(r.error, None);
    assert_eq!(r.results, [(0, 1)]);
    // A bad query says why and keeps the last good results.
    typed(&mut s, " and", |c| {
        Action::RetrieveEdit(RetrieveAction::Input(c))
    });
    let r = s.retrieval.as_ref().expect("r");
    assert!(
        r.error
            .as_deref()
            .is_some_and(|e| e.contains("missing after"))
    );
    assert_eq!(r.results, [(0, 1)]);
    for _ in 0..4 {
        update(&mut s, Action::RetrieveEdit(RetrieveAction::Backspace));
    }
    update(&mut s, Action::RetrieveEdit(RetrieveAction::ClearInput));
    typed(&mut s, "kontak", |c| {
        Action::RetrieveEdit(RetrieveAction::Input(c))
    });
    update(&mut s, Action::RetrieveEdit(RetrieveAction::EndEdit));
    // Enter shows the second passage in context; the retrieval key comes back to it.
    update(&mut s, Action::RetrieveEdit(RetrieveAction::Move(1)));
    update(&mut s, Action::RetrieveEdit(RetrieveAction::Open));
    assert_eq!((s.mode.clone(), s.doc, s.para), (Mode::Coding, 1, 2));
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("f goes back"))
    );
    update(&mut s, Action::FirstParagraph);
    update(&mut s, Action::Retrieve);
    assert_eq!(s.mode, Mode::Retrieve);
    assert_eq!(s.retrieval.as_ref().expect("r").selected, 1);
    update(&mut s, Action::RetrieveEdit(RetrieveAction::Close));
    assert_eq!(s.mode, Mode::Coding);
}

#[test]
fn retrieval_follows_codings_made_after_it_opened() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    s.code_cursor = code(&s, "devito.contact");
    update(&mut s, Action::Retrieve);
    assert!(s.retrieval.as_ref().expect("r").results.is_empty());
    update(&mut s, Action::RetrieveEdit(RetrieveAction::Close));
    update(&mut s, Action::LastParagraph);
    toggle(&mut s, "devito.contact");
    update(&mut s, Action::Retrieve);
    assert_eq!(s.retrieval.as_ref().expect("r").results, [(0, 3)]);
}

#[test]
fn the_overview_counts_from_memory_and_scrolls() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    toggle(&mut s, "devito.contact");
    update(&mut s, Action::NextParagraph);
    toggle(&mut s, "devito.contact");
    update(&mut s, Action::NextDocument);
    toggle(&mut s, "devito.intimacy");
    update(&mut s, Action::Overview);
    let Mode::Overview(o) = &s.mode else {
        panic!("overview open");
    };
    let row = |id: &str| {
        o.report
            .codes
            .iter()
            .find(|c| c.id == id)
            .map(|c| (c.paragraphs, c.documents))
    };
    assert_eq!(row("devito.contact"), Some((2, 1)));
    assert_eq!(row("devito.intimacy"), Some((1, 1)));
    let coverage: Vec<(usize, usize)> = o
        .report
        .coverage
        .iter()
        .map(|c| (c.coded, c.paragraphs))
        .collect();
    assert_eq!(coverage, [(2, 4), (1, 3)]);
    update(&mut s, Action::OverviewEdit(OverviewAction::NextTable));
    update(&mut s, Action::OverviewEdit(OverviewAction::Scroll(100)));
    let Mode::Overview(o) = &s.mode else {
        panic!("overview open");
    };
    assert_eq!(
        (o.table, o.scroll),
        (1, 0),
        "both rows fit: nothing to scroll"
    );
    // On 9 rows one table row shows: the scroll stops with the last row on screen.
    update(&mut s, Action::Resize(80, 9));
    update(&mut s, Action::OverviewEdit(OverviewAction::Scroll(100)));
    let Mode::Overview(o) = &s.mode else {
        panic!("overview open");
    };
    assert_eq!(o.scroll, 1);
    update(&mut s, Action::OverviewEdit(OverviewAction::PrevTable));
    update(&mut s, Action::OverviewEdit(OverviewAction::PrevTable));
    let Mode::Overview(o) = &s.mode else {
        panic!("overview open");
    };
    assert_eq!(
        o.table,
        tandai::app::overview::TABLES.len() - 1,
        "tables cycle: from the second, two back is the last"
    );
    update(&mut s, Action::OverviewEdit(OverviewAction::Close));
    assert_eq!(s.mode, Mode::Coding);
}

#[test]
fn search_looks_at_the_text_not_the_speaker_and_survives_a_lone_accent() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Search);
    // "P:" and "A:" are speakers: "a:" is found in no paragraph text.
    typed(&mut s, "a:", |c| Action::SearchEdit(SearchAction::Input(c)));
    assert!(s.search.as_ref().expect("search").hits.is_empty());
    update(&mut s, Action::SearchEdit(SearchAction::ClearInput));
    // A combining accent typed first folds to nothing; what follows still searches.
    typed(&mut s, "\u{301}cafe", |c| {
        Action::SearchEdit(SearchAction::Input(c))
    });
    let hits: Vec<(usize, usize)> = s
        .search
        .as_ref()
        .expect("search")
        .hits
        .iter()
        .map(|h| (h.doc, h.para))
        .collect();
    assert_eq!(hits, [(0, 3)]);
}

#[test]
fn memo_line_ends_from_other_editors_become_lf() {
    let dir = project();
    let mut s = state_in(dir.path(), "ana");
    update(&mut s, Action::Memo);
    update(
        &mut s,
        Action::MemoEdit(MemoAction::ExternalDone(Ok("satu\r\ndua\rtiga\r\n".into()))),
    );
    assert_eq!(memo_text(&s, 0, 0), "satu\ndua\ntiga");
}
