//! tandai's entry point: parse the command line, load and check everything fallible
//! before taking over the terminal, then run the coding screen.

use clap::Parser;

mod commands;
use color_eyre::eyre::{Result, eyre};
use commands::out;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tandai::app::State;
use tandai::app::keymap::Keymap;
use tandai::core::codebook::Codebook;
use tandai::core::coding::saver::Saver;
use tandai::core::coding::sidecar::SidecarFile;
use tandai::core::config::{Config, Dirs};
use tandai::core::project::{CODEBOOK_FILE, Project};
use tandai::core::{
    codebook::packs, coding::lock, coding::recovery, coding::sidecar, coding::store,
};
use tandai::i18n::{count, fill};
use tandai::tui::{self, Ending, Persister};

/// The command line. Its `--help` texts come from the interface's catalog
/// (`cmd_h_*` in `src/i18n`), read in the interface language.
#[derive(Parser, Debug)]
#[command(
    name = "tandai",
    version,
    about = commands::tr().cmd_h_tandai,
    long_about = commands::tr().cmd_h_tandai_long,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<commands::Command>,

    #[command(flatten)]
    open: Open,
}

/// Options of the coding screen (`tandai [PATH]`).
#[derive(clap::Args, Debug, Default)]
pub(crate) struct Open {
    #[arg(default_value = ".", help = commands::tr().cmd_h_open_path)]
    pub(crate) path: PathBuf,

    #[arg(long, value_name = "NAME", help = commands::tr().cmd_h_open_coder)]
    pub(crate) coder: Option<String>,

    #[arg(long, value_name = "FILE", help = commands::tr().cmd_h_codebook_file)]
    pub(crate) codebook: Option<PathBuf>,

    #[arg(long, value_name = "NAME", help = commands::tr().cmd_h_open_pack)]
    pub(crate) pack: Option<String>,

    #[arg(long, help = commands::tr().cmd_h_open_follow_links)]
    pub(crate) follow_links: bool,

    #[arg(long, value_enum, value_name = "en|id", help = commands::tr().cmd_h_open_lang)]
    pub(crate) lang: Option<commands::LangArg>,

    /// Draw one frame and exit (for start-up benchmarks).
    #[arg(long, hide = true)]
    pub(crate) exit_after_first_frame: bool,
}

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        out::warn(&format!("tandai: {e}"));
    }
    // Around color-eyre's hook: it gives the terminal back, and keeps a message from
    // a terminal that has hung up (printing there would panic again and abort).
    tui::terminal::install_panic_hook();
    tandai::i18n::set_current(interface_lang());
    let cli = parse_args();
    let result = match cli.command {
        Some(command) => commands::run(command),
        None => start(cli.open),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            out::warn(&format!("tandai: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// The interface language, before the command line is parsed (so that `--help` can
/// speak it): `--lang` wherever it is, the config's `lang`, the locale. Problems are
/// left to the parse and the start, which name them.
fn interface_lang() -> tandai::i18n::Lang {
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .take_while(|a| a != "--")
        .collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => v,
            None if a == "--lang" => args.get(i + 1)?,
            None => return None,
        };
        tandai::i18n::parse_lang(value).ok()
    });
    let config = Dirs::locate()
        .and_then(|d| Config::load(&d.config_file()).ok())
        .and_then(|c| c.lang);
    tandai::i18n::choose(flag, config.as_deref(), |k| std::env::var(k).ok()).unwrap_or_default()
}

/// The screens' start-up words in the process's interface language ([`interface_lang`]).
fn tr() -> &'static tandai::i18n::Strings {
    tandai::i18n::strings(tandai::i18n::current())
}

/// The command line. A usage error can quote an argument (a hostile file name from a
/// glob): it goes through the sanitiser like every message (help and version as is).
fn parse_args() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let mut command = commands::help::localize(Cli::command());
    let args = commands::help::without_leading_lang(std::env::args_os().collect(), &command);
    let parsed = command
        .try_get_matches_from_mut(args)
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m))
        .map_err(|e| e.format(&mut command));
    match parsed {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            out::warn(e.render().to_string().trim_end());
            std::process::exit(e.exit_code());
        }
    }
}

fn start(cli: Open) -> Result<ExitCode> {
    start_with(cli, None)
}

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
fn set_retest(state: &mut State, plan: RetestPlan, notes: &mut Vec<String>) {
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
fn recover_consensus(state: &mut State, dir: &Path) -> Result<()> {
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
fn write_recovered(path: &Path, bytes: &[u8], dir: &Path) -> Result<String, String> {
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
fn offer_recovery(
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
fn lock_project(project: &Project, coder: &str, notes: &mut Vec<String>) -> Option<String> {
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
fn finish(state: &State, ending: Ending) -> ExitCode {
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

fn resolve_coder(flag: Option<&str>, config: &Config, dirs: &Dirs) -> Result<String> {
    if let Some(name) = flag {
        return check_coder(name);
    }
    if let Some(name) = &config.coder {
        return check_coder(name).map_err(|e| eyre!("{}: {e}", dirs.config_file().display()));
    }
    let path = dirs.config_file();
    say(&fill(tr().ui_first_welcome, &[("path", &path.display())]));
    for _ in 0..3 {
        let name = prompt(tr().ui_first_coder_prompt)?;
        let name = match (check_coder(&name), sidecar::suggest_coder(&name)) {
            (Ok(name), _) => name,
            (Err(_), Some(better)) => {
                say(&fill(
                    tr().ui_first_bad_name,
                    &[("name", &format!("{name:?}"))],
                ));
                let answer = prompt(&fill(tr().ui_first_use_instead, &[("name", &better)]))?;
                if matches!(answer.to_lowercase().as_str(), "" | "y" | "yes" | "ya") {
                    better
                } else {
                    continue;
                }
            }
            (Err(e), None) => {
                say(&e.to_string());
                continue;
            }
        };
        // Whatever else the config holds (the documents pane) is kept.
        let config = Config {
            coder: Some(name.clone()),
            ..config.clone()
        };
        if let Err(e) = config.save(&path) {
            out::warn(&fill(tr().ui_first_not_kept, &[("why", &e)]));
        }
        return Ok(name);
    }
    Err(eyre!(tr().ui_first_no_name))
}

fn check_coder(name: &str) -> Result<String> {
    let name = name.trim();
    if sidecar::valid_coder(name) {
        return Ok(name.to_owned());
    }
    let hint = sidecar::suggest_coder(name)
        .map(|s| fill(tr().ui_first_would_do, &[("name", &s)]))
        .unwrap_or_default();
    let quoted = format!("{name:?}");
    Err(eyre!(fill(
        tr().ui_first_invalid,
        &[("name", &quoted), ("hint", &hint)]
    )))
}

/// A message of the first run on stderr, wrapped at word boundaries to the
/// terminal's width (80 when it cannot be told).
fn say(text: &str) {
    say_hanging("", text);
}

/// Writes `prefix` and `text` to stderr, wrapped at word boundaries to the
/// terminal's width, the lines after the first indented as wide as `prefix` (a
/// numbered menu entry whose description runs on).
fn say_hanging(prefix: &str, text: &str) {
    let width = ratatui::crossterm::terminal::size()
        .map_or(80, |(w, _)| usize::from(w))
        .clamp(20, 100);
    let indent = " ".repeat(prefix.chars().count());
    let mut line = prefix.to_owned();
    let mut empty = true;
    for word in text.split(' ') {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out::warn(&line);
            line.clone_from(&indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    if !empty || !line.trim().is_empty() {
        out::warn(&line);
    }
}

fn prompt(question: &str) -> Result<String> {
    out::ask(question)?;
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line)? == 0 {
        return Err(eyre!("input ended"));
    }
    Ok(line.trim().to_owned())
}

/// The codebook: `--codebook FILE`, else the project's `codebook.json`, else a built-in
/// pack chosen with `--pack` or from a menu, written as the project's `codebook.json`.
fn resolve_codebook(cli: &Open, project: &Project) -> Result<(Codebook, String)> {
    if let Some(file) = &cli.codebook {
        return Ok((Codebook::load(file)?, file.display().to_string()));
    }
    let path = project.root.join(CODEBOOK_FILE);
    if std::fs::symlink_metadata(&path).is_ok() {
        let book = Codebook::load_with(&path, project.links())?;
        return Ok((book, path.display().to_string()));
    }
    let json = match &cli.pack {
        Some(name) if name == "empty" => packs::EMPTY,
        Some(name) => packs::find(name).map(|p| p.json).ok_or_else(|| {
            let names: Vec<&str> = packs::PACKS.iter().map(|p| p.name).collect();
            eyre!(
                "no built-in pack {name:?}; the packs are: {}, empty",
                names.join(", ")
            )
        })?,
        None => choose_pack(&path)?,
    };
    let book = Codebook::parse(json.as_bytes(), "built-in pack")?;
    match store::atomic_write(&path, json.as_bytes(), store::Perms::Shared) {
        Ok(()) => out::warn(&fill(tr().ui_pack_wrote, &[("path", &path.display())])),
        Err(e) => out::warn(&fill(tr().ui_pack_not_written, &[("why", &e)])),
    }
    Ok((book, path.display().to_string()))
}

fn choose_pack(path: &Path) -> Result<&'static str> {
    say(&fill(tr().ui_pack_choose, &[("path", &path.display())]));
    let lang = tandai::i18n::current();
    for (i, p) in packs::PACKS.iter().enumerate() {
        say_hanging(&format!("  {}) {:<16} ", i + 1, p.name), p.summary_in(lang));
    }
    say_hanging(
        &format!("  {}) {:<16} ", packs::PACKS.len() + 1, "empty"),
        tr().ui_pack_empty,
    );
    for _ in 0..3 {
        let n = packs::PACKS.len() + 1;
        let answer = prompt(&fill(tr().ui_pack_prompt, &[("n", &n)]))?;
        if answer == "q" {
            return Err(eyre!(tr().ui_pack_cancelled));
        }
        let n = packs::PACKS.len();
        match answer.parse::<usize>() {
            Ok(i) if (1..=n).contains(&i) => return Ok(packs::PACKS[i - 1].json),
            Ok(i) if i == n + 1 => return Ok(packs::EMPTY),
            _ if answer == "empty" => return Ok(packs::EMPTY),
            _ => match packs::find(&answer) {
                Some(p) => return Ok(p.json),
                None => out::warn(&fill(
                    tr().ui_pack_not_a_choice,
                    &[("answer", &format!("{answer:?}"))],
                )),
            },
        }
    }
    Err(eyre!(tr().ui_pack_none))
}

fn load_keymap(dirs: &Dirs) -> Result<Keymap> {
    let path = dirs.keymap_file();
    let cap = tandai::core::config::MAX_CONFIG_BYTES;
    let user = match tandai::core::documents::fsread::read_text(
        &path,
        cap,
        tandai::core::documents::fsread::Links::Follow,
    ) {
        Ok(text) => Some(text),
        Err(e) if e.is_not_found() => None,
        Err(e) => return Err(eyre!(e)),
    };
    let shown = path.display().to_string();
    Ok(Keymap::load(user.as_deref().map(|t| (t, shown.as_str())))?)
}
