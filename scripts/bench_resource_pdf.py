"""Benchmark: the free guide's PDF built from its markdown, against serving it from the cache.

Runs in-process with the test settings (local-memory cache) on the real content folder,
prints the build and cached times, the ratio, and the PDF's size and pages.

    .venv/bin/python scripts/bench_resource_pdf.py [--rounds 20]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from ipt_site.pages.sync import scan  # noqa: E402
from ipt_site.resources import pdf  # noqa: E402

URL = "/resources/talking-about-what-you-need/"


def timed(function, rounds: int) -> float:
    """Median milliseconds of `rounds` calls."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    page = next(page for page in scan() if page.url == URL)  # read as the sync reads it
    request = RequestFactory().get(URL, HTTP_HOST="127.0.0.1")
    started = time.perf_counter()
    first = pdf.build(page, "http://127.0.0.1")  # includes loading the fonts
    cold = (time.perf_counter() - started) * 1000
    build = timed(lambda: pdf.build(page, "http://127.0.0.1"), rounds)
    cache.clear()
    pdf.pdf_for(page, request)
    cached = timed(lambda: pdf.pdf_for(page, request), rounds * 50)
    print(f"{URL}: {first.pages} pages, {len(first.data) / 1024:.1f} KB")
    print(f"first build in a new process  {cold:8.1f} ms")
    print(f"build (median of {rounds})        {build:8.1f} ms")
    print(f"from the cache (median)       {cached:8.3f} ms")
    print(f"cache is {build / cached:,.0f}x faster than building")


if __name__ == "__main__":
    main()
