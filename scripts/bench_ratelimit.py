"""Benchmark: what counting an accepted enquiry costs, database counter against cache.

The enquiry rate limit counts in the database (ipt_site.security.ratelimit) so it holds
across workers; before, it counted in the cache (cache.add + cache.incr). This times both
in one process, in the same run, on the same machine:

    database   ratelimit.hit() + ratelimit.count(): UPDATE (or INSERT) + SELECT, + SELECT
    cache      cache.get() + cache.add() + cache.incr(), as the old code did

with a throwaway SQLite file (or DATABASE_URL when set) and the local-memory cache (or
CACHE_URL when set). It prints the median time per enquiry and the ratio. An enquiry
also saves a row and renders two pages, so see `make load-enquiries` for the whole.

    .venv/bin/python scripts/bench_ratelimit.py [--hits 2000]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(function, hits: int) -> list[float]:
    samples = []
    for number in range(hits):
        key = f"bench:{number % 20}"  # 20 clients, as in load-enquiries
        start = time.perf_counter()
        function(key)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=2000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="ipt-bench-ratelimit-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghij")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ipt_site.settings"

    import django

    django.setup()
    from django.core.cache import cache, caches
    from django.core.management import call_command
    from django.db import connection

    from ipt_site.security import ratelimit

    call_command("migrate", verbosity=0)
    window = 3600

    def database(key):
        ratelimit.count(key)
        ratelimit.hit(key, window)

    def in_cache(key):
        cache.get(key)
        cache.add(key, 0, window)
        cache.incr(key)

    database("warm-up")
    in_cache("warm-up")
    db_samples = timed(database, args.hits)
    cache_samples = timed(in_cache, args.hits)
    db_ms = statistics.median(db_samples) * 1000
    cache_ms = statistics.median(cache_samples) * 1000
    backend = caches["default"].__class__.__name__
    print(f"database ({connection.vendor})  {db_ms:.3f} ms per enquiry (median of {args.hits})")
    print(f"cache ({backend})  {cache_ms:.3f} ms per enquiry (median of {args.hits})")
    print(f"ratio database/cache  {db_ms / cache_ms:.1f}x")


if __name__ == "__main__":
    main()
