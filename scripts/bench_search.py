"""Benchmark: site search and the article pages, beside a content page.

Starts gunicorn (DEBUG off, 2 workers, demo therapists) on 127.0.0.1 with a throwaway
SQLite database, or the database DATABASE_URL names (PostgreSQL), and measures requests
per second and median latency for a content page (the baseline), the articles list, an
article, the feed and a few searches. The first search builds the index (not measured).

    make bench-search      # or: .venv/bin/python scripts/bench_search.py --seconds 10
"""

import argparse
import os
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.benchkit import measure, tool  # noqa: E402
from scripts.serverkit import Gunicorn, prepare, server_env  # noqa: E402

URLS = [
    ("content page /problem-areas/grief/ (baseline)", "/problem-areas/grief/"),
    ("articles list /articles/", "/articles/"),
    ("article /articles/when-grief-gets-stuck/", "/articles/when-grief-gets-stuck/"),
    ("Atom feed /articles/feed/", "/articles/feed/"),
    ("search: one stemmed word (grieving)", "/search/?q=grieving"),
    ("search: three words (first session nervous)", "/search/?q=first+session+nervous"),
    ("search: a town (Leeds)", "/search/?q=leeds"),
    ("search: no match, falls back to any word", "/search/?q=xylophone+grief"),
]


def measure_all(urls, seconds: int, connections: int, base: str) -> list[tuple[str, float, float]]:
    """(name, requests per second, median ms) for each URL, one after the other."""
    return [(name, *measure(base + path, seconds, connections)[:2]) for name, path in urls]


def print_table(rows) -> None:
    first = rows[0][1]
    print(f"{'what':<62} {'req/s':>8} {'median ms':>10} {'÷ first':>8}")
    for name, rps, median in rows:
        print(f"{name:<62} {rps:>8.0f} {median:>10.2f} {rps / first:>8.2f}")
    print(f"({tool()}, {rows and 'gunicorn 2 workers'}, 127.0.0.1)")


def cpu_costs(env: dict, repeat: int) -> list[tuple[str, float]]:
    """Median CPU milliseconds per request in this process (Django's test client): far
    less disturbed than wall time when other work shares the machine."""
    import statistics
    import time

    os.environ.update(env)
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/search/?q=warm")  # builds the index
    costs = []
    for name, path in URLS:
        client.get(path)  # first use renders markdown, fills caches
        samples = []
        for _ in range(repeat):
            started = time.process_time()
            assert client.get(path).status_code == 200
            samples.append((time.process_time() - started) * 1000)
        costs.append((name, statistics.median(samples)))
    return costs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=60, help="in-process requests per URL")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ipt-bench-search-") as tmp:
        env = server_env(Path(tmp))
        prepare(env, demo=True)
        with Gunicorn(env) as server:
            urllib.request.urlopen(server.base + "/search/?q=warm").read()  # builds the index
            rows = measure_all(URLS, args.seconds, args.connections, base=server.base)
        costs = cpu_costs(env, args.repeat)
    print_table(rows)
    print(f"\n{'in one process (test client)':<62} {'CPU ms':>8} {'x page':>10}")
    for name, cost in costs:
        print(f"{name:<62} {cost:>8.2f} {cost / costs[0][1]:>10.2f}")
    database = (
        "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    )
    print(f"(database: {database})")


if __name__ == "__main__":
    main()
