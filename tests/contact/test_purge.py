"""Retention: closed enquiries go once the period has passed since closing; nothing else."""

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
    return {
        "old_closed": make(
            "oldclosed", status="closed", closed_days_ago=400, received_days_ago=500
        ),
        "recent_closed": make(
            "recentclosed", status="closed", closed_days_ago=30, received_days_ago=500
        ),
        "old_open": make("oldopen", status="new", received_days_ago=900),
        "old_in_progress": make("oldprogress", status="in_progress", received_days_ago=900),
    }


def test_purge_deletes_only_closed_enquiries_past_retention(enquiries):
    assert purge() == "Deleted 1 closed enquiries older than 365 days."
    remaining = set(Enquiry.objects.values_list("name", flat=True))
    assert remaining == {"recentclosed", "oldopen", "oldprogress"}
    assert purge() == "Deleted 0 closed enquiries older than 365 days."


def test_purge_counts_from_closing_not_receiving(enquiries, settings):
    settings.ENQUIRY_RETENTION_DAYS = 20
    assert purge() == "Deleted 2 closed enquiries older than 20 days."
    assert not Enquiry.objects.filter(status="closed").exists()


def test_dry_run_deletes_nothing(enquiries):
    assert purge("--dry-run") == "Would delete 1 closed enquiries older than 365 days."
    assert Enquiry.objects.count() == 4


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
