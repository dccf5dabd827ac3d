"""The content engine's queued work: a scheduled page's moment (pages/schedule.py)."""

from django.db import transaction

from ipt_site.pagecache import edge, purge, versions
from ipt_site.web.tasks import retrying_task

from .models import Page
from .signals import content_changed


@retrying_task
def turn_over(relpath: str) -> str:
    """A scheduled page goes live or comes down"""
    with transaction.atomic():
        versions.lock_content()
        versions.bump(versions.CONTENT)
        # Lists and menus change with the page: the edge forgets every content page.
        purge.queue([edge.CONTENT])
        url = Page.objects.filter(relpath=relpath).values_list("url", flat=True).first()
        # Search re-indexes it: the index holds live pages only.
        content_changed.send(sender=Page, urls={url} if url else set(), everything=False)
    return f"Cached pages turned over for {url or relpath}."
