"""The relationships worksheet: a summary only from a POST, nothing stored, logged or put in
a session; what was typed comes back escaped; bad input gets a clear message and is kept."""

import logging
import math
import re
from html import unescape

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from ipt_site.selfcheck import inventory
from tests.helplines.util import panel_numbers

URL = "/self-check/my-relationships/"
PRIVATE_WORDS = "Grandad Horatio keeps shouting about the allotment"


def rows(*people, total=inventory.MAX_PEOPLE, notes=""):
    """POST data: each person is (name, circle, good, hard, change); shorter tuples are fine."""
    data = {"person-TOTAL_FORMS": str(total), "person-INITIAL_FORMS": "0"}
    for i, person in enumerate(people):
        for key, value in zip(("name", "circle", "good", "hard", "change"), person, strict=False):
            data[f"person-{i}-{key}"] = value
    if notes:
        data["notes"] = notes
    return data


def html_of(response):
    return unescape(response.content.decode())


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "sessionid" not in response.cookies


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


# --- The empty form --------------------------------------------------------------------


def test_url_name():
    assert reverse("selfcheck:relationships") == URL


@pytest.mark.django_db
def test_form_page(client, settings):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert_private(response)
    assert html.count("<h1") == 1
    assert f'<link rel="canonical" href="http://testserver{URL}">' in html
    assert "This is not a test" in html
    # Compact urgent help near the top, numbers from the help lines.
    panel = html.find('id="worksheet-urgent-now"')
    assert 0 < panel < html.find('name="person-0-name"')
    for number in panel_numbers():
        assert number in html[panel : html.find('name="person-0-name"')]
    # Twelve people, four open and the rest under "Add more people" (closed).
    assert html.count('class="ws-person"') == inventory.MAX_PEOPLE
    details = html.find('<details class="ws-more"')
    assert html.count('class="ws-person"', 0, details) == inventory.OPEN_ROWS
    assert '<details class="ws-more" data-ws-more>' in html
    assert html.count("<legend") == 2 * inventory.MAX_PEOPLE  # each person, each circle
    for n in range(inventory.MAX_PEOPLE):
        assert f'<label class="ws-label" for="id_person-{n}-name">' in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    # What is kept where, in words, and the script that is the only JavaScript.
    assert "What is kept, and where" in html
    assert "We do not save what you type" in html
    assert "style=" not in html and "<script>" not in html
    assert re.search(r'<script src="/static/js/my-relationships\.js" defer></script>', html)


def test_a_get_with_answers_in_the_query_string_shows_the_empty_form(client):
    response = client.get(URL, {"person-0-name": PRIVATE_WORDS, "person-0-circle": "inner"})
    html = response.content.decode()
    assert response.status_code == 200
    assert PRIVATE_WORDS not in html
    assert " checked" not in html
    assert "My closeness circle" not in html


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


@pytest.mark.django_db  # content pages are read from the database
def test_linked_from_the_self_check_index_and_the_first_phase_page(client):
    assert f'href="{URL}"' in client.get("/self-check/").content.decode()
    assert f'href="{URL}"' in client.get("/what-to-expect/initial-phase/").content.decode()


@pytest.mark.django_db
def test_in_the_sitemap(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert re.search(rf"<loc>https?://[^<]+{re.escape(URL)}</loc>", xml)


# --- The summary -------------------------------------------------------------------------


def test_summary_shows_each_person_their_circle_and_notes(client):
    data = rows(
        ("Mum", "inner", "She listens", "I worry about her", "Call more often"),
        ("Sam", "middle", "", "We argue about money"),
        ("My boss", "outer"),
        notes="Things got worse after the move.",
    )
    response = client.post(URL, data)
    html = html_of(response)
    assert response.status_code == 200
    assert_private(response)
    assert "<h1>My relationships</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    for text in ("She listens", "I worry about her", "Call more often", "We argue about money"):
        assert text in html
    assert "Things got worse after the move." in html
    cards = re.findall(r'<li class="ws-card">(.*?)</li>', html, re.S)
    assert len(cards) == 3
    assert "Mum" in cards[0] and "Inner circle" in cards[0]
    assert "Sam" in cards[1] and "Middle circle" in cards[1]
    assert "My boss" in cards[2] and "Outer circle" in cards[2]
    # The closeness circle is drawn on the server: one numbered dot a person, with words.
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg.count('class="ws-dot"') == 3
    assert 'role="img"' in svg
    assert "Inner circle: Mum. Middle circle: Sam. Outer circle: My boss." in svg
    assert "We have not saved this" in html


def test_empty_rows_are_ignored_and_numbers_follow_the_form(client):
    data = rows(("Mum", "inner"), ("", ""), ("", ""), ("Jo", "outer"))
    html = html_of(client.post(URL, data))
    cards = re.findall(r'<li class="ws-card">(.*?)</li>', html, re.S)
    assert len(cards) == 2
    assert '<span class="ws-num" aria-hidden="true">4</span> Jo' in cards[1]


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        '"><img src=x onerror=alert(1)>',
        "</textarea><script>alert(1)</script>",
        "</title></desc><svg onload=alert(1)>",
    ],
)
def test_what_was_typed_is_escaped_everywhere(client, payload):
    data = rows((payload[:40], "inner", payload, payload, payload), notes=payload)
    summary = client.post(URL, data).content.decode()
    edit = client.post(URL, {**data, "action": "edit"}).content.decode()
    errors = client.post(URL, rows(("", "inner", payload))).content.decode()
    for html in (summary, edit, errors):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<svg onload" not in html
        assert "</textarea><script>" not in html
    assert escape(payload) in summary  # shown, as text


@pytest.mark.django_db
def test_nothing_is_stored_logged_or_queried(client, caplog, django_assert_num_queries, settings):
    caplog.set_level(logging.DEBUG)
    # The public help lines are read once per data version (here, by the GET); nothing a
    # person writes reaches the database.
    settings.VERSION_RECHECK_SECONDS = 3600
    client.get(URL)
    before = row_counts()
    data = rows((PRIVATE_WORDS[:40], "inner", PRIVATE_WORDS, PRIVATE_WORDS), notes=PRIVATE_WORDS)
    with django_assert_num_queries(0):
        summary = client.post(URL, data)
        errors = client.post(URL, rows(("", "", PRIVATE_WORDS)))
        edit = client.post(URL, {**data, "action": "edit"})
    assert summary.status_code == errors.status_code == edit.status_code == 200
    assert PRIVATE_WORDS in summary.content.decode()
    assert row_counts() == before
    for response in (summary, errors, edit):
        assert_private(response)
    assert "sessionid" not in client.cookies  # no session was started
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Horatio" not in logged and "allotment" not in logged


def test_change_my_answers_puts_everything_back_in_the_form(client):
    data = rows(
        ("Mum", "inner", "Line one\r\nLine two", "Hard bit"),
        *[("", "")] * 4,
        ("Friend six", "middle", "", "", "See more of them"),
        notes="A note",
    )
    summary = client.post(URL, data).content.decode()
    # The summary carries the answers in hidden fields for its "Change my answers" button.
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', summary))
    assert hidden["person-0-name"] == "Mum"
    assert hidden["person-5-circle"] == "middle"
    assert hidden["notes"] == "A note"
    edit_data = {name: unescape(value) for name, value in hidden.items()}
    edit_data.pop("csrfmiddlewaretoken", None)
    form = html_of(client.post(URL, {**edit_data, "action": "edit"}))
    assert "<h1>My relationships: a worksheet</h1>" in form
    assert 'value="Mum"' in form
    assert re.search(r">\nLine one\r?\nLine two</textarea>", form)
    assert 'value="inner" checked' in form
    assert 'value="Friend six"' in form
    assert ">\nA note</textarea>" in form
    # Person 6 is under "Add more people", which opens because it has something in it.
    assert '<details class="ws-more" open data-ws-more>' in form
    assert "error-summary" not in form


# --- Bad input ---------------------------------------------------------------------------


def error_summary(html):
    found = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert found, "no error summary"
    return found.group(0)


def test_notes_without_a_name_ask_for_a_name_and_keep_the_notes(client):
    response = client.post(URL, rows(("Mum", "inner"), ("", "", "Kind to me")))
    html = html_of(response)
    assert response.status_code == 200
    assert html.count("<title>Error: ") == 1
    summary = error_summary(html)
    assert "Please check your list" in summary
    assert '<a href="#id_person-1-name">Person 2: add a name or initials' in summary
    assert 'id="id_person-1-name_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Kind to me</textarea>" in html
    assert 'value="Mum"' in html


def test_a_name_without_a_circle_asks_for_the_circle(client):
    html = html_of(client.post(URL, rows(("Nan", ""))))
    assert '<a href="#id_person-0-circle_0">Person 1: choose how close you feel to Nan.</a>' in (
        error_summary(html)
    )
    assert 'value="Nan"' in html


def test_a_made_up_circle_is_refused(client):
    html = html_of(client.post(URL, rows(("Nan", "closest-ever"))))
    assert "Person 1: choose the inner, middle or outer circle." in error_summary(html)


def test_an_empty_sheet_asks_for_one_person(client):
    html = html_of(client.post(URL, rows()))
    assert "Add at least one person" in error_summary(html)
    assert '<a href="#people">' in error_summary(html)


@pytest.mark.parametrize(
    ("field", "limit", "label"),
    [
        ("good", inventory.TEXT_MAX, 'Person 1: "What is good"'),
        ("hard", inventory.TEXT_MAX, 'Person 1: "What is hard"'),
        ("change", inventory.TEXT_MAX, 'Person 1: "What to change"'),
        ("name", inventory.NAME_MAX, "Person 1: the name"),
    ],
)
def test_overlong_text_says_how_long_and_is_kept(client, field, limit, label):
    data = rows(("Mum", "inner"))
    typed = "word " * (limit // 5) + "extra"
    data[f"person-0-{field}"] = typed
    html = html_of(client.post(URL, data))
    expected = f"{label} has {len(typed)} characters. Please keep it to {limit} or fewer."
    assert expected in error_summary(html)
    assert typed in html  # kept, so nothing is lost


def test_overlong_notes(client):
    typed = "n" * (inventory.NOTES_MAX + 1)
    html = html_of(client.post(URL, rows(("Mum", "inner"), notes=typed)))
    assert f'"Anything else" has {len(typed)} characters' in error_summary(html)
    assert typed in html


def test_line_breaks_count_once_as_in_the_browser(client):
    # 250 lines of one letter: 499 characters in the browser, 749 as the form sends them.
    typed = "\r\n".join(["a"] * 250)
    response = client.post(URL, rows(("Mum", "inner", typed)))
    assert "My closeness circle" in response.content.decode()


def test_too_many_people_is_a_clear_message_and_the_first_twelve_are_kept(client):
    people = [(f"Person{n}", "outer") for n in range(inventory.MAX_PEOPLE + 1)]
    html = html_of(client.post(URL, rows(*people, total=inventory.MAX_PEOPLE + 1)))
    assert f"You can list up to {inventory.MAX_PEOPLE} people" in error_summary(html)
    assert 'value="Person0"' in html and 'value="Person11"' in html
    assert html.count('class="ws-person"') == inventory.MAX_PEOPLE


@pytest.mark.parametrize("total", [None, "", "abc", "-3"])
def test_a_missing_or_garbled_row_count_still_keeps_what_was_typed(client, total):
    data = rows(("Mum", "inner", "Good things"))
    if total is None:
        del data["person-TOTAL_FORMS"], data["person-INITIAL_FORMS"]
    else:
        data["person-TOTAL_FORMS"] = total
    html = html_of(client.post(URL, data))
    assert "My closeness circle" in html
    assert "Good things" in html


def test_junk_posts_never_fail(client):
    junk = [
        {},
        {"person-0-circle": ["inner", "outer"]},
        {"person-TOTAL_FORMS": "99999999999999999999", "person-0-name": "x"},
        {"person-0-name": "\x00\x01", "person-0-circle": "inner"},
        {"notes": "\ud7ff" * 10, "action": "edit"},
    ]
    for data in junk:
        assert client.post(URL, data).status_code == 200, data


# --- The drawing ---------------------------------------------------------------------------


def test_dots_sit_inside_their_ring_and_never_overlap():
    rings = inventory.CIRCLES
    inner_edge = {c.key: prev.ring for prev, c in zip(rings, rings[1:], strict=False)}
    for count in range(1, inventory.MAX_PEOPLE + 1):
        for circle in inventory.CIRCLES:
            people = [inventory.Person(n, f"P{n}", circle.key) for n in range(1, count + 1)]
            dots = inventory.dots(people)
            low = inner_edge.get(circle.key, inventory.YOU_RADIUS)
            for dot in dots:
                r = math.hypot(dot.x - inventory.CENTRE, dot.y - inventory.CENTRE)
                assert low < r - inventory.DOT_RADIUS and r + inventory.DOT_RADIUS < circle.ring
            for a in dots:
                for b in dots:
                    if a is not b:
                        assert math.hypot(a.x - b.x, a.y - b.y) >= 2 * inventory.DOT_RADIUS


def test_description_names_everyone_by_circle():
    people = [inventory.Person(1, "Mum", "inner"), inventory.Person(2, "Jo", "inner")]
    assert inventory.description(people) == (
        "You are in the middle. Inner circle: Mum, Jo. Middle circle: nobody yet. "
        "Outer circle: nobody yet."
    )


# --- Canonical links on the app pages --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/contact/", "/self-check/", "/self-check/mood/", "/self-check/problem-areas/", URL]
)
def test_app_pages_have_a_canonical_link_without_the_query_string(client, settings, path):
    html = client.get(path + "?utm_source=x&therapist=someone").content.decode()
    assert html.count('rel="canonical"') == 1
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    settings.SITE_URL = "https://ipt.example.org"
    html = client.get(path).content.decode()
    assert f'<link rel="canonical" href="https://ipt.example.org{path}">' in html
