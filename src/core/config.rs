//! The user's config and state: coder name, keymap file, resume positions.
//!
//! Paths come from the `directories` crate (XDG on Linux). tandai's folders are
//! created 0700 and its files 0600 (RELIABILITY H5).

use crate::core::fsread::{Links, read, read_text};
use crate::core::store::{Perms, atomic_write, create_private_dir};
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
                format!("{}: line {line}: {}", path.display(), e.message())
            }),
            Err(e) if e.is_not_found() => Ok(Config::default()),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Writes the config (folder 0700, file 0600).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            create_private_dir(dir)
                .map_err(|e| format!("{}: {}", dir.display(), crate::core::store::short_io(&e)))?;
        }
        let text = toml::to_string(self).map_err(|e| e.to_string())?;
        atomic_write(path, text.as_bytes(), Perms::Private)
    }
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
        };
        c.save(&path).expect("save");
        assert_eq!(Config::load(&path), Ok(c));
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().expect("dir")), 0o700);
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
