#!/usr/bin/env python3
"""A 20-key burst over a real ssh session through a slow link, tandai beside less.

  python3 bench/ssh_link.py [RATE_KBIT] [DELAY_MS]     (default 256 kbit/s, 100 ms)

Starts a private sshd on loopback (Debian's openssh-server: `apt-get install
openssh-server`; keys and config in a temp folder; root login by key only, for this
run), and a proxy in front of it that delays every byte by half the round trip in
each direction and paces each direction at RATE_KBIT (the kernel here has no netem).
Then, in a pty of 120x40 through `ssh -tt`: tandai on sample-data, and `less` on one
of its transcripts. After the first screen has settled, 20 `j` are written at once;
the time until the output has settled (the last byte, then 1 s of quiet) is the figure,
with the bytes it took. Run from the repository, after a release build.
"""
import os, pty, sys, time, select, socket, struct, fcntl, termios, tempfile, threading, subprocess, statistics, collections

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("TANDAI_BIN", os.path.join(ROOT, "target", "release", "tandai"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Link:
    """One direction of the link: bytes leave no earlier than `delay` after they came,
    and no faster than `rate` bytes per second."""

    def __init__(self, src, dst, rate, delay):
        self.src, self.dst, self.rate, self.delay = src, dst, rate, delay
        self.queue = collections.deque()
        self.cv = threading.Condition()
        self.closed = False
        threading.Thread(target=self.read, daemon=True).start()
        threading.Thread(target=self.write, daemon=True).start()

    def read(self):
        while True:
            try:
                data = self.src.recv(65536)
            except OSError:
                data = b""
            with self.cv:
                if not data:
                    self.closed = True
                else:
                    self.queue.append((time.perf_counter(), data))
                self.cv.notify()
            if not data:
                return

    def write(self):
        free_at = 0.0
        while True:
            with self.cv:
                while not self.queue and not self.closed:
                    self.cv.wait()
                if not self.queue:
                    try:
                        self.dst.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    return
                came, data = self.queue.popleft()
            # Serialise in small pieces, as a slow link sends them.
            for i in range(0, len(data), 512):
                piece = data[i:i + 512]
                start = max(time.perf_counter(), came + self.delay, free_at)
                free_at = start + len(piece) / self.rate
                wait = free_at - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                try:
                    self.dst.sendall(piece)
                except OSError:
                    return


def proxy(listen_port, target_port, rate, delay):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen_port))
    srv.listen(4)

    def serve():
        while True:
            client, _ = srv.accept()
            upstream = socket.create_connection(("127.0.0.1", target_port))
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            Link(client, upstream, rate, delay)
            Link(upstream, client, rate, delay)

    threading.Thread(target=serve, daemon=True).start()


def sshd(tmp):
    host = os.path.join(tmp, "host_key")
    user = os.path.join(tmp, "user_key")
    for k in (host, user):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", k], check=True)
    auth = os.path.join(tmp, "authorized_keys")
    with open(user + ".pub") as src, open(auth, "w") as dst:
        dst.write(src.read())
    os.chmod(auth, 0o600)
    port = free_port()
    conf = os.path.join(tmp, "sshd_config")
    with open(conf, "w") as f:
        f.write(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {host}
AuthorizedKeysFile {auth}
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile {tmp}/sshd.pid
AcceptEnv LANG
""")
    os.makedirs("/run/sshd", exist_ok=True)
    proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", conf], stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, port, user


def drain(fd, quiet):
    """Reads until `quiet` seconds pass without output: bytes, time of the last one."""
    out, last = b"", time.perf_counter()
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return out, last
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return out, last
        if not chunk:
            return out, last
        out += chunk
        last = time.perf_counter()


def burst(port, key, remote, runs=3):
    """Settle time (ms) and bytes of 20 `j` written at once, median of `runs`."""
    times, sizes = [], []
    for _ in range(runs):
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp("ssh", ["ssh", "-tt", "-p", str(port), "-i", key, "-o", "StrictHostKeyChecking=no",
                              "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "root@127.0.0.1", remote])
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        drain(fd, quiet=2.0)
        start = time.perf_counter()
        os.write(fd, b"j" * 20)
        out, last = drain(fd, quiet=1.0)
        times.append((last - start) * 1000)
        sizes.append(len(out))
        os.write(fd, b"q")
        drain(fd, quiet=1.0)
        try:
            os.kill(pid, 9)
        except OSError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return statistics.median(times), statistics.median(sizes)


def main(row=None):
    args = sys.argv[1:] if row is None else []
    rate_kbit = float(args[0]) if args else 256.0
    delay_ms = float(args[1]) if len(args) > 1 else 100.0
    rate = rate_kbit * 1000 / 8
    with tempfile.TemporaryDirectory() as tmp:
        proc, port, key = sshd(tmp)
        link = free_port()
        proxy(link, port, rate, delay_ms / 2000)
        env = f"TERM=xterm-256color XDG_CONFIG_HOME={tmp}/c XDG_STATE_HOME={tmp}/s"
        sample = os.path.join(ROOT, "sample-data")
        tandai = burst(link, key, f"{env} {BIN} {sample} --coder bench")
        less = burst(link, key, f"{env} less -S {sample}/informan-a.txt")
        proc.terminate()
    line = (f"20 j in one burst over ssh, {rate_kbit:.0f} kbit/s and {delay_ms:.0f} ms round trip, 120x40: "
            f"settled after {tandai[0]:.0f} ms ({tandai[1]:.0f} bytes); less: {less[0]:.0f} ms ({less[1]:.0f} bytes)")
    if row is None:
        print(line)
    else:
        row("20 j in one burst over ssh (256 kbit/s, 100 ms round trip, 120x40)",
            f"{tandai[0]:.0f} ms, {tandai[1]:.0f} bytes", f"less {less[0]:.0f} ms, {less[1]:.0f} bytes",
            f"{tandai[0] / less[0]:.2f}x", "< 1.5x")


if __name__ == "__main__":
    main()
