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
use tandai::core::config::{Config, Dirs};
use tandai::core::project::{CODEBOOK_FILE, Project};
use tandai::core::saver::Saver;
use tandai::core::sidecar::SidecarFile;
use tandai::core::{lock, packs, recovery, sidecar, store};
use tandai::tui::{self, Ending, Persister};

/// Keyboard-driven qualitative coding of interview transcripts.
///
/// Opens a folder of transcripts (.txt, .md) and shows them paragraph by paragraph;
/// each code of the codebook has a key that tags the current paragraph. Every decision
/// is saved at once to a JSON sidecar beside the transcript
/// (<transcript>.<coder>.tandai.json). Press ? in the coding screen for the keys.
#[derive(Parser, Debug)]
#[command(
    name = "tandai",
    version,
    about,
    long_about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<commands::Command>,

    #[command(flatten)]
    open: Open,
}

/// Options of the coding screen (`tandai [PATH]`).
#[derive(clap::Args, Debug)]
struct Open {
    /// A folder of transcripts, or one transcript file.
    #[arg(default_value = ".")]
    path: PathBuf,

    /// Who is coding. Default: the name kept in tandai's config, asked once on first run.
    #[arg(long, value_name = "NAME")]
    coder: Option<String>,

    /// Use this codebook file instead of the project's codebook.json.
    #[arg(long, value_name = "FILE")]
    codebook: Option<PathBuf>,

    /// When the project has no codebook.json, write this built-in pack as its codebook
    /// without asking: devito, mead, sor, phenomenology, law-enforcement, or empty.
    #[arg(long, value_name = "NAME")]
    pack: Option<String>,

    /// Read transcripts, codebook.json and project.json that are symbolic links to
    /// files outside the project folder (by default such links are listed as
    /// unreadable, with the reason).
    #[arg(long)]
    follow_links: bool,

    /// Draw one frame and exit (for start-up benchmarks).
    #[arg(long, hide = true)]
    exit_after_first_frame: bool,
}

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        out::warn(&format!("tandai: {e}"));
    }
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

/// The command line. A usage error can quote an argument (a hostile file name from a
/// glob): it goes through the sanitiser like every message (help and version as is).
fn parse_args() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            out::warn(e.render().to_string().trim_end());
            std::process::exit(e.exit_code());
        }
    }
}

fn start(cli: Open) -> Result<ExitCode> {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() || dumb {
        out::warn(&format!(
            "tandai: the coding screen needs an interactive terminal{}. Run it in a terminal or an SSH session with a pseudo-terminal (ssh -t).",
            if dumb { " (TERM is \"dumb\")" } else { "" }
        ));
        return Ok(ExitCode::from(2));
    }
    let dirs = Dirs::locate()
        .ok_or_else(|| eyre!("cannot find a home folder for tandai's config (is HOME set?)"))?;
    let config = Config::load(&dirs.config_file()).map_err(|e| eyre!(e))?;
    let project = Project::open_with(&cli.path, cli.follow_links)?;
    let coder = resolve_coder(cli.coder.as_deref(), &config, &dirs)?;
    let (mut codebook, codebook_path) = resolve_codebook(&cli, &project)?;
    let keymap = load_keymap(&dirs)?;
    codebook.assign_keys(&keymap.reserved_chars());
    let mut notes = Vec::new();
    let removed = store::remove_stray_temps(&project.root);
    if !removed.is_empty() {
        notes.push(format!(
            "Removed {} temp files left by an interrupted save.",
            removed.len()
        ));
    }
    let (locks, busy) = lock_documents(&project, &coder, &mut notes);
    let mut state = State::new(project, codebook, keymap, coder);
    if let Some((_, first)) = busy.first() {
        notes.insert(
            0,
            format!("{} documents are read-only: {first}", busy.len()),
        );
    }
    for (doc, why) in busy {
        state.docs[doc].readonly.get_or_insert(why);
    }
    state.notes.extend(notes);
    state.codebook_path = Some(PathBuf::from(&codebook_path));
    state.announce_notes();
    state.files = vec![
        ("codebook".into(), codebook_path),
        (
            "sidecars".into(),
            format!(
                "<transcript>.{}{} beside each transcript",
                state.coder,
                sidecar::SUFFIX
            ),
        ),
        ("config".into(), dirs.config_file().display().to_string()),
        (
            "keymap".into(),
            format!(
                "{} (optional; patches the default)",
                dirs.keymap_file().display()
            ),
        ),
        ("state".into(), dirs.positions_file().display().to_string()),
    ];
    let recovery_dir = dirs.state.join("recovery");
    let mut persister = Persister::new(&state, Saver::start(), Some(dirs.positions_file()))
        .with_recovery(recovery_dir.clone());
    offer_recovery(&mut state, &mut persister, &recovery_dir)?;
    for doc in std::mem::take(&mut state.pending_saves) {
        if let Some(done) = persister.save(&state, doc) {
            tui::dispatch(&mut state, &mut persister, done);
        }
    }
    if let Some((doc, para)) = persister.resume(&state) {
        state.go_to(doc, para);
    }
    spawn_signal_thread(persister.saver.flusher())?;
    let mut terminal = ratatui::init();
    let ending = tui::run(
        &mut terminal,
        &mut state,
        &mut persister,
        cli.exit_after_first_frame,
    );
    ratatui::restore();
    persister.park_position(&state);
    persister.saver.flusher().flush(tui::FLUSH_LIMIT);
    drop(locks);
    finish(&state, ending?)
}

/// Offers the edits that an earlier session could not save (RELIABILITY S4). Loading
/// them saves them at once; declining sets the journal entry aside, never deletes it.
fn offer_recovery(state: &mut State, persister: &mut Persister, dir: &Path) -> Result<()> {
    for doc in 0..state.docs.len() {
        let sidecar = state.sidecar_path(doc);
        let Some((entry, journal)) = recovery::pending(dir, &sidecar) else {
            continue;
        };
        let name = state.project.documents[doc].name.clone();
        if let Some(why) = &state.docs[doc].readonly {
            state.notes.push(format!(
                "{name}: unsaved edits wait in {} (read-only now: {why})",
                journal.display()
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
                    state.notes.push(format!(
                        "{name}: the recovery journal cannot be read ({e}); it is kept"
                    ));
                    continue;
                }
            };
        out::warn(&format!(
            "tandai could not save the coding of {name} (coder {}) in an earlier session ({} UTC); those edits were kept.",
            state.coder, entry.written
        ));
        let answer = prompt("Load them now? They are saved at once. [Y/n] ")?;
        if matches!(answer.to_lowercase().as_str(), "n" | "no" | "tidak") {
            let aside = recovery::set_aside(&journal).map_err(|e| eyre!(e))?;
            state.notes.push(format!(
                "{name}: declined the recovered edits; kept in {}",
                aside.display()
            ));
            continue;
        }
        let (decisions, _) = tandai::core::project::attach(file, content);
        let note = format!("{name}: loaded the edits from the recovery journal.");
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

/// Takes the lock of every document for this coder (RELIABILITY C1). Returns the locks
/// to hold until exit, and the documents another tandai holds (which open read-only).
fn lock_documents(
    project: &Project,
    coder: &str,
    notes: &mut Vec<String>,
) -> (Vec<lock::DocLock>, Vec<(usize, String)>) {
    // Each held lock keeps a file open. Keep well inside the open-file limit: a
    // project of thousands of transcripts must still open; the documents past the
    // limit are not locked, and the changed-on-disk check still guards their saves.
    let budget = open_file_limit().saturating_sub(FILES_IN_RESERVE);
    let mut held = Vec::new();
    let mut busy = Vec::new();
    let mut failed = Vec::new();
    let mut unlocked = 0;
    for (i, doc) in project.documents.iter().enumerate() {
        if held.len() >= budget {
            unlocked += 1;
            continue;
        }
        match lock::try_lock(&doc.path, coder) {
            lock::Locked::Held(l) => held.push(l),
            lock::Locked::Busy(who) => busy.push((
                i,
                format!("{who} is coding this document as {coder}; it opens read-only here"),
            )),
            lock::Locked::Failed(why) => failed.push(why),
        }
    }
    if let Some(first) = failed.first() {
        let more = if failed.len() > 1 {
            format!(" (and {} more)", failed.len() - 1)
        } else {
            String::new()
        };
        notes.push(format!(
            "Not locked: {first}{more}; another tandai could write the same sidecars."
        ));
    }
    if unlocked > 0 {
        notes.push(format!(
            "{unlocked} documents are not locked: the open-file limit ({}) is reached; raise it with ulimit -n. A second tandai on them would be caught by the changed-on-disk check.",
            open_file_limit()
        ));
    }
    (held, busy)
}

/// Open files kept free for everything but document locks (terminal, sidecars,
/// saver, signal pipe).
const FILES_IN_RESERVE: usize = 64;

/// Raises the soft limit on open files to the hard limit (many systems start at
/// 1,024), and returns the limit now in force.
fn open_file_limit() -> usize {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        limit.current = limit.maximum;
        let _ = setrlimit(Resource::Nofile, limit);
    }
    let now = getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX);
    usize::try_from(now).unwrap_or(usize::MAX)
}

fn finish(state: &State, ending: Ending) -> Result<ExitCode> {
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
        out::warn(&format!("tandai: NOT SAVED: {f}"));
    }
    match ending {
        Ending::InputClosed => {
            out::warn("tandai: input closed; every decision shown as saved is on disk.");
            Ok(ExitCode::FAILURE)
        }
        _ if !failed.is_empty() => Ok(ExitCode::FAILURE),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// SIGHUP (SSH dropped), SIGTERM, SIGINT, SIGQUIT: flush the pending save, restore the
/// terminal, exit with 128 + the signal (RELIABILITY T2). A dedicated thread, because
/// a flag polled by the UI loop is never read once the terminal has hung up.
fn spawn_signal_thread(flusher: tandai::core::saver::Flusher) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("tandai-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                // While the user's own editor has the terminal, Ctrl-C and Ctrl-\
                // belong to it (as with git commit): tandai keeps running.
                if matches!(sig, SIGINT | SIGQUIT) && tui::external::running() {
                    continue;
                }
                flusher.flush(tui::FLUSH_LIMIT);
                if sig != SIGHUP {
                    ratatui::restore();
                }
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

fn resolve_coder(flag: Option<&str>, config: &Config, dirs: &Dirs) -> Result<String> {
    if let Some(name) = flag {
        return check_coder(name);
    }
    if let Some(name) = &config.coder {
        return check_coder(name).map_err(|e| eyre!("{}: {e}", dirs.config_file().display()));
    }
    let path = dirs.config_file();
    out::warn(
        "Welcome to tandai. Who is coding? Your name goes into sidecar file names and is kept in",
    );
    out::warn(&format!(
        "{} (change it there, or use --coder NAME).",
        path.display()
    ));
    for _ in 0..3 {
        let name = prompt("Coder name (letters, digits, - and _): ")?;
        match check_coder(&name) {
            Ok(name) => {
                let config = Config {
                    coder: Some(name.clone()),
                };
                if let Err(e) = config.save(&path) {
                    out::warn(&format!("tandai: could not keep the name: {e}"));
                }
                return Ok(name);
            }
            Err(e) => out::warn(&e.to_string()),
        }
    }
    Err(eyre!("no coder name given; use --coder NAME"))
}

fn check_coder(name: &str) -> Result<String> {
    let name = name.trim();
    if sidecar::valid_coder(name) {
        Ok(name.to_owned())
    } else {
        Err(eyre!(
            "coder name {name:?} is not valid: use 1-40 letters, digits, - and _ (it becomes part of file names)"
        ))
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
    match store::atomic_write(&path, json.as_bytes()) {
        Ok(()) => out::warn(&format!("tandai: wrote {}", path.display())),
        Err(e) => out::warn(&format!(
            "tandai: could not write the codebook ({e}); using it for this session only"
        )),
    }
    Ok((book, path.display().to_string()))
}

fn choose_pack(path: &Path) -> Result<&'static str> {
    out::warn(&format!(
        "{} does not exist. Start the codebook from:",
        path.display()
    ));
    for (i, p) in packs::PACKS.iter().enumerate() {
        out::warn(&format!("  {}) {:<16} {}", i + 1, p.name, p.summary));
    }
    out::warn(&format!(
        "  {}) {:<16} an empty codebook, to write your own",
        packs::PACKS.len() + 1,
        "empty"
    ));
    for _ in 0..3 {
        let answer = prompt(&format!(
            "Choose 1-{} (or q to cancel): ",
            packs::PACKS.len() + 1
        ))?;
        if answer == "q" {
            return Err(eyre!("no codebook chosen; nothing was written"));
        }
        let n = packs::PACKS.len();
        match answer.parse::<usize>() {
            Ok(i) if (1..=n).contains(&i) => return Ok(packs::PACKS[i - 1].json),
            Ok(i) if i == n + 1 => return Ok(packs::EMPTY),
            _ if answer == "empty" => return Ok(packs::EMPTY),
            _ => match packs::find(&answer) {
                Some(p) => return Ok(p.json),
                None => out::warn(&format!("{answer:?} is not one of the choices")),
            },
        }
    }
    Err(eyre!(
        "no codebook chosen; use --pack NAME or --codebook FILE"
    ))
}

fn load_keymap(dirs: &Dirs) -> Result<Keymap> {
    let path = dirs.keymap_file();
    let cap = tandai::core::config::MAX_CONFIG_BYTES;
    let user =
        match tandai::core::fsread::read_text(&path, cap, tandai::core::fsread::Links::Follow) {
            Ok(text) => Some(text),
            Err(e) if e.is_not_found() => None,
            Err(e) => return Err(eyre!(e)),
        };
    let shown = path.display().to_string();
    Ok(Keymap::load(user.as_deref().map(|t| (t, shown.as_str())))?)
}
