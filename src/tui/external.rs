//! Handing a memo to the user's own editor (`$VISUAL`, then `$EDITOR`, then `vi`):
//! the terminal is given back to the shell while it runs, like `git commit` does.

use super::terminal::{self, Term};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set while the external editor runs: the signal thread then leaves SIGINT and
/// SIGQUIT to the editor instead of ending tandai.
static RUNNING: AtomicBool = AtomicBool::new(false);

/// Whether the external editor has the terminal now.
pub fn running() -> bool {
    RUNNING.load(Ordering::SeqCst)
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`. It may hold arguments
/// (`code --wait`), so it runs through the shell with the file as `$1`.
fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// A new private file (0600) for the memo, in the temporary folder.
fn memo_file(text: &str) -> std::io::Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let path = std::env::temp_dir().join(format!("tandai-memo-{}-{stamp}.txt", std::process::id()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?;
    f.write_all(text.as_bytes())?;
    if !text.is_empty() && !text.ends_with('\n') {
        f.write_all(b"\n")?;
    }
    f.sync_all()?;
    Ok(path)
}

/// Runs the editor on `text` and returns what it saved, or why it failed. The
/// terminal is given back for the editor (bracketed paste off) and taken back
/// afterwards.
pub fn edit(term: &mut Term, text: &str, lang: crate::i18n::Lang) -> Result<String, String> {
    use crate::i18n::fill;
    let t = crate::i18n::strings(lang);
    let path = memo_file(text).map_err(|e| fill(t.ui_editor_cannot_write, &[("why", &e)]))?;
    let editor = editor_command();
    terminal::restore();
    RUNNING.store(true, Ordering::SeqCst);
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    RUNNING.store(false, Ordering::SeqCst);
    // Taken back with raw mode, the alternate screen and bracketed paste; if that
    // fails the terminal has gone, and the loop ends at its next read or draw.
    if let Ok(t) = terminal::init() {
        *term = t;
    }
    let _ = term.clear();
    let result = match status {
        Ok(s) if s.success() => match crate::core::documents::fsread::read(
            &path,
            crate::core::coding::sidecar::MAX_SIDECAR_BYTES,
            crate::core::documents::fsread::Links::Follow,
        ) {
            // Kept: what was written there is the user's work.
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ok(text),
                Err(e) => {
                    return Err(fill(
                        t.ui_editor_not_utf8,
                        &[
                            ("path", &path.display()),
                            ("n", &e.utf8_error().valid_up_to()),
                        ],
                    ));
                }
            },
            Err(e) => Err(e.to_string()),
        },
        Ok(s) => Err(fill(
            t.ui_editor_exited,
            &[("editor", &editor), ("status", &s)],
        )),
        Err(e) => Err(fill(
            t.ui_editor_cannot_run,
            &[("editor", &editor), ("why", &e)],
        )),
    };
    let _ = std::fs::remove_file(&path);
    result
}
