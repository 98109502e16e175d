//! Everything the command line prints goes through here (RELIABILITY H10).
//!
//! Transcript names, code labels and memos can hold escape sequences
//! (`x<ESC>]0;PWNED<BEL>.txt` sets the terminal's title). So what goes to a terminal
//! passes the one display sanitiser ([`sanitize_text`]): messages on stderr always,
//! results on stdout when stdout is a terminal. Results written to a file or a pipe
//! keep their exact text (a CSV or JSON file must hold the data as it is).

use std::io::{IsTerminal, Write};
use tandai::core::display::sanitize_text;

/// A message on stderr, with a line end; always sanitised.
pub fn warn(message: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", sanitize_text(message));
}

/// A question on stderr without a line end (the answer is typed after it).
pub fn ask(question: &str) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    write!(err, "{}", sanitize_text(question))?;
    err.flush()
}

/// A line of results on stdout: sanitised when stdout is a terminal.
pub fn line(text: &str) {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(b'\n');
    let _ = data(&bytes);
}

/// A command's result on stdout: the exact bytes to a file or pipe, sanitised text to
/// a terminal. A reader that stopped early (`| head`) is not an error.
pub fn data(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let result = if out.is_terminal() {
        let text = sanitize_text(&String::from_utf8_lossy(bytes));
        out.write_all(text.as_bytes())
    } else {
        out.write_all(bytes)
    };
    match result.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
