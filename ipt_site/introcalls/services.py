"""Writes for free calls: book, move, cancel, mark a no-show, suggest times, purge.

One slot is one booking: the database refuses a second live booking for the same
therapist and start (Booking's conditional unique constraint), so two people pressing
"Book" at the same moment cannot both have it, whatever the timing; the loser gets
SlotTaken and is offered the nearest free times. The overlap check before the insert
covers what the constraint cannot see (a window edited since, a changed call length).

Emails are queued once the change is committed: one task per email, so a retry sends
only the one that failed. Logging names calls by id, never by a name or an address.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from .models import Booking, CallRequest, new_key
from .tasks import send_call_email, send_suggested_times_email

logger = logging.getLogger(__name__)

BOOKING_FIELDS = ("name", "email", "phone", "mode")
REQUEST_FIELDS = (*BOOKING_FIELDS, "day_1", "part_1", "day_2", "part_2", "day_3", "part_3")


class SlotTaken(Exception):
    """Someone else holds that time (or part of it)."""


class NotChangeable(Exception):
    """The call was cancelled, missed or moved by someone else meanwhile."""


def still_free(therapist, slot, *, ignore=None) -> bool:
    """No live booking of this therapist overlaps `slot` (other than `ignore`)."""
    clash = Booking.objects.live().filter(therapist=therapist).overlapping(slot.start, slot.end)
    if ignore is not None:
        clash = clash.exclude(pk=ignore.pk)
    return not clash.exists()


@sensitive_variables("data")
def book(therapist, slot, data: dict, *, base_url: str = "") -> Booking:
    """Book `slot` with `therapist` for the visitor in `data` (the form's cleaned data);
    raises SlotTaken when someone else has it."""
    try:
        with transaction.atomic():
            if not still_free(therapist, slot):
                raise SlotTaken
            booking = Booking.objects.create(
                therapist=therapist,
                start=slot.start,
                end=slot.end,
                **{field: data.get(field) or "" for field in BOOKING_FIELDS},
            )
    except IntegrityError as exc:
        raise SlotTaken from exc
    logger.info("Call #%s booked", booking.pk)
    transaction.on_commit(lambda: queue_emails(booking, "booked", base_url), robust=True)
    return booking


def move(booking: Booking, slot, *, by: str, base_url: str = "") -> Booking:
    """Move a live call to `slot`. Older links stop working (a new key); calendars
    replace the event (the same UID, the next SEQUENCE)."""
    try:
        with transaction.atomic():
            if not still_free(booking.therapist, slot, ignore=booking):
                raise SlotTaken
            moved = Booking.objects.filter(
                pk=booking.pk, status=Booking.Status.BOOKED, key=booking.key
            ).update(
                start=slot.start,
                end=slot.end,
                sequence=F("sequence") + 1,
                key=new_key(),
                reminded_at=None,
                changed_at=timezone.now(),
                changed_by=by,
            )
            if not moved:
                raise NotChangeable
    except IntegrityError as exc:
        raise SlotTaken from exc
    booking.refresh_from_db()
    logger.info("Call #%s moved", booking.pk)
    transaction.on_commit(lambda: queue_emails(booking, "moved", base_url), robust=True)
    return booking


def cancel(booking: Booking, *, by: str, base_url: str = "") -> bool:
    """Cancel a live call (its slot is free again at once); False when it was not live.
    Both sides are told, and the calendar file removes the event."""
    cancelled = Booking.objects.filter(pk=booking.pk, status=Booking.Status.BOOKED).update(
        status=Booking.Status.CANCELLED,
        changed_at=timezone.now(),
        changed_by=by,
        sequence=F("sequence") + 1,
    )
    if not cancelled:
        return False
    booking.refresh_from_db()
    logger.info("Call #%s cancelled", booking.pk)
    transaction.on_commit(lambda: queue_emails(booking, "cancelled", base_url), robust=True)
    return True


def mark_no_show(queryset, now=None) -> int:
    """Live calls that have started become no-shows; their slots are free. Returns how
    many changed (later calls are left as they are)."""
    now = now or timezone.now()
    return queryset.filter(status=Booking.Status.BOOKED, start__lte=now).update(
        status=Booking.Status.NO_SHOW, changed_at=now, changed_by=Booking.By.PRACTICE
    )


@sensitive_variables("data")
def suggest_times(therapist, data: dict, *, base_url: str = "") -> CallRequest:
    """Store the times a visitor suggested; the practice is told by a link only."""
    with transaction.atomic():
        request = CallRequest.objects.create(
            therapist=therapist,
            **{field: data.get(field) or _blank(field) for field in REQUEST_FIELDS},
        )
    logger.info("Suggested call times #%s received", request.pk)
    transaction.on_commit(
        lambda: _enqueue(send_suggested_times_email, request.pk, base_url), robust=True
    )
    return request


def _blank(field):
    return None if field.startswith("day_") else ""


def purge(now=None) -> tuple[int, int]:
    """Delete calls more than INTRO_CALL_RETENTION_DAYS in the past and suggested times
    older than that. Returns (calls, suggestions) deleted."""
    now = now or timezone.now()
    calls, _ = Booking.objects.purgeable(now).delete()
    cutoff = now - timedelta(days=settings.INTRO_CALL_RETENTION_DAYS)
    suggestions, _ = CallRequest.objects.filter(received_at__lt=cutoff).delete()
    return calls, suggestions


def recipients(booking: Booking):
    """Who is emailed about a call: the therapist always (or the practice, for one with no
    address), the visitor when they gave an email address."""
    return ["visitor", "therapist"] if booking.email else ["therapist"]


def queue_emails(booking: Booking, kind: str, base_url: str = "") -> None:
    """Queue `kind` ("booked", "moved", "cancelled") to both sides, and for a live call,
    the reminders a day before (not when that has passed: the first email is enough)."""
    for to in recipients(booking):
        _enqueue(send_call_email, booking.pk, kind, to, booking.sequence, base_url)
    remind_at = booking.start - timedelta(days=1)
    if kind == "cancelled" or remind_at <= timezone.now():
        return
    if not send_call_email.get_backend().supports_defer:
        logger.warning("Call #%s: this task backend cannot send reminders later", booking.pk)
        return
    later = send_call_email.using(run_after=remind_at)
    for to in recipients(booking):
        _enqueue(later, booking.pk, "reminder", to, booking.sequence, base_url)


def _enqueue(task, object_id, *args):
    """Never raises: the booking is saved whatever happens here; the log says which."""
    try:
        task.enqueue(object_id, *args)
    except Exception as exc:
        logger.error(
            "%s for #%s could not be queued (%s)",
            task.name,
            object_id,
            type(exc).__name__,
        )
