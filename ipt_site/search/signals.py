"""Therapist changes reach the search index straight away (after the change commits).

A failure here must never turn a saved change into an error page: it is logged, and the
index is marked out of date so the next search rebuilds the therapists' part.
"""

import contextlib
import logging

from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ipt_site.therapists import models as therapists

LOOKUPS = (
    therapists.ProblemArea,
    therapists.Specialism,
    therapists.Language,
    therapists.SessionFormat,
)
RELATIONS = ("problem_areas", "other_areas", "languages", "formats")


logger = logging.getLogger(__name__)


def _safely(update):
    from . import indexer
    from .models import IndexState

    try:
        update(indexer)
    except DatabaseError:
        logger.exception("Search index: a therapist change could not be indexed now")
        # If this fails too, the fingerprint check still catches most changes.
        with contextlib.suppress(DatabaseError):
            IndexState.objects.filter(name=indexer.THERAPISTS).update(version="")


def therapist_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loading a fixture: the fingerprint check at the next search covers it
    # After commit: the admin saves the therapist first and its areas just after.
    pk = instance.pk
    transaction.on_commit(lambda: _safely(lambda indexer: indexer.sync_therapist(pk)))


def therapist_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        therapist_saved(sender, instance)
    else:
        # A lookup's list of therapists changed: each of them, or all when cleared.
        lookup_changed(sender, instance)


def lookup_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    transaction.on_commit(lambda: _safely(lambda indexer: indexer.sync_therapists(force=True)))


def connect():
    post_save.connect(therapist_saved, sender=therapists.Therapist, dispatch_uid="search-t-save")
    post_delete.connect(
        therapist_saved, sender=therapists.Therapist, dispatch_uid="search-t-delete"
    )
    for name in RELATIONS:
        through = getattr(therapists.Therapist, name).through
        m2m_changed.connect(
            therapist_links_changed, sender=through, dispatch_uid=f"search-t-{name}"
        )
    for model in LOOKUPS:
        for signal in (post_save, post_delete):
            signal.connect(
                lookup_changed, sender=model, dispatch_uid=f"search-{model.__name__}-{signal}"
            )
