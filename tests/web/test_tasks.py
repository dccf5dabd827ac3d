"""The task queue: enqueue only writes a row, the worker sends, failures are tried again
with growing delays, and what gives up waits in the admin for someone to retry it."""

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ipt_site.web import tasks

from . import sample_tasks

DOWN = "tests.contact.backends.DownBackend"
TIMEOUT = "tests.contact.backends.TimeoutBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"],
        }
    ]
    settings.SITE_URL = ""


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("sam", "sam@example.org")


def test_without_a_worker_the_immediate_backend_runs_a_task_as_it_is_enqueued(user, mailoutbox):
    result = sample_tasks.send_hello.enqueue(user.pk, "http://testserver/")
    assert result.status == TaskResultStatus.SUCCESSFUL
    (message,) = mailoutbox
    assert message.to == ["sam@example.org"]
    assert "http://testserver/account/" in message.body


@pytest.mark.django_db(transaction=True)
def test_enqueue_only_writes_a_row_and_the_worker_sends(task_queue, user, mailoutbox):
    sample_tasks.send_hello.enqueue(user.pk, "http://testserver/")
    (row,) = task_queue.ready()
    assert row.args_kwargs == {"args": [user.pk, "http://testserver/"], "kwargs": {}}
    assert mailoutbox == []

    assert task_queue.run() == 1
    (message,) = mailoutbox
    assert message.subject == "Hello sam & welcome to Interpersonal Therapy"
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == "Sent."


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", [DOWN, TIMEOUT])
def test_a_mail_server_failure_is_tried_again_after_a_delay(
    task_queue, user, mailoutbox, settings, backend
):
    settings.EMAIL_BACKEND = backend
    sample_tasks.send_hello.enqueue(user.pk)
    before = timezone.now()
    task_queue.run()

    (first, second) = task_queue.rows()
    assert first.status == TaskResultStatus.FAILED
    assert "attempt 2 is queued" in tasks.failure(first)
    assert not tasks.is_dead_letter(first)
    assert second.status == TaskResultStatus.READY
    assert second.args_kwargs["kwargs"] == {"attempt": 2}
    # Not before its delay: a worker running now leaves it alone.
    assert (
        before + timedelta(seconds=59) < second.run_after < timezone.now() + timedelta(seconds=61)
    )
    assert task_queue.run() == 0
    assert mailoutbox == []

    settings.EMAIL_BACKEND = LOCMEM  # the mail server is back
    task_queue.time_passes()
    assert task_queue.run() == 1
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_the_delays_grow_then_the_task_gives_up_as_a_dead_letter(
    task_queue, user, mailoutbox, settings, caplog
):
    settings.EMAIL_BACKEND = DOWN
    sample_tasks.send_hello.enqueue(user.pk)
    delays = []
    with caplog.at_level(logging.INFO):
        for _ in range(10):  # more rounds than attempts: it must stop by itself
            started = timezone.now()
            task_queue.run()
            waiting = task_queue.ready()
            if not waiting:
                break
            delays.append(round((waiting[0].run_after - started).total_seconds() / 60))
            task_queue.time_passes()

    assert delays == [1, 5, 30, 120, 360]
    rows = task_queue.rows()
    assert len(rows) == 6
    assert [tasks.is_dead_letter(row) for row in rows] == [False] * 5 + [True]
    assert tasks.failure(rows[-1]) == "SMTPServerDisconnected on attempt 6 of 6"
    assert list(tasks.needs_attention(DBTaskResult.objects.all())) == [rows[-1]]
    assert mailoutbox == []
    # The server's message named an address: neither the rows nor the log keep it.
    for row in rows:
        assert "alex@example.com" not in row.traceback
    assert "alex@example.com" not in caplog.text
    assert "attempt 6 of 6 failed (SMTPServerDisconnected); gave up" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_bug_is_not_retried_and_its_message_is_not_kept(task_queue, user):
    sample_tasks.broken.enqueue(user.pk)
    task_queue.run()
    (row,) = task_queue.rows()
    assert tasks.is_dead_letter(row)
    assert tasks.failure(row).startswith("ValueError (not retried")
    assert "sample_tasks.py" in row.traceback  # where it went wrong is kept...
    assert "secret detail" not in row.traceback  # ...but not what the message said


@pytest.mark.django_db(transaction=True)
def test_a_task_can_ask_to_be_tried_again(task_queue, user):
    sample_tasks.not_yet.enqueue(user.pk)
    task_queue.run()
    first, second = task_queue.rows()
    assert tasks.failure(first).startswith("the thing it waits for is not ready on attempt 1 of 6")
    assert second.status == TaskResultStatus.READY


def test_on_the_immediate_backend_a_failure_gives_up_at_once_and_never_reaches_the_caller(
    user, settings, mailoutbox
):
    settings.EMAIL_BACKEND = DOWN
    result = sample_tasks.send_hello.enqueue(user.pk)
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "ipt_site.web.tasks.GaveUp"
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_row_is_gone_sends_nothing(task_queue, user, mailoutbox):
    sample_tasks.send_hello.enqueue(user.pk)
    user.delete()
    task_queue.run()
    assert mailoutbox == []
    (row,) = task_queue.rows()
    assert row.return_value == "The user is gone: nothing to send."


# --- The admin --------------------------------------------------------------------------


def dead_letter(task_queue, user, settings):
    settings.EMAIL_BACKEND = DOWN
    settings.TASK_RETRY_DELAYS = []  # one attempt only
    sample_tasks.send_hello.enqueue(user.pk, "http://testserver/")
    task_queue.run()
    (row,) = task_queue.rows()
    return row


@pytest.mark.django_db(transaction=True)
def test_the_admin_lists_dead_letters_and_retries_them(
    task_queue, user, settings, admin_client, mailoutbox
):
    dead = dead_letter(task_queue, user, settings)
    settings.EMAIL_BACKEND = LOCMEM
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")

    page = admin_client.get(url, {"attention": "yes"}).content.decode()
    assert "Hello email (a test task)" in page
    assert "Gave up: SMTPServerDisconnected on attempt 1 of 1" in page

    response = admin_client.post(
        url, {"action": "retry", "_selected_action": [str(dead.pk)]}, follow=True
    )
    assert "1 task queued again from its first attempt." in response.content.decode()
    (again,) = task_queue.rows()
    assert again.pk != dead.pk and again.status == TaskResultStatus.READY
    assert again.args_kwargs == {"args": [user.pk, "http://testserver/"], "kwargs": {}}
    task_queue.run()
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_the_admin_leaves_tasks_that_have_not_given_up_alone(
    task_queue, user, settings, admin_client
):
    sample_tasks.send_hello.enqueue(user.pk)  # waiting for the worker
    (waiting,) = task_queue.rows()
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    response = admin_client.post(
        url, {"action": "retry", "_selected_action": [str(waiting.pk)]}, follow=True
    )
    assert "1 task was left alone: it has not given up." in response.content.decode()
    assert task_queue.rows() == [waiting]


@pytest.mark.django_db(transaction=True)
def test_a_task_stuck_running_after_its_worker_died_can_be_retried(task_queue, user, mailoutbox):
    sample_tasks.send_hello.enqueue(user.pk)
    (row,) = task_queue.rows()
    row.claim("a-worker-that-was-killed")
    assert not tasks.needs_attention(DBTaskResult.objects.all()).exists()
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - tasks.STUCK_AFTER - timedelta(minutes=1)
    )
    (stuck,) = tasks.needs_attention(DBTaskResult.objects.all())
    assert tasks.is_stuck(stuck)
    tasks.retry(stuck)
    task_queue.run()
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_staff_without_the_permission_cannot_retry(task_queue, user, settings, client):
    dead = dead_letter(task_queue, user, settings)
    viewer = get_user_model().objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename="view_dbtaskresult"))
    client.force_login(viewer)
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    assert client.get(url).status_code == 200
    client.post(url, {"action": "retry", "_selected_action": [str(dead.pk)]})
    assert task_queue.rows() == [dead]


@pytest.mark.django_db(transaction=True)
def test_queued_for_names_what_is_on_its_way(task_queue, user, settings):
    sample_tasks.send_hello.enqueue(user.pk)
    assert tasks.queued_for(sample_tasks.send_hello) == {user.pk}
    task_queue.run()
    assert tasks.queued_for(sample_tasks.send_hello) == set()
