"""Benchmark: a content page rendered by the app versus the same bytes as a static file.

Starts gunicorn (DEBUG off, production static storage) on 127.0.0.1, measures each URL
with wrk when it is installed (else a small threaded client), prints a table, stops.

    make bench-pages            # or: .venv/bin/python scripts/bench_pages.py --seconds 10
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.serverkit import Gunicorn, prepare, server_env  # noqa: E402


def run_wrk(url: str, seconds: int, connections: int) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[median.group(2)]
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


def measure_all(
    urls: list[tuple[str, str]], seconds: int, connections: int, base: str = ""
) -> list[tuple]:
    """(name, req/s, median ms) for each (name, URL or path under `base`)."""
    rows = []
    for name, url in urls:
        url = base + url
        measure(url, 1, connections)  # warm up
        rows.append((name, *measure(url, seconds, connections)))
    return rows


def print_table(rows: list[tuple[str, float, float]]) -> None:
    tool = "wrk" if shutil.which("wrk") else "python threads"
    print(f"\n{'what':<62} {'req/s':>8} {'median ms':>10}")
    for name, rps, median in rows:
        print(f"{name:<62} {rps:>8.0f} {median:>10.2f}")
    print(f"(measured with {tool}; gunicorn, 2 workers, DEBUG off, 127.0.0.1)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--page", default="/problem-areas/grief/")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ipt-bench-") as tmp:
        env = server_env(Path(tmp))
        prepare(env, demo=False)
        with Gunicorn(env) as server:
            body = urllib.request.urlopen(server.base + args.page).read()
        # The same bytes as a static file; whitenoise indexes files when it starts.
        (Path(tmp) / "static" / "bench-page.html").write_bytes(body)
        with Gunicorn(env) as server:
            static_url = server.base + "/static/bench-page.html"
            assert urllib.request.urlopen(static_url).read() == body
            rows = measure_all(
                [
                    (f"content page {args.page} (rendered by Django)", server.base + args.page),
                    (f"same {len(body):,} bytes as a static file (whitenoise)", static_url),
                ],
                args.seconds,
                args.connections,
            )
    print_table(rows)


if __name__ == "__main__":
    main()
