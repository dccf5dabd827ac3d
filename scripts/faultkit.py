"""Servers that fail, for fault tests and benchmarks: a redis-server of our own that can be
stopped (as a crash) and started again from the data it saved, and a TCP server that
accepts connections and never answers (a hung Redis, a dead peer behind a firewall)."""

import contextlib
import socket
import subprocess
import threading
import time
from pathlib import Path

# Every kind of public page (a content page, the directory, a filtered list, search,
# articles, a form, the self-check, the guide's PDF): what must answer whatever the cache does.
PUBLIC_PAGES = [
    "/",
    "/problem-areas/grief/",
    "/therapists/",
    "/therapists/?format=online",
    "/search/?q=grief",
    "/articles/",
    "/contact/",
    "/self-check/",
    "/resources/talking-about-what-you-need.pdf",
]


class HungServer:
    """Accepts connections on 127.0.0.1:`port` (0: any free port) and never says a word.
    Lets go of each connection after `release` seconds, so code without timeouts fails
    slowly instead of hanging forever."""

    def __init__(self, release: float = 3.0, port: int = 0):
        self.release = release
        self.connections = 0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self._stopped = False
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self._stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            self._held.append(conn)
            threading.Timer(self.release, conn.close).start()

    def stop(self):
        self._stopped = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes accept(), which holds the port
        self.sock.close()
        for conn in self._held:
            conn.close()


class RedisServer:
    """redis-server on 127.0.0.1:`port`, keeping its saved data (dump.rdb) in `folder`."""

    def __init__(self, port: int, folder: Path, options: tuple = ()):
        self.port, self.folder, self.proc = port, Path(folder), None
        self.options = list(options)  # more redis-server options, e.g. a maxmemory

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(
            [
                "redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
                "--dir", str(self.folder), "--dbfilename", "dump.rdb",
                "--save", "", "--appendonly", "no", *self.options,
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:  # the port was taken: another server answers
                raise RuntimeError(f"redis-server could not start on port {self.port}")
            try:
                if self.command(b"PING") == b"+PONG":
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def command(self, *words: bytes) -> bytes:
        """One command in Redis's protocol; the first line of the answer."""
        request = b"*%d\r\n" % len(words) + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in words)
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as conn:
            conn.sendall(request)
            return conn.makefile("rb").readline().rstrip()

    def save(self) -> None:
        """Write the snapshot that the next start loads."""
        assert self.command(b"SAVE") == b"+OK"

    def keys(self) -> int:
        return int(self.command(b"DBSIZE")[1:])

    def stop(self) -> None:
        """As a crash: nothing is saved on the way out."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
