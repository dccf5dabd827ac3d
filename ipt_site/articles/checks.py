"""Checks for article files, beside the content checks every page gets.

The front matter fields themselves (`date`, `author`, `tags`) are checked where every
field is, in pages/meta.py; these checks know what only a file's place tells: that a
file in content/articles/ is an article and needs a date. Whether the author is in the
directory needs the database, so that check runs with `check --database default`.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from ipt_site.pages import files
from ipt_site.pages.checkregistry import content_check
from ipt_site.pages.meta import parse

from . import selectors

RESERVED_SLUGS = {"feed"}


@dataclass
class ArticleFile:
    relpath: str
    url: str
    meta: object

    @property
    def is_section(self) -> bool:
        return self.relpath.endswith(files.INDEX_NAME)


def _where(page) -> str:
    return f"{Path(settings.CONTENT_DIR).name}/{page.relpath}"


def _article_files():
    """The readable files in the articles folder (front matter only: these checks need no
    body), as the files are now."""
    base = files.root()
    if not base.is_dir():
        return []  # the content check reports a missing folder
    found = []
    for relpath in files.walk(base):
        url = files.url_for(relpath)
        if url is None or not url.startswith(selectors.SECTION_URL) or url == selectors.SECTION_URL:
            continue
        meta, _ = parse((base / relpath).read_text(encoding="utf-8", errors="replace"))
        page = ArticleFile(relpath, url, meta)
        if not meta.fatal and not page.is_section:
            found.append(page)
    return found


@content_check
def check_articles(app_configs=None, **kwargs):
    messages = []
    for page in _article_files():
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
    if not databases:
        return []
    from ipt_site.therapists.models import Therapist

    pages = [p for p in _article_files() if p.meta.author]
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
