"""The dated availability status: one service writes it, a signal says when places open,
the directory sorts soonest start first, and a new profile is confirmed the day it is made."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ipt_site.therapists.models import Availability, Therapist
from ipt_site.therapists.services import set_availability
from ipt_site.therapists.signals import availability_opened

from .conftest import create_therapist

pytestmark = pytest.mark.django_db

OPEN = (Availability.WITHIN_2_WEEKS, Availability.WITHIN_2_MONTHS)
CLOSED = (Availability.WAITING_LIST, Availability.NOT_TAKING)


@pytest.fixture
def heard():
    """The therapists `availability_opened` was sent for, in order."""
    received = []

    def listener(sender, therapist, **kwargs):
        received.append((sender, therapist.pk, therapist.availability))

    availability_opened.connect(listener)
    yield received
    availability_opened.disconnect(listener)


@pytest.fixture
def staff(db):
    return User.objects.create_user("staff", is_staff=True)


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def test_set_availability_records_the_status_the_day_and_who(
    staff, django_capture_on_commit_callbacks
):
    therapist = create_therapist(accepting_confirmed_on=days_ago(40))
    with django_capture_on_commit_callbacks(execute=True):
        set_availability(therapist, Availability.WAITING_LIST, confirmed_by=staff)
    therapist.refresh_from_db()
    assert therapist.availability == Availability.WAITING_LIST
    assert therapist.accepting_confirmed_on == timezone.localdate()
    assert therapist.availability_confirmed_by == staff


@pytest.mark.parametrize("before", CLOSED)
@pytest.mark.parametrize("after", OPEN)
def test_the_signal_is_sent_when_places_open(
    staff, heard, django_capture_on_commit_callbacks, before, after
):
    therapist = create_therapist(availability=before)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        set_availability(therapist, after, confirmed_by=staff)
    assert heard == []  # not before the change is committed
    for callback in callbacks:
        callback()
    assert heard == [(Therapist, therapist.pk, after)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        *[(a, b) for a in OPEN for b in OPEN],  # open to open (or confirming again)
        *[(a, b) for a in CLOSED for b in CLOSED],  # still closed
        *[(a, b) for a in OPEN for b in CLOSED],  # closing
    ],
)
def test_no_signal_otherwise(staff, heard, django_capture_on_commit_callbacks, before, after):
    therapist = create_therapist(availability=before)
    with django_capture_on_commit_callbacks(execute=True):
        set_availability(therapist, after, confirmed_by=staff)
    assert heard == []


def test_no_signal_when_the_change_is_rolled_back(staff, heard):
    from django.db import transaction

    therapist = create_therapist(availability=Availability.NOT_TAKING)
    with pytest.raises(RuntimeError), transaction.atomic():
        set_availability(therapist, Availability.WITHIN_2_WEEKS, confirmed_by=staff)
        raise RuntimeError("something else failed")
    assert heard == []
    therapist.refresh_from_db()
    assert therapist.availability == Availability.NOT_TAKING


def test_can_take_people():
    for status in Availability:
        create_therapist(name=status.label, availability=status)
    assert set(Therapist.objects.can_take_people().values_list("availability", flat=True)) == {
        Availability.WITHIN_2_WEEKS,
        Availability.WITHIN_2_MONTHS,
    }


def test_the_directory_sorts_soonest_start_first_among_equals(client):
    create_therapist(name="Not taking", availability=Availability.NOT_TAKING, display_order=1)
    create_therapist(name="Waiting", availability=Availability.WAITING_LIST, display_order=1)
    create_therapist(name="Months", availability=Availability.WITHIN_2_MONTHS, display_order=1)
    create_therapist(name="Weeks B", availability=Availability.WITHIN_2_WEEKS, display_order=2)
    create_therapist(name="Weeks A", availability=Availability.WITHIN_2_WEEKS, display_order=2)
    create_therapist(
        name="Weeks stale",
        availability=Availability.WITHIN_2_WEEKS,
        accepting_confirmed_on=days_ago(200),
    )
    response = client.get("/therapists/")
    assert [t.name for t in response.context["therapists"]] == [
        "Weeks A",
        "Weeks B",
        "Months",
        "Waiting",
        "Not taking",
        "Weeks stale",  # not confirmed lately: after everyone who did
    ]
    html = response.content.decode()
    assert "then the soonest to start" in html


def test_each_status_is_shown_with_its_date(client):
    for status in Availability:
        create_therapist(name=status.label, availability=status, accepting_confirmed_on=days_ago(3))
    html = client.get("/therapists/").content.decode()
    for status in Availability:
        assert status.label in html
    assert html.count(f"Confirmed {days_ago(3):%-d %B %Y}") == 4
    assert 'class="availability-badge availability-waiting-list"' in html


def test_a_new_profile_is_confirmed_on_the_day_it_is_made(client):
    """Issue 26: a therapist added today showed red "not confirmed lately"."""
    therapist = Therapist.objects.create(
        name="Robin New", slug="robin-new", title="Counsellor", introduction="Hi.", published=True
    )
    assert therapist.accepting_confirmed_on == timezone.localdate()
    html = Client().get(therapist.get_absolute_url()).content.decode()
    assert "not confirmed lately" not in html.lower()
    assert f"Confirmed {timezone.localdate():%-d %B %Y}" in html


def test_the_admin_add_form_starts_with_today_and_records_who(admin_client):
    response = admin_client.get(reverse("admin:therapists_therapist_add"))
    form = response.context["adminform"].form
    assert form["accepting_confirmed_on"].value() == timezone.localdate()


def test_a_status_changed_in_the_admin_goes_through_the_service(
    admin_client, heard, django_capture_on_commit_callbacks
):
    from .test_admin import post_data

    therapist = create_therapist(
        name="Ada Lovegood",
        slug="ada-lovegood",
        availability=Availability.WAITING_LIST,
        accepting_confirmed_on=days_ago(30),
        registration_verified_on=timezone.localdate(),
        ipt_verified_on=timezone.localdate(),
    )
    url = reverse("admin:therapists_therapist_change", args=[therapist.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            post_data(
                availability="1",
                accepting_confirmed_on=days_ago(30).isoformat(),
                # The date has a default made by a function: Django's form also sends the
                # value it started with, to tell whether it was changed.
                **{"initial-accepting_confirmed_on": days_ago(30).isoformat()},
                registration_verified_on=timezone.localdate().isoformat(),
                ipt_verified_on=timezone.localdate().isoformat(),
            ),
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    therapist.refresh_from_db()
    assert therapist.availability == Availability.WITHIN_2_WEEKS
    assert therapist.accepting_confirmed_on == timezone.localdate()  # a new status: today
    assert therapist.availability_confirmed_by.username == "admin"
    assert heard == [(Therapist, therapist.pk, Availability.WITHIN_2_WEEKS)]


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("mark_within_2_weeks", Availability.WITHIN_2_WEEKS),
        ("mark_within_2_months", Availability.WITHIN_2_MONTHS),
        ("mark_waiting_list", Availability.WAITING_LIST),
        ("mark_not_taking", Availability.NOT_TAKING),
    ],
)
def test_admin_actions_set_a_status_for_many(
    admin_client, heard, django_capture_on_commit_callbacks, action, status
):
    first, second = (
        create_therapist(availability=Availability.NOT_TAKING, accepting_confirmed_on=days_ago(90))
        for _ in range(2)
    )
    untouched = create_therapist(availability=Availability.NOT_TAKING)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:therapists_therapist_changelist"),
            {"action": action, "_selected_action": [first.pk, second.pk]},
            follow=True,
        )
    assert f"2 therapists now say “{status.label}”, confirmed today." in (response.content.decode())
    for therapist in (first, second):
        therapist.refresh_from_db()
        assert therapist.availability == status
        assert therapist.accepting_confirmed_on == timezone.localdate()
    untouched.refresh_from_db()
    assert untouched.availability == Availability.NOT_TAKING
    assert len(heard) == (2 if status in OPEN else 0)


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_the_old_switch_into_statuses_and_keeps_the_date():
    """Accepting becomes "within 1 to 2 months" (the switch never promised a quick start);
    not accepting becomes "not taking anyone" (nothing says there is a waiting list)."""
    executor = MigrationExecutor(connection)
    before = [("therapists", "0007_ipt_level_labels")]
    # Every app's latest: going back also unapplies the apps that depend on therapists
    # (introcalls, search), and the tests after this one need their tables.
    after = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = MigrationExecutor(connection).loader.project_state(before).apps
        OldTherapist = old.get_model("therapists", "Therapist")
        confirmed = days_ago(20)
        for slug, accepting in (("open", True), ("closed", False)):
            OldTherapist.objects.create(
                name=slug,
                slug=slug,
                title="T",
                introduction="I",
                accepting_new_clients=accepting,
                accepting_confirmed_on=confirmed,
            )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = dict(Therapist.objects.values_list("slug", "availability"))
        assert new == {"open": Availability.WITHIN_2_MONTHS, "closed": Availability.NOT_TAKING}
        assert set(Therapist.objects.values_list("accepting_confirmed_on", flat=True)) == {
            confirmed
        }
    finally:
        MigrationExecutor(connection).migrate(after)
