"""The therapist's admin page and list keep their account parts, which the accounts app
adds to the directory's admin (the directory itself knows nothing of accounts)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from ipt_site.accounts.models import ProfileChange
from ipt_site.therapists.models import Therapist

from .conftest import make_account, make_therapist

pytestmark = pytest.mark.django_db


def test_the_therapist_page_shows_their_account_and_the_changes_they_sent(editor_client):
    quiet = make_therapist(slug="quiet-one", name="Quiet One")
    busy = make_therapist(slug="busy-one", name="Busy One")
    user = make_account(busy)
    ProfileChange.objects.create(therapist=busy, submitted_by=user, proposed={"biography": "New"})

    page = editor_client.get(reverse("admin:therapists_therapist_change", args=[quiet.pk]))
    text = page.content.decode()
    assert "The therapist&#x27;s own account</h2>" in text
    assert "No account yet." in text
    assert "No changes sent by the therapist yet." in text
    # The account section comes just before the record's dates, as before.
    assert text.index("own account</h2>") < text.index("Record</h2>")

    text = editor_client.get(
        reverse("admin:therapists_therapist_change", args=[busy.pk])
    ).content.decode()
    assert f"Signs in as {busy.email}." in text
    assert "Review the changes" in text


def test_the_needs_attention_filter_finds_profile_changes_waiting(editor_client):
    make_therapist(slug="quiet-one", name="Quiet One")
    busy = make_therapist(slug="busy-one", name="Busy One")
    user = make_account(busy)
    ProfileChange.objects.create(therapist=busy, submitted_by=user, proposed={"biography": "New"})

    changelist = reverse("admin:therapists_therapist_changelist")
    text = editor_client.get(changelist).content.decode()
    order = [
        "Credentials never verified",
        "Published, credentials need checking",
        "Availability not confirmed lately",
        "Profile changes waiting for approval",
    ]
    assert [text.index(label) for label in order] == sorted(text.index(label) for label in order)

    text = editor_client.get(changelist, {"attention": "changes"}).content.decode()
    assert "Busy One" in text
    assert "Quiet One" not in text


def test_the_invite_action_is_offered_last_on_the_therapist_list():
    therapist_admin = admin.site._registry[Therapist]
    assert therapist_admin.actions[-1].__name__ == "invite_therapists"
    assert "account_status" in therapist_admin.readonly_fields
