//! Opening the coding screen (`tandai [PATH]`, and `tandai retest` on a sample):
//! everything fallible is loaded and checked before the terminal is taken; edits an
//! earlier session could not save are offered; the ending is reported.

use super::first_run::{load_keymap, prompt, resolve_codebook, resolve_coder, say};
use super::{out, tr};
use crate::Open;
use color_eyre::eyre::{Result, eyre};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tandai::app::State;
use tandai::core::coding::saver::Saver;
use tandai::core::coding::sidecar::SidecarFile;
use tandai::core::config::{Config, Dirs};
use tandai::core::project::Project;
use tandai::core::{coding::lock, coding::recovery, coding::sidecar, coding::store};
use tandai::i18n::{count, fill};
use tandai::tui::{self, Ending, Persister};

/// A test-retest session: the sampled paragraphs (document file name, paragraph
/// number from 1) and the coder they were sampled from.
pub(crate) struct RetestPlan {
    pub units: Vec<(String, usize)>,
    pub of: String,
}

/// The coder name in force: `--coder`, else the config's, else asked (first run).
pub(crate) fn coder_for(flag: Option<&str>) -> Result<String> {
    let dirs = Dirs::locate()
        .ok_or_else(|| eyre!("cannot find a home folder for tandai's config (is HOME set?)"))?;
    let config = Config::load(&dirs.config_file()).map_err(|e| eyre!(e))?;
    resolve_coder(flag, &config, &dirs)
}

/// Opens the coding screen; with a retest plan, only its paragraphs can be coded.
pub(crate) fn start_with(cli: Open, retest: Option<RetestPlan>) -> Result<ExitCode> {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if dumb && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        out::warn(tr().ui_start_dumb);
        return Ok(ExitCode::from(2));
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        out::warn(tr().ui_start_no_terminal);
        return Ok(ExitCode::from(2));
    }
    let dirs = Dirs::locate()
        .ok_or_else(|| eyre!("cannot find a home folder for tandai's config (is HOME set?)"))?;
    let config = Config::load(&dirs.config_file()).map_err(|e| eyre!(e))?;
    let lang = tandai::i18n::choose(cli.lang.map(Into::into), config.lang.as_deref(), |k| {
        std::env::var(k).ok()
    })
    .map_err(|e| eyre!("{}: lang: {e}", dirs.config_file().display()))?;
    // Listed only: the document on screen is read before the first frame, the others
    // in the background (tui::loading).
    let project = Project::list(&cli.path, cli.follow_links)?;
    let coder = resolve_coder(cli.coder.as_deref(), &config, &dirs)?;
    let (mut codebook, codebook_path) = resolve_codebook(&cli, &project)?;
    let keymap = load_keymap(&dirs)?;
    codebook.assign_keys(&keymap.reserved_chars());
    let mut notes = Vec::new();
    let strays = store::remove_stray_temps(&project.root);
    if !strays.removed.is_empty() {
        let t = tr();
        let n = strays.removed.len();
        notes.push(count(n, t.ui_start_temps_one, t.ui_start_temps_other));
    }
    for kept in &strays.kept {
        notes.push(fill(tr().ui_start_kept, &[("path", &kept.display())]));
    }
    let busy = lock_project(&project, &coder, &mut notes);
    let lock_file = lock::lock_path(
        &std::fs::canonicalize(&project.root).unwrap_or_else(|_| project.root.clone()),
        &coder,
    );
    if let Some(why) = &busy {
        notes.insert(0, fill(tr().ui_start_all_readonly, &[("why", why)]));
    }
    let mut state = State::listed(project, codebook, keymap, coder, busy.clone());
    if let Some(why) = busy {
        state.project.attributes.readonly.get_or_insert(why);
    }
    state.documents_pane = config.documents.unwrap_or_default();
    state.lang = lang;
    state.config_file = Some(dirs.config_file());
    // Before the persister: it watches the codebook file for other writers (C4).
    state.codebook_path = Some(PathBuf::from(&codebook_path));
    let recovery_dir = dirs.state.join("recovery");
    let mut persister = Persister::new(&state, Saver::start(), Some(dirs.positions_file()))
        .with_recovery(recovery_dir.clone());
    let mut loading = tui::Loading::default();
    // A project of a few dozen documents is read whole before the first frame (it
    // takes milliseconds, and every note about it can be shown at once); a test-retest
    // session needs every document to check its sample.
    if state.docs.len() <= tui::loading::READ_AT_ONCE || retest.is_some() {
        loading.read_all_now(&mut state, &mut persister);
    }
    if let Some(plan) = retest {
        set_retest(&mut state, plan, &mut notes);
    }
    state.notes.extend(notes);
    state.announce_notes();
    if state.message.is_none() {
        state.announce_left_out();
    }
    state.files = vec![
        ("codebook".into(), codebook_path),
        (
            "sidecars".into(),
            fill(
                tr().ui_files_sidecars,
                &[(
                    "name",
                    &format!("<transcript>.{}{}", state.coder, sidecar::SUFFIX),
                )],
            ),
        ),
        ("config".into(), dirs.config_file().display().to_string()),
        (
            "keymap".into(),
            fill(
                tr().ui_files_keymap,
                &[("path", &dirs.keymap_file().display())],
            ),
        ),
        ("state".into(), dirs.positions_file().display().to_string()),
        ("lock".into(), lock_file.display().to_string()),
    ];
    let waiting_dir = dirs.state.join("audit-waiting");
    persister.saver.log_aside(waiting_dir.clone());
    let restored = tandai::core::coding::audit::restore_aside(&waiting_dir, &state.project.root);
    state.notes.extend(restored);
    offer_recovery(&mut state, &mut persister, &mut loading, &recovery_dir)?;
    recover_consensus(&mut state, &recovery_dir)?;
    let (doc, para) = persister.resume(&state).unwrap_or((0, 0));
    loading.ensure(&mut state, &mut persister, doc);
    state.go_to(doc, para);
    let places = persister.resume_places(&state);
    state.places.extend(places);
    persister.log_audit(&mut state);
    for doc in std::mem::take(&mut state.pending_saves) {
        if let Some(done) = persister.save(&state, doc) {
            tui::dispatch(&mut state, &mut persister, done);
        }
    }
    if state.retest.is_some()
        && tandai::app::retest::status(&state).is_some_and(|s| s.contains("-/"))
    {
        tandai::app::retest::end(&mut state, false);
    }
    let mut tty = tui::input::Tty::open()?;
    tui::signals::spawn(persister.saver.flusher())?;
    let mut terminal = tui::terminal::init().inspect_err(|_| tui::terminal::restore())?;
    let ending = tui::run(
        &mut terminal,
        &mut tty,
        &mut state,
        &mut persister,
        &mut loading,
        cli.exit_after_first_frame,
    );
    // From here to the exit the signal thread waits: one of the two ends tandai.
    let held = tui::signals::gate();
    loading.stop();
    tui::terminal::restore();
    persister.park_position(&state);
    persister.saver.flusher().flush(tui::FLUSH_LIMIT);
    lock::release_held();
    let code = finish(&state, ending);
    std::mem::forget(held);
    // The process ends now: freeing ten thousand documents piece by piece would only
    // make quitting slower (the kernel takes the memory back at once).
    std::mem::forget((state, loading));
    Ok(code)
}

/// Turns the sampled (document, paragraph number) pairs into places of this project;
/// those the project no longer has are noted.
pub(crate) fn set_retest(state: &mut State, plan: RetestPlan, notes: &mut Vec<String>) {
    let by_name = state.project.index_by_name();
    let mut units = Vec::new();
    let mut missing = 0;
    for (name, paragraph) in &plan.units {
        match by_name.get(name.as_str()) {
            Some(&d) if (1..=state.project.documents[d].len()).contains(paragraph) => {
                units.push((d, paragraph - 1));
            }
            _ => missing += 1,
        }
    }
    units.sort_unstable();
    units.dedup();
    if missing > 0 {
        notes.push(fill(tr().ui_start_retest_missing, &[("n", &missing)]));
    }
    state.retest = Some(tandai::app::retest::Retest { units, of: plan.of });
}

/// Offers the settled decisions (the consensus coder's sidecars) that an earlier
/// session could not save. Loading writes them at once, under the consensus coder's
/// lock; a consensus sidecar that changed since is kept as a conflict copy first.
pub(crate) fn recover_consensus(state: &mut State, dir: &Path) -> Result<()> {
    // The usual case, an empty journal: no document is looked up (two system calls
    // each, 20,000 before the first frame of a 10,000-document project).
    if !recovery::any(dir) {
        return Ok(());
    }
    let consensus = state.project.consensus_coder().to_owned();
    for doc in 0..state.project.documents.len() {
        let path = sidecar::sidecar_path(&state.project.documents[doc].path, &consensus);
        let Some((entry, journal)) = recovery::pending(dir, &path) else {
            continue;
        };
        let name = state.project.documents[doc].name.clone();
        say(&fill(
            tr().ui_recover_consensus,
            &[
                ("name", &name),
                ("consensus", &consensus),
                ("when", &entry.written),
            ],
        ));
        let answer = prompt(tr().ui_recover_save_now)?;
        if matches!(answer.to_lowercase().as_str(), "n" | "no" | "tidak") {
            let aside = recovery::set_aside(&journal).map_err(|e| eyre!(e))?;
            let text = fill(
                tr().ui_recover_declined_settled,
                &[("name", &name), ("path", &aside.display())],
            );
            state.notes.push(text);
            continue;
        }
        let held = match lock::try_lock(&state.project.root, &consensus) {
            lock::Locked::Busy(who) => {
                state.notes.push(fill(
                    tr().ui_recover_settled_wait,
                    &[("name", &name), ("path", &journal.display()), ("who", &who)],
                ));
                continue;
            }
            lock::Locked::Held(l) => Some(l),
            lock::Locked::Failed(_) => None,
        };
        let note = write_recovered(&path, entry.content.as_bytes(), dir).unwrap_or_else(|e| {
            fill(
                tr().ui_recover_settled_failed,
                &[("name", &name), ("why", &e), ("path", &journal.display())],
            )
        });
        drop(held);
        state.notes.push(note);
    }
    Ok(())
}

/// Writes recovered sidecar bytes over `path`, keeping another version found there as
/// a conflict copy, and clears the journal entry.
pub(crate) fn write_recovered(path: &Path, bytes: &[u8], dir: &Path) -> Result<String, String> {
    let mut kept = String::new();
    if let Ok(theirs) = store::read_regular(path, sidecar::MAX_SIDECAR_BYTES)
        && theirs != bytes
    {
        let copy = store::conflict_path(path);
        store::atomic_write(&copy, &theirs, store::Perms::Shared)?;
        kept = fill(tr().ui_recover_kept_there, &[("path", &copy.display())]);
    }
    store::atomic_write(path, bytes, store::Perms::Shared)?;
    recovery::clear(dir, path);
    Ok(fill(
        tr().ui_recover_settled_saved,
        &[("path", &path.display()), ("kept", &kept)],
    ))
}

/// Offers the edits that an earlier session could not save (RELIABILITY S4). Loading
/// them saves them at once; declining sets the journal entry aside, never deletes it.
/// A document with edits waiting is read now, before the screen opens.
pub(crate) fn offer_recovery(
    state: &mut State,
    persister: &mut Persister,
    loading: &mut tui::Loading,
    dir: &Path,
) -> Result<()> {
    if !recovery::any(dir) {
        return Ok(());
    }
    for doc in 0..state.docs.len() {
        let sidecar = state.sidecar_path(doc);
        let Some((entry, journal)) = recovery::pending(dir, &sidecar) else {
            continue;
        };
        loading.ensure(state, persister, doc);
        let name = state.project.documents[doc].name.clone();
        if let Some(why) = &state.docs[doc].readonly {
            state.notes.push(fill(
                tr().ui_recover_edits_wait,
                &[("name", &name), ("path", &journal.display()), ("why", why)],
            ));
            continue;
        }
        let Ok(content) = &state.project.documents[doc].content else {
            continue;
        };
        let file =
            match SidecarFile::parse(entry.content.as_bytes(), &journal.display().to_string()) {
                Ok(f) => f,
                Err(e) => {
                    state.notes.push(fill(
                        tr().ui_recover_unreadable,
                        &[("name", &name), ("why", &e)],
                    ));
                    continue;
                }
            };
        out::warn(&fill(
            tr().ui_recover_edits,
            &[
                ("name", &name),
                ("coder", &state.coder),
                ("when", &entry.written),
            ],
        ));
        let answer = prompt(tr().ui_recover_load_now)?;
        if matches!(answer.to_lowercase().as_str(), "n" | "no" | "tidak") {
            let aside = recovery::set_aside(&journal).map_err(|e| eyre!(e))?;
            let text = fill(
                tr().ui_recover_declined,
                &[("name", &name), ("path", &aside.display())],
            );
            state.notes.push(text);
            continue;
        }
        let (decisions, _) = tandai::core::project::attach(file, content);
        let note = fill(tr().ui_recover_loaded, &[("name", &name)]);
        tui::dispatch(
            state,
            persister,
            tandai::app::Action::ReplaceDecisions(doc, decisions, note.clone()),
        );
        persister.mark_journaled(doc);
        state.notes.push(note);
    }
    Ok(())
}

/// Takes this coder's lock of the project folder (RELIABILITY C1) and removes the
/// per-document lock files of earlier versions. Returns why the documents must open
/// read-only, when another tandai of this coder holds the folder.
pub(crate) fn lock_project(
    project: &Project,
    coder: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let busy = |who: String| {
        Some(fill(
            tr().ui_start_busy,
            &[("who", &who), ("coder", &coder)],
        ))
    };
    match lock::try_lock(&project.root, coder) {
        lock::Locked::Held(held) => lock::hold_until_exit(held),
        lock::Locked::Busy(who) => return busy(who),
        lock::Locked::Failed(why) => notes.push(fill(
            tr().ui_start_not_locked,
            &[("why", &why), ("coder", &coder)],
        )),
    }
    let old = lock::remove_old_locks(&project.root, coder);
    old.busy.and_then(busy)
}

/// Says what was not saved, and how the session ended, on stderr. Never panics: the
/// terminal may have gone.
pub(crate) fn finish(state: &State, ending: Ending) -> ExitCode {
    let failed: Vec<String> = state
        .docs
        .iter()
        .zip(&state.project.documents)
        .filter_map(|(d, doc)| match &d.save {
            tandai::app::state::SaveState::Failed(why) => Some(format!("{}: {why}", doc.name)),
            _ => None,
        })
        .collect();
    for f in &failed {
        out::warn(&format!(
            "tandai: {}",
            fill(tr().ui_history_not_saved, &[("why", f)])
        ));
    }
    match ending {
        Ending::InputClosed => {
            out::warn(tr().ui_start_input_closed);
            ExitCode::FAILURE
        }
        _ if !failed.is_empty() => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}
