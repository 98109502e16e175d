//! Reading the terminal: every byte available is read and handled before tandai
//! sleeps (RELIABILITY I1), end of input ends the program (T3), and the reading is
//! split in two so that the signal thread can wait for keys already read.
//!
//! Why not crossterm's reader: crossterm 0.29 registers the terminal with mio, which
//! on Linux is edge-triggered epoll, and returns from a read as soon as its parser
//! has one event; the rest stays in the kernel with no new edge, so a paste stalls
//! after about 2 KB until the next key (crossterm PR 1057, still open). At end of
//! input both its readers (mio and `use-dev-tty`'s poll) loop on a read of 0 bytes
//! inside `event::read` for ever, at 100% CPU; the caller never gets control back.
//! This reader uses level-triggered `poll(2)`, reads until nothing is left, and
//! reports a read of 0 bytes or an error as the end of input.

pub mod parse;

pub use parse::Input;
use parse::Parser;
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::time::Duration;

/// Bytes read in one go before the screen may update: a flood of input (a paste of
/// many megabytes) still redraws now and then. The next wait returns at once, as the
/// rest is still there.
const BATCH_LIMIT: usize = 1 << 20;
/// How long a lone ESC at the end of the input waits for the rest of a sequence
/// (a paste's start marker split by a slow link must not read as Esc and text).
const ESC_WAIT: Duration = Duration::from_millis(25);

/// What one read of everything available brought.
#[derive(Debug, Default)]
pub struct Batch {
    pub inputs: Vec<Input>,
    /// The terminal changed size.
    pub resized: bool,
    /// Input ended: the terminal hung up or cannot be read.
    pub closed: bool,
}

/// The terminal's input (stdin), the self-pipe that SIGWINCH writes to, and the one
/// that other threads wake the loop through (a save finished, documents read).
pub struct Tty {
    stdin: io::Stdin,
    winch: UnixStream,
    wakes: crate::core::wake::Wakes,
    waker: crate::core::wake::Waker,
    parser: Parser,
    /// Inputs read but set aside (after a key that hands the terminal to $EDITOR).
    queued: VecDeque<Input>,
    keylog: Option<std::fs::File>,
    buf: Vec<u8>,
}

impl Tty {
    /// Reads stdin (a terminal, checked at start). `TANDAI_DEBUG_KEYLOG=FILE`
    /// appends a line per key read to FILE (a debugging aid: it records memo text).
    pub fn open() -> io::Result<Tty> {
        let (winch, wake) = UnixStream::pair()?;
        winch.set_nonblocking(true)?;
        signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, wake)?;
        let keylog = match std::env::var_os("TANDAI_DEBUG_KEYLOG") {
            Some(path) => Some(keylog_file(&path)?),
            None => None,
        };
        let (waker, wakes) = crate::core::wake::pair()?;
        Ok(Tty {
            stdin: io::stdin(),
            winch,
            wakes,
            waker,
            parser: Parser::default(),
            queued: VecDeque::new(),
            keylog,
            buf: vec![0; 64 * 1024],
        })
    }

    /// What other threads wake the loop with.
    pub fn waker(&self) -> crate::core::wake::Waker {
        self.waker.clone()
    }

    /// Waits until input or a resize is ready, another thread wakes the loop, or
    /// `timeout` passes (None: no limit). Reads no input. Returns whether input or a
    /// resize is ready (false: woken, or the time passed).
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<bool> {
        if !self.queued.is_empty() {
            return Ok(true);
        }
        let ts = timeout.map(|t| Timespec::try_from(t).unwrap_or_default());
        let mut fds = [
            PollFd::new(&self.stdin, PollFlags::IN),
            PollFd::new(&self.winch, PollFlags::IN),
            PollFd::new(&self.wakes, PollFlags::IN),
        ];
        match poll(&mut fds, ts.as_ref()) {
            Ok(_) => {
                let input = !fds[0].revents().is_empty() || !fds[1].revents().is_empty();
                if !fds[2].revents().is_empty() {
                    self.wakes.drain();
                }
                Ok(input)
            }
            Err(rustix::io::Errno::INTR) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Reads everything available now, without blocking, and parses it.
    pub fn read_available(&mut self) -> Batch {
        let mut batch = Batch {
            inputs: self.queued.drain(..).collect(),
            ..Batch::default()
        };
        let mut total = 0;
        let mut waited = false;
        while total < BATCH_LIMIT && !batch.closed {
            match self.read_ready() {
                Ok(Some(n)) => {
                    total += n;
                    batch.inputs.extend(self.parser.feed(&self.buf[..n]));
                }
                Ok(None) if self.parser.lone_esc() && !waited => {
                    waited = true;
                    let _ = self.wait_stdin(ESC_WAIT);
                }
                Ok(None) => break,
                Err(_) => batch.closed = true,
            }
        }
        if total < BATCH_LIMIT {
            batch.inputs.extend(self.parser.idle());
        }
        batch.resized = self.drain_winch();
        self.log(&batch);
        batch
    }

    /// Waits up to `limit` for stdin alone to have input.
    fn wait_stdin(&self, limit: Duration) -> io::Result<bool> {
        let ts = Timespec::try_from(limit).unwrap_or_default();
        let mut fds = [PollFd::new(&self.stdin, PollFlags::IN)];
        Ok(poll(&mut fds, Some(&ts))? > 0)
    }

    /// Puts inputs back to be handled first by the next read.
    pub fn unread(&mut self, inputs: impl IntoIterator<Item = Input>) {
        for input in inputs.into_iter().collect::<Vec<_>>().into_iter().rev() {
            self.queued.push_front(input);
        }
    }

    /// One read if stdin has bytes (or has hung up) now: the byte count, None when
    /// nothing is there, an error (end of input included) when it has ended.
    fn read_ready(&mut self) -> io::Result<Option<usize>> {
        let mut fds = [PollFd::new(&self.stdin, PollFlags::IN)];
        let zero = Timespec::default();
        match poll(&mut fds, Some(&zero)) {
            Ok(0) => return Ok(None),
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
        if fds[0].revents().is_empty() {
            return Ok(None);
        }
        loop {
            match rustix::io::read(self.stdin.as_fd(), &mut self.buf) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => return Ok(Some(n)),
                Err(rustix::io::Errno::INTR) => {}
                Err(rustix::io::Errno::AGAIN) => return Ok(None),
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Empties the SIGWINCH pipe; true when a resize happened.
    fn drain_winch(&mut self) -> bool {
        let mut any = false;
        let mut buf = [0u8; 64];
        while let Ok(n) = self.winch.read(&mut buf) {
            if n == 0 {
                break;
            }
            any = true;
        }
        any
    }

    /// Appends the batch to the key log (debugging aid), ignoring failures.
    fn log(&mut self, batch: &Batch) {
        let Some(file) = &mut self.keylog else { return };
        let mut lines = String::new();
        for input in &batch.inputs {
            match input {
                Input::Key(k) => lines.push_str(&format!("key {}\n", k.label())),
                Input::Paste(p) => lines.push_str(&format!(
                    "paste {} bytes{}\n",
                    p.text.len(),
                    if p.cut > 0 { " (cut)" } else { "" }
                )),
            }
        }
        if batch.resized {
            lines.push_str("resize\n");
        }
        if batch.closed {
            lines.push_str("end of input\n");
        }
        if !lines.is_empty() {
            let _ = file.write_all(lines.as_bytes());
        }
    }
}

/// The key log, appended to, private to the user (it can hold memo text).
fn keylog_file(path: &std::ffi::OsStr) -> io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("TANDAI_DEBUG_KEYLOG {}: {e}", path.to_string_lossy()),
            )
        })
}
