//! The one place state changes: `update(&mut State, Action) -> Vec<Effect>`.
//!
//! No I/O happens here. Saving, quitting and anything else that touches the world
//! is returned as an [`Effect`] for the loop to perform.

use super::action::Action;
use super::picker;
use super::state::{Change, Edit, Effect, Message, Mode, Picker, SaveState, State};
use crate::core::coding::saver::{Outcome, Target};
use crate::i18n::fill;
use std::collections::BTreeSet;

/// Applies an action to the state and says what the loop must do.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut effects = act(state, action);
    // An edit of the search query (typed, pasted, toggled) is asked for once.
    effects.extend(super::search::request(state));
    super::messages::record(state);
    effects
}

fn act(state: &mut State, action: Action) -> Vec<Effect> {
    if !matches!(
        action,
        Action::Saved(_)
            | Action::ScrollShown(_)
            | Action::HelpScrollShown(_)
            | Action::Resize(..)
            | Action::ConfigWritten(_)
            | Action::SearchFound(_)
    ) {
        state.message = None;
        if action != Action::Quit {
            state.quit_armed = false;
        }
    }
    if state.retest.is_some() && retest_move(state, &action) {
        return Vec::new();
    }
    match action {
        Action::NextParagraph => step(state, 1),
        Action::PrevParagraph => step(state, -1),
        Action::PageDown => step(state, page(state)),
        Action::PageUp => step(state, -page(state)),
        Action::FirstParagraph => state.go_to(state.doc, 0),
        Action::LastParagraph => state.go_to(state.doc, usize::MAX),
        Action::NextUncoded if state.search.is_some() => super::search::jump(state, true),
        Action::PrevUncoded if state.search.is_some() => super::search::jump(state, false),
        Action::NextUncoded => next_uncoded(state, true),
        Action::PrevUncoded => next_uncoded(state, false),
        Action::NextDocument => switch_document(state, 1),
        Action::PrevDocument => switch_document(state, -1),
        Action::ScrollDown => state.scroll += scroll_step(state),
        Action::ScrollUp => state.scroll = state.scroll.saturating_sub(scroll_step(state)),
        Action::ScrollShown(shown) => state.scroll = shown,
        Action::NextCode => move_code_cursor(state, 1),
        Action::PrevCode => move_code_cursor(state, -1),
        Action::ToggleSelectedCode => return toggle(state, state.code_cursor),
        Action::ToggleCode(code) => return toggle(state, code),
        Action::CodePicker => state.mode = Mode::Picker(Picker::default()),
        Action::PickerInput(c) => picker_edit(state, |q| q.push(c)),
        Action::PickerBackspace => picker_backspace(state),
        Action::PickerMove(by) => picker_move(state, by),
        Action::PickerAccept => return picker_accept(state),
        Action::Undo => return undo(state),
        Action::Redo => return redo(state),
        Action::SwitchLanguage => {
            state.lang = state.lang.other();
            return vec![Effect::KeepSetting("lang", state.lang.code())];
        }
        Action::Help => {
            state.mode = match state.mode {
                Mode::Help { .. } => Mode::Coding,
                _ => Mode::Help { scroll: 0 },
            }
        }
        Action::HelpScroll(by) => {
            if let Mode::Help { scroll } = &mut state.mode {
                *scroll = scroll.saturating_add_signed(by);
            }
        }
        Action::HelpScrollShown(first) => {
            if let Mode::Help { scroll } = &mut state.mode {
                *scroll = first;
            }
        }
        Action::Close => state.mode = Mode::Coding,
        Action::Resize(w, h) => state.size = (w, h),
        Action::Saved(outcome) => return saved(state, outcome),
        Action::LoadOtherVersion => return load_other_version(state),
        Action::Review => super::review::open(state),
        Action::CodebookScreen => {
            return super::editor::update_editor(state, super::editor::EditorAction::Open);
        }
        Action::Editor(a) => return super::editor::update_editor(state, a),
        Action::ReviewMove(by) => super::review::step(state, by),
        Action::ReviewAccept => return super::review::accept(state),
        Action::ReviewReject => return super::review::reject(state),
        Action::ReviewGoTo => super::review::go_to(state),
        Action::ToggleDocuments => return super::layout::toggle_documents(state),
        Action::ConfigWritten(result) => {
            if let Err(why) = result {
                let text = fill(tr(state).ui_session_only, &[("why", &why)]);
                warn(state, text);
            }
        }
        Action::Messages => super::messages::toggle(state),
        Action::MessagesScroll(by) => super::messages::scroll(state, by),
        Action::ReplaceDecisions(doc, decisions, note) => {
            return replace(state, doc, decisions, note);
        }
        Action::ReplaceCodebook(book, note) => {
            return super::codebook_sync::replace(state, *book, note);
        }
        Action::Memo => super::memo::open(state, false),
        Action::DocumentMemo => super::memo::open(state, true),
        Action::MemoEdit(a) => return super::memo::update_memo(state, a),
        Action::Search => super::search::open(state),
        Action::SearchEdit(a) => super::search::update_search(state, a),
        Action::SearchFound(f) => super::search::found(state, f),
        Action::ClearSearch => super::search::clear(state),
        Action::Retrieve => super::retrieve::open(state),
        Action::RetrieveEdit(a) => super::retrieve::update_retrieve(state, a),
        Action::Overview => super::overview::open(state),
        Action::OverviewEdit(a) => super::overview::update_overview(state, a),
        Action::FinishDocument => return super::team::toggle_finished(state),
        Action::Agreement => return super::team::open(state),
        Action::Team(a) => return super::team::update_team(state, a),
        Action::ShowCoder => return super::team::cycle_coder(state),
        Action::TeamLoaded(team) => super::team::loaded(state, team),
        Action::TeamFresh => super::team::fresh(state),
        Action::ConsensusLock(why) => super::team::lock_answer(state, why),
        Action::Paste(p) => return super::paste::paste(state, p),
        Action::Attributes => super::attributes::open(state),
        Action::AttributesEdit(a) => return super::attributes::update_attributes(state, a),
        Action::Quit => return quit(state),
    }
    Vec::new()
}

/// In a retest session the paragraph keys move through the sample. True when the
/// action was such a move.
fn retest_move(state: &mut State, action: &Action) -> bool {
    use super::retest;
    match action {
        Action::NextParagraph => retest::step(state, 1),
        Action::PrevParagraph => retest::step(state, -1),
        Action::PageDown => retest::step(state, page(state)),
        Action::PageUp => retest::step(state, -page(state)),
        Action::FirstParagraph => retest::end(state, false),
        Action::LastParagraph => retest::end(state, true),
        Action::NextUncoded if state.search.is_none() => retest::next_uncoded(state, true),
        Action::PrevUncoded if state.search.is_none() => retest::next_uncoded(state, false),
        Action::NextDocument => retest::switch_document(state, true),
        Action::PrevDocument => retest::switch_document(state, false),
        _ => return false,
    }
    true
}

fn step(state: &mut State, by: isize) {
    state.go_to(state.doc, state.para.saturating_add_signed(by));
}

/// Paragraphs per page: about a third of the screen's rows, as paragraphs take a
/// heading, a line or more of text and a gap.
fn page(state: &State) -> isize {
    isize::try_from(state.size.1 / 3).unwrap_or(1).max(1)
}

fn scroll_step(state: &State) -> usize {
    usize::from(state.size.1 / 2).max(1)
}

fn switch_document(state: &mut State, by: isize) {
    let n = state.project.documents.len();
    if n == 0 {
        return;
    }
    let doc = (state.doc as isize + by).rem_euclid(n as isize) as usize;
    let para = state.places.get(&doc).copied().unwrap_or(0);
    state.go_to(doc, para);
}

fn next_uncoded(state: &mut State, forward: bool) {
    let n_docs = state.project.documents.len();
    let mut doc = state.doc;
    let mut from = Some(state.para);
    for _ in 0..=n_docs {
        let len = state.project.documents[doc].len();
        let uncoded = |i: &usize| state.docs[doc].codes(*i).is_none();
        let found = if forward {
            let start = from.map_or(0, |p| p + 1);
            (start..len).find(uncoded)
        } else {
            let end = from.unwrap_or(len);
            (0..end).rev().find(uncoded)
        };
        if let Some(para) = found {
            state.go_to(doc, para);
            return;
        }
        doc = if forward {
            (doc + 1) % n_docs
        } else {
            (doc + n_docs - 1) % n_docs
        };
        from = None;
    }
    info(state, tr(state).ui_all_coded);
}

fn move_code_cursor(state: &mut State, by: isize) {
    let codable: Vec<usize> = (0..state.codebook.codes.len())
        .filter(|&i| state.codebook.codes[i].active())
        .collect();
    if codable.is_empty() {
        return;
    }
    let pos = codable
        .iter()
        .position(|&i| i == state.code_cursor)
        .unwrap_or(0);
    let next = (pos as isize + by).rem_euclid(codable.len() as isize) as usize;
    state.code_cursor = codable[next];
}

fn toggle(state: &mut State, code: usize) -> Vec<Effect> {
    if !super::retest::allows(state) {
        return Vec::new();
    }
    let Some(c) = state.codebook.codes.get(code) else {
        return Vec::new();
    };
    state.code_cursor = code;
    if !c.active() {
        let label = c.label.get(state.lang);
        let why = match (&c.merged_into, c.retired) {
            (Some(into), _) => fill(
                tr(state).ui_code_merged,
                &[("label", &label), ("into", &state.codebook.resolve(into))],
            ),
            (None, true) => fill(tr(state).ui_code_retired, &[("label", &label)]),
            _ => fill(tr(state).ui_code_heading, &[("label", &label)]),
        };
        warn(state, why);
        return Vec::new();
    }
    if let Some(why) = &state.docs[state.doc].readonly {
        warn(state, read_only(state, why));
        return Vec::new();
    }
    if state.para >= state.para_count() {
        warn(state, tr(state).ui_no_paragraphs.into());
        return Vec::new();
    }
    let id = c.id.clone();
    let before = state.docs[state.doc]
        .codes(state.para)
        .cloned()
        .unwrap_or_default();
    let mut after = before.clone();
    if !after.remove(&id) {
        let replaced: Vec<String> = state
            .codebook
            .exclusive_siblings(code)
            .into_iter()
            .map(|i| state.codebook.codes[i].id.clone())
            .filter(|sib| after.remove(sib))
            .collect();
        after.insert(id);
        if !replaced.is_empty() {
            let names: Vec<&str> = replaced
                .iter()
                .filter_map(|r| state.codebook.get(r))
                .map(|c| c.label.get(state.lang))
                .collect();
            let group = c
                .parent
                .map(|p| state.codebook.codes[p].label.get(state.lang))
                .unwrap_or_default();
            let text = fill(
                tr(state).ui_exclusive_replaced,
                &[
                    ("old", &names.join(", ")),
                    ("new", &c.label.get(state.lang)),
                    ("group", &group),
                ],
            );
            info(state, text);
        }
    }
    let edit = Edit {
        doc: state.doc,
        para: state.para,
        change: Change::Codes { before, after },
    };
    state.redo.clear();
    apply(state, &edit, false)
}

/// Makes the edit's `after` true (or its `before`, when undoing), and logs it.
pub(crate) fn apply(state: &mut State, edit: &Edit, reverse: bool) -> Vec<Effect> {
    let entry = super::audit::entry(state, edit, reverse, None);
    state.audit.push(entry);
    change(state, edit, reverse)
}

/// [`apply`] for undo and redo, logged as such.
fn replay(state: &mut State, edit: &Edit, reverse: bool) -> Vec<Effect> {
    let how = if reverse { "undo" } else { "redo" };
    let entry = super::audit::entry(state, edit, reverse, Some(how));
    state.audit.push(entry);
    change(state, edit, reverse)
}

fn change(state: &mut State, edit: &Edit, reverse: bool) -> Vec<Effect> {
    match &edit.change {
        Change::Codes { before, after } => {
            let codes = if reverse { before } else { after };
            let doc = &mut state.docs[edit.doc];
            let entry = doc.decisions.paragraphs.entry(edit.para).or_default();
            entry.codes = codes.clone();
            if entry.is_empty() {
                doc.decisions.paragraphs.remove(&edit.para);
            }
            doc.generation += 1;
            doc.save = SaveState::Saving;
        }
        Change::Memo { before, after } | Change::DocumentMemo { before, after } => {
            let text = if reverse { before } else { after };
            super::memo::set_memo(state, edit, &text.clone());
        }
        Change::Finished { before, after } => {
            let doc = &mut state.docs[edit.doc];
            doc.decisions.finished = if reverse { *before } else { *after };
            doc.generation += 1;
            doc.save = SaveState::Saving;
        }
        Change::Settle { before, after } => {
            let decision = if reverse { before } else { after };
            let Some(doc) = state
                .team
                .as_deref_mut()
                .and_then(|t| t.settled.get_mut(edit.doc))
            else {
                return Vec::new();
            };
            if decision.is_empty() {
                doc.decisions.paragraphs.remove(&edit.para);
            } else {
                doc.decisions.paragraphs.insert(edit.para, decision.clone());
            }
            doc.generation += 1;
            doc.save = SaveState::Saving;
        }
        Change::Review(rc) => super::review::change(state, edit, rc, reverse),
    }
    let history = if reverse {
        &mut state.redo
    } else {
        &mut state.undo
    };
    history.push(edit.clone());
    match edit.change {
        Change::Settle { .. } => vec![Effect::SaveConsensus(edit.doc)],
        _ => vec![Effect::Save(edit.doc)],
    }
}

fn undo(state: &mut State) -> Vec<Effect> {
    let Some(edit) = state.undo.pop() else {
        info(state, tr(state).ui_nothing_to_undo);
        return Vec::new();
    };
    if let Some(why) = readonly_for(state, &edit) {
        state.undo.push(edit);
        warn(state, read_only(state, &why));
        return Vec::new();
    }
    let what = describe(state, &edit, true);
    let effects = replay(state, &edit, true);
    arrive(state, &edit);
    super::review::follow(state, &edit, true);
    info(state, fill(tr(state).ui_undone, &[("what", &what)]));
    effects
}

/// Why an edit cannot be undone or redone now: its document (or, for a settlement,
/// the consensus coder's sidecars) is read-only.
fn readonly_for(state: &State, edit: &Edit) -> Option<String> {
    match edit.change {
        Change::Settle { .. } => state.team.as_deref().and_then(|t| t.readonly.clone()),
        _ => state.docs[edit.doc].readonly.clone(),
    }
}

/// After undo or redo: show where the change was (in the queue of disagreements for
/// a settlement, in the transcript otherwise).
fn arrive(state: &mut State, edit: &Edit) {
    match (&edit.change, &state.mode) {
        (Change::Settle { .. }, Mode::Settle(_)) => {
            super::team::follow(state, edit.doc, edit.para);
        }
        _ => state.go_to(edit.doc, edit.para),
    }
}

fn redo(state: &mut State) -> Vec<Effect> {
    let Some(edit) = state.redo.pop() else {
        info(state, tr(state).ui_nothing_to_redo);
        return Vec::new();
    };
    if let Some(why) = readonly_for(state, &edit) {
        state.redo.push(edit);
        warn(state, read_only(state, &why));
        return Vec::new();
    }
    let what = describe(state, &edit, false);
    let effects = replay(state, &edit, false);
    arrive(state, &edit);
    super::review::follow(state, &edit, false);
    info(state, fill(tr(state).ui_redone, &[("what", &what)]));
    effects
}

/// What an edit changes, going forward (or back when `reverse`).
fn describe(state: &State, edit: &Edit, reverse: bool) -> String {
    let t = tr(state);
    match &edit.change {
        Change::Codes { before, after } => {
            let (from, to) = if reverse {
                (after, before)
            } else {
                (before, after)
            };
            describe_codes(state, from, to, edit.para)
        }
        Change::Memo { .. } => fill(t.ui_did_memo, &[("n", &(edit.para + 1))]),
        Change::DocumentMemo { .. } => t.ui_did_document_memo.to_owned(),
        Change::Finished { before, after } => {
            let now = if reverse { before } else { after };
            let name = &state.project.documents[edit.doc].name;
            let text = if *now {
                t.ui_did_finish
            } else {
                t.ui_did_unfinish
            };
            fill(text, &[("name", name)])
        }
        Change::Settle { before, after } => {
            let (from, to) = if reverse {
                (after, before)
            } else {
                (before, after)
            };
            let name = &state.project.documents[edit.doc].name;
            let codes = describe_codes(state, &from.codes, &to.codes, edit.para);
            let text = if to.is_empty() {
                t.ui_did_unsettle
            } else {
                t.ui_did_settle
            };
            fill(text, &[("codes", &codes), ("name", name)])
        }
        Change::Review(rc) => fill(t.ui_did_review, &[("note", &rc.said)]),
    }
}

/// "+Kontak −Keterlibatan on ¶12": what changed going from `from` to `to`.
fn describe_codes(
    state: &State,
    from: &BTreeSet<String>,
    to: &BTreeSet<String>,
    para: usize,
) -> String {
    let label = |id: &String| {
        state
            .codebook
            .get(id)
            .map_or(id.as_str(), |c| c.label.get(state.lang))
            .to_owned()
    };
    let mut parts: Vec<String> = to
        .difference(from)
        .map(|id| format!("+{}", label(id)))
        .collect();
    parts.extend(from.difference(to).map(|id| format!("−{}", label(id))));
    if parts.is_empty() {
        parts.push(tr(state).ui_did_no_change.into());
    }
    fill(
        tr(state).ui_did_codes,
        &[("codes", &parts.join(" ")), ("n", &(para + 1))],
    )
}

fn picker_edit(state: &mut State, f: impl FnOnce(&mut String)) {
    if let Mode::Picker(p) = &mut state.mode {
        f(&mut p.query);
        p.selected = 0;
    }
}

fn picker_backspace(state: &mut State) {
    if let Mode::Picker(p) = &mut state.mode {
        if p.query.pop().is_none() {
            state.mode = Mode::Coding;
        } else {
            p.selected = 0;
        }
    }
}

fn picker_move(state: &mut State, by: isize) {
    let n = match &state.mode {
        Mode::Picker(p) => picker::filter(&state.codebook, &p.query).len(),
        _ => return,
    };
    if let Mode::Picker(p) = &mut state.mode {
        p.selected = p
            .selected
            .saturating_add_signed(by)
            .min(n.saturating_sub(1));
    }
}

fn picker_accept(state: &mut State) -> Vec<Effect> {
    let Mode::Picker(p) = &state.mode else {
        return Vec::new();
    };
    let chosen = picker::filter(&state.codebook, &p.query)
        .get(p.selected)
        .copied();
    state.mode = Mode::Coding;
    match chosen {
        Some(code) => toggle(state, code),
        None => {
            info(state, tr(state).ui_no_code_matches);
            Vec::new()
        }
    }
}

fn saved(state: &mut State, outcome: Outcome) -> Vec<Effect> {
    if outcome.target == Target::Codebook {
        return super::codebook_sync::saved(state, outcome);
    }
    if outcome.target == Target::Project {
        return super::attributes::saved(state, outcome);
    }
    if outcome.target == Target::Log {
        match outcome.result {
            Err(why) => {
                let text = fill(tr(state).ui_audit_failed, &[("why", &why)]);
                warn(state, text);
            }
            Ok(()) => info(state, tr(state).ui_audit_again),
        }
        return Vec::new();
    }
    if let Target::Consensus(doc) = outcome.target {
        consensus_saved(state, doc, outcome);
        return Vec::new();
    }
    let Target::Sidecar(doc) = outcome.target else {
        return Vec::new();
    };
    let Some(d) = state.docs.get_mut(doc) else {
        return Vec::new();
    };
    match outcome.result {
        Err(why) => d.save = SaveState::Failed(why),
        Ok(()) if outcome.generation == d.generation => d.save = SaveState::Saved,
        Ok(()) => {}
    }
    if let Some(copy) = outcome.conflict {
        let name = copy
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        d.conflict = Some(copy);
        let key = state.keymap.key_label("load_other_version");
        let text = fill(
            tr(state).ui_sidecar_conflict,
            &[
                ("doc", &state.project.documents[doc].name),
                ("name", &name),
                ("key", &key),
            ],
        );
        state.notes.push(text.clone());
        warn(state, text);
    }
    Vec::new()
}

/// A consensus sidecar's write finished.
fn consensus_saved(state: &mut State, doc: usize, outcome: Outcome) {
    let t = tr(state);
    let Some(d) = state
        .team
        .as_deref_mut()
        .and_then(|t| t.settled.get_mut(doc))
    else {
        return;
    };
    match outcome.result {
        Err(why) => d.save = SaveState::Failed(fill(t.ui_consensus_failed, &[("why", &why)])),
        Ok(()) if outcome.generation == d.generation => d.save = SaveState::Saved,
        Ok(()) => {}
    }
    if let Some(copy) = outcome.conflict {
        let text = fill(
            tr(state).ui_consensus_conflict,
            &[
                ("doc", &state.project.documents[doc].name),
                ("name", &copy.display()),
            ],
        );
        state.notes.push(text.clone());
        warn(state, text);
    }
}

/// Loads the other version of this document's sidecar, else of the codebook.
fn load_other_version(state: &mut State) -> Vec<Effect> {
    if state.docs[state.doc].conflict.is_some() {
        return vec![Effect::LoadConflict(state.doc)];
    }
    if state.book_conflict.is_some() {
        return vec![Effect::LoadCodebookConflict];
    }
    info(state, tr(state).ui_no_other_version);
    Vec::new()
}

fn replace(
    state: &mut State,
    doc: usize,
    decisions: crate::core::coding::sidecar::Decisions,
    note: String,
) -> Vec<Effect> {
    let entry = super::audit::note(&state.project, &state.coder, doc, None, "load-version");
    state.audit.push(entry);
    let d = &mut state.docs[doc];
    d.decisions = decisions;
    d.conflict = None;
    d.moved_from.clear();
    d.generation += 1;
    d.save = SaveState::Saving;
    state.undo.retain(|e| e.doc != doc);
    state.redo.retain(|e| e.doc != doc);
    info(state, note);
    vec![Effect::Save(doc)]
}

fn quit(state: &mut State) -> Vec<Effect> {
    if let SaveState::Failed(why) = state.save_summary()
        && !state.quit_armed
    {
        state.quit_armed = true;
        let text = fill(tr(state).ui_quit_unsaved, &[("why", &why)]);
        warn(state, text);
        return Vec::new();
    }
    vec![Effect::Quit]
}

/// The interface's words in the language the screen shows now.
pub(crate) fn tr(state: &State) -> &'static crate::i18n::Strings {
    crate::i18n::strings(state.lang)
}

/// "Read-only: why", for a change refused on a read-only document.
pub(crate) fn read_only(state: &State, why: &str) -> String {
    fill(tr(state).ui_read_only, &[("why", &why)])
}

pub(crate) fn info(state: &mut State, text: impl Into<String>) {
    state.message = Some(Message {
        text: text.into(),
        warning: false,
    });
}

pub(crate) fn warn(state: &mut State, text: String) {
    state.message = Some(Message {
        text,
        warning: true,
    });
}
