"""The one index of content: a `Page` row per markdown file in the content folder.

The files are the source of truth and git their history; the rows are what the site reads.
Only `sync.py` writes them (`manage.py sync_content`, and the editor's services for the
file they wrote). A row holds the file's current text and digest, and the fields and HTML
of the last version that could be read: a file that fails its checks keeps its last good
page live and only records its problems.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from . import meta as meta_module
from .files import INDEX_NAME


class PageQuerySet(models.QuerySet):
    def served(self):
        """Pages the site shows (to staff, drafts included)."""
        return self.filter(served=True)

    def live(self, now=None):
        """Not before its `publish_at`, not from its `unpublish_at` (pages/schedule.py)."""
        now = now or timezone.now()
        return self.filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=now),
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now),
        )

    def published(self):
        return self.served().filter(draft=False).live()

    def visible(self, *, staff: bool = False):
        return self.served() if staff else self.published()

    def in_order(self):
        return self.order_by("order", Lower("title"), "url")

    def listed(self):
        """Without the heavy columns: for menus, cards, lists and links."""
        return self.defer("text", "html", "toc", "front_matter", "problems")


class Page(models.Model):
    relpath = models.CharField("file", max_length=255, unique=True)
    url = models.CharField("address", max_length=255, blank=True, db_index=True)
    # The address of the page above it ("/" for a top-level page), for children lists.
    parent = models.CharField(max_length=255, blank=True, db_index=True)
    section = models.CharField(max_length=255, blank=True)

    # The front matter of the last version that could be read.
    title = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    order = models.IntegerField(default=1000)
    draft = models.BooleanField(default=False)
    template = models.CharField(max_length=20, blank=True)
    reviewed = models.DateField("last reviewed", null=True, blank=True)
    next_review = models.DateField("review due", null=True, blank=True)
    # "Name, role" of whoever checked the page, shown beside the review date.
    reviewed_by = models.CharField("reviewed by", max_length=150, blank=True)
    date = models.DateField(null=True, blank=True)
    author = models.CharField(max_length=100, blank=True)
    tags = models.JSONField(default=list, blank=True)
    # Scheduled publishing: shown to the public only between these (pages/schedule.py).
    publish_at = models.DateTimeField("goes live", null=True, blank=True)
    unpublish_at = models.DateTimeField("comes down", null=True, blank=True)
    references = models.JSONField(default=list, blank=True)
    # Every field as written (dates as text), known or not.
    front_matter = models.JSONField(default=dict, blank=True)
    # The body as safe HTML, [[placeholders]] still unfilled (they are filled when shown).
    html = models.TextField(blank=True)
    toc = models.JSONField(default=list, blank=True)
    words = models.PositiveIntegerField(default=0)  # in the body, for reading times

    # The file as it is now (which may be a version that cannot be read).
    text = models.TextField(blank=True)
    digest = models.CharField(max_length=32, blank=True)
    # What is wrong with it: [{"level", "code", "message", "line", "field", "hint"}].
    problems = models.JSONField(default=list, blank=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    # Shown on the site: it has a readable version and its address is its own.
    served = models.BooleanField(default=False)

    updated = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField("last edited", null=True, blank=True)
    # Who saved it in the editor; empty when it changed on disk.
    edited_by = models.CharField("edited by", max_length=150, blank=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["url", "relpath"]
        indexes = [models.Index(fields=["parent", "order"], name="page_children")]

    def __str__(self):
        return self.title or self.relpath

    def get_absolute_url(self):
        return self.url

    @property
    def is_section(self) -> bool:
        return self.relpath.endswith(INDEX_NAME)

    @property
    def parent_url(self) -> str | None:
        return self.parent or None

    @property
    def template_name(self) -> str:
        name = self.template or ("section" if self.is_section else "page")
        return f"pages/{name}.html"

    def sort_key(self):
        return (self.order, self.title.lower(), self.url)

    def problem_list(self, today=None) -> list[meta_module.Problem]:
        """The stored problems, and a review that has come due since the last sync."""
        from .checks import review_problem

        found = [meta_module.Problem(**problem) for problem in self.problems]
        overdue = review_problem(self, today)
        return found + ([overdue] if overdue else [])


class KnownVersion(models.Model):
    """A version (digest) of a file that the database has held: a file on a server that
    still has one of these is an out-of-date copy, not an edit (see sync.py)."""

    relpath = models.CharField(max_length=255)
    digest = models.CharField(max_length=32, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["relpath", "digest"], name="known_version_once")
        ]

    def __str__(self):
        return f"{self.relpath} {self.digest or '(none)'}"


class Folder(models.Model):
    """A copy of the content folder (one per server) and the digest of each of its files
    when it was last in step with the database (see sync.py)."""

    name = models.CharField(max_length=500, unique=True)
    digests = models.JSONField(default=dict)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.name
