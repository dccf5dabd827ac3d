"""Benchmark: the therapist directory with the demo data and with 5,000 therapists.

Migrates a throwaway SQLite database (or the one DATABASE_URL names), loads the demo
therapists, starts gunicorn (DEBUG off, 2 workers) on 127.0.0.1 and measures, in
interleaved rounds with wrk, `/therapists/?format=online` beside the same bytes served
as a static file; then adds 5,000 generated therapists and measures again. The figure
that matters is each ratio: directory requests per second ÷ static-file requests per
second, in the same rounds. Other rows, against the same static file:

    /therapists/                      page 1 of the directory
    /therapists/<slug>/               one profile
    /therapists/?fee=80&intro=1&...   the new filters (stored like the others)
    /therapists/?location=Leeds       free text: never stored, rendered every time
    /therapists/find/?...&step=7      "Help me choose" results: never stored (timed alone)

    make bench-directory   # or: .venv/bin/python scripts/bench_directory.py --therapists 5000
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
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

FILTERED = "/therapists/?format=online"
NEW_FILTERS = "/therapists/?start=2-months&fee=80&insurer=bupa&intro=1"
MATCHER = "/therapists/find/?area=grief&meet=online&language=english&budget=80&step=7"


def add_therapists(count):
    """Bulk-create `count` generated therapists (in this process); their published count
    and one profile's slug."""
    import django

    django.setup()
    from django.db import connection

    from ipt_site.pagecache import data_changed
    from ipt_site.therapists.models import (
        AgeGroup,
        Availability,
        Insurer,
        Language,
        ProblemArea,
        SessionFormat,
        Specialism,
        Therapist,
    )

    Therapist.objects.filter(slug__startswith="bench-").delete()
    towns = ["Leeds", "Bristol", "Cardiff", "London", "Manchester", "York", "Truro", "Derby"]
    areas = list(ProblemArea.objects.all())
    formats = list(SessionFormat.objects.all())
    ages = list(AgeGroup.objects.all())
    languages = list(Language.objects.all())
    others = list(Specialism.objects.all())
    insurers = list(Insurer.objects.all())
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
            availability=list(Availability)[number % 4],
            fee_min=40 + 5 * (number % 17),
            fee_max=None if number % 3 else 60 + 5 * (number % 17),
            concessions=number % 6 == 0,
            intro_call=number % 2 == 0,
            step_free=number % 3 == 0,
            accessible_toilet=number % 9 == 0,
            near_public_transport=number % 2 == 1,
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
    link("insurers", lambda n: [insurers[n % len(insurers)]] if n % 4 == 0 else [])
    data_changed()  # bulk_create sends no model signal
    with connection.cursor() as cursor:
        # Planner statistics (and on PostgreSQL the visibility map that index-only scans
        # need), as a long-running database has from autovacuum.
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    published = Therapist.objects.published()
    return published.count(), published.order_by("slug").values_list("slug", flat=True)[7]


def one_at_a_time(url, times=21):
    """Median milliseconds of a page fetched alone: for a page that is rendered every
    time and too slow for a fair share of wrk's rounds."""
    fetch(url)  # warm up
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        fetch(url)
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


def measure_dataset(env, workdir, label, profile_slug, args):
    with Gunicorn(env) as server:
        body, _ = fetch(server.base + FILTERED)
    static_url = write_static_copy(workdir / "static", f"bench-directory-{label}.html", body)
    with Gunicorn(env) as server:
        assert fetch(server.base + static_url)[0] == body
        base, pid = server.base, server.proc.pid
        profile = f"/therapists/{profile_slug}/"
        main = Target(f"{label}: {FILTERED}", base + FILTERED, master=pid)
        static = Target(f"{label}: same {len(body):,} bytes, static", base + static_url, master=pid)
        extras = [
            Target(f"{label}: page 1, /therapists/", base + "/therapists/", master=pid),
            Target(f"{label}: a profile, {profile}", base + profile, master=pid),
            Target(f"{label}: {NEW_FILTERS}", base + NEW_FILTERS, master=pid),
            Target(
                f"{label}: ?location=Leeds, never stored",
                f"{base}/therapists/?location=Leeds",
                master=pid,
            ),
        ]
        interleave([main, static, *extras], args.rounds, args.seconds, args.connections)
        matcher_ms = one_at_a_time(base + MATCHER)
    print_rows([(main, static), (static, None), *[(extra, static) for extra in extras]])
    print(
        f"{label}: Help me choose, results (never stored), one request at a time: "
        f"median {matcher_ms:.1f} ms"
    )
    return ratio(main, static), cpu_ratio(main, static)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--therapists", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=2, help="per URL per round")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-directory-"))
    env = server_env(workdir)
    os.environ.update(env)
    os.chdir(ROOT)
    try:
        prepare(env)  # migrate, collectstatic, demo therapists
        engine = env["DATABASE_URL"].split(":")[0]
        print(f"Database: {engine}; cache: {env.get('CACHE_URL', 'local memory')}")
        demo = measure_dataset(env, workdir, "demo", "marnie-ashcombe", args)
        started = time.perf_counter()
        published, profile_slug = add_therapists(args.therapists)
        print(
            f"\nAdded {args.therapists:,} therapists ({published:,} published in all) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        large = measure_dataset(env, workdir, f"{args.therapists:,}", profile_slug, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\n({tool()}, {args.connections} connections, {args.rounds} interleaved rounds of "
        f"{args.seconds:g} s; gunicorn 2 workers, DEBUG off, 127.0.0.1; {code_version(ROOT)})"
    )
    print(
        f"{FILTERED} rps ÷ static rps: demo data {demo[0]:.2f}, {args.therapists:,} "
        f"therapists {large[0]:.2f} (goal ≥ 0.5); by server CPU time per request: "
        f"{demo[1]:.2f} and {large[1]:.2f}"
    )


if __name__ == "__main__":
    main()
