//! Coding as a team in the coding screen: the finished mark, the agreement view (this
//! coder against the others, or two chosen coders), and the queue of disagreements,
//! settled into the consensus coder's sidecars.
//!
//! Blind by default: other coders' sidecars are read only when the agreement view
//! first opens, and the view and the queue show only documents this coder has marked
//! finished (`"blind": false` in project.json lifts that).

use super::state::{Change, DocState, Edit, Effect, Mode, State};
use super::update::{apply, info, tr, warn};
use crate::core::analysis::agreement::Agreement;
use crate::core::coding::sidecar::{Decisions, ParagraphDecision};
use crate::i18n::fill;
use std::collections::BTreeSet;

/// The other coders' work, and the consensus coder's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Team {
    /// The consensus coder's name (project.json), whose sidecars hold what was settled.
    pub consensus: String,
    /// Every other coder with a sidecar (not this coder, not the consensus coder).
    pub coders: Vec<String>,
    /// Their decisions: `decisions[coder][document]`, None without a sidecar.
    pub decisions: Vec<Vec<Option<Decisions>>>,
    /// Sidecars that could not be read (their documents are not compared).
    pub problems: Vec<String>,
    /// The consensus coder's decisions and save states, per document.
    pub settled: Vec<DocState>,
    /// Why nothing can be settled here (another tandai holds the consensus coder's
    /// lock), if so.
    pub readonly: Option<String>,
}

/// Which coders the agreement view compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pair {
    /// This coder against every other coder.
    Everyone,
    /// Two coders: 0 is this coder, then [`Team::coders`] from 1.
    Two(usize, usize),
}

/// The agreement view.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementView {
    pub pair: Pair,
    /// The comparison, or why there is nothing to compare.
    pub result: Result<Agreement, String>,
    /// First row shown.
    pub scroll: usize,
}

/// The queue of paragraphs where the compared coders disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    pub pair: Pair,
    /// The compared coders: 0 is this coder, then [`Team::coders`] from 1.
    pub coders: Vec<usize>,
    /// Every disagreement, settled or not: (document, paragraph), in project order.
    pub items: Vec<(usize, usize)>,
    /// The item shown (an index into `items`).
    pub selected: usize,
    /// Show settled items too, to revisit them.
    pub show_settled: bool,
    /// Coding the consensus by hand: code keys toggle codes.
    pub by_hand: bool,
}

/// What the keys of the agreement view and the queue do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamAction {
    /// Scroll the agreement table.
    Scroll(isize),
    /// Compare with the next (or previous) choice of coders.
    NextPair,
    PrevPair,
    /// Open the queue of disagreements.
    OpenQueue,
    /// Close the agreement view.
    Close,
    /// Move in the queue.
    Move(isize),
    /// Settle the paragraph with the codes of compared coder N (0: the first).
    Take(usize),
    /// Settle with every code any compared coder applied.
    Union,
    /// Settle with the codes every compared coder applied.
    Intersection,
    /// Settle as "none of the codes".
    NoCode,
    /// Start or end coding the consensus by hand.
    ByHand,
    /// Toggle code N of the codebook on the consensus (by hand).
    HandToggle(usize),
    /// Show or hide settled paragraphs.
    ShowSettled,
    /// Back from the queue to the agreement view.
    Back,
}

impl Team {
    /// The name of coder `i`: 0 is `me`, then the others.
    pub fn name<'a>(&'a self, me: &'a str, i: usize) -> &'a str {
        if i == 0 {
            me
        } else {
            self.coders.get(i - 1).map_or("?", String::as_str)
        }
    }

    /// Whether the consensus has a decision on this paragraph.
    pub fn is_settled(&self, doc: usize, para: usize) -> bool {
        self.settled
            .get(doc)
            .and_then(|d| d.decisions.paragraphs.get(&para))
            .is_some_and(|p| p.settled || !p.codes.is_empty())
    }
}

/// Marks the current document finished, or takes the mark back.
pub fn toggle_finished(state: &mut State) -> Vec<Effect> {
    let doc = state.doc;
    if let Some(why) = &state.docs[doc].readonly {
        warn(state, crate::app::update::read_only(state, why));
        return Vec::new();
    }
    let before = state.docs[doc].decisions.finished;
    let edit = Edit {
        doc,
        para: state.para,
        change: Change::Finished {
            before,
            after: !before,
        },
    };
    state.redo.clear();
    let key = state.keymap.key_label("finish_document");
    let name = state.project.documents[doc].name.clone();
    let t = tr(state);
    let text = if before {
        t.ui_team_unfinished
    } else {
        t.ui_team_finished
    };
    info(state, fill(text, &[("name", &name), ("key", &key)]));
    apply(state, &edit, false)
}

/// In a retest session nobody's codings show, not even the first coding of this
/// coder: the retest is blind. True (with a message) when refused.
fn refuse_in_retest(state: &mut State) -> bool {
    let Some(r) = &state.retest else {
        return false;
    };
    let text = fill(
        tr(state).ui_team_retest,
        &[("first", &r.of), ("coder", &state.coder)],
    );
    warn(state, text);
    true
}

/// Blind coding with no document finished yet: nothing of the other coders may show.
/// True (with a message) when refused.
fn refuse_blind(state: &mut State) -> bool {
    if !state.project.blind() || state.docs.iter().any(|d| d.decisions.finished) {
        return false;
    }
    let key = state.keymap.key_label("finish_document");
    warn(state, fill(tr(state).ui_team_blind, &[("key", &key)]));
    true
}

/// Opens the agreement view, loading the team's sidecars the first time.
pub fn open(state: &mut State) -> Vec<Effect> {
    if refuse_in_retest(state) {
        return Vec::new();
    }
    let consensus = state.project.consensus_coder().to_owned();
    if state.coder == consensus {
        let text = fill(tr(state).ui_team_as_consensus, &[("consensus", &consensus)]);
        warn(state, text);
        return Vec::new();
    }
    if refuse_blind(state) {
        return Vec::new();
    }
    if state.team.is_none() {
        return vec![Effect::LoadTeam];
    }
    // Read again what changed since (a git pull, a coder still coding here).
    vec![Effect::RefreshTeam]
}

/// The team's sidecars are as they were read: open the view.
pub fn fresh(state: &mut State) {
    if std::mem::take(&mut state.after_team) {
        cycle_coder(state);
    } else {
        show(state, Pair::Everyone);
    }
}

/// The answer to taking the consensus coder's lock as the queue opened.
pub fn lock_answer(state: &mut State, why: Option<String>) {
    if let Some(team) = state.team.as_deref_mut() {
        team.readonly.clone_from(&why);
    }
    if let Some(why) = why {
        warn(state, crate::app::update::read_only(state, &why));
    }
}

/// The team's sidecars have been read: open the view (or go on showing another
/// coder's codings, when that asked for them).
pub fn loaded(state: &mut State, team: Box<Team>) {
    let problems = team.problems.len();
    state.team = Some(team);
    state.agreement_cache = None;
    state.queue_cache = None;
    if std::mem::take(&mut state.after_team) {
        cycle_coder(state);
    } else {
        show(state, Pair::Everyone);
    }
    if problems > 0 {
        warn(
            state,
            fill(tr(state).ui_team_unreadable, &[("n", &problems)]),
        );
    }
}

/// The disagreements last found, with the key of what they were found from.
pub type QueueCache = (
    (Pair, crate::core::codebook::Lang, u64),
    Vec<(usize, usize)>,
);

/// What the disagreements found depend on besides the team's sidecars (read once):
/// the coders compared, the language of labels, and this coder's decisions (each
/// change counts up its document's generation).
fn cache_key(state: &State, pair: Pair) -> (Pair, crate::core::codebook::Lang, u64) {
    let generations = state.docs.iter().map(|d| d.generation).sum::<u64>();
    (pair, state.lang, generations + state.book_generation)
}

/// Shows the agreement view for `pair`; computed again only when something it
/// depends on changed, and then only for the documents changed when it can be.
fn show(state: &mut State, pair: Pair) {
    let result = super::team_agreement::result(state, pair);
    state.mode = Mode::Agreement(Box::new(AgreementView {
        pair,
        result,
        scroll: 0,
    }));
}

/// The coders compared, as indices (0: this coder).
pub fn compared(team: &Team, pair: Pair) -> Vec<usize> {
    match pair {
        Pair::Everyone => (0..=team.coders.len()).collect(),
        Pair::Two(a, b) => vec![a, b],
    }
}

/// Applies a key of the agreement view or the queue.
pub fn update_team(state: &mut State, a: TeamAction) -> Vec<Effect> {
    match (&mut state.mode, a) {
        (Mode::Agreement(v), TeamAction::Scroll(by)) => {
            v.scroll = v.scroll.saturating_add_signed(by);
        }
        (Mode::Agreement(v), TeamAction::NextPair | TeamAction::PrevPair) => {
            let forward = a == TeamAction::NextPair;
            let pair = next_pair(state.team.as_deref(), v.pair, forward);
            show(state, pair);
        }
        (Mode::Agreement(v), TeamAction::OpenQueue) => {
            let pair = v.pair;
            open_queue(state, pair);
            if matches!(state.mode, Mode::Settle(_)) {
                return vec![Effect::LockConsensus];
            }
        }
        (Mode::Agreement(_), TeamAction::Close) => state.mode = Mode::Coding,
        (Mode::Settle(q), TeamAction::Back) => {
            let pair = q.pair;
            show(state, pair);
            return vec![Effect::UnlockConsensus];
        }
        (Mode::Settle(q), TeamAction::Move(by)) => {
            let at = q.selected;
            move_in_queue(state, by, at);
        }
        (Mode::Settle(q), TeamAction::ShowSettled) => {
            q.show_settled = !q.show_settled;
            let shown = q.show_settled;
            let at = q.selected;
            let t = tr(state);
            info(
                state,
                if shown {
                    t.ui_team_settled_shown
                } else {
                    t.ui_team_settled_hidden
                },
            );
            move_in_queue(state, 0, at);
        }
        (Mode::Settle(q), TeamAction::ByHand) => {
            q.by_hand = !q.by_hand;
            if q.by_hand {
                info(state, tr(state).ui_settle_by_hand);
            }
        }
        (Mode::Settle(_), action) => return settle_key(state, action),
        _ => {}
    }
    Vec::new()
}

/// The choice of coders after (or before) `pair`: everyone, then this coder with
/// each other coder, then each pair of other coders.
fn next_pair(team: Option<&Team>, pair: Pair, forward: bool) -> Pair {
    let n = team.map_or(0, |t| t.coders.len()) + 1;
    let mut all = vec![Pair::Everyone];
    for a in 0..n {
        for b in a + 1..n {
            all.push(Pair::Two(a, b));
        }
    }
    let at = all.iter().position(|p| *p == pair).unwrap_or(0);
    let len = all.len();
    let next = if forward { at + 1 } else { at + len - 1 };
    all[next % len]
}

/// Opens the queue of disagreements among the coders of `pair`.
fn open_queue(state: &mut State, pair: Pair) {
    let Some(team) = state.team.as_deref() else {
        return;
    };
    let Mode::Agreement(view) = &state.mode else {
        return;
    };
    let Ok(result) = &view.result else {
        warn(state, tr(state).ui_team_nothing_compared.into());
        return;
    };
    let coders = compared(team, pair);
    let key = cache_key(state, pair);
    let items = match &state.queue_cache {
        Some((k, items)) if *k == key => items.clone(),
        _ => {
            let by_name = state.project.index_by_name();
            let mut items = Vec::new();
            for (name, _) in &result.included {
                if let Some(&doc) = by_name.get(name.as_str()) {
                    items.extend(disagreements(state, team, &coders, doc));
                }
            }
            state.queue_cache = Some((key, items.clone()));
            items
        }
    };
    let Some(team) = state.team.as_deref() else {
        return;
    };
    if items.is_empty() {
        info(state, tr(state).ui_team_all_agree);
        return;
    }
    let mut queue = Queue {
        pair,
        coders,
        items,
        selected: 0,
        show_settled: false,
        by_hand: false,
    };
    queue.selected = first_visible(team, &queue, 0, 1).unwrap_or(0);
    let all_settled = queue.items.iter().all(|&(d, p)| team.is_settled(d, p));
    if all_settled {
        queue.show_settled = true;
    }
    state.mode = Mode::Settle(Box::new(queue));
    if all_settled {
        info(state, tr(state).ui_team_all_settled);
    }
}

/// The paragraphs of document `doc` where the coders' codes (merged codes resolved)
/// differ.
fn disagreements(state: &State, team: &Team, coders: &[usize], doc: usize) -> Vec<(usize, usize)> {
    let decisions: Vec<Option<&Decisions>> = coders
        .iter()
        .map(|&i| decisions_of(state, team, i, doc))
        .collect();
    let paragraphs: BTreeSet<usize> = decisions
        .iter()
        .flatten()
        .flat_map(|d| d.paragraphs.keys().copied())
        .collect();
    paragraphs
        .into_iter()
        .filter(|&p| {
            let mut sets = decisions.iter().map(|d| resolved(state, *d, p));
            let first = sets.next().unwrap_or_default();
            sets.any(|s| s != first)
        })
        .map(|p| (doc, p))
        .collect()
}

/// Coder `i`'s decisions on document `doc` (0: this coder).
pub fn decisions_of<'a>(
    state: &'a State,
    team: &'a Team,
    i: usize,
    doc: usize,
) -> Option<&'a Decisions> {
    if i == 0 {
        state.docs.get(doc).map(|d| &d.decisions)
    } else {
        team.decisions.get(i - 1)?.get(doc)?.as_ref()
    }
}

/// The codes on a paragraph with merged codes resolved.
pub fn resolved(state: &State, d: Option<&Decisions>, para: usize) -> BTreeSet<String> {
    d.and_then(|d| d.paragraphs.get(&para))
        .map(|p| {
            p.codes
                .iter()
                .map(|c| state.codebook.resolve(c).to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether item `i` of the queue is listed (settled items only when shown).
fn visible(team: &Team, q: &Queue, i: usize) -> bool {
    q.show_settled || !q.items.get(i).is_some_and(|&(d, p)| team.is_settled(d, p))
}

/// The first listed item from `from` going in `step` (1 or -1), if any.
fn first_visible(team: &Team, q: &Queue, from: usize, step: isize) -> Option<usize> {
    let mut i = from;
    loop {
        if i < q.items.len() && visible(team, q, i) {
            return Some(i);
        }
        i = i.checked_add_signed(step).filter(|&j| j < q.items.len())?;
    }
}

/// Moves the queue's selection by `by` listed items from `at` (0: the nearest listed
/// item at or after `at`, else before it).
fn move_in_queue(state: &mut State, by: isize, at: usize) {
    let (Some(team), Mode::Settle(q)) = (state.team.as_deref(), &mut state.mode) else {
        return;
    };
    let step = if by < 0 { -1 } else { 1 };
    let mut target = first_visible(team, q, at, 1).or_else(|| first_visible(team, q, at, -1));
    let mut left = by.unsigned_abs();
    while left > 0 {
        let Some(t) = target else { break };
        let Some(next) = t
            .checked_add_signed(step)
            .and_then(|n| first_visible(team, q, n, step))
        else {
            break;
        };
        target = Some(next);
        left -= 1;
    }
    if let Some(t) = target {
        q.selected = t;
    }
}

/// How many of the queue's disagreements are settled.
pub fn settled_count(team: &Team, q: &Queue) -> usize {
    q.items
        .iter()
        .filter(|&&(d, p)| team.is_settled(d, p))
        .count()
}

/// The keys that settle a paragraph.
fn settle_key(state: &mut State, action: TeamAction) -> Vec<Effect> {
    let (Some(team), Mode::Settle(q)) = (state.team.as_deref(), &state.mode) else {
        return Vec::new();
    };
    let Some(&(doc, para)) = q.items.get(q.selected) else {
        return Vec::new();
    };
    // The consensus sidecar of this document may be unreadable (git's conflict
    // markers after two people settled in two clones): never written over.
    let readonly = team
        .readonly
        .as_ref()
        .or(team.settled[doc].readonly.as_ref());
    if let Some(why) = readonly {
        let why = why.clone();
        warn(state, crate::app::update::read_only(state, &why));
        return Vec::new();
    }
    let sets: Vec<BTreeSet<String>> = q
        .coders
        .iter()
        .map(|&i| resolved(state, decisions_of(state, team, i, doc), para))
        .collect();
    let current = team.settled[doc]
        .decisions
        .paragraphs
        .get(&para)
        .map(|p| p.codes.clone())
        .unwrap_or_default();
    let t = tr(state);
    let (codes, how) = match action {
        TeamAction::Take(k) => match (sets.get(k), q.coders.get(k)) {
            (Some(s), Some(&i)) => {
                let who = team.name(&state.coder, i);
                (s.clone(), fill(t.ui_how_take, &[("who", &who)]))
            }
            _ => return Vec::new(),
        },
        TeamAction::Union => {
            let all: BTreeSet<String> = sets.iter().flatten().cloned().collect();
            if let Some(why) = exclusive_clash(state, &all) {
                warn(state, why);
                return Vec::new();
            }
            (all, t.ui_how_union.into())
        }
        TeamAction::Intersection => {
            let mut all = sets.first().cloned().unwrap_or_default();
            for s in &sets[1..] {
                all = all.intersection(s).cloned().collect();
            }
            (all, t.ui_how_intersection.into())
        }
        TeamAction::NoCode => (BTreeSet::new(), t.ui_how_none.into()),
        TeamAction::HandToggle(code) => match hand_toggle(state, current, code) {
            Some(codes) => (codes, t.ui_how_by_hand.into()),
            None => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    settle(state, doc, para, codes, &how)
}

/// Why `codes` cannot be one paragraph's codes: two of them in one exclusive group
/// (the coders chose different stages), or None.
fn exclusive_clash(state: &State, codes: &BTreeSet<String>) -> Option<String> {
    let book = &state.codebook;
    codes.iter().find_map(|id| {
        let i = book.index_of(id)?;
        let other = book
            .exclusive_siblings(i)
            .into_iter()
            .find(|&s| codes.contains(&book.codes[s].id))?;
        let label = |k: usize| book.codes[k].label.get(state.lang).to_owned();
        Some(fill(
            tr(state).ui_team_union_clash,
            &[("a", &label(i)), ("b", &label(other))],
        ))
    })
}

/// The consensus codes after toggling code `code` by hand (an exclusive group keeps
/// one of its codes), or None when that code cannot be applied.
fn hand_toggle(
    state: &mut State,
    mut codes: BTreeSet<String>,
    code: usize,
) -> Option<BTreeSet<String>> {
    let c = state.codebook.codes.get(code)?;
    if !c.active() {
        let label = c.label.get(state.lang).to_owned();
        warn(
            state,
            fill(tr(state).ui_team_inactive, &[("label", &label)]),
        );
        return None;
    }
    let id = c.id.clone();
    if !codes.remove(&id) {
        for sib in state.codebook.exclusive_siblings(code) {
            codes.remove(&state.codebook.codes[sib].id);
        }
        codes.insert(id);
    }
    Some(codes)
}

/// Writes the consensus decision on a paragraph (undoable like any change).
fn settle(
    state: &mut State,
    doc: usize,
    para: usize,
    codes: BTreeSet<String>,
    how: &str,
) -> Vec<Effect> {
    let Some(team) = state.team.as_deref() else {
        return Vec::new();
    };
    let before = team.settled[doc]
        .decisions
        .paragraphs
        .get(&para)
        .cloned()
        .unwrap_or_default();
    let after = ParagraphDecision {
        codes,
        settled: true,
        review: false,
        memo: before.memo.clone(),
    };
    let by_hand = matches!(&state.mode, Mode::Settle(q) if q.by_hand);
    let edit = Edit {
        doc,
        para,
        change: Change::Settle { before, after },
    };
    state.redo.clear();
    let effects = apply(state, &edit, false);
    let name = &state.project.documents[doc].name;
    let (done, total) = match (state.team.as_deref(), &state.mode) {
        (Some(t), Mode::Settle(q)) => (settled_count(t, q), q.items.len()),
        _ => (0, 0),
    };
    let text = fill(
        tr(state).ui_team_settled,
        &[
            ("name", name),
            ("para", &(para + 1)),
            ("how", &how),
            ("n", &done),
            ("total", &total),
        ],
    );
    info(state, text);
    if !by_hand && let Mode::Settle(q) = &state.mode {
        let at = q.selected;
        move_in_queue(state, 0, at);
    }
    effects
}

/// After undo or redo of a settlement in the queue: show that paragraph (or, when it
/// is settled again and settled items are hidden, the next one).
pub fn follow(state: &mut State, doc: usize, para: usize) {
    let at = match &state.mode {
        Mode::Settle(q) => q.items.iter().position(|&x| x == (doc, para)),
        _ => None,
    };
    if let Some(at) = at {
        move_in_queue(state, 0, at);
    }
}

/// Whose codings retrieval and the overview show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Whose {
    /// This coder's (the default; needs nobody else's sidecars).
    #[default]
    Me,
    /// Another coder's: an index into [`Team::coders`] from 1.
    Coder(usize),
    /// Everyone's, this coder's included.
    All,
}

impl Whose {
    /// The next choice: this coder, each other coder, all, then this coder again.
    fn next(self, team: &Team) -> Whose {
        match self {
            Whose::Me if team.coders.is_empty() => Whose::Me,
            Whose::Me => Whose::Coder(1),
            Whose::Coder(i) if i < team.coders.len() => Whose::Coder(i + 1),
            Whose::Coder(_) => Whose::All,
            Whose::All => Whose::Me,
        }
    }

    /// "ana" (this coder), "budi", "all coders".
    pub fn label(self, state: &State) -> String {
        match (self, state.team.as_deref()) {
            (Whose::Me, _) => state.coder.clone(),
            (Whose::Coder(i), Some(t)) => t.name(&state.coder, i).to_owned(),
            (Whose::Coder(_), None) => "?".into(),
            (Whose::All, _) => crate::i18n::strings(state.lang).ui_all_coders.into(),
        }
    }
}

/// The decisions `whose` stands for, per document: (document, coder name,
/// decisions). Other coders' only on documents this coder has finished, when coding
/// blind.
pub fn sources(state: &State, whose: Whose) -> Vec<(usize, &str, &Decisions)> {
    let blind = state.project.blind();
    let mut out = Vec::new();
    for (d, mine) in state.docs.iter().enumerate() {
        if matches!(whose, Whose::Me | Whose::All) {
            out.push((d, state.coder.as_str(), &mine.decisions));
        }
        let Some(team) = state.team.as_deref() else {
            continue;
        };
        if blind && !mine.decisions.finished {
            continue;
        }
        let others: Vec<usize> = match whose {
            Whose::Me => Vec::new(),
            Whose::Coder(i) => vec![i],
            Whose::All => (1..=team.coders.len()).collect(),
        };
        for i in others {
            if let Some(dec) = team.decisions.get(i - 1).and_then(|c| c.get(d)?.as_ref()) {
                out.push((d, team.name(&state.coder, i), dec));
            }
        }
    }
    out
}

/// The codes on a paragraph for `whose`: every visible coder's, together.
pub fn codes_for(state: &State, whose: Whose, doc: usize, para: usize) -> BTreeSet<String> {
    sources(state, whose)
        .into_iter()
        .filter(|(d, _, _)| *d == doc)
        .filter_map(|(_, _, dec)| dec.paragraphs.get(&para))
        .flat_map(|p| p.codes.iter().cloned())
        .collect()
}

/// The key in retrieval and the overview that shows another coder's codings (or
/// everyone's), loading the team's sidecars the first time.
pub fn cycle_coder(state: &mut State) -> Vec<Effect> {
    if refuse_in_retest(state) {
        return Vec::new();
    }
    if refuse_blind(state) {
        return Vec::new();
    }
    let Some(team) = state.team.as_deref() else {
        state.after_team = true;
        return vec![Effect::LoadTeam];
    };
    let current = match &state.mode {
        Mode::Retrieve => state.retrieval.as_ref().map_or(Whose::Me, |r| r.whose),
        Mode::Overview(o) => o.whose,
        _ => return Vec::new(),
    };
    let next = current.next(team);
    if next == current {
        info(state, tr(state).ui_team_no_other);
        return Vec::new();
    }
    match &state.mode {
        Mode::Retrieve => super::retrieve::show_whose(state, next),
        Mode::Overview(_) => super::overview::show_whose(state, next),
        _ => {}
    }
    let t = tr(state);
    let text = match next {
        Whose::Me => t.ui_team_showing_mine.to_owned(),
        _ if state.project.blind() => fill(t.ui_team_showing_blind, &[("who", &next.label(state))]),
        _ => fill(t.ui_team_showing, &[("who", &next.label(state))]),
    };
    info(state, text);
    Vec::new()
}
