"""The money-and-practicalities filters, their counts, the chips, "leave one out", and
the response cache's key for each."""

import pytest

from ipt_site.therapists.models import Availability, Insurer

from .conftest import create_therapist

pytestmark = pytest.mark.django_db

URL = "/therapists/"


def names(response):
    return {t.name for t in response.context["therapists"]}


@pytest.fixture
def directory(db):
    bupa = Insurer.objects.get(slug="bupa")
    soon = create_therapist(
        name="soon",
        fee_min=50,
        intro_call=True,
        step_free=True,
        accessible_toilet=True,
        availability=Availability.WITHIN_2_WEEKS,
        languages=["english", "polish"],
        formats=["online"],
    )
    soon.insurers.add(bupa)
    create_therapist(
        name="months",
        fee_min=70,
        fee_max=90,
        concessions=True,
        availability=Availability.WITHIN_2_MONTHS,
        near_public_transport=True,
        formats=["in-person"],
        languages=["english"],
    )
    create_therapist(
        name="waiting",
        fee_min=100,
        intro_call=True,
        step_free=True,
        availability=Availability.WAITING_LIST,
        formats=["in-person"],
    ).insurers.add(bupa)
    create_therapist(name="closed", availability=Availability.NOT_TAKING, formats=["online"])
    create_therapist(name="hidden", fee_min=10, intro_call=True, published=False)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fee=40", set()),
        ("fee=50", {"soon"}),
        ("fee=70", {"soon", "months"}),  # a range counts from its lowest fee
        ("fee=120", {"soon", "months", "waiting"}),  # no fee listed: not shown
        ("concessions=1", {"months"}),
        ("insurer=bupa", {"soon", "waiting"}),
        ("insurer=aviva", set()),
        ("intro=1", {"soon", "waiting"}),
        ("access=step-free", {"soon", "waiting"}),
        ("access=step-free&access=toilet", {"soon"}),  # every access need, not any
        ("access=transport", {"months"}),
        ("start=2-weeks", {"soon"}),
        ("start=2-months", {"soon", "months"}),
        ("start=waiting-list", {"soon", "months", "waiting"}),
        ("accepting=1", {"soon", "months"}),  # old links: "taking new clients"
    ],
)
def test_each_new_filter_alone_with_its_count(client, directory, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert names(response) == expected
    assert response.context["count"] == len(expected)
    heading = f"{len(expected)} therapist" if expected else "No therapists match"
    assert heading in response.content.decode()


def test_fee_and_intro_call_together(client, directory):
    response = client.get(f"{URL}?fee=100&intro=1")
    assert names(response) == {"soon", "waiting"}


def test_chips_are_in_plain_words_and_each_removes_itself(client, directory):
    html = client.get(
        f"{URL}?area=role-disputes&fee=60&concessions=1&insurer=bupa&intro=1"
        "&access=step-free&start=2-weeks"
    ).content.decode()
    for chip in (
        "Conflict with someone close",
        "Can start: within 2 weeks",
        "Up to £60 a session",
        "Offers lower fees",
        "Takes Bupa",
        "Free introductory call",
        "Step-free access",
    ):
        assert f"{chip} <span aria-hidden" in html, chip
    assert "Role disputes" not in html  # the IPT term stays on the area pages
    # Removing the fee keeps the rest, in the tidy order.
    assert (
        'href="/therapists/?area=role-disputes&amp;start=2-weeks&amp;concessions=1'
        '&amp;insurer=bupa&amp;intro=1&amp;access=step-free#results"'
    ) in html


def test_few_results_say_which_filter_to_leave_out_and_how_many_that_shows(client, directory):
    response = client.get(f"{URL}?fee=50&intro=1&insurer=bupa&access=step-free")
    assert names(response) == {"soon"}
    loosen = response.context["loosen"]
    # Only the fee holds "waiting" back; the others, left out alone, still show one.
    assert [(item["label"], item["count"]) for item in loosen] == [("“Up to £50 a session”", 2)]
    assert loosen[0]["url"] == "/therapists/?insurer=bupa&intro=1&access=step-free#results"
    html = response.content.decode()
    assert "Only 1 therapist matches all of these." in html
    assert "Without “Up to £50 a session”: 2 therapists" in html
    # The count is true: following the link shows that many.
    assert client.get(loosen[0]["url"].split("#")[0]).context["count"] == 2


def test_nobody_matches_and_every_useful_way_out_is_offered(client, directory):
    response = client.get(f"{URL}?fee=40&concessions=1")
    assert response.context["count"] == 0
    loosen = {item["label"]: item["count"] for item in response.context["loosen"]}
    assert loosen == {"“Up to £40 a session”": 1}  # leaving out the other still shows none
    assert "Nobody matches all of these." in response.content.decode()


def test_a_whole_group_is_left_out_at_once(client):
    create_therapist(name="a", areas=["grief"], formats=["online"], fee_min=50)
    create_therapist(name="b", areas=["role-disputes"], formats=["online"], fee_min=50)
    create_therapist(name="c", areas=["role-transitions"], formats=["online"], fee_min=50)
    response = client.get(f"{URL}?area=grief&area=role-disputes&fee=40")
    labels = {item["label"]: item["count"] for item in response.context["loosen"]}
    assert labels == {"“Up to £40 a session”": 2}
    response = client.get(f"{URL}?area=grief&format=in-person")
    labels = {item["label"]: item["count"] for item in response.context["loosen"]}
    assert labels == {"“In person”": 1}
    # Two choices in one group are left out together, and named together.
    response = client.get(f"{URL}?area=grief&area=role-disputes&format=in-person")
    labels = {item["label"]: item["count"] for item in response.context["loosen"]}
    assert labels == {"“In person”": 2}
    response = client.get(f"{URL}?area=grief&area=role-disputes&format=online&fee=50")
    labels = {item["label"]: item["count"] for item in response.context["loosen"]}
    assert labels == {"“Grief and loss” or “Conflict with someone close”": 3}


def test_no_suggestions_when_enough_match_or_nothing_is_filtered(client):
    for number in range(5):
        create_therapist(name=f"t{number}", fee_min=50)
    assert client.get(f"{URL}?fee=50").context["loosen"] == []
    assert client.get(URL).context["loosen"] == []


@pytest.mark.parametrize(
    "query",
    [
        "fee=55",
        "fee=abc",
        "fee=-1",
        "insurer=nobody",
        "start=tomorrow",
        "access=lift",
        "intro=maybe",
    ],
)
def test_unknown_values_are_dropped_reported_and_never_cached(client, directory, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response.context["count"] == 4
    assert "We ignored a filter value we did not recognise." in response.content.decode()
    assert "X-Page-Cache" not in client.get(f"{URL}?{query}")


def test_new_filters_are_cached_under_one_tidy_key(client, directory, settings):
    first = client.get(f"{URL}?intro=1&fee=100&insurer=bupa")
    assert first["X-Page-Cache"] == "miss"
    for same in (
        f"{URL}?insurer=bupa&fee=100&intro=on",
        f"{URL}?fee=100&utm_source=x&insurer=bupa&intro=yes&page=1",
    ):
        response = client.get(same)
        assert response["X-Page-Cache"] == "hit", same
    # A different value is a different page.
    assert client.get(f"{URL}?intro=1&fee=90&insurer=bupa")["X-Page-Cache"] == "miss"


def test_a_new_therapist_shows_at_once_in_a_cached_filtered_page(client, directory):
    assert client.get(f"{URL}?intro=1")["X-Page-Cache"] == "miss"
    create_therapist(name="new", intro_call=True)
    response = client.get(f"{URL}?intro=1")
    assert response["X-Page-Cache"] == "miss"  # the data version moved on
    assert "new" in names(response)
