"""Benchmark: a content page served by the app versus the same bytes as a static file.

Starts gunicorn (2 workers, DEBUG off, production static storage, demo therapists, so the
problem-area page shows therapist cards) on 127.0.0.1, saves the page's bytes as a static
file, and measures both with wrk in interleaved rounds. The figure that matters is the
ratio: page requests per second ÷ static-file requests per second, in the same rounds.
It is measured plain (what wrk asks for) and with `Accept-Encoding: gzip` (what browsers
ask for; whitenoise then serves its .gz copy, the app its stored gzip body).

    make bench-pages            # or: .venv/bin/python scripts/bench_pages.py --rounds 5
"""

import argparse
import sys
import tempfile
from pathlib import Path

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
    write_static_copy,
)
from scripts.serverkit import ROOT, Gunicorn, prepare, server_env  # noqa: E402

GZIP = ("Accept-Encoding: gzip",)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=2, help="per URL per round")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--page", default="/problem-areas/grief/")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ipt-bench-") as tmp:
        env = server_env(Path(tmp))
        prepare(env)
        with Gunicorn(env) as server:
            body, headers = fetch(server.base + args.page)
        # whitenoise indexes static files when it starts: start again with the copy.
        static_url = write_static_copy(Path(tmp) / "static", "bench-page.html", body)
        with Gunicorn(env) as server:
            assert fetch(server.base + static_url)[0] == body
            pid = server.proc.pid
            page = Target(f"content page {args.page}", server.base + args.page, master=pid)
            static = Target(
                f"same {len(body):,} bytes as a static file", server.base + static_url, master=pid
            )
            page_gz = Target(f"content page {args.page}, gzip", page.url, GZIP, master=pid)
            static_gz = Target("the static file, gzip", static.url, GZIP, master=pid)
            interleave(
                [page, static, page_gz, static_gz], args.rounds, args.seconds, args.connections
            )
            cache_state = fetch(server.base + args.page)[1].get("X-Page-Cache", "not cached")

    print_rows([(page, static), (static, None), (page_gz, static_gz), (static_gz, None)])
    print(
        f"({tool()}, {args.connections} connections, {args.rounds} interleaved rounds of "
        f"{args.seconds:g} s; gunicorn 2 workers, DEBUG off, 127.0.0.1; page served as a "
        f"cache {cache_state}; {code_version(ROOT)})"
    )
    print(
        f"\n{args.page} rps ÷ static rps: {ratio(page, static):.2f} (goal ≥ 0.8); "
        f"by server CPU time per request: {cpu_ratio(page, static):.2f}"
    )


if __name__ == "__main__":
    main()
