//! SIGHUP (SSH dropped), SIGTERM, SIGINT, SIGQUIT: a dedicated thread flushes the
//! pending saves and the resume position, gives the terminal back and exits with
//! 128 + the signal (RELIABILITY T2).
//!
//! The gate makes "a key read is a key saved" hold at a hang-up: the loop holds it
//! from reading input until the actions are handed to the saver, and whoever ends
//! the program holds it from the flush to the exit. The signal thread therefore
//! flushes only after the keys already read have queued their saves, and the loop
//! never reads (or starts its own exit) once the signal thread has begun.

use super::FLUSH_LIMIT;
use crate::core::coding::saver::Flusher;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use std::sync::{Mutex, MutexGuard, PoisonError};

static GATE: Mutex<()> = Mutex::new(());

/// Takes the gate (waiting while the other side holds it). A panic while it was
/// held does not matter: the gate guards no data.
pub fn gate() -> MutexGuard<'static, ()> {
    GATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts the signal thread.
pub fn spawn(flusher: Flusher) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("tandai-signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                // While the user's own editor has the terminal, Ctrl-C and Ctrl-\
                // belong to it (as with git commit): tandai keeps running.
                if matches!(sig, SIGINT | SIGQUIT) && super::external::running() {
                    continue;
                }
                let _held = gate();
                if sig == SIGHUP {
                    super::terminal::mark_gone();
                }
                flusher.flush(FLUSH_LIMIT);
                crate::core::coding::lock::release_held();
                super::terminal::restore();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}
