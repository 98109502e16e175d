//! The interface's words in English and Indonesian.
//!
//! Every user-facing string lives in one typed catalog per language: [`en`] defines
//! the messages (the `catalog!` list: a name and its English text) and [`id`] gives
//! the same names their Indonesian text. A message missing from `id.rs` is a compile
//! error, so no language can fall behind silently; the tests below check that both
//! texts of a message take the same `{placeholders}`, that none is empty, and that
//! an Indonesian text is not a forgotten copy of the English.
//!
//! A typed catalog rather than Fluent files: the compiler checks every use and every
//! translation, there is nothing to load or parse at run time (the binary stays one
//! file), and a translator still edits one file. Texts with values use named
//! placeholders (`{n}`, `{name}`) filled by [`fill`]; plurals are two messages (`_one`,
//! `_other`) chosen by [`count`], as Indonesian has one form for both; numbers in prose
//! go through [`decimal`] (a decimal comma in Indonesian; CSV and JSON keep a point).

pub mod en;
pub mod id;

pub use crate::core::codebook::Lang;
pub use en::Strings;

/// Defines [`Strings`] (one field per message) and the English catalog [`en::EN`].
macro_rules! catalog {
    ($($(#[$doc:meta])* $name:ident : $text:expr,)*) => {
        /// Every message of the interface, in one language.
        #[derive(Debug)]
        pub struct Strings {
            $($(#[$doc])* pub $name: &'static str,)*
        }

        /// The interface in English.
        pub const EN: Strings = Strings { $($name: $text,)* };

        impl Strings {
            /// Every message as (name, text), in the catalog's order.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)*]
            }
        }
    };
}
pub(crate) use catalog;

/// The catalog of a language.
pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::En => &en::EN,
        Lang::Id => &id::ID,
    }
}

/// A template with its `{name}` placeholders replaced by the values given; `{{` and
/// `}}` are literal braces. A placeholder without a value stays as written (a test
/// checks every use gives what its message needs).
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) {
            let name = &tail[1..end];
            match values.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(&v.to_string()),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of a template, in order (`{{`/`}}` are not placeholders).
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
            continue;
        }
        match tail.find('}').filter(|_| tail.starts_with('{')) {
            Some(end) => {
                out.push(&tail[1..end]);
                rest = &tail[end + 1..];
            }
            None => rest = &tail[1..],
        }
    }
    out
}

/// `one` when `n` is 1, else `other`, with `{n}` filled: "1 paragraph", "3 paragraphs";
/// Indonesian gives the same text for both ("3 paragraf").
pub fn count(n: usize, one: &str, other: &str) -> String {
    fill(if n == 1 { one } else { other }, &[("n", &n)])
}

/// A number with `places` decimals for prose: `0.75` in English, `0,75` in
/// Indonesian. Machine formats (CSV, JSON) never use this.
pub fn decimal(lang: Lang, x: f64, places: usize) -> String {
    let text = format!("{x:.places$}");
    match lang {
        Lang::En => text,
        Lang::Id => text.replace('.', ","),
    }
}

/// The language a locale asks for: `LC_ALL`, else `LC_MESSAGES`, else `LANG` (the
/// first one set and not empty, as the C library takes them); Indonesian when it
/// starts with `id` (`id_ID.UTF-8`, `id`), English for any other, None when none is
/// set. `get` reads a variable (the environment, or a test's table).
pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| get(v).filter(|s| !s.is_empty()))?;
    let code = value.split(['_', '.', '@', '-']).next().unwrap_or("");
    Some(if code.eq_ignore_ascii_case("id") {
        Lang::Id
    } else {
        Lang::En
    })
}

/// The interface language of this process, set once at start from `--lang`, the
/// config and the locale ([`choose`]); English until then. The coding screen keeps
/// its own (`State::lang`, switched by `L`); commands and `--help` read this one.
static CURRENT: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Sets the process's interface language.
pub fn set_current(lang: Lang) {
    CURRENT.store(
        u8::from(lang == Lang::Id),
        std::sync::atomic::Ordering::Relaxed,
    );
}

/// The process's interface language.
pub fn current() -> Lang {
    match CURRENT.load(std::sync::atomic::Ordering::Relaxed) {
        0 => Lang::En,
        _ => Lang::Id,
    }
}

/// The interface language: `flag` (`--lang`), else `config` (the config's `lang`),
/// else the locale, else English. A config value tandai does not know is an error
/// for the caller to show (with the config file's name); the locale never is.
pub fn choose(
    flag: Option<Lang>,
    config: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Lang, String> {
    if let Some(lang) = flag {
        return Ok(lang);
    }
    if let Some(name) = config {
        return parse_lang(name);
    }
    Ok(from_locale(env).unwrap_or_default())
}

/// A language named on the command line or in the config: `en` or `id` (also
/// `english`, `indonesia`, `bahasa`).
pub fn parse_lang(name: &str) -> Result<Lang, String> {
    match name.trim().to_ascii_lowercase().as_str() {
        "en" | "english" | "inggris" => Ok(Lang::En),
        "id" | "indonesian" | "indonesia" | "bahasa" | "in" => Ok(Lang::Id),
        other => Err(format!(
            "{other:?} is not a language tandai speaks: en (English) or id (Bahasa Indonesia)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_take_the_same_placeholders_and_none_is_empty() {
        let (en, id) = (en::EN.entries(), id::ID.entries());
        assert_eq!(en.len(), id.len());
        for ((name, e), (name_id, i)) in en.iter().zip(&id) {
            assert_eq!(name, name_id);
            assert!(
                !e.trim().is_empty() && !i.trim().is_empty(),
                "{name} is empty"
            );
            let pe: BTreeSet<&str> = placeholders(e).into_iter().collect();
            let pi: BTreeSet<&str> = placeholders(i).into_iter().collect();
            assert_eq!(pe, pi, "{name}: {e:?} / {i:?}");
        }
    }

    #[test]
    fn an_indonesian_text_is_not_a_forgotten_copy_of_the_english() {
        // Texts that are the same in both languages on purpose: names, symbols, and
        // words Indonesian methods courses use as they are.
        for (name, e) in en::EN.entries() {
            let i = id::ID
                .entries()
                .into_iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t)
                .unwrap_or_default();
            let has_words = e.split_whitespace().any(|w| {
                w.chars().filter(|c| c.is_alphabetic()).count() > 3
                    && !id::SAME_IN_BOTH.contains(&w.trim_matches(|c: char| !c.is_alphabetic()))
            });
            assert!(
                e != i || !has_words,
                "{name}: the Indonesian text is the English one: {e:?}"
            );
        }
    }

    #[test]
    fn fill_replaces_named_placeholders_and_keeps_braces() {
        assert_eq!(
            fill("{n} of {total} {{x}}", &[("n", &3), ("total", &"7")]),
            "3 of 7 {x}"
        );
        assert_eq!(fill("{missing} stays", &[]), "{missing} stays");
        assert_eq!(fill("a } b { c", &[]), "a } b { c");
        assert_eq!(placeholders("{a} {{b}} {c}"), ["a", "c"]);
    }

    #[test]
    fn counts_numbers_and_locales() {
        assert_eq!(count(1, "{n} coding", "{n} codings"), "1 coding");
        assert_eq!(count(2, "{n} coding", "{n} codings"), "2 codings");
        assert_eq!(decimal(Lang::Id, 0.756, 2), "0,76");
        assert_eq!(decimal(Lang::En, 0.756, 2), "0.76");
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(from_locale(env(&[("LANG", "id_ID.UTF-8")])), Some(Lang::Id));
        assert_eq!(
            from_locale(env(&[("LANG", "id_ID.UTF-8"), ("LC_ALL", "C.UTF-8")])),
            Some(Lang::En),
            "LC_ALL wins"
        );
        assert_eq!(
            from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "id")])),
            Some(Lang::Id),
            "an empty variable is not set"
        );
        assert_eq!(from_locale(env(&[])), None);
        assert_eq!(parse_lang("ID"), Ok(Lang::Id));
        let id_locale = env(&[("LANG", "id_ID.UTF-8")]);
        assert_eq!(choose(Some(Lang::En), Some("id"), id_locale), Ok(Lang::En));
        assert_eq!(choose(None, Some("en"), id_locale), Ok(Lang::En));
        assert_eq!(choose(None, None, id_locale), Ok(Lang::Id));
        assert_eq!(choose(None, None, env(&[])), Ok(Lang::En));
        assert!(choose(None, Some("jawa"), env(&[])).is_err());
        assert!(parse_lang("fr").is_err());
    }
}
