//! tandai's entry point: the interface language, then the command line; a command
//! runs from `cli` (one file per command), the coding screen from `cli::open` (which
//! loads and checks everything fallible before taking over the terminal).

use clap::Parser;

mod cli;
use cli::out;
use color_eyre::eyre::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use tandai::core::config::{Config, Dirs};
use tandai::tui;

/// The command line. Its `--help` texts come from the interface's catalog
/// (`cmd_h_*` in `src/i18n`), read in the interface language.
#[derive(Parser, Debug)]
#[command(
    name = "tandai",
    version,
    about = cli::tr().cmd_h_tandai,
    long_about = cli::tr().cmd_h_tandai_long,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<cli::Command>,

    #[command(flatten)]
    open: Open,
}

/// Options of the coding screen (`tandai [PATH]`).
#[derive(clap::Args, Debug, Default)]
pub(crate) struct Open {
    #[arg(default_value = ".", help = cli::tr().cmd_h_open_path)]
    pub(crate) path: PathBuf,

    #[arg(long, value_name = "NAME", help = cli::tr().cmd_h_open_coder)]
    pub(crate) coder: Option<String>,

    #[arg(long, value_name = "FILE", help = cli::tr().cmd_h_codebook_file)]
    pub(crate) codebook: Option<PathBuf>,

    #[arg(long, value_name = "NAME", help = cli::tr().cmd_h_open_pack)]
    pub(crate) pack: Option<String>,

    #[arg(long, help = cli::tr().cmd_h_open_follow_links)]
    pub(crate) follow_links: bool,

    #[arg(long, value_enum, value_name = "en|id", help = cli::tr().cmd_h_open_lang)]
    pub(crate) lang: Option<cli::LangArg>,

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
        Some(command) => cli::run(command),
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

/// The command line. A usage error can quote an argument (a hostile file name from a
/// glob): it goes through the sanitiser like every message (help and version as is).
fn parse_args() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let mut command = cli::help::localize(Cli::command());
    let args = cli::help::without_leading_lang(std::env::args_os().collect(), &command);
    let parsed = command
        .try_get_matches_from_mut(args.clone())
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m))
        .map_err(|e| e.format(&mut command));
    match parsed {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            let e = cli::usage_error::with_usage_of_given(e, Cli::command(), args);
            out::warn(cli::usage_error::render_error(&e).trim_end());
            std::process::exit(e.exit_code());
        }
    }
}

fn start(cli: Open) -> Result<ExitCode> {
    cli::open::start_with(cli, None)
}
