"""Measuring helpers for the benchmarks: wrk (or a threaded client), side by side.

The machine is shared, so its load changes from one second to the next. Every benchmark
therefore measures the URLs it compares in interleaved rounds (A, B, A, B...) and reports
the median of the per-round ratios: each ratio compares two figures taken seconds apart
under the same load.
"""

import gzip
import os
import re
import shutil
import statistics
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

try:
    import brotli
except ImportError:
    brotli = None


def run_wrk(
    url: str, seconds: float, connections: int, headers=(), cpu: int | None = None
) -> tuple[float, float, int]:
    """wrk's figures; with `cpu`, wrk runs on that core alone (one thread), so a server
    kept to the other cores is measured by its own speed, not by how the cores are shared."""
    # wrk takes whole seconds only ("-d2.0s", what `--seconds 2` gave, is refused).
    threads = "-t1" if cpu is not None else "-t2"
    args = ["wrk", threads, f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    for header in headers:
        args += ["-H", header]
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
    out = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True, preexec_fn=pin
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[median.group(2)]
    return rps, float(median.group(1)) * factor, requests


def run_threads(url: str, seconds: float, connections: int, headers=()) -> tuple[float, float, int]:
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    extra = dict(header.split(": ", 1) for header in headers)

    def worker():
        mine = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            request = urllib.request.Request(url, headers=extra)
            with urllib.request.urlopen(request, timeout=10) as response:
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
    elapsed = time.monotonic() - started
    return len(latencies) / elapsed, statistics.median(latencies), len(latencies)


def measure(
    url: str, seconds: float, connections: int, headers=(), cpu: int | None = None
) -> tuple[float, float, int]:
    if shutil.which("wrk"):
        return run_wrk(url, seconds, connections, headers, cpu)
    return run_threads(url, seconds, connections, headers)


def tool() -> str:
    return "wrk" if shutil.which("wrk") else "python threads"


TICK = os.sysconf("SC_CLK_TCK")


def worker_pids(master: int) -> list[int]:
    """The processes whose parent is `master` (gunicorn's workers)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def cpu_seconds(master: int) -> float:
    """User + system CPU time used so far by a gunicorn master's workers."""
    total = 0
    for pid in worker_pids(master):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


@dataclass
class Target:
    """A URL to measure; with `master` (a gunicorn master's pid) its workers' CPU time per
    request is measured too, which the machine's other load hardly changes."""

    name: str
    url: str
    headers: tuple = ()
    master: int | None = None
    rps: list = field(default_factory=list)
    latency: list = field(default_factory=list)
    cpu: list = field(default_factory=list)

    @property
    def median_rps(self) -> float:
        return statistics.median(self.rps)

    @property
    def median_latency(self) -> float:
        return statistics.median(self.latency)

    @property
    def median_cpu_us(self) -> float | None:
        return statistics.median(self.cpu) * 1e6 if self.cpu else None


def interleave(
    targets: list[Target], rounds: int, seconds: float, connections: int, cpu: int | None = None
) -> None:
    """Measure every target once per round, in turn; results go into each target. `cpu`:
    the core wrk runs on (run_wrk)."""
    for target in targets:
        measure(target.url, 1, connections, target.headers, cpu)  # warm up
    for _ in range(rounds):
        for target in targets:
            before = cpu_seconds(target.master) if target.master else 0.0
            rps, latency, requests = measure(target.url, seconds, connections, target.headers, cpu)
            target.rps.append(rps)
            target.latency.append(latency)
            if target.master and requests:
                target.cpu.append((cpu_seconds(target.master) - before) / requests)


def ratio(target: Target, baseline: Target) -> float:
    """Median over rounds of target rps / baseline rps in the same round."""
    return statistics.median(a / b for a, b in zip(target.rps, baseline.rps, strict=True))


def cpu_ratio(target: Target, baseline: Target) -> float | None:
    """Median over rounds of baseline CPU per request / target CPU per request."""
    if not (target.cpu and baseline.cpu):
        return None
    return statistics.median(b / a for a, b in zip(target.cpu, baseline.cpu, strict=True))


def _micros(value: float | None) -> str:
    """CPU µs per request: a tenth shows on an nginx request (6 to 12 µs), not on the app's."""
    if not value:
        return ""
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def print_rows(rows: list[tuple[Target, Target | None]], against: str = "static") -> None:
    """One line per target; the ratios are to the row's baseline (req/s, and CPU time per
    request turned round, so that both read "1.00 = as cheap as the baseline")."""
    print(
        f"{'what':<58} {'req/s':>6} {'median ms':>9} {'CPU µs/req':>10} "
        f"{'÷ ' + against:>9} {'CPU ÷':>6}"
    )
    for target, baseline in rows:
        share = f"{ratio(target, baseline):.2f}" if baseline is not None else ""
        cpu_share = cpu_ratio(target, baseline) if baseline is not None else None
        print(
            f"{target.name:<58} {target.median_rps:>6.0f} {target.median_latency:>9.2f} "
            f"{_micros(target.median_cpu_us):>10} {share:>9} "
            f"{(f'{cpu_share:.2f}' if cpu_share else ''):>6}"
        )


def code_version(root: Path) -> str:
    """The commit measured, and the newest commit of main it includes."""

    def git(*args):
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return result.stdout.strip()

    head = git("log", "-1", "--format=%h")
    base = git("merge-base", "HEAD", "main")[:7]
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"commit {head}{dirty}, which includes main at {base}"


def fetch(url: str, headers: dict | None = None) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), dict(response.headers)


def write_static_copy(static_root: Path, name: str, body: bytes) -> str:
    """The same bytes as a collected static file, with the .gz and .br copies collectstatic
    would make, so whitenoise can serve it compressed too. Returns its URL path."""
    path = Path(static_root) / name
    path.write_bytes(body)
    Path(f"{path}.gz").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    if brotli is not None:
        Path(f"{path}.br").write_bytes(brotli.compress(body, quality=11))
    return f"/static/{name}"
