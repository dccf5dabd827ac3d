"""Benchmark: the therapist directory with 5,000 therapists, beside a static file.

Creates a throwaway SQLite database (or uses DATABASE_URL when set), migrates it,
bulk-creates generated therapists, collects static files into a temporary folder, starts
gunicorn (DEBUG off, 2 workers) on 127.0.0.1, and measures requests per second and
median latency for:

    /therapists/                              the first page of the directory
    /therapists/?area=grief&format=online     a filtered page
    /therapists/<slug>/                       one profile
    /static/css/site.<hash>.css               a static file served by whitenoise

with wrk when /usr/bin/wrk exists (a few seconds per URL), else with a small threaded
client (a fixed number of requests per URL). Loopback only. Prints a table, stops gunicorn.

    .venv/bin/python scripts/bench_directory.py [--therapists 5000] [--client python]
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK = shutil.which("wrk")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ipt_site.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-directory-only-secret-key-0123456789-abcdefghij",  # noqa: S106
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_LOG_LEVEL="WARNING",
        # Plain HTTP on loopback: no redirect to https (production sets it on by default).
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    return env


def prepare_database(count):
    """Migrate and bulk-create `count` generated therapists (in this process)."""
    import django

    django.setup()
    from django.core.management import call_command

    from ipt_site.therapists.models import (
        AgeGroup,
        Language,
        ProblemArea,
        SessionFormat,
        Specialism,
        Therapist,
    )

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if Therapist.objects.filter(slug__startswith="bench-").exists():
        Therapist.objects.filter(slug__startswith="bench-").delete()

    towns = ["Leeds", "Bristol", "Cardiff", "London", "Manchester", "York", "Truro", "Derby"]
    areas = list(ProblemArea.objects.all())
    formats = list(SessionFormat.objects.all())
    ages = list(AgeGroup.objects.all())
    languages = list(Language.objects.all())
    others = list(Specialism.objects.all())
    english = next(language for language in languages if language.slug == "english")

    therapists = [
        Therapist(
            name=f"Bench Therapist {number:05d}",
            slug=f"bench-{number:05d}",
            title="Counsellor" if number % 2 else "Clinical psychologist",
            introduction="A generated profile for load testing. " * 4,
            biography="Generated paragraph.\n\n" * 5,
            location=towns[number % len(towns)],
            online_anywhere=number % 5 == 0,
            accepting_new_clients=number % 4 != 0,
            published=number % 20 != 0,
            display_order=number % 100,
        )
        for number in range(count)
    ]
    Therapist.objects.bulk_create(therapists, batch_size=500)
    therapists = list(Therapist.objects.filter(slug__startswith="bench-").order_by("slug"))

    def link(field, pick):
        through = Therapist._meta.get_field(field).remote_field.through
        target = Therapist._meta.get_field(field).related_model._meta.model_name
        rows = [
            through(therapist_id=therapist.pk, **{f"{target}_id": item.pk})
            for number, therapist in enumerate(therapists)
            for item in pick(number)
        ]
        through.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)

    link("problem_areas", lambda n: {areas[n % 4], areas[(n // 4) % 4]})
    link("formats", lambda n: formats if n % 3 == 0 else [formats[n % 2]])
    link("age_groups", lambda n: {ages[1], ages[n % 3]})
    link("languages", lambda n: {english, languages[n % len(languages)]})
    link("other_areas", lambda n: {others[n % len(others)], others[(n * 7) % len(others)]})
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as a long-running database has
    published = Therapist.objects.published()
    return published.count(), published.order_by("slug").values_list("slug", flat=True)[7]


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} in {timeout}s")


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read()


def measure_python(url, requests, concurrency):
    latencies, failures = [], []
    lock = threading.Lock()
    remaining = iter(range(requests))

    def worker():
        while True:
            with lock:
                if next(remaining, None) is None:
                    return
            start = time.perf_counter()
            try:
                status, _ = fetch(url)
            except (urllib.error.URLError, OSError) as exc:
                status = str(exc)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    failures.append(status)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "rps": len(latencies) / wall,
        "median_ms": statistics.median(latencies) * 1000,
        "requests": len(latencies),
        "errors": len(failures),
    }


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def measure_wrk(url, seconds, concurrency):
    result = subprocess.run(  # noqa: S603 - fixed arguments, loopback URL
        [WRK, "-t2", f"-c{concurrency}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*", out)
    return {
        "rps": rps,
        "median_ms": _ms(*median.groups()),
        "requests": total,
        "errors": int(errors.group(1)) if errors else 0,
        "note": socket_errors.group(0) if socket_errors else "",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--therapists", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int, default=500, help="per URL, python client")
    parser.add_argument("--seconds", type=int, default=5, help="per URL, wrk")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args()
    use_wrk = args.client == "wrk" or (args.client == "auto" and WRK is not None)
    if use_wrk and WRK is None:
        raise SystemExit("wrk is not installed")

    workdir = Path(tempfile.mkdtemp(prefix="bench-directory-"))
    env = environment(workdir)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    server = None
    try:
        started = time.perf_counter()
        published, profile_slug = prepare_database(args.therapists)
        engine = env["DATABASE_URL"].split(":")[0]
        print(
            f"Created {args.therapists} therapists ({published} published) "
            f"in {time.perf_counter() - started:.1f}s; database: {engine}"
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn on loopback
            [
                PYTHON,
                "-m",
                "gunicorn",
                "ipt_site.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_for(f"{base}/health/")
        _, html = fetch(f"{base}/therapists/")
        css = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', html)
        if css is None:
            raise SystemExit("No hashed site.css link on /therapists/: is collectstatic working?")
        urls = [
            ("Directory, page 1", "/therapists/"),
            ("Directory, filtered", "/therapists/?area=grief&format=online"),
            ("Profile", f"/therapists/{profile_slug}/"),
            ("Static file (site.css)", css.group(1).decode()),
        ]
        for _, path in urls:  # warm up every worker and check each URL answers
            for _ in range(args.workers * 2):
                status, _ = fetch(base + path)
                if status != 200:
                    raise SystemExit(f"{path} answered {status}")

        method = (
            f"wrk, {args.seconds}s per URL, {args.concurrency} connections"
            if use_wrk
            else f"python client, {args.requests} requests per URL, {args.concurrency} threads"
        )
        print(f"gunicorn, {args.workers} workers, DEBUG off; {method}\n")
        print(f"{'URL':<44} {'req/s':>9} {'median ms':>10} {'requests':>9} {'errors':>7}")
        for label, path in urls:
            if use_wrk:
                result = measure_wrk(base + path, args.seconds, args.concurrency)
            else:
                result = measure_python(base + path, args.requests, args.concurrency)
            name = f"{label}: {path}" if len(path) < 26 else label
            print(
                f"{name[:44]:<44} {result['rps']:>9.1f} {result['median_ms']:>10.2f} "
                f"{result['requests']:>9} {result['errors']:>7}"
            )
            if result.get("note"):
                print(f"    {result['note']}")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
