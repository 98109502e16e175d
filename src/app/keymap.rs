//! The keymap: a default TOML embedded in the binary, patched by the user's file.
//!
//! Keys are tandai's own type, so this module (like `update`) never touches the
//! terminal crates; the terminal layer converts its key events into [`Key`].

use super::action::{Action, COMMANDS, command};
use crate::i18n::fill;
use std::collections::{BTreeMap, HashMap, HashSet};
use thiserror::Error;

/// The keymap's errors speak the process's language: they are shown at start.
fn tr() -> &'static crate::i18n::Strings {
    crate::i18n::strings(crate::i18n::current())
}

/// The default keymap, shipped in the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("keymap.toml");

/// A key without modifiers, or with Ctrl / Alt. Shifted letters are upper-case chars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

/// The key itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

const NAMED: [(&str, KeyCode); 15] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("space", KeyCode::Char(' ')),
];

impl Key {
    /// A plain character key.
    pub const fn char(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
            alt: false,
        }
    }

    /// A named key without modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// A Ctrl+character key.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Parses `j`, `G`, `?`, `ctrl-r`, `alt-x`, `shift-tab`, `pagedown`, `f1`.
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut key = Key::plain(KeyCode::Esc);
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                key.ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                key.alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let lower = rest.to_ascii_lowercase();
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => {
                KeyCode::Char(if key.ctrl { c.to_ascii_lowercase() } else { c })
            }
            _ if lower == "shift-tab" => KeyCode::BackTab,
            _ => match NAMED.iter().find(|(n, _)| *n == lower) {
                Some(&(_, code)) => code,
                None => match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    Some(n @ 1..=12) => KeyCode::F(n),
                    _ => {
                        return Err(fill(
                            tr().ui_keymap_not_a_key,
                            &[("key", &format!("{s:?}"))],
                        ));
                    }
                },
            },
        };
        Ok(key)
    }

    /// How the key is written in help and hints: `j`, `Ctrl-r`, `PgDn`, `Space`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
        };
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl-");
        }
        if self.alt {
            out.push_str("Alt-");
        }
        out + &base
    }
}

/// A keymap problem, reported before the terminal is taken over.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{file}: line {line}: {message}")]
pub struct KeymapError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Keys bound to actions.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<Key, &'static str>,
    by_action: BTreeMap<&'static str, Vec<Key>>,
}

impl Keymap {
    /// The default keymap patched by a user file (its text and name), if any.
    pub fn load(user: Option<(&str, &str)>) -> Result<Keymap, KeymapError> {
        let mut by_action = parse_file(DEFAULT_KEYMAP, "default keymap")?;
        if let Some((text, name)) = user {
            by_action.extend(parse_file(text, name)?);
        }
        let mut bindings = HashMap::new();
        for (&action, keys) in &by_action {
            for key in keys {
                if let Some(other) = bindings.insert(*key, action).filter(|o| *o != action) {
                    let file = user.map_or("default keymap", |(_, n)| n).to_owned();
                    return Err(KeymapError {
                        file,
                        line: 0,
                        message: fill(
                            tr().ui_keymap_twice,
                            &[("key", &key.label()), ("a", &other), ("b", &action)],
                        ),
                    });
                }
            }
        }
        Ok(Keymap {
            bindings,
            by_action,
        })
    }

    /// The action bound to a key in the coding screen.
    pub fn action(&self, key: Key) -> Option<Action> {
        let name = self.bindings.get(&key)?;
        command(name).map(|c| (c.action)())
    }

    /// The keys of an action, in the order written.
    pub fn keys_for(&self, name: &str) -> &[Key] {
        self.by_action.get(name).map_or(&[], Vec::as_slice)
    }

    /// The label of the first key of the action named `name` (what messages tell
    /// the coder to press), or an empty text when it has none.
    pub fn key_label(&self, name: &str) -> String {
        self.keys_for(name)
            .first()
            .map(Key::label)
            .unwrap_or_default()
    }

    /// Plain characters the keymap uses: codes cannot have these keys.
    pub fn reserved_chars(&self) -> HashSet<char> {
        self.bindings
            .keys()
            .filter(|k| !k.ctrl && !k.alt)
            .filter_map(|k| match k.code {
                KeyCode::Char(c) => Some(c),
                _ => None,
            })
            .collect()
    }
}

fn parse_file(text: &str, file: &str) -> Result<BTreeMap<&'static str, Vec<Key>>, KeymapError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let err = |offset: usize, message: String| KeymapError {
        file: file.to_owned(),
        line: line_of(offset),
        message,
    };
    let table: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>> = toml::from_str(text)
        .map_err(
        |e: toml::de::Error| err(e.span().map_or(0, |s| s.start), e.message().to_owned()),
    )?;
    let mut out = BTreeMap::new();
    for (name, keys) in table {
        let Some(cmd) = command(name.get_ref()) else {
            let known: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
            return Err(err(
                name.span().start,
                fill(
                    tr().ui_keymap_unknown,
                    &[
                        ("name", &format!("{:?}", name.get_ref())),
                        ("known", &known.join(", ")),
                    ],
                ),
            ));
        };
        let at = keys.span().start;
        let bad = |m: String| err(at, format!("{}: {m}", cmd.name));
        let strings: Vec<&toml::Value> = match keys.get_ref() {
            toml::Value::Array(items) => items.iter().collect(),
            one => vec![one],
        };
        let parsed = strings
            .into_iter()
            .map(|v| match v {
                toml::Value::String(k) => Key::parse(k).map_err(bad),
                other => Err(bad(fill(tr().ui_keymap_not_string, &[("value", other)]))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.insert(cmd.name, parsed);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_keymap_binds_every_command() {
        let km = Keymap::load(None).expect("default loads");
        for c in COMMANDS {
            assert!(!km.keys_for(c.name).is_empty(), "{} has no key", c.name);
        }
        assert_eq!(km.action(Key::char('j')), Some(Action::NextParagraph));
        assert_eq!(
            km.action(Key::plain(KeyCode::Down)),
            Some(Action::NextParagraph)
        );
        assert_eq!(km.action(Key::ctrl('r')), Some(Action::Redo));
        assert_eq!(km.action(Key::char('G')), Some(Action::LastParagraph));
        assert_eq!(km.action(Key::char('x')), None);
    }

    #[test]
    fn user_file_patches_one_action() {
        let km = Keymap::load(Some(("quit = \"Q\"\n", "keymap.toml"))).expect("loads");
        assert_eq!(km.action(Key::char('Q')), Some(Action::Quit));
        assert_eq!(km.action(Key::char('q')), None);
        assert_eq!(km.action(Key::char('j')), Some(Action::NextParagraph));
        assert!(!km.reserved_chars().contains(&'q'));
    }

    #[test]
    fn bad_entries_name_file_line_and_key() {
        let e = Keymap::load(Some(("undo = [\"u\"]\nqiut = \"q\"\n", "keymap.toml")))
            .expect_err("unknown");
        assert_eq!((e.file.as_str(), e.line), ("keymap.toml", 2));
        assert!(
            e.message.contains("unknown action \"qiut\""),
            "{}",
            e.message
        );
        let e = Keymap::load(Some(("\n\nundo = [\"u\", \"ctrl-nope\"]\n", "k.toml")))
            .expect_err("bad key");
        assert_eq!(e.line, 3);
        assert!(
            e.message.contains("\"ctrl-nope\" is not a key"),
            "{}",
            e.message
        );
        let e = Keymap::load(Some(("undo = = 1", "k.toml"))).expect_err("syntax");
        assert_eq!(e.line, 1);
        let e = Keymap::load(Some(("undo = \"j\"", "k.toml"))).expect_err("conflict");
        assert!(
            e.message.contains("key j is bound to both"),
            "{}",
            e.message
        );
    }

    #[test]
    fn key_parsing_and_labels() {
        assert_eq!(Key::parse("ctrl-R"), Ok(Key::ctrl('r')));
        assert_eq!(Key::parse("shift-tab"), Ok(Key::plain(KeyCode::BackTab)));
        assert_eq!(Key::parse("F1"), Ok(Key::plain(KeyCode::F(1))));
        assert_eq!(Key::parse("space"), Ok(Key::char(' ')));
        assert_eq!(Key::parse("-"), Ok(Key::char('-')));
        assert!(Key::parse("f13").is_err());
        assert_eq!(Key::ctrl('r').label(), "Ctrl-r");
        assert_eq!(Key::plain(KeyCode::PageDown).label(), "PgDn");
    }
}
