"""The signed link to see, cancel or move a call: good, forged, used, replaced, expired."""

import time
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from ipt_site.introcalls import tokens
from ipt_site.introcalls.models import Booking

from . import icalendar
from .helpers import free_slots, post_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(client, caller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_booking(client, caller, free_slots(caller)[0].id)
    mail.outbox.clear()
    return Booking.objects.get()


def manage(booking, role="visitor"):
    return tokens.manage_path(booking, role)


def test_the_visitor_cancels_once_and_the_slot_is_free_again(
    client, booked, django_capture_on_commit_callbacks
):
    url = manage(booked)
    page = client.get(url)
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"]
    assert (
        client.get(url).status_code == 200 and Booking.objects.get().is_live
    )  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "cancel"})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Booking.Status.CANCELLED and booked.changed_by == "visitor"
    assert sorted(m.to[0] for m in mail.outbox) == ["alex@example.net", "robin@example.org"]
    for message in mail.outbox:
        assert message.subject.startswith("Cancelled")
        calendar = icalendar.parse(message.attachments[0][1])
        assert calendar["props"]["METHOD"][0][1] == "CANCEL"
    assert "The call is cancelled" in client.get(response["Location"]).content.decode()

    # The used link: a second press changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"action": "cancel"})
    assert again.status_code == 302 and len(mail.outbox) == 2
    page = client.get(url).content.decode()
    assert "Cancelled" in page and "Cancel the call" not in page
    assert (
        client.get(reverse("introcalls:move", args=[tokens.make(booked, "visitor")])).status_code
        == 302
    )
    # The slot can be booked again.
    assert any(slot.start == booked.start for slot in free_slots(booked.therapist))


def test_the_therapist_link_shows_how_to_reach_the_visitor_and_can_cancel(
    client, booked, django_capture_on_commit_callbacks
):
    page = client.get(manage(booked, "therapist")).content.decode()
    assert "07700 900123" in page and "alex@example.net" in page and "Alex Visitor" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage(booked, "therapist"), {"action": "cancel"})
    booked.refresh_from_db()
    assert booked.changed_by == "therapist" and not booked.is_live


def test_moving_a_call_replaces_it_in_calendars_and_retires_older_links(
    client, booked, django_capture_on_commit_callbacks
):
    old_visitor, old_therapist = manage(booked), manage(booked, "therapist")
    move = reverse("introcalls:move", args=[tokens.make(booked, "visitor")])
    listing = client.get(move).content.decode()
    new = free_slots(booked.therapist)[3]
    assert f"{move}?slot={new.id}" in listing
    confirm = client.get(f"{move}?slot={new.id}").content.decode()
    assert new.label in confirm
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move, {"slot": new.id})
    assert response.status_code == 302 and "?moved=1" in response["Location"]
    moved = Booking.objects.get()
    assert (moved.start, moved.sequence, moved.uid) == (new.start, 1, booked.uid)
    assert "The call has moved" in client.get(response["Location"]).content.decode()
    for message in mail.outbox:
        assert message.subject.startswith("Moved")
        event = icalendar.parse(message.attachments[0][1])["children"][0]
        assert event["props"]["SEQUENCE"][0][1] == "1"
        assert event["props"]["UID"][0][1].startswith(str(booked.uid))
    # Links sent before the move stop working; the new ones work.
    for old in (old_visitor, old_therapist):
        gone = client.get(old)
        assert gone.status_code == 410 and "has been replaced" in gone.content.decode()
        assert client.post(old, {"action": "cancel"}).status_code == 410
    assert Booking.objects.get().is_live
    assert client.get(manage(moved)).status_code == 200


def test_moving_to_a_time_taken_meanwhile_offers_the_nearest(client, booked):
    target = free_slots(booked.therapist)[2]
    Booking.objects.create(therapist=booked.therapist, start=target.start, end=target.end,
                           name="Quick", phone="0123456789", mode="phone")  # fmt: skip
    move = reverse("introcalls:move", args=[tokens.make(booked, "visitor")])
    response = client.post(move, {"slot": target.id})
    html = response.content.decode()
    assert response.status_code == 200 and "someone booked that time a moment ago" in html
    assert html.count('type="radio" name="slot"') == 4
    assert Booking.objects.get(pk=booked.pk).start == booked.start


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        lambda token: token.split(":")[0],
        lambda token: "nothing-here",
        lambda token: "WzEsImtleSIsImFkbWluIl0:1xZWeD:forged",
    ],
)
def test_a_forged_link_is_refused_without_a_500(client, booked, mangle):
    token = mangle(tokens.make(booked, "visitor"))
    for url in (
        reverse("introcalls:manage", args=[token]),
        reverse("introcalls:move", args=[token]),
    ):
        response = client.get(url)
        assert (
            response.status_code == 404 and "This link does not work" in response.content.decode()
        )
        assert client.post(url, {"action": "cancel"}).status_code == 404
    assert Booking.objects.get().is_live


def test_a_link_for_another_role_or_booking_cannot_be_made_up(client, booked):
    from django.core import signing

    fake = signing.dumps([booked.pk, booked.key, "admin"], salt=tokens.SALT, compress=False)
    assert client.get(reverse("introcalls:manage", args=[fake])).status_code == 404
    wrong_key = signing.dumps([booked.pk, "guess", "visitor"], salt=tokens.SALT, compress=False)
    assert client.get(reverse("introcalls:manage", args=[wrong_key])).status_code == 410


def test_an_old_link_has_expired(client, booked, settings):
    weeks_ago = time.time() - tokens.max_age() - 60
    with mock.patch("time.time", return_value=weeks_ago):
        token = tokens.make(booked, "visitor")
    response = client.get(reverse("introcalls:manage", args=[token]))
    assert response.status_code == 410 and "has expired" in response.content.decode()
    assert (
        client.post(reverse("introcalls:manage", args=[token]), {"action": "cancel"}).status_code
        == 410
    )
    assert Booking.objects.get().is_live


def test_a_call_in_the_past_can_no_longer_be_changed(client, booked):
    from datetime import timedelta

    Booking.objects.filter(pk=booked.pk).update(
        start=booked.start - timedelta(days=3), end=booked.end - timedelta(days=3)
    )
    url = manage(booked)
    page = client.get(url).content.decode()
    assert "can no longer be changed" in page and "Cancel the call" not in page
    client.post(url, {"action": "cancel"})
    assert Booking.objects.get().is_live
