import re

import pytest
from django.urls import reverse

from ipt_site.therapists.models import Availability, Insurer
from ipt_site.therapists.selectors import FEW_RESULTS

from .conftest import create_therapist

pytestmark = pytest.mark.django_db

URL = "/therapists/"


def names(response):
    return [t.name for t in response.context["therapists"]]


def test_url_names():
    assert reverse("therapists:list") == URL
    assert reverse("therapists:detail", args=["x"]) == "/therapists/x/"


def test_lists_only_published_therapists(client, make_therapist):
    make_therapist(name="Shown Person")
    make_therapist(name="Hidden Person", published=False)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Shown Person" in html
    assert "Hidden Person" not in html
    assert response.context["count"] == 1


def test_card_content(client, make_therapist):
    make_therapist(
        name="Ada Lovegood",
        title="Clinical psychologist",
        introduction="I help with grief.",
        formats=["online", "in-person"],
        availability=Availability.NOT_TAKING,
        email="secret@example.org",
    )
    html = client.get(URL).content.decode()
    assert "Ada Lovegood" in html
    assert "Clinical psychologist" in html
    assert "I help with grief." in html
    assert "In person, Online" in html
    assert "Not taking anyone just now" in html
    assert 'aria-hidden="true">AL</span>' in html  # initials when there is no photo
    assert "secret@example.org" not in html


def test_page_structure(client, make_therapist):
    make_therapist()
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert 'role="status"' in html
    assert '<link rel="canonical"' in html
    assert '<meta name="description"' in html
    for legend in (
        "What you would like help with",
        "How to meet",
        "Who the sessions are for",
        "How soon they can start",
        "Cost",
        "First steps and access",
    ):
        assert f"<legend>{legend}</legend>" in html
    assert "Show therapists" in html
    # Every input has a label
    for input_id in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id
    # No inline styles or scripts (CSP): the only script is a static file
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*(?:application/ld\+json|\bsrc=))", html)
    assert '<script src="/static/js/directory.js" defer></script>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("area=grief", {"grief"}),
        ("area=role-disputes", {"disputes"}),
        ("area=role-transitions", {"transitions"}),
        ("area=interpersonal-deficits", {"deficits"}),
        ("format=online", {"grief", "disputes"}),
        ("format=in-person", {"transitions", "deficits"}),
        ("age=adolescents", {"deficits"}),
        ("age=adults", {"grief", "disputes", "transitions"}),
        ("age=older-adults", {"transitions"}),
        ("language=welsh", {"disputes"}),
        ("language=english", {"grief", "disputes", "transitions", "deficits"}),
        ("location=leeds", {"grief"}),
        ("location=LON", {"transitions", "deficits"}),
        ("accepting=1", {"grief", "transitions", "deficits"}),
        ("accepting=on", {"grief", "transitions", "deficits"}),
    ],
)
def test_each_filter_alone(client, query, expected):
    _directory()
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert set(names(response)) == expected
    assert response.context["count"] == len(expected)
    assert response.context["filtered"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("area=grief&area=role-disputes", {"grief", "disputes"}),
        ("area=grief&format=online", {"grief"}),
        ("area=grief&format=in-person", set()),
        ("format=online&age=adults&language=welsh", {"disputes"}),
        ("format=in-person&accepting=1", {"transitions", "deficits"}),
        ("format=in-person&location=london&age=adolescents", {"deficits"}),
        ("area=role-transitions&area=interpersonal-deficits&age=older-adults", {"transitions"}),
        (
            "format=online&format=in-person&accepting=1&language=english",
            {"grief", "transitions", "deficits"},
        ),
        # "Online" alone includes those who see people online wherever they live
        # ... and York also finds the Leeds therapist (22 miles away, tests/therapists
        # test_town_search_offers_nearby_towns).
        ("format=online&location=york", {"disputes", "grief"}),
        ("format=in-person&location=york", set()),
    ],
)
def test_filters_in_combination(client, query, expected):
    _directory()
    response = client.get(f"{URL}?{query}")
    assert set(names(response)) == expected


def _directory():
    create_therapist(
        name="grief",
        areas=["grief"],
        formats=["online"],
        ages=["adults"],
        languages=["english"],
        location="Leeds",
    )
    create_therapist(
        name="disputes",
        areas=["role-disputes"],
        formats=["online"],
        ages=["adults"],
        languages=["english", "welsh"],
        location="Cardiff",
        online_anywhere=True,
        availability=Availability.NOT_TAKING,
    )
    create_therapist(
        name="transitions",
        areas=["role-transitions"],
        formats=["in-person"],
        ages=["adults", "older-adults"],
        languages=["english"],
        location="London (Islington)",
    )
    create_therapist(
        name="deficits",
        areas=["interpersonal-deficits"],
        formats=["in-person"],
        ages=["adolescents"],
        languages=["english"],
        location="London (Hackney)",
    )
    create_therapist(name="unpublished", areas=["grief"], formats=["online"], published=False)


def test_filters_are_reflected_in_the_form_and_can_be_cleared(client):
    _directory()
    html = client.get(f"{URL}?area=grief&format=online&accepting=1&language=english").content
    html = html.decode()
    assert 'value="grief" id="area-grief" checked' in html
    assert 'value="online" id="format-online" checked' in html
    assert 'value="2-months" id="start-2-months" checked' in html  # the old "accepting"
    assert '<option value="english" selected>' in html
    assert 'href="/therapists/">Clear filters</a>' in html
    # Each active filter can be removed on its own
    assert 'href="/therapists/?format=online&amp;language=english&amp;start=2-months#results"' in (
        html
    )


def test_result_count_is_announced(client):
    _directory()
    html = client.get(f"{URL}?format=online").content.decode()
    assert re.search(r'<h2 id="results-heading">2 therapists match</h2>', html)
    status = re.search(r'role="status"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert "2 therapists match" in status
    html = client.get(f"{URL}?area=grief").content.decode()
    assert "1 therapist matches" in html


def test_empty_state(client):
    _directory()
    response = client.get(f"{URL}?area=grief&format=in-person")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No therapists match" in html
    assert "Try removing a filter" in html
    assert "send us an enquiry" in html


def test_empty_directory(client):
    html = client.get(URL).content.decode()
    assert "No therapists match" in html
    assert "Our directory is being updated" in html


def test_pagination_12_per_page_keeps_filters(client):
    for number in range(30):
        create_therapist(name=f"T{number:02d}", formats=["online"], display_order=number)
    create_therapist(name="offline", formats=["in-person"])
    response = client.get(f"{URL}?format=online")
    assert len(response.context["therapists"]) == 12
    assert response.context["count"] == 30
    html = response.content.decode()
    assert 'href="?format=online&amp;page=2#results" rel="next"' in html
    assert "Showing 1 to 12 of 30 therapists (page 1 of 3)" in html
    page3 = client.get(f"{URL}?format=online&page=3")
    assert names(page3) == [f"T{n:02d}" for n in range(24, 30)]
    assert 'href="?format=online&amp;page=2#results" rel="prev"' in page3.content.decode()
    assert '<link rel="canonical" href="http://testserver/therapists/?page=3">' in (
        page3.content.decode()
    )


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=99999",
        "page=-1",
        "page=0",
        "page=1.5",
        "page=" + "9" * 5000,
        "page=1&page=2",
        "area=%3Cscript%3Ealert(1)%3C/script%3E",
        "area=",
        "format=telepathy",
        "age=toddlers",
        "language=klingon",
        "language=english&language=welsh",
        "accepting=maybe",
        "accepting=",
        "location=" + "x" * 5000,
        "location=%00",
        "location=%25%27%22%3B--",
        "unknown=1",
        "area[]=grief",
        "area=grief&area=grief&area=grief",
    ],
)
def test_bad_parameters_never_fail(client, query):
    _directory()
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    "query",
    [
        "area=%3Cscript%3E",
        "format=telepathy",
        "age=toddlers",
        "language=klingon",
        "accepting=maybe",
        "location=" + "x" * 200,
    ],
)
def test_unknown_values_are_dropped_and_reported(client, query):
    _directory()
    response = client.get(f"{URL}?{query}")
    assert response.context["count"] == 4  # the bad filter is ignored
    assert "We ignored a filter value we did not recognise." in response.content.decode()


def test_valid_values_survive_beside_bad_ones(client):
    _directory()
    response = client.get(f"{URL}?area=grief&area=nonsense&format=online")
    assert names(response) == ["grief"]
    assert "We ignored a filter value" in response.content.decode()


def test_unfiltered_list_has_no_notice_and_is_indexable(client):
    _directory()
    html = client.get(URL).content.decode()
    assert "We ignored" not in html
    assert "noindex" not in html
    assert "noindex" in client.get(f"{URL}?area=grief").content.decode()


EVERY_FILTER = (
    "area=grief&format=online&age=adults&language=english&start=2-months&fee=100"
    "&concessions=1&insurer=bupa&intro=1&access=step-free&access=toilet&access=transport"
)


@pytest.mark.parametrize("count", [1, 50])
def test_constant_number_of_queries(client, django_assert_num_queries, settings, count):
    settings.VERSION_RECHECK_SECONDS = 3600  # no version re-read mid-test
    for _ in range(count):
        therapist = create_therapist(
            areas=["grief", "role-disputes"],
            formats=["online", "in-person"],
            ages=["adults"],
            languages=["english"],
            location="Leeds",
            fee_min=60,
            concessions=True,
            intro_call=True,
            step_free=True,
            accessible_toilet=True,
            near_public_transport=True,
        )
        therapist.insurers.add(Insurer.objects.get(slug="bupa"))
    # The versions' row, the 5 vocabularies for the form and the help lines are read once
    # per data version...
    with django_assert_num_queries(10):
        client.get(f"{URL}?page=2")
    # ...then a page is the count, one page of therapists and their formats (the response
    # cache serves it again with none: tests/pagecache)...
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    # ...with every filter at once; when few match, one more query counts what leaving
    # out each filter would show, however many filters there are.
    few = count <= FEW_RESULTS
    with django_assert_num_queries(4 if few else 3):
        response = client.get(f"{URL}?{EVERY_FILTER}")
    assert response.context["count"] == count
    assert bool(response.context["loosen"]) is False  # nothing to gain: all match all


def test_ordering_by_display_order_then_name(client):
    create_therapist(name="Zed", display_order=1)
    create_therapist(name="Bea", display_order=5)
    create_therapist(name="Abe", display_order=5)
    assert names(client.get(URL)) == ["Zed", "Abe", "Bea"]


# Towns (issue 26: "Leeds" did not show the Bradford therapist) --------------------------


def test_town_search_offers_nearby_towns(client):
    create_therapist(name="In Bradford", location="Bradford")
    create_therapist(name="In Leeds", location="Leeds")
    create_therapist(name="In Manchester", location="Manchester")  # 36 miles from Leeds
    response = client.get(f"{URL}?location=leeds")
    assert set(names(response)) == {"In Leeds", "In Bradford"}
    page = response.text
    assert "Showing therapists in or near Leeds: within 25 miles are Wakefield, Bradford" in page
    # Typed in any case, and the first words of a longer name.
    assert set(names(client.get(f"{URL}?location=LEEDS"))) == {"In Leeds", "In Bradford"}


def test_a_nearby_town_matches_as_a_whole_word(client):
    create_therapist(name="In Canterbury", location="Canterbury")
    create_therapist(name="In Bury", location="Bury, Greater Manchester")
    # Bury is 9 miles from Manchester; Canterbury only contains the letters.
    assert set(names(client.get(f"{URL}?location=Manchester"))) == {"In Bury"}


def test_an_unlisted_place_says_it_must_match_and_offers_online(client):
    create_therapist(name="In Hackney", location="London (Hackney)")
    response = client.get(f"{URL}?location=Dalston&format=in-person")
    assert names(response) == []
    page = response.text
    assert "it has to match what they wrote" in page
    assert "see therapists who work online</a>" in page
    assert "?format=online&amp;location=Dalston#results" in page
    assert set(names(client.get(f"{URL}?location=hackney"))) == {"In Hackney"}


@pytest.mark.parametrize("count", [FEW_RESULTS + 1, 30])  # more than "few": no loosen counts
def test_a_town_with_neighbours_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, settings, count
):
    settings.PAGE_CACHE_RECHECK_SECONDS = 3600
    for n in range(count):
        create_therapist(location=("Leeds", "Bradford", "York")[n % 3])
    client.get(f"{URL}?location=leeds")  # vocabularies and help lines read once
    # The versions' row (tests re-read it on every request), the count, one page of
    # therapists and their formats: the same for 4 therapists or 30.
    with django_assert_num_queries(4):
        response = client.get(f"{URL}?location=leeds")
    assert response.context["count"] == count
