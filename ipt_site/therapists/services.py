"""Writes to therapist profiles that other parts of the site share."""

from django.db import transaction
from django.utils import timezone

from .models import TAKING_PEOPLE, Therapist
from .signals import availability_opened


def opens_places(before, after) -> bool:
    """True when a move from status `before` to `after` means people can be taken on again."""
    return before not in TAKING_PEOPLE and after in TAKING_PEOPLE


@transaction.atomic
def set_availability(therapist: Therapist, status, *, confirmed_by, confirmed_on=None):
    """Record how soon `therapist` can see someone new, confirmed by `confirmed_by` (the
    therapist's own user, or a member of staff) on `confirmed_on` (today by default).

    Confirming the same status again only moves the date. When the status moves from one
    that cannot take people (waiting list open, not taking anyone) to one that can,
    `signals.availability_opened` is sent once the change is committed.
    """
    before = (
        Therapist.objects.select_for_update()
        .filter(pk=therapist.pk)
        .values_list("availability", flat=True)
        .get()
    )
    therapist.availability = status
    therapist.accepting_confirmed_on = confirmed_on or timezone.localdate()
    therapist.availability_confirmed_by = confirmed_by
    therapist.save(
        update_fields=[
            "availability",
            "accepting_confirmed_on",
            "availability_confirmed_by",
            "updated",
        ]
    )
    if opens_places(before, status):
        transaction.on_commit(
            lambda: availability_opened.send(sender=Therapist, therapist=therapist)
        )
