"""Writes for enquiries: save first, then tell people, and never lose one on the way.

The emails leave the request: once the enquiry is committed, a task is queued
(contact.tasks.send_enquiry_emails) and the worker sends them, trying again later if the
mail server fails. An enquiry whose task could not even be queued stays pending, and
`manage.py send_pending_notifications` queues it again.

Logging here names enquiries by id and failures by exception class. It never includes a
name, an address, a phone number or anything from the message.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.debug import sensitive_variables

from ipt_site.helplines import selectors as helplines
from ipt_site.web.mail import absolute_url, send_templated

from .models import SUBMITTED_FIELDS, Enquiry, EnquiryStatusChange
from .replytime import reply_by, reply_time
from .tasks import send_enquiry_emails

logger = logging.getLogger(__name__)

# How long one process may hold an enquiry while it sends; a crashed sender's claim
# runs out after this and the next retry picks the enquiry up.
CLAIM_SECONDS = 10 * 60
# An enquirer's address that keeps refusing mail (a typo, a full mailbox) is given up on
# after this many attempts; emails to the practice and the therapist are never given up.
ACKNOWLEDGEMENT_MAX_ATTEMPTS = 10


@sensitive_variables()  # an error report never shows what the person wrote
def submit_enquiry(data: dict, *, base_url: str = "") -> Enquiry:
    """Store what the person sent, then (once it is committed) queue the notifications.

    `data` is the form's cleaned data. The enquiry is saved in its own transaction; the
    emails are queued only after the commit, and a failure there is logged, never raised.
    """
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            **{field: data.get(field) or _blank(field) for field in SUBMITTED_FIELDS},
            consent_given_at=timezone.now(),
        )
    transaction.on_commit(lambda: queue_emails(enquiry.pk, base_url=base_url), robust=True)
    return enquiry


def queue_emails(enquiry_id: int, *, base_url: str = "") -> bool:
    """Queue the task that sends this enquiry's emails (its id and the site's address are
    all it stores). Never raises: the enquiry is saved whatever happens here."""
    try:
        send_enquiry_emails.enqueue(enquiry_id, base_url)
    except Exception as exc:
        logger.error(
            "Enquiry #%s: its emails could not be queued (%s); it stays pending",
            enquiry_id,
            type(exc).__name__,
        )
        return False
    return True


def change_status(queryset, status: str, *, by) -> int:
    """Give every enquiry in `queryset` this status (those that have another one), and
    record who changed it, from what, and when. Returns how many changed."""
    now = timezone.now()
    with transaction.atomic():
        changing = list(
            Enquiry.objects.filter(pk__in=queryset.values("pk"))
            .exclude(status=status)
            .select_for_update()
            .values_list("pk", "status")
        )
        if not changing:
            return 0
        closed_at = now if status == Enquiry.Status.CLOSED else None
        Enquiry.objects.filter(pk__in=[pk for pk, _ in changing]).update(
            status=status, closed_at=closed_at
        )
        EnquiryStatusChange.objects.bulk_create(
            EnquiryStatusChange(
                enquiry_id=pk, changed_by=by, changed_at=now, from_status=old, to_status=status
            )
            for pk, old in changing
        )
    return len(changing)


def _blank(field: str):
    return None if field == "therapist" else ""


def claim(enquiry: Enquiry, now=None) -> bool:
    """Take the enquiry for sending, unless another process has it: one UPDATE, so it is
    safe with concurrent senders on every database."""
    now = now or timezone.now()
    claimed = (
        Enquiry.objects.filter(
            pk=enquiry.pk, notification_status=Enquiry.NotificationStatus.PENDING
        )
        .filter(Q(notification_claimed_until__isnull=True) | Q(notification_claimed_until__lt=now))
        .update(
            notification_claimed_until=now + timedelta(seconds=CLAIM_SECONDS),
            notification_attempts=F("notification_attempts") + 1,
            last_notification_attempt_at=now,
        )
    )
    if claimed:
        enquiry.refresh_from_db()
    return bool(claimed)


def notify(enquiry: Enquiry, *, base_url: str = "") -> bool:
    """Send whatever has not been sent for this enquiry; True when nothing is left.

    Each email is sent once: the practice, the chosen therapist (when they have an
    address) and, when the setting is on, the person's acknowledgement. A failure leaves
    the enquiry pending with the exception's class name; the task tries again later.
    Runs in the worker (contact.tasks), never in a request.
    """
    if enquiry.notification_status == Enquiry.NotificationStatus.SENT:
        return True
    if not claim(enquiry):
        return False
    errors = []
    connection = None
    try:
        connection = get_connection(fail_silently=False)
        for stamp, send in _outstanding(enquiry):
            try:
                send(enquiry, base_url, connection)
            except Exception as exc:  # SMTP errors, timeouts, refusals, bad addresses...
                errors.append(type(exc).__name__)
                logger.warning(
                    "Enquiry #%s: %s email not sent (%s)", enquiry.pk, stamp, type(exc).__name__
                )
                continue
            setattr(enquiry, stamp, timezone.now())
            Enquiry.objects.filter(pk=enquiry.pk).update(**{stamp: getattr(enquiry, stamp)})
    except Exception as exc:  # the connection itself, or the database between emails
        errors.append(type(exc).__name__)
        logger.warning("Enquiry #%s: sending stopped (%s)", enquiry.pk, type(exc).__name__)
    if connection is not None:
        try:
            connection.close()
        except Exception as exc:
            logger.warning(
                "Enquiry #%s: closing the mail connection failed (%s)",
                enquiry.pk,
                type(exc).__name__,
            )
    done = not errors
    enquiry.notification_status = (
        Enquiry.NotificationStatus.SENT if done else Enquiry.NotificationStatus.PENDING
    )
    enquiry.last_notification_error = "" if done else errors[-1][:100]
    enquiry.notification_claimed_until = None
    Enquiry.objects.filter(pk=enquiry.pk).update(
        notification_status=enquiry.notification_status,
        last_notification_error=enquiry.last_notification_error,
        notification_claimed_until=None,
    )
    if done:
        logger.info("Enquiry #%s: notifications sent", enquiry.pk)
    return done


def _outstanding(enquiry: Enquiry):
    """(timestamp field, sending function) for each email still owed."""
    owed = []
    if enquiry.practice_notified_at is None:
        owed.append(("practice_notified_at", practice_email))
    therapist = enquiry.therapist
    if therapist is not None and therapist.email and enquiry.therapist_notified_at is None:
        owed.append(("therapist_notified_at", therapist_email))
    if settings.ENQUIRY_ACKNOWLEDGE and enquiry.acknowledged_at is None:
        if enquiry.notification_attempts <= ACKNOWLEDGEMENT_MAX_ATTEMPTS:
            owed.append(("acknowledged_at", acknowledgement_email))
        else:
            logger.warning("Enquiry #%s: acknowledgement given up after retries", enquiry.pk)
    return owed


# --- The emails: none carries a name, a phone number or a word of the message ---------


def admin_link(enquiry: Enquiry, base_url: str = "") -> str:
    return absolute_url(reverse("admin:contact_enquiry_change", args=[enquiry.pk]), base_url)


def _context(enquiry: Enquiry, base_url: str) -> dict:
    return {
        "enquiry": enquiry,
        "received": format_date(timezone.localtime(enquiry.received_at), "j M Y H:i"),
        "admin_link": admin_link(enquiry, base_url),
    }


def practice_email(enquiry: Enquiry, base_url: str, connection) -> None:
    send_templated(
        "contact/email/practice_notification.txt",
        to=[settings.ENQUIRY_NOTIFY_EMAIL],
        context=_context(enquiry, base_url),
        connection=connection,
    )


def therapist_email(enquiry: Enquiry, base_url: str, connection) -> None:
    send_templated(
        "contact/email/therapist_notification.txt",
        to=[enquiry.therapist.email],
        context=_context(enquiry, base_url),
        connection=connection,
    )


def acknowledgement_email(enquiry: Enquiry, base_url: str, connection) -> None:
    send_templated(
        "contact/email/acknowledgement.txt",
        to=[enquiry.email],
        context={
            **_context(enquiry, base_url),
            "reply_time": reply_time(),
            "reply_by": reply_by(enquiry.received_at),
            "urgent_lines": [line for line in helplines.current().lines if line.grade],
        },
        reply_to=[settings.PRACTICE_EMAIL],
        connection=connection,
    )
