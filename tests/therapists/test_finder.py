"""“Find a therapist for me”: one question a screen (GET), answers carried in the address,
suggestions with reasons, and nothing kept on the server."""

import logging
import re

import pytest
from django.urls import reverse

from ipt_site.therapists.models import Availability, Insurer

from .conftest import create_therapist

pytestmark = pytest.mark.django_db

URL = "/therapists/find/"
ALL_ANSWERS = (
    "area=role-transitions&meet=online&language=polish&start=2-weeks&budget=60"
    "&insurer=bupa&concessions=1&intro=1"
)


def hidden_inputs(html):
    return re.findall(r'<input type="hidden" name="([a-z]+)" value="([^"]*)">', html)


@pytest.fixture
def people(db):
    polish = create_therapist(
        name="Ola Polska",
        areas=["role-transitions"],
        formats=["online"],
        languages=["english", "polish"],
        availability=Availability.WITHIN_2_WEEKS,
        fee_min=60,
        intro_call=True,
    )
    create_therapist(
        name="Ed English",
        areas=["role-transitions", "grief"],
        formats=["online", "in-person"],
        languages=["english"],
        location="Leeds",
        availability=Availability.WITHIN_2_MONTHS,
        fee_min=90,
    )
    create_therapist(name="Nat Nottaking", availability=Availability.NOT_TAKING, fee_min=40)
    create_therapist(name="Hidden", published=False, languages=["polish"])
    return polish


def test_urls():
    assert reverse("therapists:find") == URL
    assert reverse("therapists:shortlist") == "/therapists/shortlist/"


def test_the_first_screen_is_one_plain_question(client, people):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h1>Which of these feels closest to what is going on?</h1>" in html
    for plain in ("Conflict with someone close", "Big life changes", "Loneliness and isolation"):
        assert plain in html
    assert (
        "When a change in your life has shaken your sense of who you are." in html
    )  # the guide's words
    assert 'href="/self-check/problem-areas/"' in html
    assert "question 1 of 6" in html
    assert '<form method="get" action="/therapists/find/"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*(?:ld\+json|\bsrc=))", html)  # no inline script


def test_nothing_is_kept_no_cookie_no_cache_no_log(client, people, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.get(f"{URL}?{ALL_ANSWERS}&step=7")
    assert response.status_code == 200
    assert not response.cookies
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    assert client.get(f"{URL}?{ALL_ANSWERS}&step=7").get("X-Page-Cache") is None
    assert '<meta name="referrer" content="no-referrer">' in response.content.decode()
    assert "role-transitions" not in caplog.text and "polish" not in caplog.text.lower()


def test_each_screen_carries_the_earlier_answers_and_asks_its_own(client, people):
    html = client.get(f"{URL}?area=grief&meet=online&step=3").content.decode()
    assert '<h1><label for="id_language">Which language would you like your sessions in?' in html
    assert hidden_inputs(html) == [("area", "grief"), ("meet", "online"), ("step", "4")]
    # Coming back to a question shows the answer given, and does not carry it twice.
    html = client.get(f"{URL}?area=grief&meet=online&language=polish&step=1").content.decode()
    assert 'value="grief" id="area-grief" checked' in html
    assert ("area", "grief") not in hidden_inputs(html)
    assert ("language", "polish") in hidden_inputs(html)


def test_skip_and_back(client, people):
    html = client.get(f"{URL}?area=grief&language=polish&step=3").content.decode()
    assert 'href="/therapists/find/?area=grief&amp;step=4">Skip this question' in html
    assert 'href="/therapists/find/?area=grief&amp;language=polish&amp;step=2">Back' in html
    first = client.get(URL).content.decode()
    assert 'href="/therapists/">Back to the directory' in first


def test_access_is_not_asked_for_online_sessions(client):
    online = client.get(f"{URL}?meet=online&step=6").content.decode()
    assert "Step-free access" not in online and "A free short call first" in online
    assert "Step-free access" in client.get(f"{URL}?meet=either&step=6").content.decode()


def test_results_give_reasons_in_plain_words(client, people):
    response = client.get(f"{URL}?{ALL_ANSWERS}&step=7")
    html = response.content.decode()
    assert "<h1>Therapists who may suit you</h1>" in html
    exact = response.context["exact"]
    nearest = response.context["nearest"]
    assert [therapist.name for _, therapist in exact] == []
    # Ola fits all but the insurer... which is fine, as she is within the budget.
    names = [therapist.name for _, therapist in nearest]
    assert names[0] == "Ola Polska"
    assert "Hidden" not in html
    ola = nearest[0][0]
    assert ola.fits[:5] == (
        "works with big life changes",
        "online",
        "speaks Polish",
        "can start within 2 weeks",
        "£60 a session",
    )
    assert ola.misses == ("does not offer lower fees",)
    assert "What does not fit:" in html and "does not offer lower fees" in html
    assert "Nobody fits everything you told us." in html


def test_an_exact_fit_comes_first_and_says_so(client, people):
    response = client.get(f"{URL}?area=role-transitions&meet=online&language=polish&step=7")
    assert [t.name for _, t in response.context["exact"]] == ["Ola Polska"]
    html = response.content.decode()
    assert "One therapist fits everything you told us." in html
    assert html.index("Ola Polska") < html.index("Also close")
    assert f'data-slug="{people.slug}" data-name="Ola Polska" hidden>' in html  # shortlist


def test_no_therapists_at_all(client):
    response = client.get(f"{URL}?area=grief&step=7")
    assert response.status_code == 200
    assert "Our directory has no therapists to suggest just now." in response.content.decode()


def test_your_answers_can_each_be_changed(client, people):
    html = client.get(f"{URL}?{ALL_ANSWERS}&step=7").content.decode()
    assert "Up to £60 a session, with Bupa, a lower fee" in html
    assert "Big life changes" in html and "A free introductory call" in html
    assert f'href="/therapists/find/?{ALL_ANSWERS.replace("&", "&amp;")}&amp;step=5">Change' in html


def test_the_answers_as_directory_filters(client, people):
    html = client.get(f"{URL}?{ALL_ANSWERS}&step=7").content.decode()
    link = re.search(r'href="(/therapists/\?[^"]+)">see these answers as filters', html).group(1)
    assert link.replace("&amp;", "&") == (
        "/therapists/?area=role-transitions&format=online&language=polish&start=2-weeks"
        "&fee=60&concessions=1&insurer=bupa&intro=1"
    )


@pytest.mark.parametrize("count", [3, 30])
def test_results_take_a_fixed_number_of_queries(client, django_assert_num_queries, settings, count):
    settings.VERSION_RECHECK_SECONDS = 3600
    bupa = Insurer.objects.get(slug="bupa")
    for number in range(count):
        create_therapist(
            name=f"T{number:02d}",
            areas=["grief"],
            formats=["online", "in-person"],
            languages=["english"],
        ).insurers.add(bupa)
    client.get(URL)  # the vocabularies, once per data version
    # The therapists' own columns, then one query per linked answer (session formats,
    # area, insurer), then five cards and their formats.
    with django_assert_num_queries(6):
        response = client.get(f"{URL}?area=grief&meet=in-person&town=Leeds&insurer=bupa&step=7")
    assert len(response.context["exact"]) + len(response.context["nearest"]) == min(count, 5)


@pytest.mark.parametrize(
    "query",
    [
        "step=abc",
        "step=99",
        "step=0",
        "area=%3Cscript%3E",
        "meet=teleport",
        "budget=55",
        "insurer=nobody",
        "access=lift",
        "intro=maybe",
        "language=klingon&step=7",
        "town=" + "x" * 500 + "&step=7",
        "start=yesterday&step=7",
    ],
)
def test_bad_input_never_fails(client, people, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html


def test_unknown_answers_are_dropped_and_said(client, people):
    response = client.get(f"{URL}?area=nonsense&language=polish&step=7")
    assert "We left out an answer we did not recognise." in response.content.decode()
    assert response.context["summary"][0][1] == "No preference"


def test_shortlist_page_is_the_same_frame_for_everyone(client):
    response = client.get("/therapists/shortlist/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Your shortlist</h1>" in html
    assert "Your shortlist needs JavaScript" in html  # what a visitor without it reads
    assert "<template data-shortlist-template>" in html
    assert "csrfmiddlewaretoken" not in html and not response.cookies
    assert client.get("/therapists/shortlist/")["X-Page-Cache"] == "hit"


def test_reserved_addresses_cannot_be_a_therapist(db):
    from django.core.exceptions import ValidationError

    from ipt_site.therapists.models import Therapist

    for slug in ("find", "shortlist"):
        with pytest.raises(ValidationError, match="address of another page"):
            Therapist(name="A", slug=slug, title="T", introduction="I").full_clean()
