"""Work that leaves the request: the task queue, and tasks that try again.

Django's tasks API (DEP 14; on Django 5.2 the django-tasks backport) with the database
backend (django-tasks-db): ``enqueue()`` writes a row in the request's database,
``manage.py db_worker`` takes rows one at a time (SELECT ... FOR UPDATE SKIP LOCKED, so
several workers never run the same row) and runs them. Tests use the immediate backend,
which runs a task as it is enqueued.

A task that emails goes in its app's ``tasks.py``::

    from ipt_site.web.mail import absolute_url, send_templated
    from ipt_site.web.tasks import retrying_task

    @retrying_task
    def send_booking_confirmation(booking_id: int, base_url: str = "") -> str:
        \"\"\"Booking confirmation to the client\"\"\"  # the admin's name for it
        booking = Booking.objects.filter(pk=booking_id).first()
        if booking is None:
            return "The booking is gone: nothing to send."
        send_templated("bookings/email/confirmed.txt", to=[booking.email], context={...})
        return "Sent."

    send_booking_confirmation.enqueue(booking.pk, base_url)             # as soon as it can
    send_booking_reminder.using(run_after=moment).enqueue(booking.pk)  # not before then

Arguments are stored in the database as JSON until the finished row is pruned: pass ids
(the first argument, positionally) and plain values such as the request's base URL; never
what a person wrote, nothing about their health, and an email address only when there is
no row to name instead. The task reads the rest from the database when it runs, so it
sends what is true then (and nothing, if the row has gone).

A mail server that refuses, fails or does not answer (an SMTP error, a timeout, any
OSError) or a task that raises TryAgain is tried again later, after each of
TASK_RETRY_DELAYS in turn (by default 1 min, 5 min, 30 min, 2 h, 6 h). An attempt that
will be retried ends as a failed row saying so (WillRetry); the last one, or any other
exception, ends as a failed row marked GaveUp: the dead letter, listed in the admin under
Task results with a "Retry" action. Neither row keeps the original exception's message
(it can hold an address): only its class and where it was raised.
"""

import functools
import logging
import smtplib
import traceback
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# A row still running after this long lost its worker (killed mid-task, not stopped
# gracefully); the admin offers to run it again.
STUCK_AFTER = timedelta(minutes=15)


class TryAgain(Exception):
    """Raise from a retrying task when the work is worth trying again later. The
    message is kept in the task row and the logs: no names, addresses or health data."""


class WillRetry(Exception):
    """This attempt failed and the next one is queued (the row's outcome, not an error)."""


class GaveUp(Exception):
    """The last attempt failed, or the failure was not worth retrying: a dead letter."""


RETRYABLE = (smtplib.SMTPException, OSError, TryAgain)


def _reason(exc: BaseException) -> str:
    return str(exc)[:200] if isinstance(exc, TryAgain) else type(exc).__name__


def _where(exc: BaseException) -> str:
    """Where it was raised (file, line and function of each frame), without the message."""
    return "".join(
        f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
        for frame in traceback.extract_tb(exc.__traceback__)
    )


def enqueue_on_commit(task, *args) -> None:
    """Queue `task` once the transaction commits. What the request saved stays saved if
    the queue fails then: the failure is logged (`robust`), not raised into a response."""
    transaction.on_commit(lambda: task.enqueue(*args), robust=True)


def retrying_task(function=None, *, priority: int = 0):
    """@task, plus: temporary failures are tried again later, with growing delays.

    The decorated function gets an extra keyword argument, ``attempt`` (1 for the first),
    that it never sees: keep the name free.
    """

    def decorate(function):
        @functools.wraps(function)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return function(*args, **kwargs)
            except RETRYABLE as exc:
                failure = exc
            except Exception as exc:
                raise GaveUp(
                    f"{type(exc).__name__} (not retried: fix the cause, then retry it from "
                    f"the admin)\n{_where(exc)}"
                ) from None
            delays = settings.TASK_RETRY_DELAYS
            total = len(delays) + 1
            reason = _reason(failure)
            name = function.__name__
            if attempt >= total or not queued.get_backend().supports_defer:
                logger.warning("Task %s: attempt %d of %d failed (%s); gave up", name,
                               attempt, total, reason)  # fmt: skip
                raise GaveUp(f"{reason} on attempt {attempt} of {total}\n{_where(failure)}")
            later = timezone.now() + timedelta(seconds=delays[attempt - 1])
            queued.using(run_after=later).enqueue(*args, attempt=attempt + 1, **kwargs)
            logger.warning("Task %s: attempt %d of %d failed (%s); next at %s", name, attempt,
                           total, reason, later.isoformat(timespec="seconds"))  # fmt: skip
            raise WillRetry(
                f"{reason} on attempt {attempt} of {total}; attempt {attempt + 1} is queued "
                f"for {timezone.localtime(later):%Y-%m-%d %H:%M:%S}"
            )

        queued = task(run, priority=priority)
        return queued

    return decorate(function) if function is not None else decorate


def label(row: DBTaskResult) -> str:
    """What a task row is, for people: the first line of its function's docstring."""
    try:
        doc = row.task.func.__doc__ or ""
    except (ImportError, AttributeError):
        doc = ""
    return doc.strip().splitlines()[0].rstrip(".") if doc.strip() else row.task_name


def failure(row: DBTaskResult) -> str:
    """A failed row's reason in one line, e.g. "SMTPServerDisconnected on attempt 6 of 6"."""
    marker = f"{row.exception_class_path}: "
    for line in (row.traceback or "").splitlines():
        if line.startswith(marker):
            return line[len(marker) :]
    return row.exception_class_path.rsplit(".", 1)[-1]


def is_dead_letter(row: DBTaskResult) -> bool:
    return row.status == TaskResultStatus.FAILED and not row.exception_class_path.endswith(
        f".{WillRetry.__qualname__}"
    )


def is_stuck(row: DBTaskResult, now=None) -> bool:
    now = now or timezone.now()
    return (
        row.status == TaskResultStatus.RUNNING
        and row.started_at is not None
        and row.started_at < now - STUCK_AFTER
    )


def needs_attention(rows, now=None):
    """Dead letters and stuck rows: what an admin may run again."""
    now = now or timezone.now()
    return rows.filter(
        Q(status=TaskResultStatus.FAILED)
        & ~Q(exception_class_path__endswith=f".{WillRetry.__qualname__}")
        | Q(status=TaskResultStatus.RUNNING, started_at__lt=now - STUCK_AFTER)
    )


def retry(row: DBTaskResult):
    """Run a dead or stuck task again from its first attempt: a new row with the same
    arguments replaces this one."""
    args = row.args_kwargs.get("args", [])
    kwargs = {k: v for k, v in row.args_kwargs.get("kwargs", {}).items() if k != "attempt"}
    again = import_string(row.task_path).using(
        priority=row.priority, queue_name=row.queue_name, backend=row.backend_name
    )
    with transaction.atomic():
        result = again.enqueue(*args, **kwargs)
        DBTaskResult.objects.filter(pk=row.pk).delete()
    return result


def queued_for(queued_task) -> set:
    """The first argument of every waiting or running (not stuck) row of this task, e.g.
    the enquiry ids whose emails are on their way. Empty where no rows are kept."""
    if not isinstance(queued_task.get_backend(), DatabaseBackend):
        return set()
    rows = DBTaskResult.objects.filter(task_path=queued_task.module_path).filter(
        Q(status=TaskResultStatus.READY)
        | Q(status=TaskResultStatus.RUNNING, started_at__gte=timezone.now() - STUCK_AFTER)
    )
    return {
        data["args"][0] for data in rows.values_list("args_kwargs", flat=True) if data.get("args")
    }
