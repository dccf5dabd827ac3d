"""Benchmark: the directory's "confirmed availability first" order, three ways.

Availability not confirmed for IPT_AVAILABILITY_CONFIRM_DAYS sorts after the rest. The
cut-off moves every day, so no index can hold it. This compares, on the same data in the
same run (5,000 therapists, two thirds confirmed lately):

    plain       the listing order (DIRECTORY_ORDER) only: before the rule (the baseline)
    two parts   what the site does: confirmed, then stale, each read in the listing
                index's order (selectors.ConfirmedFirst)
    one CASE    one query ordered by a CASE on the date, then display_order, name

Each variant builds a directory page the way the view does (count, one page of cards,
their formats) and is timed over many runs; the table gives the median in milliseconds
and the ratio to the plain order, for page 1, a page across the two parts, and a
filtered page. The query plans show whether the listing index is used.

    .venv/bin/python scripts/bench_directory_order.py            # SQLite, a temp file
    DATABASE_URL=postgres://... .venv/bin/python scripts/bench_directory_order.py
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

from scripts.serverkit import ROOT, server_env  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--therapists", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-order-"))
    os.environ.update(server_env(workdir))
    os.chdir(ROOT)
    from scripts.bench_directory import prepare_database

    prepare_database(args.therapists)
    try:
        run(args)
    finally:
        from ipt_site.therapists.models import Therapist

        # Leave DATABASE_URL as it was: other test runs use the same database.
        Therapist.objects.filter(slug__startswith="bench-").delete()
        shutil.rmtree(workdir, ignore_errors=True)


def run(args):
    from django.core.paginator import Paginator
    from django.db import connection
    from django.db.models import Case, IntegerField, Value, When
    from django.utils import timezone

    from ipt_site.therapists import selectors
    from ipt_site.therapists.forms import no_filters
    from ipt_site.therapists.models import DIRECTORY_ORDER, Therapist, availability_current_q

    today = timezone.localdate()
    bench = Therapist.objects.filter(slug__startswith="bench-")
    ids = list(bench.order_by("pk").values_list("pk", flat=True))
    Therapist.objects.filter(pk__in=[pk for n, pk in enumerate(ids) if n % 3]).update(
        accepting_confirmed_on=today
    )
    Therapist.objects.filter(pk__in=[pk for n, pk in enumerate(ids) if not n % 3]).update(
        accepting_confirmed_on=None
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    confirmed = Therapist.objects.published().filter(availability_current_q()).count()
    total = Therapist.objects.published().count()
    # The page where the confirmed part ends and the stale part starts.
    across = confirmed // selectors.PER_PAGE + 1

    def plain(filters):
        return selectors.card_queryset().filter_directory(**filters)

    def two_parts(filters):
        return selectors.directory_results(filters)

    def one_case(filters):
        current_first = Case(
            When(availability_current_q(), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return plain(filters).order_by(current_first, *DIRECTORY_ORDER)

    none = no_filters()
    filtered = {**none, "areas": ["grief"], "formats": ["online"]}
    cases = [
        ("page 1", none, 1),
        (f"page {across} (across the parts)", none, across),
        ("filtered: grief + online, page 1", filtered, 1),
    ]
    variants = [("plain", plain), ("two parts", two_parts), ("one CASE", one_case)]

    def build_page(make, filters, number):
        page = Paginator(make(filters), selectors.PER_PAGE).get_page(number)
        return [t.formats.all()[:1] for t in page.object_list]

    print(
        f"{total} published therapists, {confirmed} confirmed lately; "
        f"database: {connection.vendor}; median of {args.runs} runs"
    )
    print(f"{'case':38} {'variant':10} {'ms':>7} {'vs plain':>9}")
    for label, filters, number in cases:
        baseline = None
        for name, make in variants:
            build_page(make, filters, number)  # warm up
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                build_page(make, filters, number)
                times.append((time.perf_counter() - started) * 1000)
            median = statistics.median(times)
            baseline = baseline or median
            print(f"{label:38} {name:10} {median:7.2f} {median / baseline:8.2f}x")

    print("\nQuery plans (first page, unfiltered):")
    parts = selectors.ConfirmedFirst(selectors.card_queryset())
    for name, queryset in (
        ("plain", plain(none)[:12]),
        ("two parts: confirmed", parts.current[:12]),
        ("two parts: stale", parts.stale[:12]),
        ("one CASE", one_case(none)[:12]),
    ):
        plan = " | ".join(line.strip() for line in queryset.explain().splitlines()[:4])
        print(f"  {name:22} {plan[:160]}")


if __name__ == "__main__":
    main()
