//! The user's config and state: coder name, keymap file, resume positions.
//!
//! Paths come from the `directories` crate (XDG on Linux). tandai's folders are
//! created 0700 and its files 0600 (RELIABILITY H5).

use crate::core::coding::store::{Perms, atomic_write, create_private_dir};
use crate::core::documents::fsread::{Links, read, read_text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where tandai keeps its own files.
#[derive(Debug, Clone)]
pub struct Dirs {
    pub config: PathBuf,
    pub state: PathBuf,
}

impl Dirs {
    /// The platform's folders for tandai, or None when there is no home directory.
    pub fn locate() -> Option<Dirs> {
        let p = directories::ProjectDirs::from("", "", "tandai")?;
        let state = p
            .state_dir()
            .unwrap_or_else(|| p.data_local_dir())
            .to_path_buf();
        Some(Dirs {
            config: p.config_dir().to_path_buf(),
            state,
        })
    }

    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }

    pub fn keymap_file(&self) -> PathBuf {
        self.config.join("keymap.toml")
    }

    pub fn positions_file(&self) -> PathBuf {
        self.state.join("positions.json")
    }
}

/// Largest config or keymap file tandai reads: they are a few lines.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Largest positions file tandai reads.
pub const MAX_POSITIONS_BYTES: u64 = 16 * 1024 * 1024;

/// The user config file (`config.toml`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Config {
    /// The coder name used in sidecar file names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coder: Option<String>,
    /// The documents pane of the coding screen, as the coder last chose it with its
    /// key (absent: shown when there is room).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<DocumentsPane>,
    /// The interface language, `en` or `id`, as `L` last left it (absent: from the
    /// locale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// Whether the coding screen shows the documents pane. Even when shown, it hides
/// itself in a terminal too narrow for it beside a readable transcript.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentsPane {
    /// Shown when the transcript keeps its room with the codebook at full width.
    #[default]
    Auto,
    /// Shown whenever it fits, the codebook narrowing for it.
    Shown,
    /// Not shown.
    Hidden,
}

impl DocumentsPane {
    /// The value as written in `config.toml`.
    pub fn name(self) -> &'static str {
        match self {
            DocumentsPane::Auto => "auto",
            DocumentsPane::Shown => "shown",
            DocumentsPane::Hidden => "hidden",
        }
    }
}

impl Config {
    /// Reads the config; a missing file is an empty config, a bad one an error. A
    /// link is followed (dotfile managers link config files), but only to a
    /// regular file of at most [`MAX_CONFIG_BYTES`].
    pub fn load(path: &Path) -> Result<Config, String> {
        match read_text(path, MAX_CONFIG_BYTES, Links::Follow) {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                let line = e.span().map_or(1, |s| {
                    text[..s.start.min(text.len())].matches('\n').count() + 1
                });
                crate::i18n::fill(
                    crate::i18n::strings(crate::i18n::current()).core_config_line,
                    &[
                        ("path", &path.display()),
                        ("line", &line),
                        ("message", &e.message()),
                    ],
                )
            }),
            Err(e) if e.is_not_found() => Ok(Config::default()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Sets one top-level `key` of the config file at `path` to `value` (a TOML
    /// value, e.g. `"hidden"` with its quotes), keeping every other line as the user
    /// wrote it, comments included: the file is the user's as much as tandai's. The
    /// edit is checked by reading it back (only that key may change) before it is
    /// written atomically (folder 0700, file 0600); a file the check fails for is left
    /// alone with an error that says what to write by hand.
    pub fn set_value(path: &Path, key: &str, value: &str) -> Result<(), String> {
        let text = match read_text(path, MAX_CONFIG_BYTES, Links::Follow) {
            Ok(text) => text,
            Err(e) if e.is_not_found() => String::new(),
            Err(e) => return Err(e.to_string()),
        };
        let edited = with_line(&text, key, value);
        let by_hand = || {
            crate::i18n::fill(
                crate::i18n::strings(crate::i18n::current()).core_config_by_hand,
                &[("path", &path.display()), ("key", &key), ("value", &value)],
            )
        };
        let parse = |t: &str| toml::from_str::<toml::Table>(t).map_err(|_| by_hand());
        let mut expected = parse(&text)?;
        let new_value = parse(&format!("{key} = {value}"))?.remove(key);
        expected.insert(key.to_owned(), new_value.ok_or_else(by_hand)?);
        if parse(&edited)? != expected {
            return Err(by_hand());
        }
        if let Some(dir) = path.parent() {
            create_private_dir(dir).map_err(|e| {
                format!(
                    "{}: {}",
                    dir.display(),
                    crate::core::coding::store::short_io(&e)
                )
            })?;
        }
        atomic_write(path, edited.as_bytes(), Perms::Private)
    }

    /// Writes the config (folder 0700, file 0600).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            create_private_dir(dir).map_err(|e| {
                format!(
                    "{}: {}",
                    dir.display(),
                    crate::core::coding::store::short_io(&e)
                )
            })?;
        }
        let text = toml::to_string(self).map_err(|e| e.to_string())?;
        atomic_write(path, text.as_bytes(), Perms::Private)
    }
}

/// `text` with the top-level line `key = value` replaced, or added before the first
/// table (or at the end) when there is none.
fn with_line(text: &str, key: &str, value: &str) -> String {
    let line = format!("{key} = {value}");
    let mut out: Vec<&str> = Vec::new();
    let mut done = false;
    let mut in_table = false;
    for l in text.lines() {
        let t = l.trim_start();
        if t.starts_with('[') && !done {
            out.push(&line);
            done = true;
        }
        in_table |= t.starts_with('[');
        let is_key = t
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if !in_table && !done && is_key {
            out.push(&line);
            done = true;
            continue;
        }
        out.push(l);
    }
    if !done {
        out.push(&line);
    }
    out.join("\n") + "\n"
}

/// Where a coder was in a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub document: String,
    /// Paragraph number, from 1.
    pub paragraph: usize,
    /// Where the coder was in the other documents visited (paragraph numbers from 1,
    /// by document file name), so that `]` and `[` come back there.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub places: BTreeMap<String, usize>,
}

/// Resume positions: by project folder, then by coder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Positions {
    #[serde(default)]
    pub projects: BTreeMap<String, BTreeMap<String, Position>>,
}

impl Positions {
    /// Reads the positions file; anything unreadable counts as no positions.
    pub fn load(path: &Path) -> Positions {
        read(path, MAX_POSITIONS_BYTES, Links::Refuse)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn get(&self, project: &Path, coder: &str) -> Option<&Position> {
        self.projects.get(&key(project))?.get(coder)
    }

    pub fn set(&mut self, project: &Path, coder: &str, pos: Position) {
        self.projects
            .entry(key(project))
            .or_default()
            .insert(coder.to_owned(), pos);
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = serde_json::to_vec_pretty(self).unwrap_or_default();
        b.push(b'\n');
        b
    }
}

fn key(project: &Path) -> String {
    std::fs::canonicalize(project)
        .unwrap_or_else(|_| project.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn config_round_trip_private() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("cfg/tandai/config.toml");
        assert_eq!(Config::load(&path), Ok(Config::default()));
        let c = Config {
            coder: Some("ana".into()),
            ..Config::default()
        };
        c.save(&path).expect("save");
        assert_eq!(Config::load(&path), Ok(c));
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().expect("dir")), 0o700);
    }

    #[test]
    fn set_value_keeps_the_users_lines_and_replaces_only_its_key() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("cfg/config.toml");
        Config::set_value(&path, "documents", "\"hidden\"").expect("new file");
        assert_eq!(
            Config::load(&path).map(|c| c.documents),
            Ok(Some(DocumentsPane::Hidden))
        );
        std::fs::write(
            &path,
            "# my settings\ncoder = \"ana\" # me\ndocuments = \"hidden\"\nfuture = 1\n",
        )
        .expect("write");
        Config::set_value(&path, "documents", "\"shown\"").expect("set");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "# my settings\ncoder = \"ana\" # me\ndocuments = \"shown\"\nfuture = 1\n"
        );
        std::fs::write(&path, "coder = \"ana\"\n[later]\nx = 1\n").expect("write");
        Config::set_value(&path, "documents", "\"hidden\"").expect("before a table");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text,
            "coder = \"ana\"\ndocuments = \"hidden\"\n[later]\nx = 1\n"
        );
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn set_value_refuses_what_it_cannot_edit_safely() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("config.toml");
        let odd = "coder = \"\"\"\ndocuments = 1\n\"\"\"\n";
        std::fs::write(&path, odd).expect("write");
        let e = Config::set_value(&path, "documents", "\"hidden\"").expect_err("multi-line");
        assert!(e.contains("write `documents = \"hidden\"`"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), odd);
        std::fs::write(&path, "coder = = 1\n").expect("write");
        assert!(Config::set_value(&path, "documents", "\"hidden\"").is_err());
        let target = dir.path().join("elsewhere.toml");
        std::fs::write(&target, "coder = \"ana\"\n").expect("write");
        let link = dir.path().join("linked.toml");
        std::os::unix::fs::symlink(&target, &link).expect("link");
        assert!(Config::set_value(&link, "documents", "\"hidden\"").is_err());
        assert_eq!(
            std::fs::read_to_string(&target).expect("read"),
            "coder = \"ana\"\n",
            "a linked config is never written through"
        );
    }

    #[test]
    fn bad_config_names_file_and_line() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "\ncoder = = 1\n").expect("write");
        let e = Config::load(&path).expect_err("bad");
        assert!(e.contains("config.toml: line 2"), "{e}");
    }

    #[test]
    fn positions_by_project_and_coder() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut p = Positions::default();
        p.set(
            dir.path(),
            "ana",
            Position {
                document: "a.txt".into(),
                paragraph: 3,
                places: BTreeMap::from([("b.txt".into(), 7)]),
            },
        );
        let back: Positions = serde_json::from_slice(&p.to_bytes()).expect("json");
        assert_eq!(back.get(dir.path(), "ana").map(|x| x.paragraph), Some(3));
        assert_eq!(
            back.get(dir.path(), "ana").map(|x| x.places["b.txt"]),
            Some(7)
        );
        let older: Position =
            serde_json::from_str(r#"{"document":"a.txt","paragraph":2}"#).expect("older file");
        assert!(older.places.is_empty());
        assert!(back.get(dir.path(), "budi").is_none());
    }
}
