//! A pseudo-terminal the test opens itself, for what tmux cannot time: closing the
//! terminal a fraction of a millisecond after a key, or with the hang-up signal kept
//! from tandai. The test holds the only master descriptor, so dropping it hangs up.

use rustix::fd::OwnedFd;
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The master side of a pty, with everything read from it so far.
pub struct Pty {
    master: Option<OwnedFd>,
    slave: PathBuf,
    pub output: Vec<u8>,
}

impl Pty {
    /// A new pty of `cols` x `rows`, its master non-blocking and close-on-exec.
    pub fn open(cols: u16, rows: u16) -> Pty {
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        let size = rustix::termios::Winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        rustix::termios::tcsetwinsize(&master, size).expect("window size");
        rustix::fs::fcntl_setfl(&master, rustix::fs::OFlags::NONBLOCK).expect("non-blocking");
        Pty {
            master: Some(master),
            slave: PathBuf::from(OsStr::from_bytes(name.to_bytes())),
            output: Vec::new(),
        }
    }

    /// Starts `cmd` in a new session whose controlling terminal is this pty (stdin,
    /// stdout and stderr all on it), as a login shell or sshd would.
    pub fn spawn(&self, cmd: Command) -> Child {
        self.spawn_with_stderr(cmd, None)
    }

    /// As [`Pty::spawn`], with stderr into `stderr` when given (as `2>log` does).
    pub fn spawn_with_stderr(&self, cmd: Command, stderr: Option<std::fs::File>) -> Child {
        let slave = || {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&self.slave)
                .expect("open the pty's slave")
        };
        let program = cmd.get_program().to_owned();
        let args: Vec<_> = cmd.get_args().map(ToOwned::to_owned).collect();
        let mut wrapped = Command::new("setsid");
        wrapped.arg("--ctty").arg(program).args(args);
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => wrapped.env(k, v),
                None => wrapped.env_remove(k),
            };
        }
        wrapped
            .stdin(Stdio::from(slave()))
            .stdout(Stdio::from(slave()))
            .stderr(stderr.map_or_else(|| Stdio::from(slave()), Stdio::from))
            .spawn()
            .expect("setsid runs (util-linux)")
    }

    /// Reads whatever the program wrote so far (it blocks once the pty's buffer is
    /// full, so a test must keep reading while it waits).
    pub fn drain(&mut self) {
        let Some(master) = &self.master else { return };
        let mut buf = [0u8; 65536];
        while let Ok(n) = rustix::io::read(master, &mut buf) {
            if n == 0 {
                break;
            }
            self.output.extend_from_slice(&buf[..n]);
        }
    }

    /// Reads until the output holds `needle`; panics with the output after 30 s.
    pub fn wait_for(&mut self, needle: &str) {
        let start = Instant::now();
        loop {
            self.drain();
            if self
                .output
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {needle:?}; output: {}",
                String::from_utf8_lossy(&self.output)
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Types bytes, as one write.
    pub fn write(&self, bytes: &[u8]) {
        let master = self.master.as_ref().expect("open");
        let mut done = 0;
        while done < bytes.len() {
            match rustix::io::write(master, &bytes[done..]) {
                Ok(n) => done += n,
                Err(rustix::io::Errno::AGAIN) => std::thread::sleep(Duration::from_micros(50)),
                Err(e) => panic!("write to the pty: {e}"),
            }
        }
    }

    /// Closes the master: the terminal hangs up.
    pub fn close(&mut self) {
        self.master = None;
    }
}

/// The pid of a process's first child (what a shell runs), if it has one.
pub fn first_child(pid: u32) -> Option<i32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Waits for `child` up to `limit`; kills it and returns None when it is still running.
pub fn wait_exit(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Spins for `micros` microseconds (sleeping would round up to the scheduler's tick).
pub fn spin(micros: u64) {
    let until = Instant::now() + Duration::from_micros(micros);
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

/// A small deterministic generator for the delays (xorshift).
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}
