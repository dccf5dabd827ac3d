"""Checks for article files, beside the content checks every page gets.

The front matter fields themselves (`date`, `author`, `tags`) are checked where every
field is, in pages/meta.py; these checks know what only a file's place tells: that a
file in content/articles/ is an article and needs a date. Whether the author is in the
directory needs the database, so that check runs with `check --database default`.
"""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from ipt_site.pages.store import get_store

from . import selectors

RESERVED_SLUGS = {"feed"}


def _where(page) -> str:
    return f"{Path(settings.CONTENT_DIR).name}/{page.relpath}"


def _article_files(index):
    return [
        page
        for page in index.pages
        if page.servable and page.url.startswith(selectors.SECTION_URL) and not page.is_section
    ]


@checks.register("content")
def check_articles(app_configs=None, **kwargs):
    if not get_store().root.is_dir():
        return []  # the content check reports a missing folder
    messages = []
    for page in _article_files(get_store().index()):
        where = _where(page)
        if not selectors.is_article(page):
            messages.append(
                checks.Warning(
                    f"{where}: articles sit directly in the articles folder; this one is in "
                    "a folder inside it, so it is shown as a plain page.",
                    hint="Move the file up into content/articles/.",
                    id="articles.W001",
                )
            )
            continue
        if page.meta.date is None:
            messages.append(
                checks.Error(
                    f"{where}: an article needs a 'date' (the day it was published), "
                    "written as YYYY-MM-DD.",
                    id="articles.E001",
                )
            )
        if page.meta.template != "article":
            messages.append(
                checks.Warning(
                    f"{where}: add 'template: article' so previews show the date, author "
                    "and reading time as the article page does.",
                    id="articles.W002",
                )
            )
        if selectors.ARTICLE_URL.match(page.url)["slug"] in RESERVED_SLUGS:
            messages.append(
                checks.Error(
                    f"{where}: this name is taken by the articles feed; rename the file.",
                    id="articles.E002",
                )
            )
    return messages


@checks.register(checks.Tags.database)
def check_article_authors(app_configs=None, databases=None, **kwargs):
    if not databases or not get_store().root.is_dir():
        return []
    from ipt_site.therapists.models import Therapist

    pages = [p for p in _article_files(get_store().index()) if p.meta.author]
    try:
        known = set(
            Therapist.objects.filter(slug__in={p.meta.author for p in pages}).values_list(
                "slug", flat=True
            )
        )
    except DatabaseError:
        return []  # no tables yet (before `migrate`): nothing to compare with
    return [
        checks.Warning(
            f"{_where(page)}: the author '{page.meta.author}' is not in the therapist "
            "directory, so the article is shown as written by the practice.",
            hint="Use the last part of the therapist's profile address, or leave 'author' out.",
            id="articles.W003",
        )
        for page in pages
        if page.meta.author not in known
    ]
