//! Driving the real binary in a real pseudo-terminal through tmux.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A tmux server of its own (its own socket), with tandai running in its one pane.
pub struct Tmux {
    socket: String,
    pub home: tempfile::TempDir,
}

pub const BIN: &str = env!("CARGO_BIN_EXE_tandai");

/// The binary under test: `TANDAI_TEST_BIN` for long runs against a frozen copy (a
/// rebuild during the run replaces the cargo one), else cargo's.
pub fn bin() -> String {
    std::env::var("TANDAI_TEST_BIN").unwrap_or_else(|_| BIN.to_owned())
}

impl Tmux {
    /// Starts `tandai ARGS` in a `w`x`h` pane with a private config and state folder.
    pub fn start(args: &[&str], w: u16, h: u16) -> Tmux {
        Tmux::start_env(args, w, h, &[])
    }

    pub fn start_env(args: &[&str], w: u16, h: u16, env: &[(&str, &str)]) -> Tmux {
        let home = tempfile::tempdir().expect("home");
        let socket = format!("tandai-test-{}-{}", std::process::id(), unique());
        let conf = home.path().join("tmux.conf");
        std::fs::write(&conf, "set -g remain-on-exit on\nset -g status off\n").expect("tmux.conf");
        let t = Tmux { socket, home };
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &t.socket, "-f"]).arg(&conf);
        // A shell runs tandai and stays: tmux loses the last output of a program that
        // exits at once, and the exit code is wanted on screen anyway.
        // tmux sets TERM in the pane itself; TANDAI_TEST_TERM overrides it there.
        // TANDAI_TEST_PREFIX runs tandai through another command (setpriv, as another
        // user). TANDAI_TEST_DELAY lets a test attach pipe-pane before tandai writes anything.
        let script = r#"[ -n "$TANDAI_TEST_TERM" ] && export TERM="$TANDAI_TEST_TERM"; [ -n "$TANDAI_TEST_DELAY" ] && sleep "$TANDAI_TEST_DELAY"; $TANDAI_TEST_PREFIX "$0" "$@"; echo "[exit $?]"; sleep 600"#;
        cmd.args([
            "new-session",
            "-d",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
            "sh",
            "-c",
            script,
            &bin(),
        ]);
        cmd.args(args);
        cmd.env("XDG_CONFIG_HOME", t.config_home())
            .env("XDG_STATE_HOME", t.state_home())
            .env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR").env_remove("TMUX");
        // One known locale: tandai speaks Indonesian when the locale asks for it, so a
        // developer's own LANG would change what the tests see. A test that wants
        // Indonesian passes LC_ALL="" and LANG itself.
        cmd.env("LC_ALL", "C.UTF-8");
        for (k, v) in env {
            let k = if *k == "TERM" { "TANDAI_TEST_TERM" } else { k };
            cmd.env(k, v);
        }
        let out = cmd.output().expect("tmux runs (apt-get install tmux)");
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        t
    }

    pub fn config_home(&self) -> PathBuf {
        self.home.path().join("config")
    }

    pub fn state_home(&self) -> PathBuf {
        self.home.path().join("state")
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux")
    }

    /// Sends keys as tmux names them (`j`, `Enter`, `C-r`, `PageDown`), one write
    /// each, so that an escape sequence (`BTab` is ESC [ Z) is not read as two keys.
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.send_burst(&[key]);
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Sends many single-character keys in one write: a fast burst.
    pub fn send_burst(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend(keys);
        let out = self.tmux(&args);
        assert!(
            out.status.success(),
            "send-keys: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Pastes `text` as a terminal does: tmux's paste-buffer, in brackets when the
    /// program asked for bracketed paste (tmux turns each LF into CR, as terminals do).
    pub fn paste(&self, text: &str) {
        let file = self.home.path().join("paste-buffer.txt");
        std::fs::write(&file, text).expect("paste file");
        let path = file.to_str().expect("utf8 path");
        let load = self.tmux(&["load-buffer", "-b", "t", path]);
        assert!(load.status.success(), "load-buffer");
        let paste = self.tmux(&["paste-buffer", "-p", "-b", "t", "-t", "0"]);
        assert!(paste.status.success(), "paste-buffer");
    }

    /// Sends bytes given in hex (`1b 71`) in one write.
    pub fn send_hex(&self, bytes: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0", "-H"];
        args.extend(bytes);
        let out = self.tmux(&args);
        assert!(out.status.success(), "send-keys -H");
    }

    /// Types text literally.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", text]);
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "0"]).stdout).into_owned()
    }

    fn format(&self, f: &str) -> String {
        String::from_utf8_lossy(&self.tmux(&["display-message", "-p", "-t", "0", f]).stdout)
            .trim()
            .to_owned()
    }

    /// The pid of tandai: the child of the shell in the pane.
    pub fn pid(&self) -> i32 {
        let shell = self.format("#{pane_pid}");
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .expect("children");
        children
            .split_whitespace()
            .next()
            .and_then(|p| p.parse().ok())
            .expect("tandai is running")
    }

    /// Starts tandai with every byte it writes to the terminal recorded in a file.
    pub fn start_recorded(args: &[&str], w: u16, h: u16, env: &[(&str, &str)]) -> (Tmux, PathBuf) {
        let mut env = env.to_vec();
        env.push(("TANDAI_TEST_DELAY", "0.5"));
        let t = Tmux::start_env(args, w, h, &env);
        let out = t.home.path().join("pane-output.bin");
        let cmd = format!("cat >> '{}'", out.display());
        let done = t.tmux(&["pipe-pane", "-t", "0", "-o", &cmd]);
        assert!(
            done.status.success(),
            "pipe-pane: {}",
            String::from_utf8_lossy(&done.stderr)
        );
        (t, out)
    }

    /// What the pane recorded (see [`Tmux::start_recorded`]) once it holds `needle`:
    /// tmux hands the pane's output to the recording process on its own time, so
    /// text already on screen may not be in the file yet. After [`Tmux::exit_status`],
    /// `"[exit "` (the shell's line after tandai) means everything tandai wrote is in.
    pub fn recorded_through(out: &std::path::Path, needle: &str) -> Vec<u8> {
        Tmux::recorded_until(out, needle, |text| text.contains(needle))
    }

    /// What the pane recorded once `done` holds for it (`what` names it if it never does).
    pub fn recorded_until(
        out: &std::path::Path,
        what: &str,
        done: impl Fn(&str) -> bool,
    ) -> Vec<u8> {
        let limit = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let bytes = std::fs::read(out).unwrap_or_default();
            let found = done(&String::from_utf8_lossy(&bytes));
            if found || std::time::Instant::now() > limit {
                assert!(found, "{what:?} never reached the recording");
                return bytes;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Resizes the window (and so the pane's terminal).
    pub fn resize(&self, w: u16, h: u16) {
        self.tmux(&[
            "resize-window",
            "-t",
            "0",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]);
    }

    /// Kills the pane: its terminal hangs up (SIGHUP to what runs in it).
    pub fn kill_pane(&self) {
        self.tmux(&["kill-pane", "-t", "0"]);
    }

    /// The pane's title, as set by escape sequences the program printed.
    pub fn pane_title(&self) -> String {
        self.format("#{pane_title}")
    }

    /// Waits until the screen satisfies `pred`; panics with the screen after 30 s.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_text(&self, needle: &str) -> String {
        self.wait_for(needle, |s| s.contains(needle))
    }

    /// Waits for tandai to end and returns its exit status.
    pub fn exit_status(&self) -> i32 {
        let s = self.wait_for("tandai to exit", |s| {
            s.find("[exit ").is_some_and(|at| s[at..].contains(']'))
        });
        // After a kill the terminal is still raw: the marker may wrap at the edge.
        let at = s.find("[exit ").expect("marker") + 6;
        let digits: String = s[at..]
            .chars()
            .take_while(|&c| c != ']')
            .filter(char::is_ascii_digit)
            .collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("exit status in {:?}", &s[at..]))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Copies sample-data (without sidecars) into a new temp folder.
pub fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    copy_sample(dir.path());
    dir
}

pub fn copy_sample(to: &Path) {
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data"))
        .expect("sample-data")
    {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        // Only the project: no sidecars, locks, temp files or `.tandai/` of earlier runs.
        if !name.contains(".tandai.") && !name.contains(".tmp-") && !name.starts_with('.') {
            std::fs::copy(&path, to.join(name)).expect("copy");
        }
    }
}

/// Sends a signal with the `kill` command.
pub fn signal(pid: i32, sig: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .status()
        .expect("kill");
    assert!(ok.success(), "kill -{sig} {pid}");
}
