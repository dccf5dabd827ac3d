"""Benchmark: the site with 1,000 content pages beside the real one.

Builds a content folder of 1,000 pages (the real pages, plus sections of copies of them
with new names and titles), each site in its own SQLite database, then:

1. a cold `sync_content`: the 1,000 files read, rendered, checked and written into an
   empty database (as at a first deploy), and a sync with nothing to do;
2. with gunicorn (2 workers, DEBUG off) on 127.0.0.1, the first content request after
   boot: the time of the first content page request once the server answers /health/;
3. one page's requests per second on 1,000 pages ÷ on the real site, two servers
   measured in interleaved rounds (goal ≥ 0.9: the cost of a request does not grow
   with the number of pages);
4. the largest worker's resident memory after every page was served by every worker
   (pages are asked for until gunicorn's access log shows each worker served each one);
5. edit-to-visible: a page's file is changed and `sync_content` run (what a deploy or
   `make run`'s watcher does), and the page is asked for until the change shows, then
   until 20 requests in a row show it (both workers).

    make bench-scale     # or: .venv/bin/python scripts/bench_scale.py --pages 1000
"""

import argparse
import concurrent.futures
import json
import re
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.benchkit import (  # noqa: E402
    Target,
    code_version,
    cpu_ratio,
    fetch,
    interleave,
    print_rows,
    ratio,
    tool,
    worker_pids,
)
from scripts.serverkit import ROOT, Gunicorn, manage, prepare, server_env  # noqa: E402

PAGE = "/problem-areas/grief/"
TITLE = re.compile(r"^title: (.*)$", re.M)
SECTION_SIZE = 25  # an _index.md and 24 pages


def build_content(target: Path, pages: int) -> list[str]:
    """Copy the real content and add sections of renamed copies; the URLs of all pages."""
    shutil.copytree(ROOT / "content", target)
    real = sorted(p for p in target.rglob("*.md") if p.name != "README.md")
    sources = [p for p in real if p.name != "_index.md"]
    section_source = target / "problem-areas" / "_index.md"
    count, number = len(real), 0
    while count < pages:
        number += 1
        section = target / f"library-{number:03d}"
        section.mkdir()
        text = section_source.read_text(encoding="utf-8")
        section_text = TITLE.sub(f"title: Library {number}", text, count=1)
        (section / "_index.md").write_text(section_text, encoding="utf-8")
        count += 1
        for copy in range(1, SECTION_SIZE):
            if count >= pages:
                break
            source = sources[(number * SECTION_SIZE + copy) % len(sources)]
            text = source.read_text(encoding="utf-8")
            title = f"{yaml.safe_load(TITLE.search(text).group(1))} ({number}.{copy})"
            text = TITLE.sub(lambda m, title=title: f"title: {json.dumps(title)}", text, count=1)
            name = f"{source.stem.replace('_', '')}-copy-{copy:02d}.md"
            (section / name).write_text(text, encoding="utf-8")
            count += 1
    urls = []
    for path in sorted(target.rglob("*.md")):
        if path.name == "README.md":
            continue
        parts = path.relative_to(target).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "_index" else parts
        urls.append("/" + "".join(f"{part}/" for part in parts))
    return urls


def resident_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def serve_everything(server, urls: list[str], log: Path, passes: int = 12) -> int:
    """Ask for every page until each worker has served each one (gunicorn's access log
    names the worker); the number of requests made."""
    made = 0
    missing = set(urls)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for _ in range(passes):
            # An idle worker set lets one worker take every request (Linux wakes the last
            # one to wait), so the last few pages are asked for many times at once.
            batch = sorted(missing) * (1 if len(missing) > 100 else 8)
            made += len(list(pool.map(lambda url: get(server.base + url), batch)))
            time.sleep(0.5)  # the log is written after the response
            seen = {}
            for line in log.read_text().splitlines():
                pid, _, path = line.partition(" ")
                seen.setdefault(path, set()).add(int(pid.strip("<>")))
            # Only the workers alive now count (gunicorn replaces one that times out).
            workers = set(worker_pids(server.proc.pid))
            missing = {url for url in urls if not workers <= seen.get(url, set())}
            if not missing:
                return made
    raise SystemExit(f"{len(missing)} pages never served by every worker: {sorted(missing)[:5]}")


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def first_request(env) -> tuple[float, float]:
    """(seconds from starting gunicorn to the first content page, that request alone)."""
    started = time.perf_counter()
    with Gunicorn(env) as server:
        ready = time.perf_counter()
        get(server.base + PAGE)
        done = time.perf_counter()
    return done - started, done - ready


def synced_in(output: str) -> float:
    """The seconds `sync_content` says it took."""
    return float(re.search(r"synced in ([\d.]+) s", output)[1])


def edit_to_visible(server, content: Path, env: dict) -> tuple[float, float]:
    path = content / "problem-areas" / "grief.md"
    marker = f"Edited {time.time_ns()}"
    text = path.read_text(encoding="utf-8")
    path.write_text(TITLE.sub(f"title: {marker}", text, count=1), encoding="utf-8")
    edited = time.perf_counter()
    manage(env, "sync_content")
    first = None
    in_a_row = 0
    while in_a_row < 20:
        if time.perf_counter() - edited > 30:
            raise SystemExit("the edit did not show within 30 s")
        if marker.encode() in get(server.base + PAGE):
            first = first or time.perf_counter() - edited
            in_a_row += 1
        else:
            in_a_row = 0
            time.sleep(0.01)
    return first, time.perf_counter() - edited


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=2, help="per URL per round")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ipt-bench-scale-") as tmp:
        tmp = Path(tmp)
        big = tmp / "content"
        urls = build_content(big, args.pages)
        print(f"Built {len(urls):,} pages in {big}", flush=True)
        static = {"DJANGO_STATIC_ROOT": str(tmp / "static")}
        small_env = server_env(tmp, {**static, "DATABASE_URL": f"sqlite:///{tmp / 'small.db'}"})
        prepare(small_env)
        big_env = server_env(
            tmp,
            {**static, "DATABASE_URL": f"sqlite:///{tmp / 'big.db'}", "IPT_CONTENT_DIR": str(big)},
        )
        manage(big_env, "migrate", "--noinput")
        cold = synced_in(manage(big_env, "sync_content"))
        again = synced_in(manage(big_env, "sync_content"))
        manage(big_env, "load_demo_therapists", "--if-empty")
        print(f"Cold sync of {len(urls):,} pages: {cold:.2f} s", flush=True)

        boot, first = first_request(big_env)
        small_boot, small_first = first_request(small_env)
        print(f"First request after boot: {first:.2f} s; measuring req/s...", flush=True)

        log = tmp / "access.log"

        def access_log(path):
            return ("--access-logfile", str(path), "--access-logformat", "%(p)s %(U)s")

        # Both servers write an access log (the large one's proves every worker served every
        # page), so the req/s ratio compares the same work per request.
        with (
            Gunicorn(small_env, args=access_log(tmp / "small-access.log")) as small,
            Gunicorn(big_env, args=access_log(log)) as large,
        ):
            assert fetch(large.base + PAGE)[1].get("X-Page-Cache") in ("hit", "miss")
            on_small = Target(f"{PAGE} on the real site", small.base + PAGE, master=small.proc.pid)
            on_large = Target(
                f"{PAGE} on {len(urls):,} pages", large.base + PAGE, master=large.proc.pid
            )
            interleave([on_large, on_small], args.rounds, args.seconds, args.connections)

            print("Serving every page from every worker...", flush=True)
            started = time.perf_counter()
            requests = serve_everything(large, urls, log)
            served = time.perf_counter() - started
            workers = worker_pids(large.proc.pid)
            memory = {pid: resident_mb(pid) for pid in workers}

            print("Editing a page...", flush=True)
            first_seen, everywhere = edit_to_visible(large, big, big_env)

    print_rows([(on_large, on_small), (on_small, None)], against="real")
    print(
        f"({tool()}, {args.connections} connections, {args.rounds} interleaved rounds of "
        f"{args.seconds:g} s; gunicorn 2 workers, DEBUG off, 127.0.0.1; {code_version(ROOT)})"
    )
    print(f"\n{len(urls):,} pages:")
    print(
        f"  cold sync_content (empty database, every file read, rendered, checked and "
        f"written): {cold:.2f} s; with nothing to do: {again:.2f} s"
    )
    print(
        f"  first content request after boot: {first:.2f} s "
        f"(gunicorn start to first page {boot:.2f} s; real site: {small_first:.2f} s, "
        f"{small_boot:.2f} s) (goal ≤ 0.3 s)"
    )
    share, cpu_share = ratio(on_large, on_small), cpu_ratio(on_large, on_small)
    print(
        f"  one page's req/s on {len(urls):,} pages ÷ on the real site: {share:.2f} "
        f"(goal ≥ 0.9); by server CPU time per request: {cpu_share:.2f}"
    )
    print(
        f"  largest worker's resident memory after every page was served: "
        f"{max(memory.values()):.0f} MB (workers: "
        + ", ".join(f"{mb:.0f} MB" for mb in sorted(memory.values()))
        + f"; {requests:,} requests in {served:.1f} s)"
        + " (goal ≤ 100 MB)"
    )
    print(
        f"  edit to visible (file changed, then manage.py sync_content): {first_seen:.2f} s "
        f"to the first request that shows it, {everywhere:.2f} s until 20 in a row do "
        f"(goal ≤ 2 s plus the command's start)"
    )


if __name__ == "__main__":
    main()
