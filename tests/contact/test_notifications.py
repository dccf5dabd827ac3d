"""A failed email loses nothing: the enquiry stays, pending, and the retry sends it once."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ipt_site.contact import services
from ipt_site.contact.models import Enquiry

from .conftest import MESSAGE, valid_data

pytestmark = pytest.mark.django_db

DOWN = "tests.contact.backends.DownBackend"
TIMEOUT = "tests.contact.backends.TimeoutBackend"
REFUSE_ENQUIRER = "tests.contact.backends.RefuseEnquirerBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def run_retry():
    out = StringIO()
    call_command("send_pending_notifications", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize("backend", [DOWN, TIMEOUT])
def test_failing_email_keeps_the_enquiry_pending_and_shows_thanks(
    post_enquiry, client, settings, caplog, backend
):
    settings.EMAIL_BACKEND = backend
    with caplog.at_level(logging.INFO):
        response = post_enquiry()
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thanks")
    assert client.get(response["Location"]).status_code == 200
    enquiry = Enquiry.objects.get()
    assert enquiry.message == MESSAGE
    assert enquiry.notification_status == Enquiry.NotificationStatus.PENDING
    assert enquiry.notification_attempts == 1
    assert enquiry.last_notification_error in ("SMTPServerDisconnected", "TimeoutError")
    assert enquiry.notification_claimed_until is None
    assert enquiry.practice_notified_at is None
    # Logged by id and exception class; nothing personal, not even the error's text.
    assert f"Enquiry #{enquiry.pk}" in caplog.text
    for secret in ("Alex", "alex@example.com", "07700", MESSAGE[:20], "unexpectedly closed"):
        assert secret not in caplog.text


def test_retry_command_sends_and_marks_sent(post_enquiry, settings, mailoutbox, therapist):
    settings.EMAIL_BACKEND = DOWN
    post_enquiry(valid_data(therapist="sam-rivers"))
    assert mailoutbox == []

    settings.EMAIL_BACKEND = LOCMEM
    output = run_retry()
    assert "Sent: 1." in output and "Still pending: 0." in output
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_status == Enquiry.NotificationStatus.SENT
    assert enquiry.notification_attempts == 2
    assert enquiry.last_notification_error == ""
    assert sorted(m.to[0] for m in mailoutbox) == [
        "alex@example.com",
        "practice@example.org",
        "sam@example.org",
    ]
    for message in mailoutbox:
        assert MESSAGE[:20] not in message.body
    # Nothing left: a second run sends nothing more.
    assert "Pending: 0." in run_retry()
    assert len(mailoutbox) == 3


def test_retry_sends_only_what_has_not_gone(post_enquiry, settings, mailoutbox):
    settings.EMAIL_BACKEND = REFUSE_ENQUIRER
    post_enquiry()
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_status == Enquiry.NotificationStatus.PENDING
    assert enquiry.last_notification_error == "SMTPRecipientsRefused"
    assert enquiry.practice_notified_at is not None and enquiry.acknowledged_at is None
    assert [m.to for m in mailoutbox] == [["practice@example.org"]]

    settings.EMAIL_BACKEND = LOCMEM
    run_retry()
    # The practice is not told twice; the enquirer gets their acknowledgement.
    assert [m.to for m in mailoutbox] == [["practice@example.org"], ["alex@example.com"]]
    assert Enquiry.objects.get().notification_status == Enquiry.NotificationStatus.SENT


def test_retry_still_failing_exits_cleanly_and_lists_them(post_enquiry, settings):
    settings.EMAIL_BACKEND = DOWN
    post_enquiry()
    post_enquiry()
    output = run_retry()  # no exception: exit code 0
    assert "Sent: 0. Still pending: 2." in output
    assert "SMTPServerDisconnected after 2 attempts" in output
    assert set(Enquiry.objects.values_list("notification_status", flat=True)) == {"pending"}


def test_retry_skips_an_enquiry_another_process_is_sending(post_enquiry, settings, mailoutbox):
    settings.EMAIL_BACKEND = DOWN
    post_enquiry()
    Enquiry.objects.update(notification_claimed_until=timezone.now() + timedelta(minutes=5))
    settings.EMAIL_BACKEND = LOCMEM
    output = run_retry()
    assert "Skipped (being sent elsewhere): 1." in output
    assert mailoutbox == []
    # A claim that ran out (a crashed sender) is taken over.
    Enquiry.objects.update(notification_claimed_until=timezone.now() - timedelta(seconds=1))
    assert "Sent: 1." in run_retry()
    assert len(mailoutbox) == 2


def test_claim_is_exclusive(post_enquiry, settings):
    settings.EMAIL_BACKEND = DOWN
    post_enquiry()
    first = Enquiry.objects.get()
    second = Enquiry.objects.get()
    assert services.claim(first) is True
    assert services.claim(second) is False


def test_database_trouble_after_saving_never_reaches_the_person(post_enquiry, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "notify", broken)
    response = post_enquiry()
    assert response.status_code == 302
    assert Enquiry.objects.get().notification_status == Enquiry.NotificationStatus.PENDING


def test_a_refused_acknowledgement_is_given_up_after_the_limit(post_enquiry, settings, mailoutbox):
    settings.EMAIL_BACKEND = REFUSE_ENQUIRER
    post_enquiry()
    for _ in range(services.ACKNOWLEDGEMENT_MAX_ATTEMPTS - 1):
        run_retry()
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_attempts == services.ACKNOWLEDGEMENT_MAX_ATTEMPTS
    assert enquiry.notification_status == Enquiry.NotificationStatus.PENDING
    run_retry()  # one past the limit: the practice already knows, so nothing is left
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_status == Enquiry.NotificationStatus.SENT
    assert enquiry.acknowledged_at is None
    assert [m.to for m in mailoutbox] == [["practice@example.org"]]


def test_practice_notification_is_never_given_up(post_enquiry, settings, mailoutbox):
    settings.EMAIL_BACKEND = DOWN
    post_enquiry()
    Enquiry.objects.update(notification_attempts=50)
    settings.EMAIL_BACKEND = LOCMEM
    run_retry()
    assert ["practice@example.org"] in [m.to for m in mailoutbox]
