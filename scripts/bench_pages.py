"""Benchmark: a content page rendered by the app versus the same bytes as a static file.

Starts gunicorn (DEBUG off, production static storage) on 127.0.0.1, measures each URL
with wrk when it is installed (else a small threaded client), prints a table, stops.

    make bench-pages            # or: .venv/bin/python scripts/bench_pages.py --seconds 10
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(workdir: Path, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ipt_site.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnop",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.update(extra or {})
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


class Gunicorn:
    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                PYTHON, "-m", "gunicorn", "ipt_site.wsgi",
                "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(workers),
                "--log-level", "warning",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/health/", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_wrk(url: str, seconds: int, connections: int) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[median.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses")
    return rps, float(median.group(1)) * factor


def run_threads(url: str, seconds: int, connections: int) -> tuple[float, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        mine = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            with urllib.request.urlopen(url, timeout=10) as response:
                response.read()
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / (time.monotonic() - started), statistics.median(latencies)


def measure(url: str, seconds: int, connections: int) -> tuple[float, float]:
    if shutil.which("wrk"):
        return run_wrk(url, seconds, connections)
    return run_threads(url, seconds, connections)


def print_table(rows: list[tuple[str, float, float]], tool: str) -> None:
    print(f"\n{'what':<58} {'req/s':>9} {'median ms':>10}")
    for name, rps, median in rows:
        print(f"{name:<58} {rps:>9.0f} {median:>10.2f}")
    print(f"(measured with {tool}; gunicorn, 2 workers, DEBUG off, 127.0.0.1)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--page", default="/problem-areas/grief/")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ipt-bench-") as tmp:
        workdir = Path(tmp)
        env = server_env(workdir)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        server = Gunicorn(env)
        try:
            page_url = server.base + args.page
            body = urllib.request.urlopen(page_url).read()
            # The same bytes, served by whitenoise as a static file (it indexes files at start).
            (workdir / "static" / "bench-page.html").write_bytes(body)
            server.stop()
            server = Gunicorn(env)
            static_url = server.base + "/static/bench-page.html"
            assert urllib.request.urlopen(static_url).read() == body
            rows = []
            for name, url in (
                (f"content page {args.page} (rendered by Django)", server.base + args.page),
                (f"same {len(body):,} bytes as a static file (whitenoise)", static_url),
            ):
                measure(url, 1, args.connections)  # warm up
                rows.append((name, *measure(url, args.seconds, args.connections)))
        finally:
            server.stop()
    print_table(rows, "wrk" if shutil.which("wrk") else "python threads")


if __name__ == "__main__":
    main()
