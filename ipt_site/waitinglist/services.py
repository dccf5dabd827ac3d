"""Writes for the waiting list: join, unsubscribe, tell the waiting visitors, purge.

Logging names requests by id and therapists by id: never an email address.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from ipt_site.therapists.models import Therapist

from .models import WaitingRequest
from .tasks import send_place_opened_emails, send_waiting_list_confirmation

logger = logging.getLogger(__name__)


def normalise(email: str) -> str:
    return email.strip().lower()


@sensitive_variables("email")
def join(therapist: Therapist | None, email: str, *, base_url: str = "") -> None:
    """Add `email` to the waiting list of `therapist` (None: any therapist).

    Asking again is the same request (the answer to the visitor is the same either way,
    so the page cannot be used to learn who is on a list); one past its 90 days starts
    again. A confirmation with the unsubscribe link goes to a new request only.
    """
    email = normalise(email)
    now = timezone.now()
    try:
        with transaction.atomic():
            request, created = WaitingRequest.objects.get_or_create(
                therapist=therapist, email=email, defaults={"site_address": base_url[:200]}
            )
            if not created and WaitingRequest.objects.expired(now).filter(pk=request.pk):
                WaitingRequest.objects.filter(pk=request.pk).update(asked_at=now)
                created = True
    except IntegrityError:
        return  # the same request, made at the same moment by another process
    if created:
        logger.info("Waiting-list request #%s made", request.pk)
        transaction.on_commit(lambda: _queue_confirmation(request.pk), robust=True)


def _queue_confirmation(request_id):
    try:
        send_waiting_list_confirmation.enqueue(request_id)
    except Exception as exc:
        logger.error("Waiting-list request #%s: confirmation not queued (%s)", request_id,
                     type(exc).__name__)  # fmt: skip


def unsubscribe(request_id: int) -> bool:
    deleted, _ = WaitingRequest.objects.filter(pk=request_id).delete()
    if deleted:
        logger.info("Waiting-list request #%s withdrawn", request_id)
    return bool(deleted)


def place_opened(therapist: Therapist) -> None:
    """Queue the emails to everyone waiting for `therapist` (or for any therapist)."""
    try:
        send_place_opened_emails.enqueue(therapist.pk)
    except Exception as exc:
        logger.error("Therapist #%s: waiting-list emails not queued (%s)", therapist.pk,
                     type(exc).__name__)  # fmt: skip


def tell_waiting(therapist_id: int, send) -> int:
    """Email each visitor waiting for this therapist (or any therapist), first asked
    first, with `send(request, therapist)`, deleting each request as its email goes.

    Nothing is sent unless the therapist is published and can still take people when
    this runs. A failure stops here, leaving the rest (in order) for the next attempt.
    Each request is locked while its email goes (on PostgreSQL), so two of these running
    at once (two therapists opening together) never email the same person twice.
    """
    therapist = Therapist.objects.filter(pk=therapist_id).first()
    if therapist is None or not therapist.published or not therapist.can_take_people:
        return 0
    sent = 0
    for request_id in WaitingRequest.objects.to_tell(therapist).values_list("pk", flat=True):
        with transaction.atomic():
            request = (
                WaitingRequest.objects.select_for_update(skip_locked=True)
                .filter(pk=request_id)
                .first()
            )
            if request is None:
                continue  # withdrawn meanwhile, or another worker has it
            send(request, therapist)
            request.delete()
        sent += 1
    logger.info("Therapist #%s: %s waiting-list emails sent", therapist_id, sent)
    return sent


def purge(now=None) -> int:
    deleted, _ = WaitingRequest.objects.expired(now).delete()
    return deleted
