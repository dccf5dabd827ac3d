"""The reminders to confirm a therapist's availability before it goes stale. (The status
itself is changed by ipt_site.therapists.services.set_availability, straight away.)"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import TherapistAccount
from ..tasks import send_availability_reminder

# A therapist is reminded this many days before their availability would go stale, and
# again at most this often while it stays unconfirmed.
REMIND_DAYS_BEFORE = 7
REMIND_AGAIN_DAYS = 30


def accounts_due_an_availability_reminder(today=None):
    """Accounts of published therapists whose availability goes stale within a week (or
    has), not reminded in the last 30 days."""
    today = today or timezone.localdate()
    soon = today - timedelta(days=settings.AVAILABILITY_CONFIRM_DAYS - REMIND_DAYS_BEFORE)
    return (
        TherapistAccount.objects.select_related("user", "therapist")
        .filter(
            therapist__published=True,
            user__is_active=True,
            user__is_staff=False,
            password_set_at__isnull=False,
        )
        .filter(
            Q(therapist__accepting_confirmed_on__isnull=True)
            | Q(therapist__accepting_confirmed_on__lte=soon)
        )
        # A confirmation resets the clock for at least 53 days, longer than 30: a
        # reminder older than 30 days is enough to know this one is not a repeat.
        .filter(
            Q(availability_reminded_on__isnull=True)
            | Q(availability_reminded_on__lte=today - timedelta(days=REMIND_AGAIN_DAYS))
        )
        .order_by("pk")
    )


def queue_availability_reminder(account: TherapistAccount, today=None) -> None:
    """Queue one reminder and note the date in the same transaction, so the next run
    does not repeat it (the task tries again by itself if the mail server fails)."""
    with transaction.atomic():
        TherapistAccount.objects.filter(pk=account.pk).update(
            availability_reminded_on=today or timezone.localdate()
        )
        send_availability_reminder.enqueue(account.pk)
