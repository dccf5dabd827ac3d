"""Benchmark: the therapist directory with 5,000 therapists, beside a static file.

Creates a throwaway SQLite database (or uses DATABASE_URL when set), migrates it,
bulk-creates generated therapists, collects static files into a temporary folder, starts
gunicorn (DEBUG off, 2 workers) on 127.0.0.1, and measures requests per second and
median latency (the page benchmark's wrk or threaded client) for:

    /therapists/                              the first page of the directory
    /therapists/?area=grief&format=online     a filtered page
    /therapists/<slug>/                       one profile
    /static/css/site.<hash>.css               a static file served by whitenoise

    make bench-directory   # or: .venv/bin/python scripts/bench_directory.py --therapists 5000
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench_pages import measure_all, print_table  # noqa: E402
from scripts.serverkit import ROOT, Gunicorn, server_env  # noqa: E402

FILTERED = "/therapists/?area=grief&format=online"


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--therapists", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=5, help="per URL")
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-directory-"))
    env = server_env(workdir)
    os.environ.update(env)
    os.chdir(ROOT)
    try:
        started = time.perf_counter()
        published, profile_slug = prepare_database(args.therapists)
        engine = env["DATABASE_URL"].split(":")[0]
        print(
            f"Created {args.therapists} therapists ({published} published) "
            f"in {time.perf_counter() - started:.1f}s; database: {engine}"
        )
        with Gunicorn(env) as server:
            html = urllib.request.urlopen(server.base + "/therapists/").read()
            css = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', html)
            if css is None:
                raise SystemExit("No hashed site.css link on /therapists/: collectstatic?")
            rows = measure_all(
                [
                    ("directory, page 1: /therapists/", "/therapists/"),
                    (
                        "directory, filtered: ?area=grief&format=online",
                        "/therapists/?area=grief&format=online",
                    ),
                    (f"profile: /therapists/{profile_slug}/", f"/therapists/{profile_slug}/"),
                    ("static file: site.css (whitenoise)", css.group(1).decode()),
                ],
                args.seconds,
                args.connections,
                base=server.base,
            )
        print_table(rows)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
