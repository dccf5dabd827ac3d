"""Benchmark: what a page-cache hit costs in Redis against local memory, and whether two
servers installed at different paths share their pages (`make bench-cache`).

Before (main, from `git archive main`) and after (this checkout), side by side in one run.
For each: two copies of the release at two paths, a redis-server of this run's own, one
database (DATABASE_URL, or a throwaway SQLite file), and gunicorn servers of one worker:

- local memory: CACHE_URL=locmemcache:// (each worker its own cache; the baseline);
- Redis: the same release with CACHE_URL=redis://...;
- Redis from the other copy of the release (for the shared-entry check);
- after only: Redis with IPT_PAGE_CACHE_LOCAL_MB=0 (no per-process copy: every hit is
  one round trip, for the cost of the round trip alone).

The hit measured is /faq/ for a browser (Accept-Encoding: br, gzip), warm, measured with
wrk in interleaved rounds (the machine is shared): requests a second and the workers' CPU
time per request, each as a ratio to local memory in the same round. Redis's own counters
give the round trips and bytes each hit reads.

Servers listen on 127.0.0.1 only, on IPT_BENCH_PORTS (e.g. 8200-8299) when set.

    .venv/bin/python scripts/bench_cache.py
    .venv/bin/python scripts/bench_cache.py --rounds 3 --seconds 2
"""

import argparse
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis  # noqa: E402

from scripts import benchkit, serverkit  # noqa: E402
from scripts.faultkit import RedisServer  # noqa: E402

PAGE = "/faq/"
BROWSER = ("Accept-Encoding: br, gzip", "Host: localhost")  # one site name for every server


def get(base: str, path: str = PAGE) -> str:
    """X-Page-Cache of one browser-like GET."""
    headers = dict(header.split(": ", 1) for header in BROWSER)
    request = urllib.request.Request(base + path, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.headers.get("X-Page-Cache", "")


def redis_reads(client: redis.Redis) -> tuple[int, int]:
    """(read commands, bytes sent to clients) so far."""
    stats = client.info("commandstats")
    reads = sum(stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("get", "mget"))
    return reads, client.info("stats")["total_net_output_bytes"]


def per_hit(client: redis.Redis, base: str, hits: int = 50) -> tuple[float, float]:
    """(Redis reads per hit, bytes Redis sent per hit) over `hits` warm hits."""
    _, idle = redis_reads(client)
    reads, sent = redis_reads(client)
    info_reply = sent - idle  # INFO's own replies count in the bytes sent
    for _ in range(hits):
        assert get(base) == "hit"
    reads_after, sent_after = redis_reads(client)
    return (reads_after - reads) / hits, max(0, sent_after - sent - info_reply) / hits


def measure_version(label, source, workdir, database_url, rounds, seconds, connections):
    redis_port = serverkit.free_port(*serverkit.port_range())
    folder = workdir / label
    releases = [serverkit.install(source, folder / name) for name in ("blue", "green")]
    cache = redis.Redis(port=redis_port)

    def env(release, extra):
        return serverkit.server_env(
            release / "var",
            {"DATABASE_URL": database_url, "IPT_CONTENT_DIR": str(release / "content"), **extra},
        )

    redis_url = {"CACHE_URL": f"redis://127.0.0.1:{redis_port}/0"}
    for release in releases:
        prepare_env = env(release, redis_url)
        serverkit.manage(prepare_env, "migrate", "--noinput", root=release)
        serverkit.manage(prepare_env, "sync_content", root=release)
        serverkit.manage(prepare_env, "collectstatic", "--noinput", root=release)
    serverkit.manage(env(releases[0], redis_url), "load_demo_therapists", "--if-empty")

    specs = {
        "local memory": (releases[0], {"CACHE_URL": "locmemcache://"}),
        "Redis": (releases[0], redis_url),
        "Redis, other path": (releases[1], redis_url),
    }
    if label == "after":
        specs["Redis, no process copy"] = (
            releases[0],
            {**redis_url, "IPT_PAGE_CACHE_LOCAL_MB": "0"},
        )
    result = {}
    with RedisServer(redis_port, folder):
        servers = {}
        try:
            for name, (release, extra) in specs.items():
                # Started one by one: each takes the next free port.
                server = serverkit.Gunicorn(env(release, extra), workers=1, root=release)
                servers[name] = server.__enter__()
            # Shared entries: the other copy's first request for a page this one stored.
            result["first here"] = get(servers["Redis"].base)
            result["shared"] = get(servers["Redis, other path"].base)
            result["redis keys"] = len(list(cache.scan_iter(match="*pagecache:page:*")))
            reads, sent = per_hit(cache, servers["Redis"].base)
            result["reads"], result["bytes"] = reads, sent
            if "Redis, no process copy" in servers:
                get(servers["Redis, no process copy"].base)
                result["reads off"], result["bytes off"] = per_hit(
                    cache, servers["Redis, no process copy"].base
                )
            targets = {
                name: benchkit.Target(
                    name, server.base + PAGE, headers=BROWSER, master=server.proc.pid
                )
                for name, server in servers.items()
                if name != "Redis, other path"
            }
            benchkit.interleave(list(targets.values()), rounds, seconds, connections)
            result["targets"] = targets
        finally:
            for server in servers.values():
                server.__exit__()
    return result


def ratios(result: dict, name: str) -> tuple[str, str]:
    target, base = result["targets"].get(name), result["targets"]["local memory"]
    if target is None:
        return "", ""
    cpu = benchkit.cpu_ratio(target, base)
    return f"{benchkit.ratio(target, base):.2f}", f"{cpu:.2f}" if cpu else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--main", default="main", help="the git revision for 'before'")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ipt-bench-cache-"))
    before_source = workdir / "main-source"
    before_source.mkdir()
    archive = subprocess.run(
        ["git", "archive", args.main], cwd=serverkit.ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(before_source)], input=archive, check=True)
    database_url = serverkit.server_env(workdir)["DATABASE_URL"]

    results = {}
    for label, source in (("before", before_source), ("after", serverkit.ROOT)):
        print(f"Measuring {label} ...", file=sys.stderr, flush=True)
        results[label] = measure_version(
            label, source, workdir, database_url, args.rounds, args.seconds, args.connections
        )

    before, after = results["before"], results["after"]
    print(
        f"Page cache hits: {PAGE} for a browser (br, gzip), gunicorn 1 worker each, "
        f"{benchkit.tool()} {args.connections} connections, {args.rounds} rounds x "
        f"{args.seconds:g} s, median of per-round ratios"
    )
    print(f"before: {args.main}; after: {benchkit.code_version(serverkit.ROOT)}")
    print(f"{'':<58} {'before':>10} {'after':>10}")
    rows = [
        ("Redis hit ÷ local-memory hit, requests/s", ratios(before, "Redis")[0],
         ratios(after, "Redis")[0]),
        ("Redis hit ÷ local-memory hit, CPU per request (turned)", ratios(before, "Redis")[1],
         ratios(after, "Redis")[1]),
        ("  without the per-process copy, requests/s", "",
         ratios(after, "Redis, no process copy")[0]),
        ("  without the per-process copy, CPU (turned)", "",
         ratios(after, "Redis, no process copy")[1]),
        ("Redis reads per warm hit", f"{before['reads']:.2f}", f"{after['reads']:.2f}"),
        ("  without the per-process copy", "", f"{after['reads off']:.2f}"),
        ("bytes from Redis per warm hit", f"{before['bytes']:,.0f}", f"{after['bytes']:,.0f}"),
        ("  without the per-process copy", "", f"{after['bytes off']:,.0f}"),
        ("Redis keys for the page", f"{before['redis keys']}", f"{after['redis keys']}"),
        ("other path's first request (shared entry)", before["shared"], after["shared"]),
        ("local-memory hit, requests/s",
         f"{before['targets']['local memory'].median_rps:.0f}",
         f"{after['targets']['local memory'].median_rps:.0f}"),
        ("Redis hit, requests/s", f"{before['targets']['Redis'].median_rps:.0f}",
         f"{after['targets']['Redis'].median_rps:.0f}"),
    ]  # fmt: skip
    for name, was, now in rows:
        print(f"{name:<58} {was:>10} {now:>10}")
    return 0 if after["shared"] == "hit" else 1


if __name__ == "__main__":
    raise SystemExit(main())
