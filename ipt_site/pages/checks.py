"""Content problems as Django system checks: `python manage.py check` is the editors' validator.

Errors stop `make test` and deployment checks; warnings (a link to a page that does not
exist, a review date that has passed, an unknown field) are shown so staff can fix them.
"""

import html
import re
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.urls import Resolver404, resolve
from django.utils import timezone

from . import meta as meta_module
from . import placeholders
from .store import get_store

PAGE_VIEWS = {"pages:page", "pages:home"}


def _where(page, line):
    """The file as editors see it: 'content/faq.md, line 3'."""
    path = f"{Path(settings.CONTENT_DIR).name}/{page.relpath}"
    return f"{path}, line {line}" if line else path


_ID = re.compile(r'\sid="([^"]+)"')


def _missing_anchor(href: str, page, index) -> bool:
    """True when href points at #part of a content page that has no such id."""
    if "#" not in href:
        return False
    path, fragment = html.unescape(href).split("#", 1)
    target = index.get(path.split("?", 1)[0] or page.url)
    return bool(fragment) and target is not None and fragment not in _ID.findall(target.html)


def _link_target_exists(href: str, index) -> bool:
    path = href.split("#", 1)[0].split("?", 1)[0]
    if not path or path.startswith("//"):
        return not path
    if path.startswith("/" + settings.STATIC_URL.strip("/") + "/"):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.view_name in PAGE_VIEWS:
        return index.get(path) is not None
    return True


@checks.register("content")
def check_content(app_configs=None, **kwargs):
    messages = []
    store = get_store()
    if not store.root.is_dir():
        return [
            checks.Error(
                f"The content folder {store.root} does not exist.",
                hint="Set IPT_CONTENT_DIR or create the folder.",
                id="content.E000",
            )
        ]
    index = store.index()
    today = timezone.localdate()
    urls = {}
    for page in index.pages:
        for problem in page.problems:
            cls = checks.Error if problem.level == meta_module.ERROR else checks.Warning
            messages.append(
                cls(
                    f"{_where(page, problem.line)}: {problem.message}", id=f"content.{problem.code}"
                )
            )
        if page.url in urls and page.url:
            messages.append(
                checks.Error(
                    f"{_where(page, None)}: the same address as {urls[page.url]}.",
                    id="content.E012",
                )
            )
        urls.setdefault(page.url, page.relpath)
        if not page.servable:
            continue
        if page.meta.next_review and page.meta.next_review < today and not page.meta.draft:
            overdue = (today - page.meta.next_review).days
            messages.append(
                checks.Warning(
                    f"{_where(page, None)}: the review was due on "
                    f"{page.meta.next_review:%d %B %Y} ({overdue} days ago).",
                    hint="Review the page, then update 'reviewed' and 'next_review'.",
                    id="content.W003",
                )
            )
        for name in placeholders.unknown(page.html):
            messages.append(
                checks.Warning(
                    f"{_where(page, None)}: [[{name}]] is not a known placeholder.",
                    hint="Known: " + ", ".join(f"[[{k}]]" for k in placeholders.known_names()),
                    id="content.W005",
                )
            )
        for href in page.internal_links:
            if _missing_anchor(href, page, index):
                messages.append(
                    checks.Warning(
                        f"{_where(page, None)}: the link to {href} points at a part of the "
                        "page that does not exist.",
                        hint="Use the heading's id: lower case with hyphens, as in "
                        "/glossary/#sick-role.",
                        id="content.W006",
                    )
                )
            if not _link_target_exists(href, index):
                messages.append(
                    checks.Warning(
                        f"{_where(page, None)}: the link to {href} goes to a page that "
                        "does not exist.",
                        hint="Fix the address, or write the missing page.",
                        id="content.W004",
                    )
                )
    if "/" not in index.by_url:
        messages.append(
            checks.Error("There is no home page (content/_index.md).", id="content.E013")
        )
    return messages
