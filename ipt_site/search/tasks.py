"""Therapist changes reach the search index from the task queue, not inside the request.

A failure here is logged, and the therapists' part of the index is marked out of date
so the next search rebuilds it.
"""

import contextlib
import logging

from django.db import DatabaseError
from django_tasks import task

logger = logging.getLogger(__name__)


def _safely(update) -> str:
    from . import indexer

    try:
        update(indexer)
    except DatabaseError:
        logger.exception("Search index: a therapist change could not be indexed now")
        mark_out_of_date()
        return "Not indexed now: marked out of date for the next search."
    return "Indexed."


def mark_out_of_date() -> None:
    from . import indexer
    from .models import IndexState

    # If this fails too, the fingerprint check still catches most changes.
    with contextlib.suppress(DatabaseError):
        IndexState.objects.filter(name=indexer.THERAPISTS).update(version="")


@task
def index_therapist(therapist_id: int) -> str:
    """Search index: one therapist's entry"""
    return _safely(lambda indexer: indexer.sync_therapist(therapist_id))


@task
def index_therapists() -> str:
    """Search index: every therapist's entry (a list they are tagged with changed)"""
    return _safely(lambda indexer: indexer.sync_therapists(force=True))


@task
def index_content() -> str:
    """Search index: every content page (the help lines they show changed)"""
    from . import indexer

    written = indexer.reindex_content_if_stale()
    return f"{written} content rows written."
