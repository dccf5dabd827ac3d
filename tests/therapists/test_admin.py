import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from ipt_site.therapists.models import (
    AgeGroup,
    Language,
    ProblemArea,
    SessionFormat,
    Therapist,
)

from .conftest import image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    """A staff member whose only role is the "Directory editors" group."""
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Directory editors"))
    client.force_login(user)
    return user


def test_directory_editors_group_has_exactly_the_directory_permissions():
    group = Group.objects.get(name="Directory editors")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    expected = {
        ("therapists", f"{a}_{m}")
        for m in ("therapist", "specialism", "language")
        for a in ("add", "change", "delete", "view")
    }
    expected |= {("therapists", f"view_{m}") for m in ("problemarea", "agegroup", "sessionformat")}
    # Reviewing therapists' own profile changes, and inviting them (the accounts app).
    expected |= {
        ("accounts", "view_profilechange"),
        ("accounts", "change_profilechange"),
        ("accounts", "view_therapistaccount"),
        ("accounts", "invite_therapist"),
    }
    assert codenames == expected


def test_editor_can_use_the_directory_admin_but_nothing_else(client, editor):
    assert client.get(reverse("admin:therapists_therapist_changelist")).status_code == 200
    assert client.get(reverse("admin:therapists_therapist_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert not editor.has_perm("auth.change_user")
    assert editor.has_perm("therapists.delete_therapist")
    # Fixed vocabularies are view-only, even for superusers (no add, no delete)
    assert not editor.has_perm("therapists.change_problemarea")


def test_changelist_renders_with_filters_and_search(admin_client, make_therapist):
    make_therapist(
        name="Ada Lovegood",
        location="Leeds",
        formats=["online", "in-person"],
        registration_verified_on="2026-01-05",
        ipt_verified_on="2025-12-01",
    )
    make_therapist(name="Bo Hidden", published=False, location="York")
    url = reverse("admin:therapists_therapist_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Lovegood" in html and "Bo Hidden" in html
    assert "In person, Online" in html
    assert "1 Dec 2025" in html  # the older verification date needs checking first
    for query in (
        "published__exact=1",
        "availability__exact=4",
        "intro_call__exact=1",
        f"problem_areas__id__exact={ProblemArea.objects.get(slug='grief').pk}",
        f"formats__id__exact={SessionFormat.objects.get(slug='online').pk}",
        f"age_groups__id__exact={AgeGroup.objects.get(slug='adults').pk}",
        f"languages__id__exact={Language.objects.get(slug='english').pk}",
        "q=leeds",
    ):
        assert admin_client.get(f"{url}?{query}").status_code == 200, query
    assert "Bo Hidden" not in admin_client.get(f"{url}?q=leeds").content.decode()
    assert "Bo Hidden" not in admin_client.get(f"{url}?published__exact=1").content.decode()


def test_change_form_renders_with_photo_preview(admin_client, make_therapist):
    therapist = make_therapist(name="Ada <b>Lovegood</b>")
    therapist.photo = upload()
    therapist.photo_alt = 'Ada "quoted" <img>'
    therapist.save()
    response = admin_client.get(reverse("admin:therapists_therapist_change", args=[therapist.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="therapist-photo-preview"' in html
    assert 'alt="Ada &quot;quoted&quot; &lt;img&gt;"' in html
    for legend in (
        "Who they are",
        "Photo",
        "Registration and IPT training",
        "What they work with",
        "Availability and publishing",
    ):
        assert legend in html


def test_add_page_prepopulates_the_slug(admin_client):
    response = admin_client.get(reverse("admin:therapists_therapist_add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-prepopulated-fields" in html
    assert "&quot;#id_slug&quot;" in html


def post_data(**overrides):
    # Checked lately: older than a year, publishing asks for a confirmation.
    lately = timezone.localdate() - datetime.timedelta(days=30)
    data = {
        "name": "Ada Lovegood",
        "slug": "ada-lovegood",
        "pronouns": "she/her",
        "title": "Counsellor",
        "qualifications": "MSc",
        "registration_body": "BACP",
        "registration_number": "123",
        "registration_verified_on": lately,
        "ipt_level": "practitioner",
        "ipt_level_other": "",
        "ipt_verified_on": lately,
        "photo_alt": "Ada at her desk",
        "introduction": "I help with grief.",
        "biography": "Para one.\n\nPara two.",
        "problem_areas": [ProblemArea.objects.get(slug="grief").pk],
        "other_areas": [],
        "age_groups": [AgeGroup.objects.get(slug="adults").pk],
        "formats": [SessionFormat.objects.get(slug="online").pk],
        "languages": [Language.objects.get(slug="english").pk],
        "location": "Leeds",
        "online_anywhere": "on",
        "availability": "2",
        "accepting_confirmed_on": lately,
        "fee_min": "60",
        "fee_max": "",
        "concessions_note": "",
        "intro_call_minutes": "15",
        "email": "ada@example.org",
        "published": "on",
        "display_order": "5",
    }
    data.update(overrides)
    return data


def test_saving_a_therapist_through_the_admin(client, editor):
    data = post_data(photo=upload("me.png", image_bytes("PNG", (1000, 800))))
    response = client.post(reverse("admin:therapists_therapist_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    therapist = Therapist.objects.get(slug="ada-lovegood")
    assert therapist.published and therapist.online_anywhere
    assert [a.slug for a in therapist.problem_areas.all()] == ["grief"]
    assert therapist.photo.name.endswith(".jpg")
    assert therapist.photo.width == 600
    assert client.get("/therapists/ada-lovegood/").status_code == 200

    change_url = reverse("admin:therapists_therapist_change", args=[therapist.pk])
    response = client.post(change_url, post_data(name="Ada L. Lovegood", published=""))
    assert response.status_code == 302
    therapist.refresh_from_db()
    assert therapist.name == "Ada L. Lovegood"
    assert not therapist.published
    assert therapist.photo  # kept when no new file is sent


def test_admin_shows_clear_errors(admin_client):
    response = admin_client.post(
        reverse("admin:therapists_therapist_add"),
        post_data(photo=upload("cv.png", b"not an image"), ipt_level="other"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This file is not an image we can read" in html
    assert not Therapist.objects.exists()


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("publish", "published", True), ("unpublish", "published", False)],
)
def test_bulk_actions(admin_client, make_therapist, action, field, value):
    today = timezone.localdate()  # verified credentials: publishing needs no confirmation
    fields = {
        "published": not value,
        "registration_verified_on": today,
        "ipt_verified_on": today,
    }
    first, second, untouched = (make_therapist(**fields) for _ in range(3))
    response = admin_client.post(
        reverse("admin:therapists_therapist_changelist"),
        {"action": action, "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "2 therapists" in response.content.decode()
    for therapist in (first, second):
        therapist.refresh_from_db()
        assert getattr(therapist, field) is value
    untouched.refresh_from_db()
    assert getattr(untouched, field) is not value


def test_lookup_admins_render(admin_client):
    for model in ("problemarea", "specialism", "agegroup", "sessionformat", "language", "insurer"):
        assert admin_client.get(reverse(f"admin:therapists_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:therapists_problemarea_add")).status_code == 403


def test_each_order_box_in_a_lookup_list_is_named_after_its_row(admin_client):
    """The column heading is not a label: a screen reader heard 41 boxes called "Order"."""
    html = admin_client.get(reverse("admin:therapists_language_changelist")).content.decode()
    english = Language.objects.get(slug="english")
    assert f'aria-label="Order of {english.name}"' in html
    assert html.count('aria-label="Order of ') == Language.objects.count()
    assert Permission.objects.filter(codename="view_problemarea").exists()


def test_a_photo_chosen_on_a_form_with_an_error_is_kept_until_it_saves(client, editor):
    """The issue: a photo with no description lost the upload and showed a broken
    "Current photo". The upload is kept, shown, and saved on the next send."""
    from django.core.files.storage import default_storage

    add_url = reverse("admin:therapists_therapist_add")
    data = post_data(photo=upload("me.png", image_bytes("PNG", (1000, 800))), photo_alt="")
    response = client.post(add_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Describe the photo for people who cannot see it." in html
    assert not Therapist.objects.exists()
    preview = re.search(r'<img src="([^"]+)"[^>]*class="therapist-photo-preview"', html)
    assert preview, "the chosen photo is shown"
    assert "no need to choose it again" in html
    kept = preview[1].removeprefix("/media/")
    assert default_storage.exists(kept)  # a real file behind it, not a broken link
    token = re.search(r'name="pending_photo" value="([^"]+)"', html)[1]

    # Sent again with a description and no file: the kept photo is saved.
    response = client.post(add_url, post_data(pending_photo=token))
    assert response.status_code == 302, response.context["adminform"].form.errors
    therapist = Therapist.objects.get(slug="ada-lovegood")
    assert therapist.photo.name.endswith(".jpg") and therapist.photo.width == 600
    assert therapist.photo_card
    assert not default_storage.exists(kept)  # the kept copy is gone once saved


def test_a_forged_pending_photo_token_is_ignored(client, editor):
    response = client.post(
        reverse("admin:therapists_therapist_add"),
        post_data(pending_photo="therapists/ada.jpg", photo_alt=""),
    )
    assert response.status_code == 302
    assert not Therapist.objects.get(slug="ada-lovegood").photo
