//! `--help` in the interface language. The texts of commands and options come from
//! the catalog through the derive attributes (`help = tr().cmd_h_...`); this module
//! puts clap's own words (headings, `-h`, `-V`, the `help` subcommand, `[default:
//! ...]`, the possible values) into the catalog's words when the interface is not
//! English. English keeps clap's own, as they have always read.

use clap::{Arg, Command};
use tandai::i18n::{self, Lang, Strings};

/// The command tree with clap's words in the interface language.
pub fn localize(mut cmd: Command) -> Command {
    if i18n::current() == Lang::En {
        return cmd;
    }
    // Building adds what clap generates (the -h and -V flags, the `help`
    // subcommand), so that they can be given their words too.
    cmd.build();
    localize_tree(cmd, i18n::strings(i18n::current()), true)
}

/// The command tree in the interface language for a second parse of a refused
/// command line: without the help's fixed usage lines, so that clap's usage in the
/// error names the arguments given and those still needed, as it does in English
/// (`tandai export --format <FORMAT> --output <FILE> --force [PATH]`).
pub fn localize_for_errors(mut cmd: Command) -> Command {
    cmd.build();
    localize_tree(cmd, i18n::strings(i18n::current()), false)
}

/// One command and, recursively, its subcommands.
fn localize_tree(mut cmd: Command, t: &'static Strings, fixed_usage: bool) -> Command {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        t.cmd_h_usage
    );
    cmd = cmd
        .help_template(template)
        .subcommand_help_heading(t.cmd_h_commands)
        .subcommand_value_name(t.cmd_h_command_placeholder);
    if cmd.get_name() == "help" {
        cmd = cmd.about(t.cmd_h_help_subcommand);
    }
    if fixed_usage {
        let usage = usage_words(&cmd.render_usage().to_string(), t);
        cmd = cmd.override_usage(usage);
    }
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| localize_arg(a, t));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |s| localize_tree(s, t, fixed_usage));
    }
    cmd
}

/// Usage lines as clap writes them (`Usage: ...`), without the heading, with its
/// `[OPTIONS]` in the catalog's words and the lines after the first under the first
/// (the heading is wider).
pub fn usage_words(usage: &str, t: &Strings) -> String {
    let usage = usage.strip_prefix("Usage: ").unwrap_or(usage);
    let indent = " ".repeat(t.cmd_h_usage.chars().count() + 1);
    // Line by line: usage lines already under "Penggunaan: " keep their place.
    let lines: Vec<&str> = usage.lines().map(str::trim_start).collect();
    lines
        .join(&format!("\n{indent}"))
        .replace("[OPTIONS]", t.cmd_h_options_placeholder)
}

/// One argument: its heading, the built-in flags' help, and the default and
/// possible values written into its help in the catalog's words.
fn localize_arg(mut a: Arg, t: &'static Strings) -> Arg {
    let heading = if a.is_positional() {
        t.cmd_h_arguments
    } else {
        t.cmd_h_options
    };
    a = a.help_heading(heading);
    let help = match a.get_action() {
        clap::ArgAction::Help | clap::ArgAction::HelpShort | clap::ArgAction::HelpLong => {
            return a.help(t.cmd_h_help).long_help(None::<&str>);
        }
        clap::ArgAction::Version => return a.help(t.cmd_h_version),
        _ => a.get_help().map(ToString::to_string).unwrap_or_default(),
    };
    if !a.get_action().takes_values() {
        return a;
    }
    let (short, long) = value_notes(&a, t);
    let long_help = a.get_long_help().map(ToString::to_string);
    let long_help = join(long_help.as_deref().unwrap_or(&help), &long, "\n\n");
    let short_help = join(&help, &short, " ");
    // A long help only where it says more: clap lays out the whole `--help` one
    // option under another as soon as one option has one.
    if long_help != short_help {
        a = a.long_help(long_help);
    }
    a.help(short_help)
        .hide_default_value(true)
        .hide_possible_values(true)
}

/// What clap would add after an option's help, in the catalog's words: for `-h`,
/// "[bawaan: x] [nilai yang mungkin: a, b]"; for `--help`, the possible values one
/// a line with their own help, then the default.
fn value_notes(a: &Arg, t: &Strings) -> (String, String) {
    let default = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    let default = if default.is_empty() || a.is_hide_default_value_set() {
        String::new()
    } else {
        i18n::fill(t.cmd_h_default, &[("value", &default.join(", "))])
    };
    let values: Vec<clap::builder::PossibleValue> = if a.is_hide_possible_values_set() {
        Vec::new()
    } else {
        a.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    };
    let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
    let short_values = if names.is_empty() {
        String::new()
    } else {
        i18n::fill(t.cmd_h_possible, &[("values", &names.join(", "))])
    };
    let short = join(&default, &short_values, " ");
    let long_values = if values.iter().any(|v| v.get_help().is_some()) {
        let width = names.iter().map(|n| n.len()).max().unwrap_or(0) + 1;
        let lines: Vec<String> = values
            .iter()
            .map(|v| {
                let name = format!("{}:", v.get_name());
                match v.get_help() {
                    Some(help) => format!("- {name:width$} {help}"),
                    None => format!("- {}", v.get_name()),
                }
            })
            .collect();
        format!("{}\n{}", t.cmd_h_possible_long, lines.join("\n"))
    } else {
        short_values
    };
    (short, join(&long_values, &default, "\n\n"))
}

/// `a` and `b` with `sep` between them when both are there.
fn join(a: &str, b: &str, sep: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (_, true) => a.to_owned(),
        (true, false) => b.to_owned(),
        (false, false) => format!("{a}{sep}{b}"),
    }
}

/// The arguments without a `--lang X` given before a command's name (`tandai --lang id
/// export --help`): it has already chosen the interface language
/// (`interface_lang` in main.rs), which the command then uses, and clap would refuse it there
/// (options of the coding screen do not go with a command).
pub fn without_leading_lang(
    mut args: Vec<std::ffi::OsString>,
    command: &clap::Command,
) -> Vec<std::ffi::OsString> {
    let is_command = |i: usize| {
        args.get(i)
            .and_then(|a| a.to_str())
            .is_some_and(|name| command.find_subcommand(name).is_some() || name == "help")
    };
    // Only a value the option takes (en, id): anything else stays for clap to refuse
    // with its usual message, rather than being dropped unseen.
    let known = |v: Option<&str>| matches!(v, Some("en" | "id"));
    let text = |i: usize| args.get(i).and_then(|a| a.to_str());
    let first = text(1).unwrap_or("");
    let lang_args = match first {
        "--lang" if known(text(2)) && is_command(3) => 2,
        _ if known(first.strip_prefix("--lang=")) && is_command(2) => 1,
        _ => 0,
    };
    args.drain(1..1 + lang_args);
    args
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every text of the Indonesian catalog.
    fn indonesian() -> Vec<&'static str> {
        i18n::id::ID.entries().into_iter().map(|(_, t)| t).collect()
    }

    /// Every command's about and every argument's help (and possible value's help) in
    /// the tree, with where it is, for the messages of a failure.
    fn texts(cmd: &Command, path: &str, out: &mut Vec<(String, Option<String>)>) {
        let path = format!("{path} {}", cmd.get_name());
        out.push((path.clone(), cmd.get_about().map(ToString::to_string)));
        if let Some(long) = cmd.get_long_about() {
            out.push((format!("{path} (long)"), Some(long.to_string())));
        }
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let at = format!("{path} {}", a.get_id());
            out.push((at.clone(), a.get_help().map(ToString::to_string)));
            for v in a.get_possible_values() {
                if let Some(help) = v.get_help() {
                    out.push((format!("{at}={}", v.get_name()), Some(help.to_string())));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            texts(sub, &path, out);
        }
    }

    /// One test for both languages: the interface language is the process's.
    #[test]
    fn every_command_and_option_has_its_indonesian_help_and_english_stays_the_default() {
        i18n::set_current(Lang::Id);
        let mut all = Vec::new();
        texts(&crate::Cli::command(), "", &mut all);
        let id = indonesian();
        let missing: Vec<String> = all
            .iter()
            .filter(|(_, text)| !text.as_deref().is_some_and(|t| id.contains(&t)))
            .map(|(at, text)| format!("{at}: {text:?}"))
            .collect();
        assert!(
            missing.is_empty(),
            "no Indonesian help (give it a cmd_h_ message in src/i18n): {missing:#?}"
        );
        assert!(
            all.len() > 100,
            "the walk saw the whole tree: {}",
            all.len()
        );

        // clap's own words: headings, -h, -V and the help subcommand.
        let mut cmd = localize(crate::Cli::command());
        let help = cmd.render_help().to_string();
        for word in [
            "Penggunaan: tandai [OPSI] [PATH]\n            tandai <PERINTAH>\n",
            "Perintah:",
            "Argumen:",
            "Opsi:",
            "Tampilkan versi",
        ] {
            assert!(help.contains(word), "{word} in {help}");
        }
        for english in [
            "Usage:",
            "Options:",
            "Commands:",
            "Print help",
            "[default:",
            "[OPTIONS]",
            "<COMMAND>",
        ] {
            assert!(!help.contains(english), "{english} in {help}");
        }
        let report = cmd.find_subcommand_mut("report").expect("report");
        let long = report.render_long_help().to_string();
        assert!(long.contains("Nilai yang mungkin:\n"), "{long}");
        assert!(long.contains("[bawaan: text]"), "{long}");

        i18n::set_current(Lang::En);
        let mut cmd = localize(crate::Cli::command());
        let help = cmd.render_help().to_string();
        assert!(
            help.contains("Usage:") && help.contains("Print version"),
            "{help}"
        );
        assert!(help.contains(i18n::en::EN.cmd_h_open_path), "{help}");
    }
}
