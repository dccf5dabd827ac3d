"""Booking a free call: the form, bad input, taken slots, the constraint, the rate limit."""

import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ipt_site.introcalls.models import Booking, CallRequest, CallWindow, TimeOff
from ipt_site.introcalls.slots import Slot
from tests.factories import create_therapist

from .conftest import VISITOR
from .helpers import book_url, free_slots, post_booking

pytestmark = pytest.mark.django_db


def choose_url(therapist):
    return reverse("introcalls:choose", args=[therapist.slug])


def test_the_times_page_lists_free_times_as_links_and_is_never_cached(client, caller):
    response = client.get(choose_url(caller))
    assert response.status_code == 200
    slot = free_slots(caller)[0]
    html = response.content.decode()
    assert f"{book_url(caller)}?slot={slot.id}" in html
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    assert html.count("<h1") == 1 and 'rel="canonical"' in html and 'id="urgent-help"' in html


def test_a_visitor_books_a_call_and_both_sides_are_emailed(
    client, caller, django_capture_on_commit_callbacks
):
    slot = free_slots(caller)[2]
    response = client.get(f"{book_url(caller)}?slot={slot.id}")
    assert slot.label in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_booking(client, caller, slot.id)
    booking = Booking.objects.get()
    assert (booking.therapist, booking.start, booking.end) == (caller, slot.start, slot.end)
    assert (booking.name, booking.phone, booking.mode) == ("Alex Visitor", "07700 900123", "phone")
    assert response.status_code == 302 and "?booked=1" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Your call is booked" in page and "07700 900123" in page
    assert sorted(m.to[0] for m in mail.outbox) == ["alex@example.net", "robin@example.org"]
    # The time is no longer offered.
    assert slot not in free_slots(caller)
    assert slot.id not in client.get(choose_url(caller)).content.decode()


def test_a_phone_call_needs_a_number_and_a_video_call_an_email_and_typing_is_kept(client, caller):
    slot = free_slots(caller)[0]
    response = post_booking(client, caller, slot.id, phone="", name="Kept Name")
    html = response.content.decode()
    assert response.status_code == 200 and "Enter a phone number for the call" in html
    assert 'value="Kept Name"' in html and 'value="alex@example.net"' in html
    assert f'name="slot" value="{slot.id}"' in html  # the chosen time is kept too
    response = post_booking(client, caller, slot.id, mode="video", email="")
    assert "so the therapist can send you the video link" in response.content.decode()
    response = post_booking(client, caller, slot.id, consent="")
    assert "Tick the box" in response.content.decode()
    response = post_booking(client, caller, slot.id, phone="call me")
    assert "at least 7 digits" in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "slot_id, message",
    [
        ("not-a-slot", "not one we recognise"),
        ("20260231T0900Z", "not one we recognise"),
        ("<script>", "not one we recognise"),
        ("20200101T0900Z", "not one we can offer"),  # long past
        ("20991231T0317Z", "not one we can offer"),  # never offered
    ],
)
def test_a_bad_slot_id_gets_a_clear_message_and_the_nearest_times(client, caller, slot_id, message):
    response = post_booking(client, caller, slot_id, name="Kept Name")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and 'value="Kept Name"' in html
    assert html.count('type="radio" name="slot"') == 4  # the nearest free times
    assert "<script>" not in html.split("<main")[1].split("</main>")[0]
    # The same on a GET (a link typed by hand, an old bookmark).
    page = client.get(f"{book_url(caller)}?slot={slot_id}")
    assert page.status_code == 200 and message in page.content.decode()
    assert not Booking.objects.exists()


def test_a_slot_of_another_therapist_is_foreign(client, caller):
    other = create_therapist(intro_call=True)
    CallWindow.objects.create(therapist=other, weekday=0, starts=time(13, 5), ends=time(13, 20))
    foreign = free_slots(other)[0]
    response = post_booking(client, caller, foreign.id)
    assert "not one we can offer" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_slot_taken_a_moment_ago_offers_the_nearest_free_ones_and_keeps_the_form(client, caller):
    # A time in the middle of a whole day (the second day offered: the first is cut short
    # by the notice needed, by how late it is now), so its nearest are two either side.
    first_day = free_slots(caller)[0].day
    slots = [s for s in free_slots(caller) if s.day > first_day]
    slots = [s for s in slots if s.day == slots[0].day]
    assert len(slots) >= 6
    wanted = slots[3]
    Booking.objects.create(
        therapist=caller, start=wanted.start, end=wanted.end, name="First", phone="0123456789",
        mode="phone",
    )  # fmt: skip
    response = post_booking(client, caller, wanted.id, name="Second Person")
    html = response.content.decode()
    assert "someone booked that time a moment ago" in html
    assert 'value="Second Person"' in html and 'value="07700 900123"' in html
    offered = re.findall(r'name="slot" value="([0-9TZ]+)"', html)
    assert wanted.id not in offered
    assert offered == [s.id for s in sorted(slots[1:3] + slots[4:6])]
    assert Booking.objects.count() == 1


def test_the_database_refuses_a_second_live_booking_of_one_slot(caller):
    start = timezone.now() + timedelta(days=2)
    end = start + timedelta(minutes=15)
    values = {"therapist": caller, "start": start, "end": end, "name": "A", "phone": "0123456789",
              "mode": "phone"}  # fmt: skip
    first = Booking.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(**values)
    # A cancelled or missed call frees the slot.
    first.status = Booking.Status.CANCELLED
    first.save()
    second = Booking.objects.create(**values)
    second.status = Booking.Status.NO_SHOW
    second.save()
    Booking.objects.create(**values)
    assert Booking.objects.live().count() == 1


def test_the_service_turns_a_lost_race_into_slot_taken(caller, monkeypatch):
    """The overlap check passed (the other booking was not committed yet), but the
    insert hits the constraint: the visitor is told the time was taken."""
    from ipt_site.introcalls import services

    slot = free_slots(caller)[0]
    services.book(caller, slot, VISITOR)
    monkeypatch.setattr(services, "still_free", lambda *args, **kwargs: True)
    with pytest.raises(services.SlotTaken):
        services.book(caller, slot, VISITOR)
    assert Booking.objects.count() == 1


def test_days_off_remove_those_days(client, caller):
    first = free_slots(caller)[0]
    TimeOff.objects.create(therapist=caller, first_day=first.day, last_day=first.day)
    assert all(slot.day != first.day for slot in free_slots(caller))


def test_no_windows_or_no_free_times_offer_suggesting_times(
    client, caller, django_capture_on_commit_callbacks
):
    caller.call_windows.all().delete()
    page = client.get(choose_url(caller)).content.decode()
    assert "No free times" in page
    suggest = reverse("introcalls:suggest", args=[caller.slug])
    assert suggest in page
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {**VISITOR, "day_1": tomorrow, "part_1": "morning", "day_2": tomorrow, "part_2": ""}
    response = client.post(suggest, data)
    assert "Choose a time of day for this day too" in response.content.decode()
    assert f'<option value="{tomorrow}" selected>' in response.content.decode()
    data["part_2"] = "evening"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(suggest, data)
    assert response.status_code == 302
    request = CallRequest.objects.get()
    assert [part for _, part in request.choices()] == [
        "Morning (9am to 12 noon)",
        "Early evening (5pm to 8pm)",
    ]
    [message] = mail.outbox
    assert message.to == ["hello@example.org"]
    assert f"/introcalls/callrequest/{request.pk}/change/" in message.body
    assert "Alex" not in message.body and "07700" not in message.body


def test_suggested_days_outside_the_three_weeks_are_refused(client, caller):
    far = (timezone.localdate() + timedelta(days=40)).isoformat()
    url = reverse("introcalls:suggest", args=[caller.slug])
    response = client.post(url, {**VISITOR, "day_1": far, "part_1": "morning"})
    assert "Choose a day from the list" in response.content.decode()
    assert not CallRequest.objects.exists()


def test_only_published_therapists_who_offer_a_call_have_these_pages(client):
    hidden = create_therapist(intro_call=True, published=False)
    no_call = create_therapist(intro_call=False)
    for therapist in (hidden, no_call):
        assert client.get(choose_url(therapist)).status_code == 404
        assert client.get(book_url(therapist) + "?slot=x").status_code == 404
    assert client.get("/therapists/nobody-at-all/intro-call/").status_code == 404


def test_a_booking_flood_from_one_address_is_refused_with_everything_kept(client, caller, settings):
    settings.INTRO_CALL_RATE_LIMIT = 2
    slots = free_slots(caller)
    for slot in slots[:2]:
        assert post_booking(client, caller, slot.id).status_code == 302
    response = post_booking(client, caller, slots[2].id, name="Third Try")
    assert response.status_code == 429
    html = response.content.decode()
    assert "several times in a short while" in html and 'value="Third Try"' in html
    assert Booking.objects.count() == 2
    # Another address is not affected.
    other = client.post(book_url(caller), {**VISITOR, "slot": slots[3].id}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_a_bot_filling_the_hidden_field_books_nothing(client, caller):
    response = post_booking(client, caller, free_slots(caller)[0].id, website="spam")
    assert response.status_code == 302 and not Booking.objects.exists()


def test_overlapping_bookings_from_a_changed_window_are_refused(caller):
    """A window moved by ten minutes: its slots overlap a booking without sharing its
    start, and are not offered."""
    slot = free_slots(caller)[0]
    Booking.objects.create(therapist=caller, start=slot.start + timedelta(minutes=10),
                           end=slot.end + timedelta(minutes=10), name="A", phone="0123456789",
                           mode="phone")  # fmt: skip
    assert slot not in free_slots(caller)
    from ipt_site.introcalls import services

    with pytest.raises(services.SlotTaken):
        services.book(caller, Slot(slot.start, slot.end), VISITOR)


def test_the_times_and_booking_pages_take_the_same_queries_however_busy(client, caller, settings):
    """Windows, days off and bookings are each read once: more of them is no more queries."""
    settings.VERSION_RECHECK_SECONDS = 3600
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    slots = free_slots(caller)
    book = f"{book_url(caller)}?slot={slots[-1].id}"
    queries(choose_url(caller))  # the first request reads the site's own settings rows
    before = queries(choose_url(caller)), queries(book)
    Booking.objects.bulk_create(
        Booking(
            therapist=caller, start=s.start, end=s.end, name="N", phone="0123456789", mode="phone"
        )  # fmt: skip
        for s in slots[:40]
    )
    TimeOff.objects.create(therapist=caller, first_day=slots[41].day, last_day=slots[41].day)
    CallWindow.objects.create(therapist=caller, weekday=0, starts=time(14), ends=time(16))
    # The therapist, their windows, days off and live bookings: four, busy or not.
    assert (queries(choose_url(caller)), queries(book)) == before == (4, 4)
