"""Benchmark: what a visitor waits when Redis is down or hung (`make bench-faults`).

Starts the site under gunicorn (production settings, 2 workers, a throwaway SQLite
database) with a redis-server of its own as the cache, then times every public page,
one request at a time, in four states:

- healthy: Redis answering, pages warm in the cache (the baseline);
- hung: redis-server killed, and a server on its port that accepts connections and
  never answers;
- stopped: nothing listens on Redis's port;
- back: redis-server started again, pages cached again.

Prints each state's median and maximum in milliseconds and the ratio of its median to
the healthy one. A request is given up after --give-up seconds (reported as ">").

Then the markdown renderer on pathological "[" runs (8,000 and 20,000), each in its own
process, given up after --render-give-up seconds.

`--root` runs another checkout's code with this script (e.g. main, for the "before"
figures): `git archive main | tar -x -C /tmp/ipt-main` then `--root /tmp/ipt-main`.
Servers listen on 127.0.0.1 only, on IPT_BENCH_PORTS (e.g. 8700-8799) when set.

    .venv/bin/python scripts/bench_faults.py
    .venv/bin/python scripts/bench_faults.py --root /tmp/ipt-main --rounds 3
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import serverkit  # noqa: E402
from scripts.faultkit import PUBLIC_PAGES as PAGES  # noqa: E402
from scripts.faultkit import HungServer, RedisServer  # noqa: E402

RENDER = """
import os, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
import django
django.setup()
from ipt_site.pages.render import render_markdown
body = {body!r} * {count}
started = time.perf_counter()
render_markdown(body)
print(time.perf_counter() - started)
"""


def timed_get(base: str, path: str, give_up: float) -> tuple[float | None, int]:
    """(seconds, status) for one GET; seconds is None if given up."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=give_up) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except (TimeoutError, urllib.error.URLError):
        return None, 0
    return time.perf_counter() - started, status


def measure(base: str, pages: list[str], rounds: int, give_up: float) -> tuple[list, int]:
    """(answer times, how many 5xx) over `rounds` passes through every page."""
    times, errors = [], 0
    for _ in range(rounds):
        for path in pages:
            seconds, status = timed_get(base, path, give_up)
            times.append(seconds)
            errors += status >= 500
    return times, errors


def summary(name: str, times: list, errors: int, baseline: float | None, give_up: float) -> float:
    answered = [t for t in times if t is not None]
    lost = len(times) - len(answered)
    median = statistics.median([t if t is not None else give_up for t in times])
    worst = max(answered) if not lost else give_up
    over = ">" if lost else ""
    ratio = f"{median / baseline:7.1f}x" if baseline else "   1.0x"
    print(
        f"  {name:<8} median {median * 1000:8.1f} ms  max {over}{worst * 1000:8.1f} ms  "
        f"{ratio}  ({len(times)} requests, {lost} given up, {errors} answered 5xx)"
    )
    return median


def bench_pages(root: Path, rounds: int, give_up: float) -> None:
    serverkit.ROOT = root
    with tempfile.TemporaryDirectory(prefix="ipt-bench-faults-") as folder:
        workdir = Path(folder)
        redis_port = serverkit.free_port(*serverkit.port_range())
        env = serverkit.server_env(
            workdir,
            {"CACHE_URL": f"redis://127.0.0.1:{redis_port}/0", "IPT_CACHE_RETRY_SECONDS": "5"},
        )
        redis_server = RedisServer(redis_port, workdir).start()
        try:
            serverkit.prepare(env)
            with serverkit.Gunicorn(env, workers=2, log=workdir / "gunicorn.log") as server:
                pages = [*PAGES, "/therapists/" + first_profile(env)]
                measure(server.base, pages, 2, give_up)  # warm both workers and the cache
                print(f"Pages: {len(pages)} public pages x {rounds} rounds, code from {root}")
                healthy, errors = measure(server.base, pages, rounds, give_up)
                baseline = summary("healthy", healthy, errors, None, give_up)
                # Hung first, while each worker still trusts Redis: the first request
                # of each waits the timeout; then the breaker skips Redis for a while.
                redis_server.stop()
                hung = HungServer(release=3600, port=redis_port)
                try:
                    summary(
                        "hung", *measure(server.base, pages, rounds, give_up), baseline, give_up
                    )
                finally:
                    hung.stop()
                summary("stopped", *measure(server.base, pages, rounds, give_up), baseline, give_up)
                redis_server.start()
                time.sleep(6)  # past IPT_CACHE_RETRY_SECONDS: each worker tries Redis again
                measure(server.base, pages, 1, give_up)  # stored again
                summary("back", *measure(server.base, pages, rounds, give_up), baseline, give_up)
        finally:
            redis_server.stop()


def first_profile(env) -> str:
    code = (
        "from ipt_site.therapists.models import Therapist; "
        "print(Therapist.objects.filter(published=True).order_by('pk').first().slug)"
    )
    slug = serverkit.manage(env, "shell", "-c", code).strip().splitlines()[-1]
    return f"{slug}/"


REAL_PAGES = """
import os, statistics, time
from pathlib import Path
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
import django
django.setup()
import frontmatter
from ipt_site.pages.render import render_markdown
bodies = [frontmatter.loads(p.read_text()).content for p in sorted(Path("content").rglob("*.md"))]
runs = []
for _ in range(5):
    started = time.perf_counter()
    for body in bodies:
        render_markdown(body)
    runs.append(time.perf_counter() - started)
print(len(bodies), statistics.median(runs))
"""


def bench_render(root: Path, give_up: float) -> None:
    print(f"Markdown render, one process each, code from {root}:")
    result = subprocess.run(
        [serverkit.PYTHON, "-c", REAL_PAGES], cwd=root, capture_output=True, text=True, check=True
    )
    count, seconds = result.stdout.split()[-2:]
    print(f"  all {count} real pages {float(seconds):8.3f} s (median of 5 passes)")
    for label, body, count in (
        ('8,000 "["', "[", 8_000),
        ('20,000 "["', "[", 20_000),
        ('20,000 "text ["', "text [", 20_000),
        ('20,000 "[a]("', "[a](", 20_000),
    ):
        try:
            result = subprocess.run(
                [serverkit.PYTHON, "-c", RENDER.format(body=body, count=count)],
                cwd=root,
                capture_output=True,
                text=True,
                timeout=give_up,
                check=True,
            )
            seconds = f"{float(result.stdout.strip().splitlines()[-1]):8.3f} s"
        except subprocess.TimeoutExpired:
            seconds = f"> {give_up:.0f} s (given up)"
        print(f"  {label:<18} {seconds}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=serverkit.ROOT)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--give-up", type=float, default=10.0)
    parser.add_argument("--render-give-up", type=float, default=60.0)
    parser.add_argument("--only", choices=("pages", "render"))
    args = parser.parse_args()
    root = args.root.resolve()
    if args.only != "render":
        bench_pages(root, args.rounds, args.give_up)
    if args.only != "pages":
        bench_render(root, args.render_give_up)


if __name__ == "__main__":
    main()
