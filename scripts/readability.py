"""Flesch reading ease of every content page, as the content tests measure it.

    .venv/bin/python scripts/readability.py      # or: make readability

The tests fail a page below 60; aim for 65 or more (plain English for a tired reader).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

import textstat  # noqa: E402

from ipt_site.pages.quality import body_text  # noqa: E402
from ipt_site.pages.sync import scan  # noqa: E402


def main():
    # Pages name help lines ([[signpost_...]]), which are rows: score the text with them, in
    # a throwaway test database (as the content tests do).
    from django.db import connection

    # Its own name, so it never clobbers the test suite's database if both run at once.
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test["NAME"] = str(Path(__file__).resolve().parent.parent / "var" / "readability.sqlite3")
    else:
        test["NAME"] = f"readability_{connection.settings_dict['NAME']}"
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        report()
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


def report():
    rows = sorted(
        (textstat.flesch_reading_ease(body_text(page)), page.url)
        for page in scan()  # the folder as the sync reads it
        if page.served and not page.draft
    )
    for score, url in rows:
        print(f"{score:6.1f}  {url}")
    scores = [score for score, _ in rows]
    median = scores[len(scores) // 2]
    print(f"{len(rows)} pages; lowest {min(scores):.1f}, median {median:.1f}")


if __name__ == "__main__":
    main()
