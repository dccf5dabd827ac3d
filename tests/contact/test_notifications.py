"""A failed email loses nothing: the enquiry stays, pending, and a retry sends it once.

Most tests here run tasks at once (tests' immediate backend); the ones marked
`transaction=True` use the database queue and the real worker, as production does: the
request only queues, the worker sends, and tries again later when the mail server fails.
"""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from ipt_site.contact import services, tasks
from ipt_site.contact.models import Enquiry
from ipt_site.web.tasks import is_dead_letter

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
    assert "Pending: 1. Queued again: 1." in output
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
    # Nothing left: a second run queues nothing more.
    assert "Pending: 0. Queued again: 0." in run_retry()
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
    assert "Pending: 2. Queued again: 2." in output
    assert "SMTPServerDisconnected after 1 attempt\n" in output
    assert "SMTPServerDisconnected after 2 attempts" in run_retry()
    assert set(Enquiry.objects.values_list("notification_status", flat=True)) == {"pending"}


def test_retry_skips_an_enquiry_another_process_is_sending(post_enquiry, settings, mailoutbox):
    settings.EMAIL_BACKEND = DOWN
    post_enquiry()
    Enquiry.objects.update(notification_claimed_until=timezone.now() + timedelta(minutes=5))
    settings.EMAIL_BACKEND = LOCMEM
    run_retry()
    assert mailoutbox == []
    # A claim that ran out (a crashed sender) is taken over.
    Enquiry.objects.update(notification_claimed_until=timezone.now() - timedelta(seconds=1))
    run_retry()
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


class QueueDown:
    """The queue's table cannot be written (the database failed just after the commit)."""

    def enqueue(self, *args, **kwargs):
        raise OperationalError("could not write the task row")


def test_an_enquiry_whose_task_cannot_be_queued_is_kept_and_queued_by_the_sweep(
    post_enquiry, monkeypatch, mailoutbox, caplog
):
    monkeypatch.setattr(services, "send_enquiry_emails", QueueDown())
    with caplog.at_level(logging.ERROR):
        response = post_enquiry()
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.message == MESSAGE
    assert enquiry.notification_status == Enquiry.NotificationStatus.PENDING
    assert f"Enquiry #{enquiry.pk}: its emails could not be queued (OperationalError)" in (
        caplog.text
    )
    assert mailoutbox == []

    monkeypatch.undo()
    assert "Queued again: 1." in run_retry()
    assert len(mailoutbox) == 2
    assert Enquiry.objects.get().notification_status == Enquiry.NotificationStatus.SENT


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


# --- With the database queue and the real worker, as in production ------------------------


EMAILS = "ipt_site.contact.tasks.send_enquiry_emails"


def queued_row(task_queue):
    (row,) = task_queue.ready(task_path=EMAILS)
    return row


@pytest.mark.django_db(transaction=True)
def test_the_request_only_queues_and_the_worker_sends(client, task_queue, mailoutbox, therapist):
    response = client.post(reverse("contact:form"), valid_data(therapist="sam-rivers"))
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.message == MESSAGE
    assert enquiry.notification_status == Enquiry.NotificationStatus.PENDING
    assert enquiry.notification_attempts == 0  # not even tried inside the request
    assert mailoutbox == []
    # The queue stores the enquiry's id and the site's address: nothing the person wrote.
    row = queued_row(task_queue)
    assert row.args_kwargs == {"args": [enquiry.pk, "http://testserver/"], "kwargs": {}}

    task_queue.run()
    assert sorted(m.to[0] for m in mailoutbox) == [
        "alex@example.com",
        "practice@example.org",
        "sam@example.org",
    ]
    enquiry.refresh_from_db()
    assert enquiry.notification_status == Enquiry.NotificationStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_the_worker_tries_again_later_and_each_email_goes_once(
    client, task_queue, mailoutbox, settings
):
    settings.EMAIL_BACKEND = REFUSE_ENQUIRER  # the practice's email goes, the other fails
    client.post(reverse("contact:form"), valid_data())
    task_queue.run()
    enquiry = Enquiry.objects.get()
    assert enquiry.notification_status == Enquiry.NotificationStatus.PENDING
    assert enquiry.last_notification_error == "SMTPRecipientsRefused"
    retry = queued_row(task_queue)
    assert retry.run_after > timezone.now() + timedelta(seconds=50)
    assert [m.to for m in mailoutbox] == [["practice@example.org"]]

    settings.EMAIL_BACKEND = LOCMEM
    task_queue.time_passes()
    task_queue.run()
    assert [m.to for m in mailoutbox] == [["practice@example.org"], ["alex@example.com"]]
    enquiry.refresh_from_db()
    assert enquiry.notification_status == Enquiry.NotificationStatus.SENT
    assert enquiry.notification_attempts == 2
    assert task_queue.ready() == []


@pytest.mark.django_db(transaction=True)
def test_the_sweep_leaves_queued_enquiries_alone_and_revives_given_up_ones(
    client, task_queue, mailoutbox, settings
):
    client.post(reverse("contact:form"), valid_data())
    assert "Pending: 1. Queued again: 0. Already on their way: 1." in run_retry()
    assert len(task_queue.ready()) == 1  # no second task for the same enquiry

    settings.EMAIL_BACKEND = DOWN
    settings.TASK_RETRY_DELAYS = [60]
    task_queue.run()
    task_queue.time_passes()
    task_queue.run()
    assert is_dead_letter(task_queue.rows()[-1])
    assert task_queue.ready() == []

    settings.EMAIL_BACKEND = LOCMEM
    assert "Queued again: 1." in run_retry()
    task_queue.run()
    assert len(mailoutbox) == 2
    assert Enquiry.objects.get().notification_status == Enquiry.NotificationStatus.SENT


@pytest.mark.django_db(transaction=True)
def test_a_deleted_enquiry_sends_nothing(client, task_queue, mailoutbox):
    client.post(reverse("contact:form"), valid_data())
    Enquiry.objects.all().delete()
    task_queue.run()
    assert mailoutbox == []
    (row,) = task_queue.rows()
    assert row.return_value == "The enquiry is gone (deleted): nothing to send."


def test_the_task_is_the_one_the_form_queues():
    assert tasks.send_enquiry_emails.module_path == "ipt_site.contact.tasks.send_enquiry_emails"
