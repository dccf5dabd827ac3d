"""One slot, one booking, with requests truly at the same moment on PostgreSQL: threads
post at once through the whole stack (form, service, database); exactly one wins and
every other gets the nearest free times with what they typed."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from ipt_site.introcalls import services
from ipt_site.introcalls.models import Booking

from .conftest import VISITOR
from .helpers import book_url, free_slots

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL: SQLite lets one writer at a time hold "
        "the database, so nothing can race there (the constraint itself is tested on both "
        "in test_booking.py)",
    ),
]
PEOPLE = 4


def post_together(therapist, slot_id, barrier):
    results = [None] * PEOPLE

    def person(number):
        try:
            client = Client()
            data = {**VISITOR, "slot": slot_id, "name": f"Person {number}"}
            barrier.wait(timeout=20)
            results[number] = client.post(book_url(therapist), data, REMOTE_ADDR=f"10.0.0.{number}")
        finally:
            connection.close()

    threads = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def check_one_winner(results, slot, therapist):
    winners = [n for n, r in enumerate(results) if r.status_code == 302]
    assert len(winners) == 1, [r.status_code for r in results]
    booking = Booking.objects.get()
    assert booking.start == slot.start and booking.name == f"Person {winners[0]}"
    for number, response in enumerate(results):
        if number in winners:
            continue
        html = response.content.decode()
        assert response.status_code == 200
        assert "someone booked that time a moment ago" in html
        assert f'value="Person {number}"' in html and 'value="07700 900123"' in html
        offered = re.findall(r'name="slot" value="([0-9TZ]+)"', html)
        assert len(offered) == 4 and slot.id not in offered
    assert slot not in free_slots(therapist)


def test_people_booking_one_slot_at_the_same_moment(caller):
    slot = free_slots(caller)[5]
    results = post_together(caller, slot.id, threading.Barrier(PEOPLE))
    check_one_winner(results, slot, caller)


def test_the_constraint_decides_when_every_check_passed_at_once(caller, monkeypatch):
    """Everyone passes the form and the overlap check before anyone inserts: only the
    database's unique constraint stands between them and a double booking."""
    slot = free_slots(caller)[5]
    checked = threading.Barrier(PEOPLE)
    original = services.still_free

    def still_free_then_wait(*args, **kwargs):
        free = original(*args, **kwargs)
        checked.wait(timeout=20)  # nobody inserts until everyone has checked
        return free

    monkeypatch.setattr(services, "still_free", still_free_then_wait)
    results = post_together(caller, slot.id, threading.Barrier(PEOPLE))
    check_one_winner(results, slot, caller)
