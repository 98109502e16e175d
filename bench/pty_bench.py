#!/usr/bin/env python3
"""Measures tandai in a real pseudo-terminal (Python's pty module, no other tools).

  python3 bench/pty_bench.py first-frame PROJECT [RUNS]   launch -> first frame drawn, and peak RSS
  python3 bench/pty_bench.py bytes PROJECT                bytes written for one paragraph step vs a full repaint
  python3 bench/pty_bench.py paste PROJECT                bracketed pastes of 5 KB, 100 KB, 1 MB into a memo

Run against the release binary (cargo build --release). See BENCHMARKS.md.
"""
import os, pty, sys, time, select, struct, fcntl, termios, tempfile, statistics, json, shutil

BIN = os.environ.get("TANDAI_BIN", os.path.join(os.path.dirname(__file__), "..", "target", "release", "tandai"))


def spawn(args, cols, rows, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(BIN, [BIN] + args, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return pid, fd


def drain(fd, quiet=0.3, limit=10.0):
    """Reads until the terminal has been quiet for `quiet` seconds; returns the bytes."""
    out = b""
    end = time.time() + limit
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    return out


def env_for(home):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(XDG_CONFIG_HOME=os.path.join(home, "c"), XDG_STATE_HOME=os.path.join(home, "s"), TERM="xterm-256color")
    return env


def first_frame(project, runs):
    times, rss, ends = [], [], []
    with tempfile.TemporaryDirectory() as home:
        env = env_for(home)
        for _ in range(runs):
            start = time.perf_counter()
            pid, fd = spawn([project, "--coder", "bench", "--exit-after-first-frame"], 120, 40, env)
            seen, first = b"", None
            while True:  # read everything, so the program never blocks on a full pty
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                # The hint line is the frame's last row; "quit" ends it.
                if first is None and b"quit" in seen:
                    first = (time.perf_counter() - start) * 1000
            _, status = os.waitpid(pid, 0)
            exited = (time.perf_counter() - start) * 1000
            times.append(first if first is not None else exited)
            ends.append(exited)
            os.close(fd)
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"tandai exited with {os.waitstatus_to_exitcode(status)}")
        # Memory: tandai's own peak (VmHWM counts from exec; a child's ru_maxrss would
        # include the Python pages it was forked from), read after the first frame.
        for _ in range(min(runs, 5)):
            pid, fd = spawn([project, "--coder", "bench"], 120, 40, env)
            drain(fd, quiet=0.3)
            with open(f"/proc/{pid}/status") as f:
                hwm = [l for l in f if l.startswith("VmHWM")][0]
            rss.append(int(hwm.split()[1]) / 1024)
            os.write(fd, b"q")
            drain(fd)
            os.waitpid(pid, 0)
            os.close(fd)
    times.sort()
    print(f"{project}: launch to first frame on screen (120x40, {runs} runs): median {statistics.median(times):.1f} ms, "
          f"min {times[0]:.1f} ms, p90 {times[int(len(times) * 0.9)]:.1f} ms; to exit after it: median {statistics.median(ends):.1f} ms; "
          f"peak RSS median {statistics.median(rss):.1f} MiB, max {max(rss):.1f} MiB")


def bytes_per_step(project):
    with tempfile.TemporaryDirectory() as home:
        pid, fd = spawn([project, "--coder", "bench"], 120, 40, env_for(home))
        full = drain(fd, quiet=0.5)
        steps = []
        for key in [b"j"] * 10 + [b"k"] * 10:
            os.write(fd, key)
            steps.append(len(drain(fd, quiet=0.2)))
        os.write(fd, b"q")
        drain(fd)
        os.waitpid(pid, 0)
    print(f"{project}: full first frame {len(full)} bytes at 120x40; one paragraph step (j/k, 20 presses): "
          f"median {statistics.median(steps):.0f} bytes, min {min(steps)}, max {max(steps)}")


def write_all(fd, data, out):
    """Writes `data` to the pty while reading what tandai writes (neither side blocks)."""
    view = memoryview(data)
    while view:
        r, w, _ = select.select([fd], [fd], [], 5)
        if r:
            out.append(os.read(fd, 65536))
        if w:
            n = os.write(fd, view[:4096])
            view = view[n:]


def memo_on_disk(sidecar):
    try:
        with open(sidecar, "rb") as f:
            return json.load(f)["paragraphs"][0]["memo"]
    except (OSError, ValueError, KeyError, IndexError):
        return None


def paste(project):
    """A bracketed paste into the memo editor, then Ctrl-s at once: time until the memo
    is on disk; then keys typed at the end of that memo: time to the first byte of the
    redraw."""
    for size in (5 * 1024, 100 * 1024, 1024 * 1024):
        line = "baris: catatan peneliti tentang pertemuan di pasar Kendari.\n"
        text = (line * (size // len(line) + 1))[:size]
        with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as proj:
            for name in os.listdir(project):
                if ".tandai." not in name:
                    shutil.copy(os.path.join(project, name), proj)
            pid, fd = spawn([proj, "--coder", "bench"], 120, 40, env_for(home))
            drain(fd, quiet=0.3)
            os.write(fd, b"m")
            drain(fd, quiet=0.2)
            sidecar = os.path.join(proj, sorted(n for n in os.listdir(proj) if n.endswith((".txt", ".md")))[0] + ".bench.tandai.json")
            out = []
            start = time.perf_counter()
            write_all(fd, b"\x1b[200~" + text.encode() + b"\x1b[201~\x13", out)
            while memo_on_disk(sidecar) is None:
                r, _, _ = select.select([fd], [], [], 0.001)
                if r:
                    os.read(fd, 65536)
            saved = (time.perf_counter() - start) * 1000
            ok = memo_on_disk(sidecar) == text.rstrip()
            drain(fd, quiet=0.2)
            os.write(fd, b"m")
            drain(fd, quiet=0.3)
            keys = []
            for _ in range(20):
                t0 = time.perf_counter()
                os.write(fd, b"x")
                select.select([fd], [], [], 10)
                keys.append((time.perf_counter() - t0) * 1000)
                drain(fd, quiet=0.05)
            with open(f"/proc/{pid}/status") as f:
                hwm = [l for l in f if l.startswith("VmHWM")][0]
            os.write(fd, b"\x07\x07q")
            drain(fd)
            os.waitpid(pid, 0)
            os.close(fd)
        keys.sort()
        print(f"paste of {size} bytes into a memo, Ctrl-s right after: on disk after {saved:.0f} ms "
              f"(text {'identical' if ok else 'DIFFERENT'}); a key typed at the end of that memo: first byte of the redraw "
              f"median {statistics.median(keys):.1f} ms, max {keys[-1]:.1f} ms; peak RSS {int(hwm.split()[1]) / 1024:.1f} MiB")


if __name__ == "__main__":
    what, project = sys.argv[1], sys.argv[2]
    if what == "first-frame":
        first_frame(project, int(sys.argv[3]) if len(sys.argv) > 3 else 30)
    elif what == "bytes":
        bytes_per_step(project)
    elif what == "paste":
        paste(project)
    else:
        sys.exit(__doc__)
