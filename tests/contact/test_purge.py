"""Retention: closed enquiries go once the period has passed since closing; enquiries never
closed go after a separate, longer period since they arrived; nothing else goes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ipt_site.contact.models import Enquiry

pytestmark = pytest.mark.django_db


def make(name, *, status="new", closed_days_ago=None, received_days_ago=0):
    now = timezone.now()
    enquiry = Enquiry.objects.create(
        name=name,
        email=f"{name}@example.com",
        message="A message long enough to be stored.",
        consent_given_at=now,
        received_at=now - timedelta(days=received_days_ago),
        status=status,
    )
    if closed_days_ago is not None:
        Enquiry.objects.filter(pk=enquiry.pk).update(
            closed_at=now - timedelta(days=closed_days_ago)
        )
    return enquiry


def purge(*args):
    out = StringIO()
    call_command("purge_enquiries", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def enquiries(settings):
    settings.ENQUIRY_RETENTION_DAYS = 365
    settings.ENQUIRY_MAX_AGE_DAYS = 730
    return {
        "old_closed": make(
            "oldclosed", status="closed", closed_days_ago=400, received_days_ago=500
        ),
        "recent_closed": make(
            "recentclosed", status="closed", closed_days_ago=30, received_days_ago=500
        ),
        "old_open": make("oldopen", status="new", received_days_ago=900),
        "old_in_progress": make("oldprogress", status="in_progress", received_days_ago=900),
        "open": make("open", status="new", received_days_ago=700),
        "in_progress": make("progress", status="in_progress", received_days_ago=10),
    }


def test_purge_deletes_closed_past_retention_and_unclosed_past_the_longer_limit(enquiries):
    assert purge() == (
        "Deleted 1 enquiry closed more than 365 days ago and 2 enquiries never closed, "
        "received more than 730 days ago."
    )
    remaining = set(Enquiry.objects.values_list("name", flat=True))
    assert remaining == {"recentclosed", "open", "progress"}
    assert purge() == (
        "Deleted 0 enquiries closed more than 365 days ago and 0 enquiries never closed, "
        "received more than 730 days ago."
    )


def test_purge_counts_from_closing_not_receiving(enquiries, settings):
    settings.ENQUIRY_RETENTION_DAYS = 20
    purge()
    assert not Enquiry.objects.filter(status="closed").exists()


def test_unclosed_limit_counts_from_arrival_and_is_its_own_setting(enquiries, settings):
    settings.ENQUIRY_MAX_AGE_DAYS = 600
    settings.ENQUIRY_RETENTION_DAYS = 3650  # closed ones are kept: the limits are separate
    purge()
    remaining = set(Enquiry.objects.values_list("name", flat=True))
    assert remaining == {"oldclosed", "recentclosed", "progress"}


def test_notes_and_status_history_go_with_the_enquiry(enquiries):
    from django.contrib.auth.models import User

    from ipt_site.contact.models import EnquiryNote, EnquiryStatusChange

    user = User.objects.create_user("handler")
    old = enquiries["old_open"]
    EnquiryNote.objects.create(enquiry=old, author=user, text="Called back, no answer.")
    EnquiryStatusChange.objects.create(
        enquiry=old, changed_by=user, from_status="new", to_status="in_progress"
    )
    purge()
    assert not EnquiryNote.objects.exists()
    assert not EnquiryStatusChange.objects.exists()


def test_dry_run_deletes_nothing(enquiries):
    assert purge("--dry-run") == (
        "Would delete 1 enquiry closed more than 365 days ago and 2 enquiries never closed, "
        "received more than 730 days ago."
    )
    assert Enquiry.objects.count() == 6


def test_closing_sets_and_reopening_clears_closed_at():
    enquiry = make("someone")
    assert enquiry.closed_at is None
    enquiry.status = Enquiry.Status.CLOSED
    enquiry.save()
    assert enquiry.closed_at is not None
    first_closed = enquiry.closed_at
    enquiry.save()
    assert enquiry.closed_at == first_closed  # saving again does not restart the clock
    enquiry.status = Enquiry.Status.IN_PROGRESS
    enquiry.save(update_fields=["status"])
    enquiry.refresh_from_db()
    assert enquiry.closed_at is None
