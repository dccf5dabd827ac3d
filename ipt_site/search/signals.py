"""Therapist changes reach the search index soon after the change commits: a task is
queued (search.tasks) and the worker updates the index, outside the request.

A failure here must never turn a saved change into an error page: it is logged, and the
index is marked out of date so the next search rebuilds the therapists' part.
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ipt_site.therapists import models as therapists

from . import tasks

LOOKUPS = (
    therapists.ProblemArea,
    therapists.Specialism,
    therapists.Language,
    therapists.SessionFormat,
)
RELATIONS = ("problem_areas", "other_areas", "languages", "formats")


logger = logging.getLogger(__name__)


def _queue(task, *args):
    try:
        task.enqueue(*args)
    except Exception as exc:
        logger.error("Search index: an update could not be queued (%s)", type(exc).__name__)
        tasks.mark_out_of_date()


def therapist_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loading a fixture: the fingerprint check at the next search covers it
    # After commit: the admin saves the therapist first and its areas just after.
    pk = instance.pk
    transaction.on_commit(lambda: _queue(tasks.index_therapist, pk))


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
    transaction.on_commit(lambda: _queue(tasks.index_therapists))


def helplines_changed(sender, instance=None, raw=False, **kwargs):
    if raw:
        return
    transaction.on_commit(lambda: _queue(tasks.index_content))


def connect():
    from ipt_site.helplines.models import Helpline

    for signal in (post_save, post_delete):
        signal.connect(helplines_changed, sender=Helpline, dispatch_uid=f"search-helpline-{signal}")
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
