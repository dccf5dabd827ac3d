"""send_availability_reminders: therapists are asked to confirm before their availability
goes stale, once per confirmation, and the email holds a link and nothing else."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ipt_site.accounts.models import TherapistAccount
from ipt_site.therapists.models import Therapist

from .conftest import make_account, make_therapist

pytestmark = pytest.mark.django_db


def run():
    out = StringIO()
    call_command("send_availability_reminders", stdout=out, stderr=StringIO())
    return out.getvalue()


def confirmed_days_ago(therapist, days):
    day = None if days is None else timezone.localdate() - timedelta(days=days)
    Therapist.objects.filter(pk=therapist.pk).update(accepting_confirmed_on=day)


@pytest.fixture
def due(therapist_user, settings):
    settings.AVAILABILITY_CONFIRM_DAYS = 60
    therapist = therapist_user.therapist_account.therapist
    confirmed_days_ago(therapist, 54)  # stale in 6 days
    return therapist


def test_a_therapist_about_to_go_stale_is_reminded_once(due):
    assert "queued: 1." in run()
    (message,) = mail.outbox
    assert message.to == ["sam-rivers@example.org"]
    assert message.subject == "Is your availability still right?"
    assert "Your profile in our directory says: Can start within 1 to 2 months" in message.body
    assert "https://ipt.example/account/" in message.body
    assert "last confirmed on" in message.body
    assert "queued: 0." in run()  # the next day's run repeats nothing
    assert len(mail.outbox) == 1


def test_confirming_starts_a_new_cycle_and_a_stale_one_is_reminded_monthly(due):
    run()
    # Confirmed the day after the reminder, then left for another 54 days: reminded again.
    account = TherapistAccount.objects.get(therapist=due)
    TherapistAccount.objects.filter(pk=account.pk).update(
        availability_reminded_on=timezone.localdate() - timedelta(days=56)
    )
    confirmed_days_ago(due, 55)
    assert "queued: 1." in run()
    # Never confirmed again: at most one reminder every 30 days.
    TherapistAccount.objects.filter(pk=account.pk).update(
        availability_reminded_on=timezone.localdate() - timedelta(days=29)
    )
    confirmed_days_ago(due, 120)
    assert "queued: 0." in run()
    TherapistAccount.objects.filter(pk=account.pk).update(
        availability_reminded_on=timezone.localdate() - timedelta(days=30)
    )
    assert "queued: 1." in run()


@pytest.mark.parametrize("case", ["recent", "unpublished", "no_password", "no_account"])
def test_nobody_else_is_emailed(case, settings):
    settings.AVAILABILITY_CONFIRM_DAYS = 60
    therapist = make_therapist()
    confirmed_days_ago(therapist, 10 if case == "recent" else 59)
    if case != "no_account":
        user = make_account(therapist)
        if case == "no_password":
            TherapistAccount.objects.filter(user=user).update(password_set_at=None)
    if case == "unpublished":
        Therapist.objects.filter(pk=therapist.pk).update(published=False)
    assert "queued: 0." in run()
    assert mail.outbox == []


def test_never_confirmed_counts_as_due(due):
    confirmed_days_ago(due, None)
    run()
    assert len(mail.outbox) == 1 and "as you last confirmed on" not in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_the_command_only_queues_and_a_refused_email_is_tried_again_by_the_worker(
    due, settings, task_queue
):
    settings.EMAIL_BACKEND = "tests.contact.backends.DownBackend"
    assert "queued: 1." in run()
    account = TherapistAccount.objects.get(therapist=due)
    (row,) = task_queue.ready(task_path="ipt_site.accounts.tasks.send_availability_reminder")
    assert row.args_kwargs == {"args": [account.pk], "kwargs": {}}
    assert account.availability_reminded_on == timezone.localdate()
    assert mail.outbox == []
    task_queue.run()
    assert mail.outbox == []
    assert "queued: 0." in run()  # tomorrow's run does not queue it twice

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    task_queue.time_passes()
    task_queue.run()
    assert [m.to for m in mail.outbox] == [["sam-rivers@example.org"]]
