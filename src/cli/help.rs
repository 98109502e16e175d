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
    localize_tree(cmd, i18n::strings(i18n::current()))
}

/// One command and, recursively, its subcommands.
fn localize_tree(mut cmd: Command, t: &'static Strings) -> Command {
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
    let usage = usage(&mut cmd, t);
    cmd = cmd.override_usage(usage);
    let ids: Vec<clap::Id> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| localize_arg(a, t));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |s| localize_tree(s, t));
    }
    cmd
}

/// The usage lines as clap writes them, with its `[OPTIONS]` in the catalog's words
/// and the lines after the first under the first (the heading is wider).
fn usage(cmd: &mut Command, t: &Strings) -> String {
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    let indent = format!("\n{}", " ".repeat(t.cmd_h_usage.chars().count() + 1));
    usage
        .replace("\n       ", &indent)
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

/// A command line clap refuses, as the user reads it: in English clap's own message;
/// in another language the same parts (what is wrong, a tip, the usage, where to read
/// more) in the catalog's words. A kind of error without words in the catalog keeps
/// clap's message.
pub fn render_error(error: &clap::Error) -> String {
    match i18n::current() {
        Lang::En => error.render().to_string(),
        lang => localized_error(error, i18n::strings(lang))
            .unwrap_or_else(|| error.render().to_string()),
    }
}

/// clap's rich error format (`clap_builder::error::format`), part for part.
fn localized_error(e: &clap::Error, t: &Strings) -> Option<String> {
    use clap::error::{ContextKind as K, ContextValue as V, ErrorKind};
    use i18n::fill;
    let text = |kind| match e.get(kind) {
        Some(V::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let list = |kind| match e.get(kind) {
        Some(V::Strings(v)) => Some(v.as_slice()),
        _ => None,
    };
    let values_list = |name: &str, values: Option<&[String]>| match values {
        Some(v) if !v.is_empty() => format!("\n  [{name}: {}]", v.join(", ")),
        _ => String::new(),
    };
    let mut out = format!("{} ", t.cmd_e_error);
    match e.kind() {
        ErrorKind::UnknownArgument => {
            out += &fill(t.cmd_e_unknown_argument, &[("arg", &text(K::InvalidArg)?)]);
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let (arg, value) = (text(K::InvalidArg)?, text(K::InvalidValue)?);
            if value.is_empty() && e.kind() == ErrorKind::InvalidValue {
                out += &fill(t.cmd_e_value_required, &[("arg", &arg)]);
            } else {
                out += &fill(t.cmd_e_invalid_value, &[("value", &value), ("arg", &arg)]);
            }
            if let Some(why) = std::error::Error::source(e) {
                out += &format!(": {why}");
            }
            out += &values_list(t.cmd_e_possible_values, list(K::ValidValue));
        }
        ErrorKind::InvalidSubcommand => {
            out += &fill(
                t.cmd_e_unknown_command,
                &[("name", &text(K::InvalidSubcommand)?)],
            );
        }
        ErrorKind::MissingRequiredArgument => {
            out += t.cmd_e_missing_arguments;
            for arg in list(K::InvalidArg)? {
                out += &format!("\n  {arg}");
            }
        }
        ErrorKind::MissingSubcommand => {
            out += &fill(
                t.cmd_e_missing_command,
                &[("name", &text(K::InvalidSubcommand)?)],
            );
            out += &values_list(t.cmd_e_commands, list(K::ValidSubcommand));
        }
        ErrorKind::ArgumentConflict => {
            let arg = text(K::InvalidArg).or_else(|| text(K::InvalidSubcommand))?;
            match e.get(K::PriorArg) {
                Some(V::String(prior)) if prior == arg => {
                    out += &fill(t.cmd_e_used_twice, &[("arg", &arg)]);
                }
                prior => {
                    out += &fill(t.cmd_e_conflict, &[("arg", &arg)]);
                    match prior {
                        Some(V::String(prior)) => out += &format!(" '{prior}'"),
                        Some(V::Strings(priors)) => {
                            out += ":";
                            for prior in priors {
                                out += &format!("\n  {prior}");
                            }
                        }
                        _ => out += &format!(" {}", t.cmd_e_conflict_others),
                    }
                }
            }
        }
        ErrorKind::TooManyValues => {
            let (arg, value) = (text(K::InvalidArg)?, text(K::InvalidValue)?);
            out += &fill(
                t.cmd_e_unexpected_value,
                &[("value", &value), ("arg", &arg)],
            );
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let number = |kind| match e.get(kind) {
                Some(V::Number(n)) => Some(*n),
                _ => None,
            };
            let expected = number(K::MinValues).or_else(|| number(K::ExpectedNumValues))?;
            let given = number(K::ActualNumValues)?;
            let arg = text(K::InvalidArg)?;
            out += &fill(
                t.cmd_e_value_count,
                &[("expected", &expected), ("arg", &arg), ("given", &given)],
            );
        }
        ErrorKind::NoEquals => out += &fill(t.cmd_e_no_equals, &[("arg", &text(K::InvalidArg)?)]),
        ErrorKind::InvalidUtf8 => out += t.cmd_e_not_utf8,
        _ => return None,
    }
    let mut tips = Vec::new();
    for (kind, words) in [
        (K::SuggestedSubcommand, t.cmd_e_similar_command),
        (K::SuggestedArg, t.cmd_e_similar_argument),
        (K::SuggestedValue, t.cmd_e_similar_value),
    ] {
        let names = match e.get(kind) {
            Some(V::String(name)) => format!("'{name}'"),
            Some(V::Strings(names)) => names
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(", "),
            _ => continue,
        };
        tips.push(fill(words, &[("names", &names)]));
    }
    if let Some(V::StyledStrs(suggestions)) = e.get(K::Suggested) {
        for suggestion in suggestions {
            let english = suggestion.to_string();
            // clap's one suggestion of this kind: "to pass '-x' as a value, use '-- -x'".
            let pass = english
                .strip_prefix("to pass '")
                .and_then(|rest| rest.strip_suffix('\''))
                .and_then(|rest| rest.split_once("' as a value, use '"));
            tips.push(match pass {
                Some((arg, instead)) => fill(
                    t.cmd_e_pass_as_value,
                    &[("arg", &arg), ("instead", &instead)],
                ),
                None => english,
            });
        }
    }
    if !tips.is_empty() {
        out += "\n";
    }
    for tip in tips {
        out += &format!("\n  {} {tip}", t.cmd_e_tip);
    }
    if let Some(V::StyledStr(usage)) = e.get(K::Usage) {
        let usage = usage.to_string();
        let usage = match usage.strip_prefix("Usage:") {
            Some(rest) => format!("{}{rest}", t.cmd_h_usage),
            None => usage,
        };
        out += &format!("\n\n{usage}");
    }
    out += "\n\n";
    out += &fill(t.cmd_e_more, &[("help", &"--help")]);
    out += "\n";
    Some(out)
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
