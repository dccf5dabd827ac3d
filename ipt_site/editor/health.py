"""Content health: every problem the checks found, and the reviews that are due.

The same report feeds the admin's "Content health" page and the weekly email. It reads the
content rows (what the site shows, and the problems the sync stored with each page).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from ipt_site.pages.meta import ERROR
from ipt_site.pages.models import Page
from ipt_site.pages.sync import no_home_page

SOON_DAYS = 30


def review_state(next_review, today=None) -> str:
    """'overdue', 'soon' (within SOON_DAYS), 'later' or 'none'."""
    if next_review is None:
        return "none"
    today = today or timezone.localdate()
    if next_review < today:
        return "overdue"
    if next_review <= today + datetime.timedelta(days=SOON_DAYS):
        return "soon"
    return "later"


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
    overdue = Q(next_review__lt=today, draft=False)
    problems = []
    rows = Page.objects.filter(Q(errors__gt=0) | Q(warnings__gt=0) | overdue).order_by("relpath")
    for row in rows.defer("html", "toc", "front_matter"):
        entry = PageProblems(row.relpath, row.url, row.title or row.relpath)
        for problem in row.problem_list(today):
            (entry.errors if problem.level == ERROR else entry.warnings).append(problem)
        problems.append(entry)
    if not Page.objects.served().filter(url="/").exists():
        problems.append(PageProblems("", "", "The content folder", errors=[no_home_page()]))
    horizon = today + datetime.timedelta(days=SOON_DAYS)
    due = Page.objects.listed().filter(next_review__lte=horizon, draft=False)
    reviews = [
        Review(row.relpath, row.url, row.title or row.relpath, row.next_review,
               (row.next_review - today).days)
        for row in due.order_by("next_review", "relpath")
    ]  # fmt: skip
    return Report(Page.objects.count(), problems, reviews)
