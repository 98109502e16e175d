//! Waking the loop that waits for input when work done on another thread should
//! show: a save that finished, documents read in the background, search results.
//!
//! A self-pipe (a Unix socket pair): the loop polls its reading end beside the
//! terminal, so it sleeps until there is input or news, and shows the news at once
//! instead of finding it at the next timed check.

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::Arc;

/// The writing end: cheap to clone, never blocks.
#[derive(Debug, Clone)]
pub struct Waker(Arc<UnixStream>);

/// The reading end, for the loop's poll.
#[derive(Debug)]
pub struct Wakes(UnixStream);

/// A connected waker and its reading end.
pub fn pair() -> io::Result<(Waker, Wakes)> {
    let (write, read) = UnixStream::pair()?;
    write.set_nonblocking(true)?;
    read.set_nonblocking(true)?;
    Ok((Waker(Arc::new(write)), Wakes(read)))
}

impl Waker {
    /// Wakes the loop. A full pipe means a wake is already waiting: nothing is lost.
    pub fn wake(&self) {
        let _ = (&*self.0).write(&[1]);
    }
}

impl Wakes {
    /// Empties the pipe; true when something had woken it.
    pub fn drain(&self) -> bool {
        let mut any = false;
        let mut buf = [0u8; 256];
        while let Ok(n) = (&self.0).read(&mut buf) {
            if n == 0 {
                break;
            }
            any = true;
        }
        any
    }
}

impl std::os::fd::AsFd for Wakes {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.0.as_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wake_is_seen_once_and_many_wakes_never_block() {
        let (waker, wakes) = pair().expect("pair");
        assert!(!wakes.drain());
        waker.wake();
        assert!(wakes.drain());
        assert!(!wakes.drain());
        for _ in 0..10_000 {
            waker.clone().wake();
        }
        assert!(wakes.drain());
    }
}
