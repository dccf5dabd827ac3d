"""The editor's records. The pages themselves are files in the content folder, indexed in
the database by `pages.Page`.

`ContentPage` is the editor's view of those rows (the admin's page list, and the
permissions of the "Content editors" group); `Revision` is one save made in the editor
(and, when the folder is not a git repository, the text saved); `PreviewLink` shows one
version of a page to someone without a sign-in, until it expires or staff turn it off.
A moved page's old address is a `django.contrib.redirects` Redirect.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from ipt_site.pages.models import Page


class ContentPage(Page):
    class Meta:
        proxy = True
        verbose_name = "page"


class Revision(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        EDIT = "edit", "Edited"
        MOVE = "move", "Moved"
        DELETE = "delete", "Deleted"
        RESTORE = "restore", "Restored"
        DISK = "disk", "Changed on disk"

    relpath = models.CharField("file", max_length=255, db_index=True)
    old_relpath = models.CharField("moved from", max_length=255, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    message = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author = models.CharField(max_length=150, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    # The saved text when revisions live in the database; empty for a deletion, and
    # when the content folder is a git repository (the commit holds it).
    text = models.TextField(null=True, blank=True)  # noqa: DJ001 - None (deleted) is not ""
    commit = models.CharField(max_length=64, blank=True)
    # A reviewed change: who approved it (the writer is `user`/`author`).
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_revisions",
    )
    approved_by = models.CharField("approved by", max_length=150, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        get_latest_by = "created"

    def __str__(self):
        return f"{self.get_action_display()} {self.relpath} ({self.created:%Y-%m-%d %H:%M})"


def link_days() -> int:
    """How long a preview link works (read when it is opened: shortening the setting
    shortens every link)."""
    return settings.EDITOR_PREVIEW_LINK_DAYS


class PreviewLinkQuerySet(models.QuerySet):
    def live(self, now=None):
        """Links that still open: not turned off, not expired (the page's own row is gone
        with its links when the page is deleted)."""
        since = (now or timezone.now()) - datetime.timedelta(days=link_days())
        return self.filter(revoked=None, created__gt=since)


class PreviewLink(models.Model):
    """A link that shows one version of one page to someone without a sign-in (a
    clinician checking a draft). Tied to the page's row, so it dies with the page and
    follows it when it moves; it shows the text as it was when the link was made. Only a
    digest of its secret is kept: the link itself is shown once, to whoever made it."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="preview_links")
    secret_digest = models.CharField(max_length=64, unique=True)
    # The version shown: the page's text when the link was made, and when it was saved.
    text = models.TextField()
    version_saved = models.DateTimeField("version saved")
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.CharField("made by", max_length=150, blank=True)
    revoked = models.DateTimeField("turned off", null=True, blank=True)
    revoked_by = models.CharField("turned off by", max_length=150, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"Preview of {self.page} ({self.created:%Y-%m-%d %H:%M})"

    @property
    def expires(self):
        return self.created + datetime.timedelta(days=link_days())

    @property
    def is_current(self) -> bool:
        """True while the page is still the version the link shows."""
        return self.page.text == self.text


class PendingVersion(models.Model):
    """A change to a page that needs clinical review, kept here (not in the content
    folder) until a reviewer approves it; the public keeps the published file and row.
    One per page: a second save replaces its text."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        SENT_BACK = "sent_back", "Sent back"

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="pending_version")
    relpath = models.CharField("file", max_length=255)
    text = models.TextField()
    # The published version the change was made on (a files.digest): if the page has
    # changed since, approving it would overwrite someone's work, so it is refused.
    base = models.CharField(max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField("written by", max_length=150)
    note = models.CharField(max_length=300, blank=True)
    saved = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    reason = models.TextField("why it was sent back", blank=True)
    sent_back_by = models.CharField(max_length=150, blank=True)
    sent_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["saved", "id"]
        permissions = [("review_pendingversion", "Can approve or send back a pending change")]

    def __str__(self):
        return f"Change to {self.relpath} by {self.author_name}"
