#!/usr/bin/env python3
"""tandai beside its floors, for large projects (issue 12): one command prints every
row of BENCHMARKS.md's scale table, each figure with the floor measured in the same
run and the ratio.

  python3 bench/scale.py all [DIR]      everything below, projects generated in DIR
  python3 bench/scale.py gen [DIR]      generate the projects (skipped when present)
  python3 bench/scale.py project [DIR]  10,000 documents: first frame, memory, quit
  python3 bench/scale.py commands [DIR] report, every export, agree at 1,000 and 10,000
  python3 bench/scale.py search [DIR]   search as you type on 10,000 documents
  python3 bench/scale.py huge [DIR]     a 100 MiB transcript; the first key on 10 MiB
  python3 bench/scale.py small          sample-data; a save shown; bytes per step
  python3 bench/scale.py ssh            a 20-key burst over ssh through a slow link

DIR defaults to /tmp/tandai-scale (about 400 MB; remove it afterwards). Floors: `cat
DIR/* > /dev/null` for what reads a whole project (the files in the page cache:
one warm-up run first), and examples/floor.rs (a bare ratatui program that reads,
splits and draws one frame) for a first frame. Build first:

  cargo build --release --locked --bin tandai   # alone: see link/startup.order
  cargo build --release --locked --example bench --example floor --example scale
"""
import os, pty, sys, time, select, struct, fcntl, termios, tempfile, statistics, json, subprocess, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pty_bench as pb  # noqa: E402

ROOT = os.path.dirname(HERE)
REL = os.path.join(ROOT, "target", "release")
BIN = os.environ.get("TANDAI_BIN", os.path.join(REL, "tandai"))
EX = os.path.join(REL, "examples")
pb.BIN = BIN
ROWS = []


def row(what, tandai, floor="", ratio="", goal="", cmd=""):
    ROWS.append((what, tandai, floor, ratio, goal, cmd))
    print(f"| {what} | {tandai} | {floor} | {ratio} | {goal} |", flush=True)


def med(xs):
    return statistics.median(xs)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def timed(cmd, runs):
    """Median wall time (s) and peak RSS (MiB) of a command: the time by the clock
    around it (/usr/bin/time's own is in steps of 10 ms, too coarse for the 1,000-
    document rows), the memory by /usr/bin/time."""
    times, rss = [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - t)
        if out.returncode not in (0, 1):
            sys.exit(f"{cmd}: exit {out.returncode}: {out.stderr}")
        rss.append(int(out.stderr.strip().splitlines()[-1]) / 1024)
    return med(times), max(rss)


def cat_floor(dir, runs=5):
    cmd = ["sh", "-c", f"cat {dir}/* > /dev/null"]
    subprocess.run(cmd)
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd)
        ts.append(time.perf_counter() - t)
    return med(ts)


def disk_bytes(dir):
    return sum(os.path.getsize(os.path.join(dir, f)) for f in os.listdir(dir)
               if os.path.isfile(os.path.join(dir, f)))


def gen(dir):
    os.makedirs(dir, exist_ok=True)
    for name, docs in (("p1k", 1000), ("p10k", 10000)):
        if not os.path.exists(os.path.join(dir, name)):
            run([os.path.join(EX, "bench"), "gen-project", os.path.join(dir, name), "2", str(docs)])
    if not os.path.exists(os.path.join(dir, "huge")):
        run([os.path.join(EX, "bench"), "gen-huge", dir, "100"])
    if not os.path.exists(os.path.join(dir, "para")):
        run([os.path.join(EX, "scale"), "gen-para", dir, "10"])


def frame_times(binary, args, runs, env, marker=b"quit"):
    """Spawn to first frame (the marker seen), in a pty at 120x40: median ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(binary, [binary] + args, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        seen, first = b"", None
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if first is None and marker in seen:
                first = (time.perf_counter() - start) * 1000
        os.waitpid(pid, 0)
        os.close(fd)
        times.append(first if first is not None else float("nan"))
    return med(times)


def hwm(pid):
    with open(f"/proc/{pid}/status") as f:
        return int([l for l in f if l.startswith("VmHWM")][0].split()[1]) / 1024


def cpu_idle(pid, quiet=0.3, limit=120):
    """Waits until the process has used no CPU for `quiet` seconds (its background
    reading done); returns the seconds waited."""
    start = time.perf_counter()
    last, still = None, time.perf_counter()
    while time.perf_counter() - start < limit:
        with open(f"/proc/{pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        used = int(parts[11]) + int(parts[12])
        if used != last:
            last, still = used, time.perf_counter()
        elif time.perf_counter() - still >= quiet:
            return still - start
        time.sleep(0.01)
    return time.perf_counter() - start


def resume_at(home, project, coder, document, paragraph):
    """Writes a resume position, as a returning coder has."""
    path = os.path.join(home, "s", "tandai", "positions.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    key = os.path.realpath(project)
    with open(path, "w") as f:
        json.dump({"projects": {key: {coder: {"document": document, "paragraph": paragraph}}}}, f)


def project(dir, runs=7):
    p10k = os.path.join(dir, "p10k")
    floor = cat_floor(p10k) * 1000
    size = disk_bytes(p10k)
    with tempfile.TemporaryDirectory() as home:
        env = pb.env_for(home)
        resume_at(home, p10k, "ana", "wawancara-5000.txt", 30)
        ff = frame_times(BIN, [p10k, "--coder", "ana", "--exit-after-first-frame"], runs, env)
        row("10,000 documents x 60 paragraphs, two coders: first frame, returning coder", f"{ff:.1f} ms",
            f"cat of every file {floor:.1f} ms", f"{ff / floor:.2f}x", "< 2x")
        # Memory at the first frame and once every document is read; quitting then.
        peaks, reads, quits, firsts = [], [], [], []
        for _ in range(3):
            start = time.perf_counter()
            pid, fd = pb.spawn([p10k, "--coder", "ana"], 120, 40, env)
            out = b""
            while b"quit" not in out:
                out += os.read(fd, 65536)
            firsts.append(hwm(pid))
            shown = time.perf_counter() - start
            reads.append(shown + cpu_idle(pid))
            peaks.append(hwm(pid))
            pb.drain(fd, quiet=0.2)
            t = time.perf_counter()
            os.write(fd, b"q")
            while True:
                try:
                    if not os.read(fd, 65536):
                        break
                except OSError:
                    break
            os.waitpid(pid, 0)
            quits.append((time.perf_counter() - t) * 1000)
            os.close(fd)
        mib = size / 1048576
        row("same: peak memory at the first frame", f"{med(firsts):.1f} MiB", f"{mib:.1f} MiB on disk",
            f"{med(firsts) / mib:.2f}x", "< 2x")
        row("same: peak memory once every document is read (background)", f"{max(peaks):.1f} MiB",
            f"{mib:.1f} MiB on disk", f"{max(peaks) / mib:.2f}x", "< 2x")
        row("same: every document read, from launch", f"{med(reads) * 1000:.0f} ms",
            f"cat {floor:.1f} ms", f"{med(reads) * 1000 / floor:.2f}x", "report")
        row("same: quit (q to exit)", f"{med(quits):.1f} ms", "", "", "< 50 ms")


def commands(dir, runs=5):
    floors, results = {}, {}
    for name in ("p1k", "p10k"):
        p = os.path.join(dir, name)
        floors[name] = cat_floor(p)
        out = os.path.join(dir, "out")
        jobs = [("report", ["report", p]), ("agree --all", ["agree", p, "--all"])]
        for fmt in ("csv", "jsonl", "md", "html", "xlsx", "qdpx"):
            jobs.append((f"export --format {fmt}", ["export", p, "--format", fmt]))
        for label, args in jobs:
            if os.path.exists(out):
                os.remove(out)
            # The 1,000-document runs are short: more of them steady the growth figure.
            n = runs if name == "p10k" else runs * 3
            results[(name, label)] = timed([BIN] + args + ["-o", out, "--force"], n)
        if os.path.exists(out):
            os.remove(out)
    for (name, label) in [k for k in results if k[0] == "p10k"]:
        t10, m10 = results[(name, label)]
        t1, _ = results[("p1k", label)]
        floor = floors["p10k"]
        row(f"`tandai {label}`, 10,000 documents (1,000: {t1 * 1000:.0f} ms; growth {t10 / t1:.1f}x, goal < 11x)",
            f"{t10 * 1000:.0f} ms, {m10:.0f} MiB", f"cat {floor * 1000:.0f} ms", f"{t10 / floor:.2f}x", "< 3x")


def search(dir):
    out = run([os.path.join(EX, "scale"), "search", os.path.join(dir, "p10k")]).stdout
    for line in out.strip().splitlines():
        row("search as you type, 10,000 documents: " + line.split(":")[0], line.split(":", 1)[1].strip(),
            "", "", "p99 < 16 ms; memory < 2x the text")


def huge(dir, runs=7):
    h = os.path.join(dir, "huge")
    text = os.path.join(h, "transcript.txt")
    size = os.path.getsize(text) / 1048576
    with tempfile.TemporaryDirectory() as home:
        env = pb.env_for(home)
        floor = frame_times(os.path.join(EX, "floor"), [text], runs, env)
        ff = frame_times(BIN, [h, "--coder", "bench", "--exit-after-first-frame"], runs, env)
        row(f"a {size:.0f} MiB transcript: first frame", f"{ff:.1f} ms", f"bare ratatui {floor:.1f} ms",
            f"{ff / floor:.2f}x", "< 1.5x")
        pid, fd = pb.spawn([h, "--coder", "bench"], 120, 40, env)
        pb.drain(fd, quiet=0.5)
        peak = hwm(pid)
        os.write(fd, b"q")
        pb.drain(fd)
        os.waitpid(pid, 0)
        os.close(fd)
        row("same: peak memory", f"{peak:.1f} MiB", f"{size:.1f} MiB file", f"{peak / size:.2f}x", "< 1.3x")
    out = run([os.path.join(EX, "scale"), "first-key", os.path.join(dir, "para")]).stdout.strip()
    row("first code key on a 10 MiB paragraph", out.split(": ", 1)[1], "", "", "no fingerprint on the key")


def sample(runs=15):
    s = os.path.join(ROOT, "sample-data")
    with tempfile.TemporaryDirectory() as home:
        env = pb.env_for(home)
        floor = frame_times(os.path.join(EX, "floor"), [s], runs, env)
        ff = frame_times(BIN, [s, "--coder", "bench", "--exit-after-first-frame"], runs, env)
        row("sample-data: first frame", f"{ff:.1f} ms", f"bare ratatui {floor:.1f} ms", f"{ff / floor:.2f}x", "< 1.5x")
        fm = frame_rss(os.path.join(EX, "floor"), [s], env)
        tm = frame_rss(BIN, [s, "--coder", "bench", "--exit-after-first-frame"], env)
        row("sample-data: peak memory", f"{tm:.1f} MiB", f"bare ratatui {fm:.1f} MiB", f"{tm / fm:.2f}x", "< 2x")
    # The memory row depends on link/startup.order matching this binary (build.rs).
    check = subprocess.run([os.path.join(ROOT, "scripts", "startup-order"), "--check"],
                           stdout=subprocess.PIPE, text=True).stdout.strip()  # exit 1 when stale
    row("link/startup.order names found in the binary (scripts/startup-order --check)",
        check.split(": ", 1)[-1].split(" names")[0], "", "", "all, else rerun scripts/startup-order")


def frame_rss(binary, args, env):
    """Peak RSS (MiB) of a program that draws one frame and exits, in a pty."""
    with tempfile.NamedTemporaryFile() as out:
        pid, fd = pty.fork()
        if pid == 0:
            os.execve("/usr/bin/time", ["/usr/bin/time", "-o", out.name, "-f", "%M", binary] + args, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        pb.drain(fd, quiet=1.0)
        os.waitpid(pid, 0)
        os.close(fd)
        return int(open(out.name).read().strip().splitlines()[-1]) / 1024


def saved_shown(runs=20):
    """A code key, then: when the sidecar is in place (its inode changes: the save's
    rename) and when the last frame after it reaches the terminal (the status turning
    from "saving" to "saved"; frames are whole writes)."""
    delays = []
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as proj:
        for name in os.listdir(os.path.join(ROOT, "sample-data")):
            src = os.path.join(ROOT, "sample-data", name)
            if os.path.isfile(src):  # not the .tandai folder a run leaves (its lock)
                shutil.copy(src, proj)
        pid, fd = pb.spawn([proj, "--coder", "bench"], 120, 40, pb.env_for(home))
        pb.drain(fd, quiet=0.5)
        sidecar = os.path.join(proj, "informan-a.txt.bench.tandai.json")
        for _ in range(runs):
            before = os.stat(sidecar).st_ino if os.path.exists(sidecar) else None
            os.write(fd, b"1")
            renamed, last = None, None
            end = time.perf_counter() + 5
            while time.perf_counter() < end:
                if renamed is None and os.path.exists(sidecar) and os.stat(sidecar).st_ino != before:
                    renamed = time.perf_counter()
                r, _, _ = select.select([fd], [], [], 0 if renamed is None else 0.05)
                if r:
                    os.read(fd, 65536)
                    last = time.perf_counter()
                elif renamed is not None:
                    break
            if renamed and last:
                delays.append(max(0.0, (last - renamed) * 1000))
            os.write(fd, b"j")
            pb.drain(fd, quiet=0.1)
        os.write(fd, b"q")
        pb.drain(fd)
        os.waitpid(pid, 0)
    delays.sort()
    row("save state shown after the save is on disk (code key, 20 saves)",
        f"median {med(delays):.2f} ms, max {delays[-1]:.2f} ms", "", "", "< 2 ms")


def bytes_step():
    with tempfile.TemporaryDirectory() as home:
        pid, fd = pb.spawn([os.path.join(ROOT, "sample-data"), "--coder", "bench"], 120, 40, pb.env_for(home))
        full = pb.drain(fd, quiet=0.5)
        steps = []
        for key in [b"j"] * 10 + [b"k"] * 10:
            os.write(fd, key)
            steps.append(len(pb.drain(fd, quiet=0.2)))
        os.write(fd, b"q")
        pb.drain(fd)
        os.waitpid(pid, 0)
    row("bytes written, one paragraph step j/k at 120x40 (sample-data, 20 steps)",
        f"median {med(steps):.0f}, min {min(steps)}, max {max(steps)}", f"full frame {len(full)}", "",
        "< 300 on screen")


def binary_size():
    size = os.path.getsize(BIN)
    row("release binary size", f"{size:,} bytes", "", "", "report")


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    dir = sys.argv[2] if len(sys.argv) > 2 else "/tmp/tandai-scale"
    print("| what | tandai | floor (same run) | ratio | goal |\n|---|---|---|---|---|")
    if what in ("all", "gen"):
        gen(dir)
    if what in ("all", "project"):
        project(dir)
    if what in ("all", "commands"):
        commands(dir)
    if what in ("all", "search"):
        search(dir)
    if what in ("all", "huge"):
        huge(dir)
    if what in ("all", "small"):
        sample()
        saved_shown()
        bytes_step()
    if what in ("all", "ssh"):
        import ssh_link
        ssh_link.main(row)
    if what == "all":
        binary_size()


if __name__ == "__main__":
    main()
