"""Therapists publish their weekly times and days off in /account/ (live at once, no
approval); staff see calls beside enquiries, mark no-shows and cancel."""

from datetime import time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ipt_site.accounts.models import ProfileChange
from ipt_site.introcalls.models import Booking, CallRequest, CallWindow, TimeOff
from tests.accounts.conftest import make_account, make_therapist

from .conftest import VISITOR
from .helpers import free_slots

pytestmark = pytest.mark.django_db
ACCOUNT = "/account/intro-calls/"


@pytest.fixture
def therapist(db):
    return make_therapist(intro_call=True, intro_call_minutes=20)


@pytest.fixture
def signed_in(client, therapist):
    client.force_login(make_account(therapist))
    return client


def test_a_therapist_adds_a_weekly_time_that_is_bookable_at_once(client, signed_in, therapist):
    assert free_slots(therapist) == []
    response = signed_in.post(
        ACCOUNT, {"action": "add-window", "weekday": "2", "starts": "09:30", "ends": "10:30"}
    )
    assert response.status_code == 302
    window = CallWindow.objects.get()
    assert (window.weekday, window.starts, window.ends) == (2, time(9, 30), time(10, 30))
    assert not ProfileChange.objects.exists()  # no approval needed
    slots = free_slots(therapist)
    assert slots and all(s.day.weekday() == 2 for s in slots)
    assert [s.time_label for s in slots[:3]] == ["9:30am", "9:50am", "10:10am"]  # 20 minutes
    page = signed_in.get(ACCOUNT).content.decode()
    assert "Wednesdays, 09:30 to 10:30" in page and page.count("<h1") == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"weekday": "", "starts": "09:00", "ends": "10:00"}, "Choose a day."),
        ({"weekday": "8", "starts": "09:00", "ends": "10:00"}, "Select a valid choice"),
        ({"weekday": "1", "starts": "nine", "ends": "10:00"}, "Enter a time like 09:30."),
        ({"weekday": "1", "starts": "10:00", "ends": "09:00"}, "The end must be later"),
        ({"weekday": "1", "starts": "10:00", "ends": "10:10"}, "at least 20 minutes"),
    ],
)
def test_a_bad_window_is_explained_and_kept(signed_in, data, message):
    response = signed_in.post(ACCOUNT, {"action": "add-window", **data})
    html = response.content.decode()
    assert response.status_code == 400 and message in html and "There is a problem" in html
    if data["starts"]:
        assert f'value="{data["starts"]}"' in html
    assert not CallWindow.objects.exists()


def test_overlapping_windows_are_refused(signed_in, therapist):
    CallWindow.objects.create(therapist=therapist, weekday=1, starts=time(9), ends=time(11))
    response = signed_in.post(
        ACCOUNT, {"action": "add-window", "weekday": "1", "starts": "10:00", "ends": "12:00"}
    )
    assert "overlaps a time you already offer" in response.content.decode()
    assert CallWindow.objects.count() == 1


def test_days_off_and_removing_only_your_own(signed_in, therapist):
    window = CallWindow.objects.create(
        therapist=therapist, weekday=1, starts=time(9), ends=time(10)
    )
    other = make_therapist(slug="other-one", intro_call=True)
    theirs = CallWindow.objects.create(therapist=other, weekday=1, starts=time(9), ends=time(10))
    signed_in.post(ACCOUNT, {"action": "remove-window", "id": str(theirs.pk)})
    signed_in.post(ACCOUNT, {"action": "remove-window", "id": "'; drop table"})
    assert CallWindow.objects.count() == 2
    signed_in.post(ACCOUNT, {"action": "remove-window", "id": str(window.pk)})
    assert list(CallWindow.objects.all()) == [theirs]

    today = timezone.localdate()
    first, last = today + timedelta(days=3), today + timedelta(days=10)
    signed_in.post(ACCOUNT, {"action": "add-time-off", "first_day": first.isoformat(),
                             "last_day": last.isoformat()})  # fmt: skip
    assert TimeOff.objects.get().therapist == therapist
    response = signed_in.post(ACCOUNT, {"action": "add-time-off", "first_day": last.isoformat(),
                                        "last_day": first.isoformat()})  # fmt: skip
    assert "on or after the first day" in response.content.decode()


def test_the_account_page_lists_calls_with_links_and_needs_a_therapist(
    client, signed_in, therapist
):
    booking = make_booking(therapist, 2)
    page = signed_in.get(ACCOUNT).content.decode()
    assert "Alex Visitor" in page and "/intro-call/" in page
    signed_in.logout()
    assert signed_in.get(ACCOUNT).status_code == 302
    assert booking.pk


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


def make_booking(therapist, days, **fields):
    start = timezone.now() + timedelta(days=days)
    values = {"name": "Alex Visitor", "phone": "07700 900123", "mode": "phone", **fields}
    return Booking.objects.create(
        therapist=therapist, start=start, end=start + timedelta(minutes=15), **values
    )


def test_staff_see_calls_to_come_first_and_mark_a_no_show(staff, therapist):
    past = make_booking(therapist, -1, name="Past Person")
    future = make_booking(therapist, 2, name="Future Person")
    url = reverse("admin:introcalls_booking_changelist")
    page = staff.get(url).content.decode()
    assert "Future Person" in page and "Past Person" not in page
    assert "Past Person" in staff.get(url + "?calls=past").content.decode()
    staff.post(
        url + "?calls=all", {"action": "mark_no_show", "_selected_action": [past.pk, future.pk]}
    )
    past.refresh_from_db(), future.refresh_from_db()
    assert past.status == Booking.Status.NO_SHOW and future.is_live  # not started: left alone
    # The record is read-only.
    change = staff.get(reverse("admin:introcalls_booking_change", args=[future.pk]))
    assert change.status_code == 200 and 'name="name"' not in change.content.decode()


def test_staff_cancel_frees_the_slot_and_tells_both(
    staff, therapist, django_capture_on_commit_callbacks
):
    booking = make_booking(therapist, 2, email="alex@example.net")
    url = reverse("admin:introcalls_booking_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url, {"action": "cancel_calls", "_selected_action": [booking.pk]})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.changed_by == "practice"
    assert sorted(m.to[0] for m in mail.outbox) == ["alex@example.net", therapist.email]


def test_suggested_times_are_listed_for_staff(staff, therapist):
    visitor = {k: VISITOR[k] for k in ("name", "phone", "mode")}
    day = timezone.localdate() + timedelta(days=2)
    CallRequest.objects.create(therapist=therapist, day_1=day, part_1="morning", **visitor)
    request = CallRequest.objects.get()
    page = staff.get(
        reverse("admin:introcalls_callrequest_change", args=[request.pk])
    ).content.decode()
    assert "Morning (9am to 12 noon)" in page and "07700 900123" in page


def test_old_calls_and_suggestions_are_purged(therapist, settings):
    settings.INTRO_CALL_RETENTION_DAYS = 30
    old = make_booking(therapist, -31)
    recent = make_booking(therapist, -29)
    CallRequest.objects.create(therapist=therapist, day_1=timezone.localdate(), part_1="morning",
                               name="A", phone="0123456789", mode="phone",
                               received_at=timezone.now() - timedelta(days=31))  # fmt: skip
    call_command("purge_intro_calls", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(Booking.objects.all()) == [recent] and not CallRequest.objects.exists()
    assert old.pk
