"""Reminders the day before, queued with run_after; none after a cancellation or for the
old time after a move. The real database queue and worker."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from ipt_site.introcalls import tokens
from ipt_site.introcalls.models import Booking, CallWindow

from .helpers import free_slots, post_booking

pytestmark = pytest.mark.django_db(transaction=True)


def later_slot(therapist, days=3):
    return next(s for s in free_slots(therapist) if s.start > timezone.now() + timedelta(days=days))


def subjects():
    return sorted(f"{m.to[0]} {m.subject.split()[0]}" for m in mail.outbox)


def test_a_reminder_goes_to_both_the_day_before(client, caller, task_queue):
    slot = later_slot(caller)
    post_booking(client, caller, slot.id)
    rows = task_queue.ready()
    assert len(rows) == 4  # two confirmations now, two reminders later
    reminders = [row for row in rows if row.args_kwargs["args"][1] == "reminder"]
    assert {row.run_after for row in reminders} == {slot.start - timedelta(days=1)}
    # Only ids and plain values are stored: nothing the visitor typed.
    for row in rows:
        assert "Alex" not in str(row.args_kwargs) and "07700" not in str(row.args_kwargs)

    task_queue.run()
    assert subjects() == ["alex@example.net Booked:", "robin@example.org New"]
    mail.outbox.clear()
    task_queue.time_passes()
    task_queue.run()
    assert subjects() == ["alex@example.net Reminder:", "robin@example.org Reminder:"]
    assert Booking.objects.get().reminded_at is not None


def test_no_reminder_after_a_cancellation(client, caller, task_queue):
    post_booking(client, caller, later_slot(caller).id)
    task_queue.run()
    booking = Booking.objects.get()
    client.post(tokens.manage_path(booking, "visitor"), {"action": "cancel"})
    task_queue.run()
    mail.outbox.clear()
    task_queue.time_passes()
    task_queue.run()
    assert mail.outbox == []
    done = task_queue.rows(status=TaskResultStatus.SUCCESSFUL)
    assert (
        sum(row.return_value == "The call is no longer booked: nothing to send." for row in done)
        == 2
    )


def test_after_a_move_only_the_new_time_is_reminded(client, caller, task_queue):
    post_booking(client, caller, later_slot(caller).id)
    task_queue.run()
    booking = Booking.objects.get()
    new = later_slot(caller, days=5)
    client.post(
        reverse("introcalls:move", args=[tokens.make(booking, "visitor")]), {"slot": new.id}
    )
    task_queue.run()
    mail.outbox.clear()
    task_queue.time_passes()
    task_queue.run()
    assert subjects() == ["alex@example.net Reminder:", "robin@example.org Reminder:"]
    assert all(new.day_label in m.subject for m in mail.outbox)


def test_a_call_booked_less_than_a_day_ahead_gets_no_reminder(client, caller, task_queue):
    # Calls all day, every day, so the first free slot is always the notice period away,
    # whatever the hour the suite runs at: with 9 to 11 only, after about 22:45 the first
    # free slot is the morning after next, more than a day ahead.
    caller.call_windows.all().delete()
    CallWindow.objects.bulk_create(
        CallWindow(therapist=caller, weekday=day, starts=time(0, 0), ends=time(23, 45))
        for day in range(7)
    )
    soon = free_slots(caller)[0]
    assert soon.start < timezone.now() + timedelta(days=1)
    post_booking(client, caller, soon.id)
    assert len(task_queue.ready()) == 2
