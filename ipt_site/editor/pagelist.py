"""The admin's list of pages, kept in step with the content folder.

The files are the truth; `ContentPage` rows are a copy of what the list shows and filters
on (title, section, status, review dates, problems, last edit), rebuilt from the folder
each time the list or the health page is opened, so a page added, changed or removed by
hand shows there too.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ipt_site.pages.checks import content_problems
from ipt_site.pages.meta import ERROR
from ipt_site.pages.store import get_store

from .history import DISK_AUTHOR
from .models import ContentPage

SOON_DAYS = 30


def section_of(relpath: str) -> str:
    parts = relpath.split("/")
    return parts[0] if len(parts) > 1 else ""


def _summary(problems) -> str:
    return "\n".join(
        f"{'Error' if p.level == ERROR else 'Warning'}"
        f"{f' (line {p.line})' if p.line else ''}: {p.message}"
        for p in problems
    )


def _values(page, problems, section_titles) -> dict:
    errors = sum(1 for p in problems if p.level == ERROR)
    meta = page.meta
    section = section_of(page.relpath)
    return {
        "url": page.url,
        "title": (meta.title or page.relpath)[:255],
        "section": section,
        "section_title": section_titles.get(section, f"/{section}/" if section else "Top level"),
        "draft": bool(meta.draft),
        "reviewed": meta.reviewed,
        "next_review": meta.next_review,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problem_summary": _summary(problems),
    }


def _modified(page) -> datetime.datetime | None:
    try:
        stamp = page.source.stat().st_mtime
    except (OSError, AttributeError):
        return None
    return datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)


def sync_pages() -> list[ContentPage]:
    """Bring the rows in line with the folder: add, update and remove."""
    index = get_store().index()
    problems: dict[str, list] = {}
    for relpath, problem in content_problems(index):
        problems.setdefault(relpath, []).append(problem)
    section_titles = {
        page.relpath.rsplit("/", 1)[0]: page.meta.title
        for page in index.pages
        if page.relpath.endswith("/_index.md") and page.meta.title
    }
    existing = {row.relpath: row for row in ContentPage.objects.all()}
    with transaction.atomic():
        for page in index.pages:
            values = _values(page, problems.get(page.relpath, []), section_titles)
            modified = _modified(page)
            row = existing.pop(page.relpath, None)
            if row is None:
                ContentPage.objects.update_or_create(
                    relpath=page.relpath,
                    defaults={**values, "edited_at": modified, "edited_by": DISK_AUTHOR},
                )
                continue
            # A file changed after the editor last saved it was changed by hand.
            if modified and (row.edited_at is None or modified > row.edited_at + _SLACK):
                values.update(edited_at=modified, edited_by=DISK_AUTHOR)
            if any(getattr(row, key) != value for key, value in values.items()):
                ContentPage.objects.filter(pk=row.pk).update(**values)
        ContentPage.objects.filter(relpath__in=list(existing)).delete()
    return list(ContentPage.objects.all())


# File times and database times come from different clocks and calls: a save's own write
# lands a moment after its revision's time.
_SLACK = datetime.timedelta(seconds=5)


def sync_page(relpath: str, *, edited_by: str, edited_at) -> None:
    """After a save in the editor: the row shows who saved and when."""
    ContentPage.objects.update_or_create(
        relpath=relpath,
        defaults={"edited_by": edited_by, "edited_at": edited_at or timezone.now()},
    )


def review_state(next_review, today=None) -> str:
    """'overdue', 'soon' (within 30 days), 'later' or 'none'."""
    if next_review is None:
        return "none"
    today = today or timezone.localdate()
    if next_review < today:
        return "overdue"
    if next_review <= today + datetime.timedelta(days=SOON_DAYS):
        return "soon"
    return "later"
