"""Query plans of the directory's filters with 5,000 therapists, for docs/performance.md.

Migrates a throwaway SQLite database (or the one DATABASE_URL names: use a database of
your own, the script adds and removes generated therapists), adds 5,000 therapists,
renders each main filter once with the page cache off, and prints every query the page
ran with its plan: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN ANALYZE` on PostgreSQL.

    .venv/bin/python scripts/explain_directory.py
    DATABASE_URL=postgres://... .venv/bin/python scripts/explain_directory.py
"""

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench_directory import add_therapists  # noqa: E402
from scripts.serverkit import ROOT, manage, server_env  # noqa: E402

FILTERS = [
    "",
    "format=online",
    "area=grief",
    "area=grief&format=online",
    "age=adults&language=english&start=2-months",
    "start=2-months&fee=80&insurer=bupa&intro=1",
    "fee=50&concessions=1&access=step-free",
    "location=Leeds",
    "format=online&location=Leeds",
    "page=300",
]


def short(sql: str) -> str:
    """The query without its long column list."""
    sql = re.sub(
        r'^SELECT .*? FROM "therapists_therapist"', 'SELECT … FROM "therapists_therapist"', sql
    )
    return re.sub(r"^SELECT \(.*? FROM", "SELECT … FROM", sql)


def main():
    workdir = Path(tempfile.mkdtemp(prefix="explain-directory-"))
    env = server_env(workdir, {"IPT_PAGE_CACHE": "false", "DJANGO_ALLOWED_HOSTS": "testserver"})
    os.environ.update(env)
    os.chdir(ROOT)
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        published, _ = add_therapists(5000)
        from django.db import connection
        from django.test import Client

        vendor = connection.vendor
        version = connection.cursor().connection.info.server_version if vendor != "sqlite" else ""
        print(f"{vendor} {version or connection.Database.sqlite_version}; {published:,} published")
        captured = []

        def capture(execute, sql, params, many, context):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        client = Client()
        client.get("/therapists/")  # reads the lookups once (kept per data version)
        for query in FILTERS:
            captured.clear()
            with connection.execute_wrapper(capture):
                response = client.get(f"/therapists/?{query}")
            assert response.status_code == 200
            print(f"\n### `/therapists/?{query}` ({len(captured)} queries)")
            for sql, params in captured:
                if "therapist" not in sql:
                    continue  # the data version row
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    took = (time.perf_counter() - started) * 1000
                    if vendor == "sqlite":
                        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                        plan = [row[-1] for row in cursor.fetchall()]
                    else:
                        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) " + sql, params)
                        plan = [row[0] for row in cursor.fetchall()]
                print(f"\n{took:.2f} ms: {short(sql)[:400]}\n")
                print("\n".join(f"    {line}" for line in plan))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
