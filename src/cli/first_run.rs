//! The first run: the coder's name, the codebook (a built-in pack from a menu), the
//! keymap; questions and messages on stderr, wrapped to the terminal.

use super::{out, tr};
use crate::Open;
use color_eyre::eyre::{Result, eyre};
use std::io::BufRead;
use std::path::Path;
use tandai::app::keymap::Keymap;
use tandai::core::codebook::Codebook;
use tandai::core::config::{Config, Dirs};
use tandai::core::project::{CODEBOOK_FILE, Project};
use tandai::core::{codebook::packs, coding::sidecar, coding::store};
use tandai::i18n::fill;

pub(crate) fn resolve_coder(flag: Option<&str>, config: &Config, dirs: &Dirs) -> Result<String> {
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

pub(crate) fn check_coder(name: &str) -> Result<String> {
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
pub(crate) fn say(text: &str) {
    say_hanging("", text);
}

/// Writes `prefix` and `text` to stderr, wrapped at word boundaries to the
/// terminal's width, the lines after the first indented as wide as `prefix` (a
/// numbered menu entry whose description runs on).
pub(crate) fn say_hanging(prefix: &str, text: &str) {
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

pub(crate) fn prompt(question: &str) -> Result<String> {
    out::ask(question)?;
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line)? == 0 {
        return Err(eyre!("input ended"));
    }
    Ok(line.trim().to_owned())
}

/// The codebook: `--codebook FILE`, else the project's `codebook.json`, else a built-in
/// pack chosen with `--pack` or from a menu, written as the project's `codebook.json`.
pub(crate) fn resolve_codebook(cli: &Open, project: &Project) -> Result<(Codebook, String)> {
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

pub(crate) fn choose_pack(path: &Path) -> Result<&'static str> {
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

pub(crate) fn load_keymap(dirs: &Dirs) -> Result<Keymap> {
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
