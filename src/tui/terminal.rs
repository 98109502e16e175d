//! Taking the terminal and giving it back: raw mode, the alternate screen, bracketed
//! paste (RELIABILITY I2), and the cursor.
//!
//! Giving it back never panics and never prints (T1, T2): after a hang-up the
//! terminal is gone, `eprintln!` to it panics, and a panic inside the panic hook
//! aborts the process, which is how a hang-up used to end in SIGABRT with a save
//! half done. So: errors are ignored, the restoring bytes go straight to the file
//! descriptor (no lock that a blocked writer could hold), and a terminal that failed
//! once is not written to again.

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, IsTerminal, Write};
use std::os::fd::AsFd;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

/// tandai's terminal: ratatui over crossterm's backend, writing through [`Out`].
pub type Term = Terminal<CrosstermBackend<Out>>;

/// The terminal failed a write (hung up): write nothing more to it.
static GONE: AtomicBool = AtomicBool::new(false);
/// tandai holds the terminal (raw mode, alternate screen): restoring has work to do.
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Leaves the alternate screen, turns bracketed paste off, shows the cursor.
const GIVE_BACK: &[u8] = b"\x1b[?2004l\x1b[?1049l\x1b[?25h";
/// Enters the alternate screen and turns bracketed paste on.
const TAKE: &[u8] = b"\x1b[?1049h\x1b[?2004h";

/// Whether the terminal has gone away (a write to it failed).
pub fn gone() -> bool {
    GONE.load(Ordering::SeqCst)
}

/// Notes that the terminal has gone away (its input ended).
pub fn mark_gone() {
    GONE.store(true, Ordering::SeqCst);
}

/// Begins a synchronized update (DEC mode 2026): the terminal shows nothing of a
/// frame until its end, so a slow link never shows half a frame. Terminals without
/// the mode ignore it.
const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
/// Ends a synchronized update.
const SYNC_END: &[u8] = b"\x1b[?2026l";

/// Standard output, for ratatui: what a frame writes is kept and sent at its flush
/// in one write, inside a synchronized update. The first failed write is returned
/// (the loop then ends as the terminal is gone); later writes are dropped, so that
/// nothing (such as ratatui's drop, which prints when it cannot show the cursor)
/// fails again. Colours go out as the 16-colour codes every terminal knows ([`Sgr16`]).
pub struct Out {
    stdout: io::Stdout,
    frame: Vec<u8>,
    sgr: Sgr16,
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !gone() {
            self.sgr.filter(buf, &mut self.frame);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.sgr.pending);
        self.frame.extend_from_slice(&rest);
        if gone() || self.frame.is_empty() {
            self.frame.clear();
            return Ok(());
        }
        let mut all = Vec::with_capacity(self.frame.len() + SYNC_BEGIN.len() + SYNC_END.len());
        all.extend_from_slice(SYNC_BEGIN);
        all.append(&mut self.frame);
        all.extend_from_slice(SYNC_END);
        let mut out = self.stdout.lock();
        out.write_all(&all)
            .and_then(|()| out.flush())
            .inspect_err(|_| mark_gone())
    }
}

/// crossterm writes even the 16 ANSI colours in the 256-colour form (`ESC[38;5;8m`),
/// which a terminal of 8 or 16 colours (the Linux console, older emulators over SSH)
/// does not read. tandai uses only those 16 colours, so each is sent as its own code:
/// foreground 30-37 and 90-97, background 40-47 and 100-107 (RELIABILITY T5).
/// Sequences split across writes are held until they end.
#[derive(Debug, Default)]
pub struct Sgr16 {
    pending: Vec<u8>,
}

/// A control sequence longer than this is not one of crossterm's colours: passed on.
const LONGEST_SGR: usize = 64;

impl Sgr16 {
    /// Appends `input` to `out`, with colour sequences rewritten.
    pub fn filter(&mut self, input: &[u8], out: &mut Vec<u8>) {
        for &b in input {
            if self.pending.is_empty() {
                if b == 0x1b {
                    self.pending.push(b);
                } else {
                    out.push(b);
                }
                continue;
            }
            self.pending.push(b);
            let len = self.pending.len();
            let ends = len > 2 && (0x40..=0x7e).contains(&b);
            if (len == 2 && b != b'[') || len > LONGEST_SGR {
                out.append(&mut self.pending);
            } else if ends {
                out.extend(rewrite_sgr(&self.pending));
                self.pending.clear();
            }
        }
    }
}

/// `ESC[38;5;Nm` with N < 16 as `ESC[3Xm` or `ESC[9Xm` (48: background), inside any
/// list of parameters; every other sequence unchanged.
fn rewrite_sgr(seq: &[u8]) -> Vec<u8> {
    let Some(params) = seq
        .strip_prefix(b"\x1b[")
        .and_then(|s| s.strip_suffix(b"m"))
        .and_then(|s| std::str::from_utf8(s).ok())
    else {
        return seq.to_vec();
    };
    let parts: Vec<&str> = params.split(';').collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let colour = match (parts.get(i), parts.get(i + 1), parts.get(i + 2)) {
            (Some(&kind @ ("38" | "48")), Some(&"5"), Some(n)) => {
                n.parse::<u8>().ok().filter(|&n| n < 16).map(|n| (kind, n))
            }
            _ => None,
        };
        match colour {
            Some((kind, n)) => {
                let base: u8 = if kind == "38" { 30 } else { 40 };
                let code = if n < 8 { base + n } else { base + 60 + n - 8 };
                out.push(code.to_string());
                i += 3;
            }
            None => {
                out.push(parts[i].to_owned());
                i += 1;
            }
        }
    }
    format!("\x1b[{}m", out.join(";")).into_bytes()
}

/// Takes the terminal: raw mode, alternate screen, bracketed paste. Installs the
/// panic hook that gives it back.
pub fn init() -> io::Result<Term> {
    install_panic_hook();
    ratatui::crossterm::terminal::enable_raw_mode()?;
    TAKEN.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    out.write_all(TAKE)?;
    out.flush()?;
    Terminal::new(CrosstermBackend::new(Out {
        stdout: out,
        frame: Vec::new(),
        sgr: Sgr16::default(),
    }))
}

/// Gives the terminal back (at exit, on a signal, to $EDITOR, in a panic). Safe on a
/// terminal that has gone: it never fails, blocks on a lock or prints.
pub fn restore() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    if !gone() {
        let _ = rustix::io::write(io::stdout().as_fd(), GIVE_BACK);
    }
}

/// Whether a panic message can go to stderr: a live terminal, a file or a pipe.
/// A character device that is no longer a terminal is a hung-up terminal.
fn stderr_usable() -> bool {
    use std::os::unix::fs::FileTypeExt;
    if gone() {
        return false;
    }
    let err = io::stderr();
    if err.is_terminal() {
        return true;
    }
    err.as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| !m.file_type().is_char_device())
}

/// Gives the terminal back before the panic message, and drops the message when
/// stderr is a terminal that has gone (printing would panic again and abort).
pub fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            if stderr_usable() {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filtered(chunks: &[&[u8]]) -> Vec<u8> {
        let mut f = Sgr16::default();
        let mut out = Vec::new();
        for c in chunks {
            f.filter(c, &mut out);
        }
        out.extend(std::mem::take(&mut f.pending));
        out
    }

    #[test]
    fn the_sixteen_colours_go_out_in_their_own_codes() {
        assert_eq!(filtered(&[b"\x1b[38;5;8mx"]), b"\x1b[90mx");
        assert_eq!(
            filtered(&[b"\x1b[38;5;3m\x1b[48;5;12m"]),
            b"\x1b[33m\x1b[104m"
        );
        assert_eq!(
            filtered(&[b"\x1b[38;5;1;48;5;0m"]),
            b"\x1b[31;40m",
            "fore- and background in one sequence"
        );
        assert_eq!(
            filtered(&[b"\x1b[38;5;200m"]),
            b"\x1b[38;5;200m",
            "not one of the 16"
        );
        assert_eq!(
            filtered(&[b"\x1b[39m\x1b[1m\x1b[2J\x1b[?25l"]),
            b"\x1b[39m\x1b[1m\x1b[2J\x1b[?25l"
        );
        assert_eq!(filtered(&[b"a\x1bb"]), b"a\x1bb", "ESC not starting a CSI");
    }

    #[test]
    fn a_sequence_split_across_writes_is_rewritten_whole() {
        let whole = b"ab\x1b[38;5;14mcd";
        for cut in 0..whole.len() {
            let (a, b) = whole.split_at(cut);
            assert_eq!(filtered(&[a, b]), b"ab\x1b[96mcd", "cut at {cut}");
        }
    }
}
