"""The matcher's rules, as plain data: no database, no request."""

from dataclasses import replace

import pytest

from ipt_site.therapists.matching import (
    SHORTLIST_SIZE,
    Candidate,
    Names,
    Needs,
    assess,
    shortlist,
)
from ipt_site.therapists.models import Availability

NAMES = Names(
    areas={"role-transitions": "Big life changes", "grief": "Grief and loss"},
    languages={"polish": "Polish"},
    insurers={"bupa": "Bupa"},
)


def candidate(pk=1, **facts):
    values = {
        "pk": pk,
        "name": f"Therapist {pk}",
        "display_order": 100,
        "availability": Availability.WITHIN_2_WEEKS,
        "confirmed_lately": True,
        "location": "Leeds",
        "works_with_area": True,
        "in_person": True,
        "online": True,
        "near": True,
        "speaks": True,
        "takes_insurer": False,
        "fee_min": 60,
        "fee_max": None,
        "intro_call": True,
        "intro_call_minutes": 15,
        "access": frozenset({"step-free"}),
        **facts,
    }
    return Candidate(**values)


def test_the_issue_s_example_gives_every_reason_in_order():
    needs = Needs(
        area="role-transitions", meet="online", language="polish", start="2-weeks", budget=60
    )
    result = assess(needs, candidate(), NAMES)
    assert result.fits == (
        "works with big life changes",
        "online",
        "speaks Polish",
        "can start within 2 weeks",
        "£60 a session",
    )
    assert result.misses == ()
    assert result.exact


def test_no_answers_still_say_availability_and_fee():
    result = assess(Needs(), candidate(fee_min=50, fee_max=80), NAMES)
    assert result.fits == ("can start within 2 weeks", "£50 to £80 a session")
    assert result.exact


@pytest.mark.parametrize(
    ("needs", "facts", "miss"),
    [
        (Needs(area="grief"), {"works_with_area": False}, "does not list grief and loss"),
        (Needs(meet="online"), {"online": False}, "does not offer online sessions"),
        (Needs(meet="in-person"), {"in_person": False}, "does not see people in person"),
        (
            Needs(meet="in-person", town="Truro"),
            {"near": False, "location": "Leeds"},
            "sees people in person in Leeds, not near Truro",
        ),
        (
            Needs(meet="either", town="Truro"),
            {"near": False, "online": False},
            "sees people in person in Leeds, not near Truro",
        ),
        (Needs(language="polish"), {"speaks": False}, "does not list Polish"),
        (
            Needs(start="2-weeks"),
            {"availability": Availability.WITHIN_2_MONTHS},
            "can start within 1 to 2 months",
        ),
        (
            Needs(start="2-months"),
            {"availability": Availability.WAITING_LIST},
            "waiting list open",
        ),
        # Not taking anyone never fits, even when nothing was asked about timing.
        (Needs(), {"availability": Availability.NOT_TAKING}, "not taking anyone just now"),
        (Needs(budget=50), {"fee_min": 60}, "£60 a session, more than £50"),
        (
            Needs(budget=50),
            {"fee_min": 60, "concessions": True},
            "£60 a session, more than £50 (lower fees offered)",
        ),
        (Needs(budget=50), {"fee_min": None}, "does not list a fee"),
        (Needs(insurer="bupa"), {"takes_insurer": False}, "does not take Bupa"),
        (
            Needs(budget=40, insurer="bupa"),
            {"takes_insurer": False},
            "£60 a session, more than £40 and does not take Bupa",
        ),
        (Needs(concessions=True), {"concessions": False}, "does not offer lower fees"),
        (Needs(intro=True), {"intro_call": False}, "no free introductory call"),
        (Needs(access=("toilet",)), {}, "no accessible toilet listed"),
    ],
)
def test_each_answer_that_does_not_fit_is_said_in_words(needs, facts, miss):
    result = assess(needs, candidate(**facts), NAMES)
    assert miss in result.misses
    assert not result.exact


@pytest.mark.parametrize(
    ("needs", "facts", "reason"),
    [
        (Needs(meet="in-person", town="Leeds"), {}, "in person in Leeds"),
        (Needs(meet="in-person"), {"near": False}, "in person in Leeds"),  # no town given
        (Needs(meet="either", town="York"), {"near": False}, "online"),
        (Needs(meet="either"), {}, "in person in Leeds or online"),
        (Needs(start="waiting-list"), {"availability": 3}, "waiting list open"),
        (Needs(budget=60), {"fee_min": 60, "fee_max": 90}, "£60 to £90 a session"),
        (Needs(insurer="bupa"), {"takes_insurer": True}, "takes Bupa"),
        # Either way of paying will do: the insurer pays a fee above the budget.
        (Needs(budget=40, insurer="bupa"), {"takes_insurer": True}, "takes Bupa"),
        (Needs(concessions=True), {"concessions": True}, "offers lower fees"),
        (Needs(intro=True), {"intro_call_minutes": 20}, "free 20-minute introductory call"),
        (Needs(access=("step-free",)), {}, "step-free access"),
        (
            Needs(),
            {"confirmed_lately": False},
            "can start within 2 weeks (not confirmed lately)",
        ),
    ],
)
def test_each_answer_that_fits_is_a_reason(needs, facts, reason):
    result = assess(needs, candidate(**facts), NAMES)
    assert reason in result.fits
    assert result.exact


def test_access_needs_do_not_count_for_online_sessions():
    needs = Needs(meet="online", access=("step-free", "toilet"))
    assert assess(needs, candidate(access=frozenset()), NAMES).exact


def test_shortlist_puts_exact_fits_first_then_the_nearest():
    needs = Needs(area="grief", language="polish")
    people = [
        candidate(1, speaks=False),  # misses one
        candidate(2),  # fits
        candidate(3, works_with_area=False, speaks=False),  # misses two
        candidate(4),  # fits
    ]
    result = shortlist(needs, people, NAMES)
    assert [a.candidate.pk for a in result.exact] == [2, 4]
    assert [a.candidate.pk for a in result.nearest] == [1, 3]


def test_the_nearest_are_ranked_by_what_matters_most():
    needs = Needs(area="grief", intro=True)
    # The area weighs more than a free call.
    no_call = candidate(1, intro_call=False)
    other_area = candidate(2, works_with_area=False)
    result = shortlist(needs, [other_area, no_call], NAMES)
    assert result.exact == ()
    assert [a.candidate.pk for a in result.nearest] == [1, 2]


def test_among_equals_confirmed_lately_then_soonest_start_then_the_practice_order():
    base = candidate(1)
    people = [
        replace(base, pk=1, name="Stale", confirmed_lately=False),
        replace(base, pk=2, name="Months", availability=Availability.WITHIN_2_MONTHS),
        replace(base, pk=3, name="Soon later", display_order=20),
        replace(base, pk=4, name="Soon first", display_order=10),
    ]
    result = shortlist(Needs(), people, NAMES)
    assert [a.candidate.name for a in result.exact] == [
        "Soon first",
        "Soon later",
        "Months",
        "Stale",
    ]


def test_at_most_five_and_none_when_the_directory_is_empty():
    many = [candidate(pk) for pk in range(1, 12)]
    result = shortlist(Needs(), many, NAMES)
    assert len(result.exact) + len(result.nearest) == SHORTLIST_SIZE == 5
    empty = shortlist(Needs(area="grief"), [], NAMES)
    assert empty.exact == () and empty.nearest == ()


def test_nobody_fits_exactly_the_nearest_are_shown_with_what_does_not_fit():
    needs = Needs(language="polish", start="2-weeks")
    people = [
        candidate(1, speaks=False),
        candidate(2, availability=Availability.WAITING_LIST),
        candidate(3, speaks=False, availability=Availability.NOT_TAKING),
    ]
    result = shortlist(needs, people, NAMES)
    assert result.exact == ()
    # The language weighs more than the wait.
    assert [a.candidate.pk for a in result.nearest] == [2, 1, 3]
    assert result.nearest[0].misses == ("waiting list open",)
    assert result.nearest[1].misses == ("does not list Polish",)
    assert result.nearest[2].misses == ("does not list Polish", "not taking anyone just now")
