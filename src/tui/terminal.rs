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
/// fails again.
pub struct Out {
    stdout: io::Stdout,
    frame: Vec<u8>,
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !gone() {
            self.frame.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
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
