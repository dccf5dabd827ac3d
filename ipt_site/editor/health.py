"""Content health: every problem the checks find, and the reviews that are due.

The same report feeds the admin's "Content health" page and the weekly email.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from ipt_site.pages.checks import content_problems
from ipt_site.pages.meta import ERROR
from ipt_site.pages.store import get_store

from .pagelist import SOON_DAYS


@dataclass
class PageProblems:
    relpath: str
    url: str
    title: str
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


@dataclass
class Review:
    relpath: str
    url: str
    title: str
    due: datetime.date
    days: int  # negative: overdue by that many days

    @property
    def overdue(self):
        return self.days < 0

    @property
    def overdue_days(self):
        return -self.days


@dataclass
class Report:
    pages: int
    problems: list[PageProblems]
    reviews: list[Review]

    @property
    def errors(self):
        return sum(len(p.errors) for p in self.problems)

    @property
    def warnings(self):
        return sum(len(p.warnings) for p in self.problems)

    @property
    def overdue(self):
        return [r for r in self.reviews if r.overdue]

    @property
    def due_soon(self):
        return [r for r in self.reviews if not r.overdue]

    @property
    def all_well(self):
        return not self.problems and not self.reviews


def report(today=None) -> Report:
    today = today or timezone.localdate()
    index = get_store().index()
    pages = {page.relpath: page for page in index.pages}
    by_page: dict[str, PageProblems] = {}
    for relpath, problem in content_problems(index, today):
        page = pages.get(relpath)
        entry = by_page.setdefault(
            relpath,
            PageProblems(
                relpath=relpath,
                url=page.url if page else "",
                title=(page.meta.title if page else "") or relpath or "The content folder",
            ),
        )
        (entry.errors if problem.level == ERROR else entry.warnings).append(problem)
    horizon = today + datetime.timedelta(days=SOON_DAYS)
    reviews = sorted(
        (
            Review(
                page.relpath,
                page.url,
                page.meta.title or page.relpath,
                page.meta.next_review,
                (page.meta.next_review - today).days,
            )
            for page in index.pages
            if page.meta.next_review and page.meta.next_review <= horizon and not page.meta.draft
        ),
        key=lambda r: r.due,
    )
    return Report(len(index.pages), list(by_page.values()), reviews)
