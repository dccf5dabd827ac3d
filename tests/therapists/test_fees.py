"""Fees in words and the estimated cost of a course: on the profile, the card and in the
model's rules."""

import pytest
from django.core.exceptions import ValidationError

from ipt_site.therapists import fees
from ipt_site.therapists.models import Therapist

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("low", "high", "fee", "course"),
    [
        (60, None, "£60 a session", "About £720 to £960 for 12 to 16 sessions"),
        (60, 60, "£60 a session", "About £720 to £960 for 12 to 16 sessions"),
        (50, 80, "£50 to £80 a session", "About £600 to £1,280 for 12 to 16 sessions"),
        (120, None, "£120 a session", "About £1,440 to £1,920 for 12 to 16 sessions"),
        (None, None, "", ""),
    ],
)
def test_fee_and_course_cost_in_words(low, high, fee, course):
    assert fees.fee_text(low, high) == fee
    assert fees.course_cost_text(low, high) == course


def test_a_course_is_12_to_16_sessions_at_the_lowest_and_highest_fee():
    assert fees.COURSE_SESSIONS == (12, 16)
    assert fees.course_cost(45, 70) == (45 * 12, 70 * 16)
    assert fees.course_cost(None, 70) is None


@pytest.mark.parametrize(
    ("low", "high", "field"),
    [(None, 80, "fee_min"), (80, 50, "fee_max"), (0, None, "fee_min"), (1000, None, "fee_min")],
)
def test_a_fee_that_makes_no_sense_is_refused(low, high, field):
    therapist = Therapist(
        name="A", slug="a", title="T", introduction="I", fee_min=low, fee_max=high
    )
    with pytest.raises(ValidationError) as error:
        therapist.full_clean()
    assert field in error.value.message_dict


def test_profile_shows_fee_course_cost_nhs_route_insurers_and_the_call(client, make_therapist):
    therapist = make_therapist(
        name="Ada Lovegood",
        fee_min=50,
        fee_max=80,
        concessions=True,
        concessions_note="Students and people on benefits.",
        intro_call=True,
        intro_call_minutes=20,
        step_free=True,
        near_public_transport=True,
    )
    from ipt_site.therapists.models import Insurer

    therapist.insurers.set(Insurer.objects.filter(slug__in=["bupa", "aviva"]))
    html = client.get(therapist.get_absolute_url()).content.decode()
    for text in (
        "£50 to £80 a session",
        "About £600 to £1,280 for 12 to 16 sessions, if the fee stays the same.",
        "IPT is free on the NHS",
        '<a href="/getting-ipt/">How to get IPT on the NHS</a>',
        "Yes: Students and people on benefits.",
        "Aviva, Bupa",
        "Insurers often need a referral from your GP before they pay.",
        "Yes, 20 minutes",
        "Step-free access, Near public transport",
    ):
        assert text in html, text


def test_profile_without_a_fee_says_to_ask_and_shows_no_course_cost(client, make_therapist):
    therapist = make_therapist(name="Bo Nofee")
    html = client.get(therapist.get_absolute_url()).content.decode()
    assert "Not listed: ask Bo Nofee when you get in touch" in html
    assert "A course of IPT" not in html
    assert "No insurers listed" in html
    assert "Insurers often need a referral" not in html
    assert "Getting to the room" not in html  # no access features listed


def test_cards_show_the_fee_lower_fees_and_the_free_call(client, make_therapist):
    make_therapist(name="Ada", fee_min=60, concessions=True, intro_call=True)
    make_therapist(name="Bo")
    html = client.get("/therapists/").content.decode()
    assert '£60 a session <span class="therapist-anywhere">(lower fees offered)</span>' in html
    assert "Free 15-minute introductory call" in html
    assert "Ask about fees" in html
