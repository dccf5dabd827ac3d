"""Publishing someone whose credentials were never, or too long ago, verified needs an
explicit confirmation; such profiles show on the "needs attention" filter."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from ipt_site.therapists.models import Therapist

from .test_admin import post_data

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:therapists_therapist_changelist"


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Directory editors"))
    client.force_login(user)
    return user


def days_ago(days):
    return (timezone.localdate() - timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("registration", "ipt", "message"),
    [
        ("", days_ago(3), "Registration has never been verified."),
        (days_ago(3), "", "IPT training has never been verified."),
        (days_ago(400), days_ago(3), "Registration was last verified on"),
    ],
)
def test_publishing_unverified_credentials_needs_the_box_ticked(
    client, editor, registration, ipt, message
):
    data = post_data(registration_verified_on=registration, ipt_verified_on=ipt)
    response = client.post(reverse("admin:therapists_therapist_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["confirm_unverified"]
    assert message in errors[0]
    assert "tick this box to publish anyway" in errors[0]
    assert not Therapist.objects.exists()

    data["confirm_unverified"] = "on"
    response = client.post(reverse("admin:therapists_therapist_add"), data)
    assert response.status_code == 302
    assert Therapist.objects.get().published


def test_verified_credentials_or_a_draft_need_no_confirmation(client, editor):
    response = client.post(
        reverse("admin:therapists_therapist_add"),
        post_data(registration_verified_on=days_ago(10), ipt_verified_on=days_ago(364)),
    )
    assert response.status_code == 302
    response = client.post(
        reverse("admin:therapists_therapist_add"),
        post_data(slug="draft", registration_verified_on="", published=""),
    )
    assert response.status_code == 302  # not published: nothing to confirm


def test_already_published_profiles_can_be_edited_without_the_box(client, editor, make_therapist):
    therapist = make_therapist(slug="ada-lovegood", published=True)  # never verified
    response = client.post(
        reverse("admin:therapists_therapist_change", args=[therapist.pk]),
        post_data(registration_verified_on="", ipt_verified_on="", name="Ada L."),
    )
    assert response.status_code == 302


def test_the_bulk_publish_action_asks_first(client, editor, make_therapist):
    checked = make_therapist(
        name="Checked Person",
        published=False,
        registration_verified_on=days_ago(1),
        ipt_verified_on=days_ago(1),
    )
    unchecked = make_therapist(name="Unchecked Person", published=False)
    selected = {"action": "publish", "_selected_action": [checked.pk, unchecked.pk]}
    response = client.post(reverse(CHANGELIST), selected)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Publish therapists whose credentials need checking?" in page
    assert "Unchecked Person" in page and "Registration has never been verified." in page
    assert "1 other selected therapist can be published as usual." in page
    assert not Therapist.objects.filter(published=True).exists()  # nothing yet

    response = client.post(
        reverse(CHANGELIST), {**selected, "confirm_unverified": "yes"}, follow=True
    )
    assert "2 therapists published." in response.content.decode()
    assert Therapist.objects.filter(published=True).count() == 2


def test_needs_attention_filter(client, editor, make_therapist):
    today = timezone.localdate()
    make_therapist(
        name="All Good",
        registration_verified_on=today,
        ipt_verified_on=today,
        accepting_confirmed_on=today,
    )
    make_therapist(
        name="Old Check",
        registration_verified_on=today - timedelta(days=400),
        ipt_verified_on=today,
        accepting_confirmed_on=today,
    )
    make_therapist(
        name="Hidden Never",
        published=False,
        registration_verified_on=None,
        accepting_confirmed_on=today,
        ipt_verified_on=today,
    )
    make_therapist(
        name="Stale Availability",
        registration_verified_on=today,
        ipt_verified_on=today,
        accepting_confirmed_on=today - timedelta(days=61),
    )

    def names(value):
        response = client.get(reverse(CHANGELIST), {"attention": value})
        assert response.status_code == 200
        return {t.name for t in response.context["cl"].result_list}

    assert names("credentials") == {"Old Check", "Hidden Never"}
    assert names("published-credentials") == {"Old Check"}
    assert names("availability") == {"Stale Availability"}
    assert "needs attention" in client.get(reverse(CHANGELIST)).content.decode().lower()


def test_public_profile_shows_the_verified_dates(client, make_therapist):
    therapist = make_therapist(
        registration_body="BACP",
        registration_verified_on=timezone.localdate().replace(day=1),
        ipt_level="practitioner",
        ipt_verified_on=timezone.localdate().replace(day=2),
    )
    page = client.get(therapist.get_absolute_url()).content.decode()
    first = timezone.localdate().replace(day=1).strftime("%-d %B %Y")
    second = timezone.localdate().replace(day=2).strftime("%-d %B %Y")
    assert f"Checked by us on {first}" in page
    assert f"Checked by us on {second}" in page
