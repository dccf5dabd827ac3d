"""What everyday-word search costs: any-word ranking and "did you mean", against a plain
one-word search, on the database in DATABASE_URL (SQLite file by default).

Runs in one process with Django's test client on a freshly prepared site with the demo
therapists; each line is the median of --repeat requests after one warm-up. CPU is this
process only; wall time includes the database server's own work (PostgreSQL).

    .venv/bin/python scripts/bench_search_words.py
    DATABASE_URL=postgres://... .venv/bin/python scripts/bench_search_words.py
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.serverkit import prepare, server_env  # noqa: E402

URLS = [
    ("one stemmed word (grieving): the baseline", "/search/?q=grieving"),
    ("no full match, any word (xylophone grief)", "/search/?q=xylophone+grief"),
    ("everyday words, synonyms (argument with my partner)", "/search/?q=argument+with+my+partner"),
    ("misspelt: results for the correction (greif)", "/search/?q=greif"),
    ("misspelt beside a known word (greif support)", "/search/?q=greif+support"),
    ("a word unlike any on the site (zebra)", "/search/?q=zebra"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipt-bench-words-") as tmp:
        env = server_env(Path(tmp))
        prepare(env)
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        client.get("/search/?q=warm")  # builds the index
        print(f"{'search':<56} {'CPU ms':>8} {'x base':>7} {'wall ms':>8} {'x base':>7}")
        base = None
        for name, path in URLS:
            client.get(path)
            cpu, wall = [], []
            for _ in range(args.repeat):
                started_cpu, started = time.process_time(), time.perf_counter()
                assert client.get(path).status_code == 200
                cpu.append((time.process_time() - started_cpu) * 1000)
                wall.append((time.perf_counter() - started) * 1000)
            row = statistics.median(cpu), statistics.median(wall)
            base = base or row
            print(
                f"{name:<56} {row[0]:>8.2f} {row[0] / base[0]:>7.2f} "
                f"{row[1]:>8.2f} {row[1] / base[1]:>7.2f}"
            )
        print(f"(database: {connection.vendor})")


if __name__ == "__main__":
    main()
