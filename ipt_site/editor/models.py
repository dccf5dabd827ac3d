"""The editor's records. The pages themselves are files in the content folder, indexed in
the database by `pages.Page`.

`ContentPage` is the editor's view of those rows (the admin's page list, and the
permissions of the "Content editors" group); `Revision` is one save made in the editor
(and, when the folder is not a git repository, the text saved); `PageRedirect` sends a
moved page's old address to its new one.
"""

from django.conf import settings
from django.db import models

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

    class Meta:
        ordering = ["-created", "-id"]
        get_latest_by = "created"

    def __str__(self):
        return f"{self.get_action_display()} {self.relpath} ({self.created:%Y-%m-%d %H:%M})"


class PageRedirect(models.Model):
    old_url = models.CharField("old address", max_length=255, unique=True)
    new_url = models.CharField("new address", max_length=255)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_url"]
        verbose_name = "redirect"

    def __str__(self):
        return f"{self.old_url} → {self.new_url}"
