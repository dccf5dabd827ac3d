"""Benchmark: nginx with its edge cache (deploy/nginx.conf) in front of gunicorn, before and
after the edge-cache headers, side by side in one run.

Two copies of the site run at once, each under gunicorn (DEBUG off, 2 workers, its own
throwaway SQLite database with the demo therapists) behind its own nginx started from
deploy/nginx.conf (plain http on loopback, so TLS's cost, the same on both sides, is left
out): "before" is main's code (`git archive main`), "after" this checkout. For a content
page and a filtered directory page, each row is requests per second through nginx ÷ the
same bytes served by nginx from disk (a static file, gzip_static), in interleaved rounds
with wrk, by requests per second and by CPU time per request (nginx's and gunicorn's
workers together: what a request costs the machine, which the load of other processes
moves far less than requests per second).

    make bench-edge      # or: .venv/bin/python scripts/bench_edge.py --rounds 5
"""

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import edgekit  # noqa: E402
import serverkit  # noqa: E402

from scripts.benchkit import (  # noqa: E402
    Target,
    code_version,
    cpu_seconds,
    measure,
    print_rows,
    tool,
    write_static_copy,
)

HERE = serverkit.ROOT  # this checkout ("after")
PAGES = {"content page": "/faq/", "filtered directory": "/therapists/?format=online"}
GZIP = "Accept-Encoding: gzip"


def interleave(targets, rounds: int, seconds: float, connections: int) -> None:
    """benchkit.interleave, with CPU per request summed over several process trees
    (`target.master` is a tuple here: nginx's master and gunicorn's)."""
    for target in targets:
        measure(target.url, 1, connections, target.headers)  # warm up
    for _ in range(rounds):
        for target in targets:
            before = sum(cpu_seconds(pid) for pid in target.master)
            rps, latency, requests = measure(target.url, seconds, connections, target.headers)
            target.rps.append(rps)
            target.latency.append(latency)
            used = sum(cpu_seconds(pid) for pid in target.master) - before
            target.cpu.append(used / requests)


@contextlib.contextmanager
def code_at(root: Path):
    """serverkit runs manage.py and gunicorn from its ROOT: point it at another copy."""
    saved, serverkit.ROOT = serverkit.ROOT, root
    try:
        yield
    finally:
        serverkit.ROOT = saved


def main_copy(workdir: Path) -> Path:
    """main's code, as committed, in a folder of its own."""
    copy = workdir / "main-code"
    copy.mkdir()
    archive = subprocess.run(
        ["git", "archive", "main"], cwd=HERE, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(copy)], input=archive, check=True)
    return copy


def fetch_gzip(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {"body": response.read(), **dict(response.headers)}


@contextlib.contextmanager
def site(label: str, root: Path, workdir: Path):
    workdir.mkdir()
    env = serverkit.server_env(workdir)
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'site.sqlite3'}"
    env.pop("CACHE_URL", None)  # each copy's own local-memory page cache
    with code_at(root):
        app = serverkit.Gunicorn(env, workers=2)
        edge = edgekit.render(workdir / "nginx", app_ports=[app.port],
                              static_root=workdir / "static", tls=False)  # fmt: skip
        # As in production (main's code has no such settings and ignores them).
        env.update(IPT_EDGE_PURGE="nginx", IPT_EDGE_PURGE_URL=edge["purge"])
        serverkit.prepare(env)
        with app, edgekit.Nginx(edge) as nginx:
            yield label, edge["base"], workdir / "static", (nginx.proc.pid, app.proc.pid)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ipt-bench-edge-") as tmp:
        workdir = Path(tmp)
        before_code = main_copy(workdir)
        with (
            site("before", before_code, workdir / "before") as before,
            site("after", HERE, workdir / "after") as after,
        ):
            rows, targets, notes = [], [], []
            for label, base, static_root, pids in (before, after):
                for what, path in PAGES.items():
                    fetch_gzip(base + path)  # stored by the app's cache (and the edge's)
                    answer = fetch_gzip(base + path)
                    name = f"bench-edge-{label}-{what.replace(' ', '-')}.html"
                    # The same bytes from disk: the page as it is, and its gzip copy.
                    plain = urllib.request.urlopen(base + path, timeout=30).read()
                    static_url = write_static_copy(static_root, name, plain)
                    page = Target(f"{label}: {what}, {path}", base + path, (GZIP,), pids)
                    static = Target(
                        f"{label}: same {len(plain):,} bytes, static",
                        base + static_url,
                        (GZIP,),
                        pids,
                    )
                    targets += [page, static]
                    rows += [(page, static), (static, None)]
                    notes.append(
                        f"{label:<6} {path:<28} X-Cache-Status {answer.get('X-Cache-Status'):<6}"
                        f" Cache-Control: {answer.get('Cache-Control')}"
                    )
            interleave(targets, args.rounds, args.seconds, args.connections)
    print_rows(rows)
    print(
        "(CPU µs/req: nginx's and gunicorn's workers together; CPU ÷: the static file's "
        "CPU per request ÷ the row's, 1.00 = as cheap as nginx sending the file)\n"
    )
    print("\n".join(notes))
    print(
        f"\n({tool()}, {args.connections} connections, {args.rounds} interleaved rounds of "
        f"{args.seconds:g} s, Accept-Encoding: gzip; nginx {edgekit.nginx_version()}; "
        f"before = main, after = {code_version(HERE)}; {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
