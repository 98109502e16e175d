//! A command line clap refuses, in the interface language. English keeps clap's own
//! message byte for byte; another language gets the same parts in the same order
//! (what is wrong, the tips, the usage, where to read more) in the catalog's words
//! (`cmd_e_*`), following clap's rich formatter (`clap_builder::error::format`).

use clap::error::{ContextKind as K, ContextValue as V, ErrorKind};
use std::ffi::OsString;
use tandai::i18n::{self, Lang, Strings, fill};

/// The message for a refused command line, as the user reads it. A kind of error
/// without words in the catalog keeps clap's message.
pub fn render_error(error: &clap::Error) -> String {
    match i18n::current() {
        Lang::En => error.render().to_string(),
        lang => localized_error(error, i18n::strings(lang))
            .unwrap_or_else(|| error.render().to_string()),
    }
}

/// The refusal of `args` by the command tree without the help's fixed usage lines
/// (`help::localize_for_errors`), so that its usage names the arguments given and
/// those still needed, as clap's English does. English, a help shown for a missing
/// command, or a second parse that somehow disagrees keep `first`.
pub fn with_usage_of_given(
    first: clap::Error,
    command: clap::Command,
    args: Vec<OsString>,
) -> clap::Error {
    use clap::FromArgMatches;
    if i18n::current() == Lang::En
        || first.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        return first;
    }
    let mut command = super::help::localize_for_errors(command);
    let again = command
        .try_get_matches_from_mut(args)
        .and_then(|mut m| crate::Cli::from_arg_matches_mut(&mut m))
        .map_err(|e| e.format(&mut command));
    match again {
        Err(e) if e.kind() == first.kind() => e,
        _ => first,
    }
}

/// clap's rich error format, part for part: `None` for a kind (or a shape of its
/// context) the catalog has no words for.
fn localized_error(e: &clap::Error, t: &Strings) -> Option<String> {
    let mut out = format!("{} {}", t.cmd_e_error, message(e, t)?);
    let tips = tips(e, t);
    if !tips.is_empty() {
        out += "\n";
    }
    for tip in tips {
        out += &format!("\n  {} {tip}", t.cmd_e_tip);
    }
    if let Some(V::StyledStr(usage)) = e.get(K::Usage) {
        let usage = usage.to_string();
        let usage = match usage.strip_prefix("Usage:") {
            Some(_) => format!("{} {}", t.cmd_h_usage, super::help::usage_words(&usage, t)),
            None => usage,
        };
        out += &format!("\n\n{usage}");
    }
    out += "\n\n";
    out += &fill(t.cmd_e_more, &[("help", &"--help")]);
    out += "\n";
    Some(out)
}

/// A text of the error's context.
fn text(e: &clap::Error, kind: K) -> Option<&str> {
    match e.get(kind) {
        Some(V::String(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// A list of the error's context.
fn list(e: &clap::Error, kind: K) -> Option<&[String]> {
    match e.get(kind) {
        Some(V::Strings(v)) => Some(v.as_slice()),
        _ => None,
    }
}

/// A number of the error's context.
fn number(e: &clap::Error, kind: K) -> Option<isize> {
    match e.get(kind) {
        Some(V::Number(n)) => Some(*n),
        _ => None,
    }
}

/// clap's `\n  [possible values: a, b]` after a message.
fn values_list(name: &str, values: Option<&[String]>) -> String {
    match values {
        Some(v) if !v.is_empty() => format!("\n  [{name}: {}]", v.join(", ")),
        _ => String::new(),
    }
}

/// What is wrong: the first line (and its list) of the message.
fn message(e: &clap::Error, t: &Strings) -> Option<String> {
    let arg = || text(e, K::InvalidArg);
    Some(match e.kind() {
        ErrorKind::UnknownArgument => fill(t.cmd_e_unknown_argument, &[("arg", &arg()?)]),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => invalid_value(e, t)?,
        ErrorKind::InvalidSubcommand => fill(
            t.cmd_e_unknown_command,
            &[("name", &text(e, K::InvalidSubcommand)?)],
        ),
        ErrorKind::MissingRequiredArgument => {
            let mut out = t.cmd_e_missing_arguments.to_owned();
            for arg in list(e, K::InvalidArg)? {
                out += &format!("\n  {arg}");
            }
            out
        }
        ErrorKind::MissingSubcommand => {
            let name = text(e, K::InvalidSubcommand)?;
            fill(t.cmd_e_missing_command, &[("name", &name)])
                + &values_list(t.cmd_e_commands, list(e, K::ValidSubcommand))
        }
        ErrorKind::ArgumentConflict => conflict(e, t)?,
        ErrorKind::TooManyValues => fill(
            t.cmd_e_unexpected_value,
            &[("value", &text(e, K::InvalidValue)?), ("arg", &arg()?)],
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = number(e, K::MinValues).or_else(|| number(e, K::ExpectedNumValues))?;
            let given = number(e, K::ActualNumValues)?;
            fill(
                t.cmd_e_value_count,
                &[("expected", &expected), ("arg", &arg()?), ("given", &given)],
            )
        }
        ErrorKind::NoEquals => fill(t.cmd_e_no_equals, &[("arg", &arg()?)]),
        ErrorKind::InvalidUtf8 => t.cmd_e_not_utf8.to_owned(),
        _ => return None,
    })
}

/// A value refused: missing, not one of the possible values, or refused by its
/// parser (whose reason follows, in the catalog's words where it is the standard
/// library's).
fn invalid_value(e: &clap::Error, t: &Strings) -> Option<String> {
    let (arg, value) = (text(e, K::InvalidArg)?, text(e, K::InvalidValue)?);
    let mut out = if value.is_empty() && e.kind() == ErrorKind::InvalidValue {
        fill(t.cmd_e_value_required, &[("arg", &arg)])
    } else {
        fill(t.cmd_e_invalid_value, &[("value", &value), ("arg", &arg)])
    };
    if let Some(why) = std::error::Error::source(e) {
        out += &format!(": {}", reason(why, t));
    }
    out += &values_list(t.cmd_e_possible_values, list(e, K::ValidValue));
    Some(out)
}

/// Why a value parser refused a value: tandai's parsers already speak the interface
/// language; a number's parser (`--sample`, `--seed`) is the standard library's,
/// which speaks English.
fn reason(why: &(dyn std::error::Error + 'static), t: &Strings) -> String {
    use std::num::IntErrorKind;
    match why
        .downcast_ref::<std::num::ParseIntError>()
        .map(|e| e.kind())
    {
        Some(IntErrorKind::Empty) => t.cmd_e_int_empty.to_owned(),
        Some(IntErrorKind::InvalidDigit) => t.cmd_e_int_invalid.to_owned(),
        Some(IntErrorKind::PosOverflow) => t.cmd_e_int_too_large.to_owned(),
        Some(IntErrorKind::NegOverflow) => t.cmd_e_int_too_small.to_owned(),
        _ => why.to_string(),
    }
}

/// An argument given twice, or with another it cannot go with; or a word read as a
/// command where an argument came before it ("the subcommand 'x' cannot be used with").
fn conflict(e: &clap::Error, t: &Strings) -> Option<String> {
    let prior = e.get(K::PriorArg);
    let mut out = match (text(e, K::InvalidArg), text(e, K::InvalidSubcommand)) {
        (Some(arg), _) if prior == Some(&V::String(arg.to_owned())) => {
            return Some(fill(t.cmd_e_used_twice, &[("arg", &arg)]));
        }
        (Some(arg), _) => fill(t.cmd_e_conflict, &[("arg", &arg)]),
        (None, Some(name)) => fill(t.cmd_e_command_conflict, &[("name", &name)]),
        (None, None) => return None,
    };
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
    Some(out)
}

/// The tips: similar commands, arguments or values, then clap's suggestions.
fn tips(e: &clap::Error, t: &Strings) -> Vec<String> {
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
        tips.extend(suggestions.iter().map(|s| suggestion(&s.to_string(), t)));
    }
    tips
}

/// One of clap's suggestions in the catalog's words; a shape it has not a word for
/// stays clap's. Its three shapes (clap_builder's `error/mod.rs`):
/// "to pass '-x' as a value, use '-- -x'", "'export --format' exists" (an option of a
/// command named later) and "subcommand 'export' exists; to use it, remove the '--'
/// before it".
fn suggestion(english: &str, t: &Strings) -> String {
    let pass = english
        .strip_prefix("to pass '")
        .and_then(|rest| rest.strip_suffix('\''))
        .and_then(|rest| rest.split_once("' as a value, use '"));
    if let Some((arg, instead)) = pass {
        return fill(
            t.cmd_e_pass_as_value,
            &[("arg", &arg), ("instead", &instead)],
        );
    }
    let dashes = english
        .strip_prefix("subcommand '")
        .and_then(|rest| rest.strip_suffix("' before it"))
        .and_then(|rest| rest.split_once("' exists; to use it, remove the '"));
    if let Some((name, dashes)) = dashes {
        return fill(
            t.cmd_e_remove_dashes,
            &[("name", &name), ("dashes", &dashes)],
        );
    }
    let exists = english
        .strip_prefix('\'')
        .and_then(|rest| rest.strip_suffix("' exists"));
    match exists {
        Some(name) => fill(t.cmd_e_exists, &[("name", &name)]),
        None => english.to_owned(),
    }
}
