"""Scheduled publishing: `publish_at` and `unpublish_at` in a page's front matter.

Staff type London time, as they read it on a clock ("2027-01-05 09:00"); the rows hold
the moment (UTC). Before `publish_at` and from `unpublish_at` the page is not live:
`PageQuerySet.live()` compares with the time now, so every public read (the page, lists,
the menu, the sitemap, the PDF, the search index) is right whether or not a task has run.

What a task is needed for is the page cache, which is keyed by the content version: at
each due time a queued task (`pages/tasks.py`) bumps the version, so cached pages and
lists turn over at that moment, and re-indexes the page for search. The sync queues it for
every row whose times it changed (an editor save, `sync_content` after a pull).
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from .frontmatter_form import MOMENT_EXAMPLE, read_moment  # noqa: F401 - read here too

logger = logging.getLogger(__name__)

FIELDS = ("publish_at", "unpublish_at")
# The fields are declared, read and checked (E050, E051) in the one front-matter schema.
EXAMPLE = MOMENT_EXAMPLE


def london():
    """The site's time zone (settings.TIME_ZONE: Europe/London)."""
    return timezone.get_default_timezone()


def state(page, now=None) -> str:
    """ "waiting" (not live yet), "ended" (taken down), or "" (no schedule in force)."""
    now = now or timezone.now()
    if page.publish_at and page.publish_at > now:
        return "waiting"
    if page.unpublish_at and page.unpublish_at <= now:
        return "ended"
    return ""


def steps(page, now=None) -> list[tuple[str, datetime.datetime]]:
    """What the schedule does next, in order: [("Goes live", moment), ("Comes down", ...)];
    a page that has come down says so ("Came down")."""
    now = now or timezone.now()
    found = []
    if page.publish_at and page.publish_at > now:
        found.append(("Goes live", page.publish_at))
    if page.unpublish_at:
        found.append(("Came down" if page.unpublish_at <= now else "Comes down", page.unpublish_at))
    return found


def when(moment) -> str:
    """A moment as the editor shows it, in London time: "5 Jan 2027 09:00"."""
    local = timezone.localtime(moment, london())
    return f"{local.day} {local:%b %Y %H:%M}"


def describe(page, now=None) -> str:
    """The schedule in a few words: "Goes live 5 Jan 2027 09:00, comes down ..."."""
    text = ", ".join(f"{verb} {when(moment)}" for verb, moment in steps(page, now))
    return text[:1] + text[1:].replace("Comes", "comes").replace("Came", "came")


def preview_note(page, now=None) -> str:
    """Said above a preview of a page the public cannot see at the moment (or will not)."""
    now = now or timezone.now()
    found = state(page, now)
    if found == "waiting":
        return (
            f"The public will see this page from {when(page.publish_at)} (London time); "
            "until then it is not on the site."
        )
    if found == "ended":
        return (
            f"This page came down at {when(page.unpublish_at)} (London time): the public "
            "cannot see it. Remove 'unpublish_at' to put it back."
        )
    if page.unpublish_at:
        return f"This page comes down at {when(page.unpublish_at)} (London time)."
    return ""


def due(rows, now=None):
    """(moment, what, row) for each time a row goes live or comes down after `now`, in
    time order: `what` is "live" or "down"."""
    now = now or timezone.now()
    found = []
    for row in rows:
        if row.publish_at and row.publish_at > now:
            found.append((row.publish_at, "live", row))
        if row.unpublish_at and row.unpublish_at > now:
            found.append((row.unpublish_at, "down", row))
    return sorted(found, key=lambda item: (item[0], item[2].url))


# --- Turning the cache over at each due time -------------------------------------------


def times_of(rows) -> dict:
    """{relpath: (publish_at, unpublish_at)} of some rows (a QuerySet)."""
    return {relpath: (start, end) for relpath, start, end in rows.values_list("relpath", *FIELDS)}


def queue_changes(before: dict, after: dict) -> None:
    """Queue a turnover at each future time that a row has now and did not have before;
    after the transaction commits (a rolled-back save queues nothing)."""
    now = timezone.now()
    moments = [
        (relpath, moment)
        for relpath, times in after.items()
        if times != before.get(relpath)
        for moment in times
        if moment and moment > now
    ]
    if moments:
        transaction.on_commit(lambda: _enqueue(moments))


def _enqueue(moments) -> None:
    from .tasks import turn_over

    if not turn_over.get_backend().supports_defer:
        logger.warning("Scheduled pages: this task backend cannot run tasks later")
        return
    for relpath, moment in moments:
        try:
            turn_over.using(run_after=moment).enqueue(relpath)
        except Exception:
            # The page is right without it (the selectors compare with now); cached copies
            # turn over at the next content change instead.
            logger.exception("Scheduled pages: could not queue the turnover of %s", relpath)
