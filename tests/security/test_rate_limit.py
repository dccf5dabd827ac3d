"""The database counter behind the enquiry rate limit."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ipt_site.contact import ratelimit as contact_ratelimit
from ipt_site.contact.models import Enquiry
from ipt_site.security import ratelimit
from ipt_site.security.models import RateCounter
from tests.contact.conftest import valid_data

pytestmark = pytest.mark.django_db


def test_hits_count_up_within_a_window():
    now = timezone.now()
    assert ratelimit.count("k", now) == 0
    assert [ratelimit.hit("k", 60, now) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.count("k", now + timedelta(seconds=59)) == 3
    assert ratelimit.count("other", now) == 0


def test_a_new_window_starts_after_the_old_one_ends():
    start = timezone.now()
    ratelimit.hit("k", 60, start)
    ratelimit.hit("k", 60, start)
    later = start + timedelta(seconds=61)
    assert ratelimit.count("k", later) == 0
    assert ratelimit.hit("k", 60, later) == 1
    assert ratelimit.count("k", later + timedelta(seconds=30)) == 1
    assert RateCounter.objects.filter(key="k").count() == 1  # the row is reused


def test_ended_windows_are_purged_when_a_new_counter_starts():
    start = timezone.now()
    for key in ("a", "b", "c"):
        ratelimit.hit(key, 60, start)
    ratelimit.hit("d", 60, start + timedelta(minutes=5))
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["d"]


def test_counters_never_hold_the_address(client):
    client.post(reverse("contact:form"), valid_data(), REMOTE_ADDR="203.0.113.9")
    counter = RateCounter.objects.get()
    assert "203.0.113.9" not in counter.key and counter.count == 1


def test_the_last_free_place_cannot_be_taken_twice(client, settings, monkeypatch):
    """Two submissions that both passed the first check (sent at the same moment) cannot
    both be stored: the count taken when saving decides."""
    settings.ENQUIRY_MIN_SECONDS = 0
    settings.ENQUIRY_RATE_LIMIT = 2
    monkeypatch.setattr(contact_ratelimit, "is_limited", lambda request: False)
    statuses = [client.post(reverse("contact:form"), valid_data()).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert Enquiry.objects.count() == 2
