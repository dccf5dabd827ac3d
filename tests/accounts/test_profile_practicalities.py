"""Fees, insurers, a free call, access, pronouns, title and qualifications: the therapist
changes them through the same approval as the rest of the profile."""

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from ipt_site.accounts.admin import LABELS
from ipt_site.accounts.forms import ProfileForm
from ipt_site.accounts.models import EDITABLE_FIELDS, ProfileChange
from ipt_site.therapists.models import Insurer

from .test_profile_changes import PROFILE, form_data, review_url

pytestmark = pytest.mark.django_db


def test_the_profile_form_is_a_model_form_over_the_editable_fields():
    assert issubclass(ProfileForm, forms.ModelForm)
    assert ProfileForm._meta.fields == EDITABLE_FIELDS
    form = ProfileForm(approved={})
    assert set(form.fields) == {*EDITABLE_FIELDS, "photo", "remove_photo"}
    assert set(LABELS) == set(EDITABLE_FIELDS)  # the review page has a row for each


def practical(**changes):
    bupa = Insurer.objects.get(slug="bupa")
    values = {
        "pronouns": "they/them",
        "title": "Counselling psychologist and supervisor",
        "qualifications": "DCounsPsy, PGDip IPT",
        "fee_min": "55",
        "fee_max": "80",
        "concessions": "on",
        "concessions_note": "Students and people on benefits.",
        "insurers": [bupa.pk],
        "intro_call": "on",
        "intro_call_minutes": "20",
        "step_free": "on",
        "near_public_transport": "on",
    }
    return form_data(**{**values, **changes})


def test_new_fields_wait_for_approval_then_show(signed_in, therapist, editor_client):
    response = signed_in.post(PROFILE, practical())
    assert response.status_code == 302
    change = ProfileChange.objects.get()
    assert change.proposed["fee_min"] == 55 and change.proposed["fee_max"] == 80
    assert change.proposed["insurers"] == [Insurer.objects.get(slug="bupa").pk]
    assert change.proposed["pronouns"] == "they/them"

    public = Client().get(therapist.get_absolute_url()).content.decode()
    assert "£55 to £80 a session" not in public  # not before approval

    review = editor_client.get(review_url(change))
    rows = {row.label: row for row in review.context["rows"]}
    assert (rows["Fee per session (£)"].old, rows["Fee per session (£)"].new) == ("–", 55)
    assert rows["Health insurers"].new == "Bupa" and rows["Health insurers"].changed
    assert (rows["Offers a free introductory call"].old, rows["Offers lower fees"].new) == (
        "No",
        "Yes",
    )
    assert rows["Pronouns"].new == "they/them"
    assert rows["Professional title"].old == "Counselling psychologist"
    assert not rows["Short introduction"].changed

    editor_client.post(review_url(change), {"_approve": "1"})
    therapist.refresh_from_db()
    assert (therapist.fee_min, therapist.fee_max, therapist.intro_call_minutes) == (55, 80, 20)
    assert therapist.concessions and therapist.intro_call and therapist.step_free
    assert not therapist.accessible_toilet
    assert therapist.title == "Counselling psychologist and supervisor"
    public = Client().get(therapist.get_absolute_url()).content.decode()
    for text in (
        "(they/them)",
        "DCounsPsy, PGDip IPT",
        "£55 to £80 a session",
        "About £660 to £1,280 for 12 to 16 sessions",
        "Bupa",
        "Yes, 20 minutes",
        "Step-free access, Near public transport",
    ):
        assert text in public, text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fee_min": "80", "fee_max": "50"}, "The highest fee must be more than the lowest"),
        ({"fee_min": "", "fee_max": "50"}, "Enter the lowest fee too"),
        ({"fee_min": "0"}, "Enter a fee of at least £1"),
        ({"fee_min": "sixty"}, "Enter the fee in whole pounds"),
        ({"fee_min": "1000"}, "Enter a fee below £1,000"),
        ({"intro_call_minutes": "90"}, "Make the call 60 minutes or shorter."),
        ({"title": ""}, "Write your professional title."),
    ],
)
def test_bad_practicalities_are_explained_and_what_was_typed_is_kept(signed_in, changes, message):
    response = signed_in.post(PROFILE, practical(**changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'href="#id_' in html  # the error summary links to the field
    assert "Students and people on benefits." in html  # nothing typed is lost
    assert not ProfileChange.objects.exists()


def test_an_empty_call_length_keeps_the_one_they_had(signed_in, therapist):
    signed_in.post(PROFILE, practical(intro_call_minutes=""))
    assert ProfileChange.objects.get().proposed["intro_call_minutes"] == 15


def test_changing_only_a_fee_counts_as_a_change(signed_in, therapist):
    response = signed_in.post(PROFILE, form_data(fee_min="60"))
    assert response.status_code == 302
    assert ProfileChange.objects.get().proposed["fee_min"] == 60
    assert reverse("accounts:home") == response["Location"]
