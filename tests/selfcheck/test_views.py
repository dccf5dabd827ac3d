"""The self-check pages: results only from a POST, nothing stored or logged, no-store,
kind errors instead of a 500, urgent help on question 9, areas linked to the directory."""

import logging
import re

import pytest
from django.urls import reverse

from ipt_site.helplines.models import Helpline
from ipt_site.selfcheck import scoring
from tests import realcontent
from tests.helplines.util import panel_numbers

MOOD = "/self-check/mood/"
AREAS = "/self-check/problem-areas/"
KEYS = [q.key for q in scoring.NAVIGATOR_QUESTIONS]


def mood_data(*answers, difficulty=""):
    data = {f"q{n}": str(value) for n, value in enumerate(answers, start=1)}
    if difficulty:
        data["difficulty"] = difficulty
    return data


def areas_data(**overrides):
    return dict.fromkeys(KEYS, scoring.NO) | overrides


def assert_no_store(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def urgent_panel_position(html):
    return html.find('id="selfcheck-urgent-help"')


# --- URLs, menu, sitemap ------------------------------------------------------------


def test_url_names():
    assert reverse("selfcheck:index") == "/self-check/"
    assert reverse("selfcheck:mood") == MOOD
    assert reverse("selfcheck:areas") == AREAS


@pytest.mark.parametrize("path", ["/self-check/", MOOD, AREAS])
def test_pages_render_with_one_h1_urgent_help_and_no_store(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'id="urgent-help"' in html  # the site-wide panel from base.html
    assert_no_store(response)
    assert "style=" not in html
    assert "<script>" not in html


def test_landing_page_links_both_tools_and_says_not_a_diagnosis(client):
    html = client.get("/self-check/").content.decode()
    assert f'href="{MOOD}"' in html
    assert f'href="{AREAS}"' in html
    assert "not a diagnosis" in html


@pytest.mark.django_db  # content pages are read from the database
def test_both_tools_are_reachable_from_the_main_menu(client):
    html = client.get("/about-ipt/").content.decode()
    nav = re.search(r'<nav class="site-nav" aria-label="Main">.*?</nav>', html, re.S).group(0)
    assert 'href="/self-check/"' in nav
    landing = client.get("/self-check/").content.decode()
    assert 'href="/self-check/" aria-current="page"' in landing


@pytest.mark.django_db
def test_all_three_pages_are_in_the_sitemap(client):
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/self-check/", MOOD, AREAS):
        assert re.search(rf"<loc>https?://[^<]+{re.escape(path)}</loc>", xml), path


# --- Mood check: form ----------------------------------------------------------------


@pytest.mark.django_db
def test_mood_form_shows_urgent_help_before_the_questions(client):
    html = client.get(MOOD).content.decode()
    panel = html.find('id="selfcheck-urgent-now"')
    assert 0 < panel < html.find('name="q1"')
    for number in panel_numbers():
        assert number in html[panel : html.find('name="q1"')]


def test_mood_form_markup_is_accessible(client):
    html = client.get(MOOD).content.decode()
    assert html.count("<fieldset") == 10
    assert html.count("<legend") == 10
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    for n in range(1, 10):
        for value in range(4):
            assert f'<label class="sc-option-label" for="id_q{n}_{value}">' in html
    assert scoring.PHQ9_STEM in html
    assert "Spitzer" in html and "Pfizer Inc." in html


@pytest.mark.django_db
def test_urgent_help_numbers_come_from_the_help_lines(client):
    samaritans = Helpline.objects.get(key="samaritans")
    samaritans.phone = "0800 000 111"
    samaritans.save()  # as the admin does: a new data version
    html = client.get(MOOD).content.decode()
    assert 'href="tel:0800000111"' in html
    response = client.post(MOOD, mood_data(0, 0, 0, 0, 0, 0, 0, 0, 1))
    result = response.content.decode()
    panel = result[urgent_panel_position(result) :]
    assert "0800 000 111" in panel[: panel.find("</section>")]
    assert "116 123" not in result


def test_get_with_answers_in_the_query_string_shows_the_empty_form(client):
    query = "&".join(f"q{n}=3" for n in range(1, 10))
    response = client.get(f"{MOOD}?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your score" not in html
    assert " checked>" not in html
    assert 'id="selfcheck-urgent-help"' not in html
    assert_no_store(response)


# --- Mood check: results -------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ([0] * 9, 0, "minimal"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),
        ([3, 3, 3, 0, 0, 0, 0, 0, 0], 9, "mild"),
        ([2, 2, 2, 2, 2, 0, 0, 0, 0], 10, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, "moderate"),
        ([3, 3, 3, 3, 3, 0, 0, 0, 0], 15, "moderately-severe"),
        ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, "moderately-severe"),
        ([3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "severe"),
        ([3] * 8 + [0], 24, "severe"),
    ],
)
def test_mood_result_shows_score_band_and_next_steps(client, answers, total, band, settings):
    response = client.post(MOOD, mood_data(*answers))
    assert response.status_code == 200
    assert "selfcheck/mood_result.html" in [t.name for t in response.templates]
    html = response.content.decode()
    expected = next(b for b in scoring.BANDS if b.key == band)
    assert f"Your score: {total} out of 27" in html
    assert expected.summary in html
    assert expected.label.lower() in html
    assert "A score is not a diagnosis." in html
    for link in ('href="/about-ipt/"', 'href="/therapists/"', 'href="/contact/"'):
        assert link in html
    assert "GP" in html
    assert "data-print-button hidden" in html
    assert "js/print.js" in html
    assert "Pfizer Inc." in html and "Kroenke" in html
    assert 'name="robots" content="noindex"' in html
    assert_no_store(response)


def test_mood_result_lists_the_answers_given_for_the_gp(client):
    html = client.post(
        MOOD, mood_data(0, 1, 2, 3, 0, 1, 2, 3, 0, difficulty="somewhat")
    ).content.decode()
    answers = html[html.find('class="sc-answers"') :]
    for item in scoring.PHQ9_ITEMS:
        assert item in html
    order = [answers.find(text) for text in ("Not at all", "Several days", "More than half")]
    assert order == sorted(order) and order[0] >= 0
    assert "Somewhat difficult" in html
    assert scoring.DIFFICULTY_QUESTION in html


@pytest.mark.parametrize("q9", [1, 2, 3])
@pytest.mark.parametrize("others", [0, 1, 3])
def test_question_9_shows_the_urgent_panel_first_at_any_total(client, q9, others):
    html = client.post(MOOD, mood_data(*([others] * 8), q9)).content.decode()
    panel = urgent_panel_position(html)
    assert panel > 0
    assert html.find("<h1") < panel < html.find("Your score:")
    assert "Thank you for answering honestly" in html
    assert 'href="tel:999"' in html[panel:]


def answers_totalling(total: int, q9: int) -> list[int]:
    """Nine answers with question 9 as given and the other eight making up the total."""
    rest = total - q9
    assert 0 <= rest <= 24
    others = [min(3, max(0, rest - 3 * i)) for i in range(8)]
    assert sum(others) == rest
    return [*others, q9]


@pytest.mark.django_db
@pytest.mark.parametrize("q9", [1, 2, 3])
@pytest.mark.parametrize("band", scoring.BANDS, ids=lambda band: band.key)
def test_question_9_replaces_the_band_wording_in_every_band(client, band, q9):
    """Issue 23: after a disclosure, a low total must never read as reassurance."""
    lowest, highest = max(band.low, q9), min(band.high, 24 + q9)
    for total in sorted({lowest, highest}):
        answers = answers_totalling(total, q9)
        assert scoring.phq9_band(total) == band
        html = client.post(MOOD, mood_data(*answers)).content.decode()
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        # The urgent panel first, then the total, with the answer that matters more.
        panel = urgent_panel_position(html)
        assert html.find("<h1") < panel < html.find(f"Your score: {total} out of 27")
        assert "Your answer to question 9 matters more than your score." in text
        assert "What to do today" in text and "talk to your GP today" in text
        # None of the band's words: no "few or no signs", no "everyone has hard days".
        assert band.summary not in text
        assert band.meaning not in text
        assert "in the band called" not in text
        assert "What this may mean" not in text
        # What to do today: the NHS line for each nation, and 999 if life is at risk.
        urgent = html[panel : html.find("</section>", panel)]
        for name, number in [
            ("NHS 111", "111"),
            ("NHS 24", "111"),
            ("NHS 111 Wales", "111"),
            ("Lifeline", "0808 808 8000"),
        ]:
            assert f"<strong>{name}</strong>" in urgent and number in urgent, name
        assert "choose the mental health option" in urgent and "press 2" in urgent
        assert 'href="tel:999"' in urgent
        assert "today or tomorrow" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("band", scoring.BANDS, ids=lambda band: band.key)
def test_without_question_9_each_band_keeps_its_own_wording(client, band):
    html = client.post(MOOD, mood_data(*answers_totalling(min(band.high, 24), 0))).content.decode()
    assert urgent_panel_position(html) == -1
    assert band.summary in html and band.meaning.replace('"', "&quot;") in html
    assert "matters more than your score" not in html


def test_severe_band_says_today_not_tomorrow():
    severe = next(b for b in scoring.BANDS if b.key == "severe")
    assert "today" in severe.meaning and "tomorrow" not in severe.meaning


@pytest.mark.parametrize("others", [0, 3])
def test_not_at_all_to_question_9_shows_no_urgent_panel(client, others):
    html = client.post(MOOD, mood_data(*([others] * 8), 0)).content.decode()
    assert urgent_panel_position(html) == -1
    assert "Your score:" in html


# --- Mood check: errors --------------------------------------------------------------


def test_empty_post_shows_the_form_with_the_error_summary(client):
    response = client.post(MOOD, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Mood check" in html
    assert 'class="error-summary" role="alert" tabindex="-1" autofocus' in html
    for n in range(1, 10):
        assert f'<a href="#id_q{n}_0">Choose an answer for question {n}.</a>' in html
        assert f'aria-describedby="id_q{n}_error"' in html
    assert '#id_difficulty_0"' not in html  # optional
    assert "Your score" not in html
    assert_no_store(response)


def test_errors_keep_the_answers_given(client):
    response = client.post(MOOD, {"q1": "2", "q4": "3", "difficulty": "very"})
    html = response.content.decode()
    assert re.search(r'id="id_q1_2" value="2" checked', html)
    assert re.search(r'id="id_q4_3" value="3" checked', html)
    assert re.search(r'id="id_difficulty_2" value="very" checked', html)
    assert html.count(" checked>") == 3
    assert '<a href="#id_q2_0">' in html
    assert '<a href="#id_q1_0">' not in html


@pytest.mark.parametrize(
    "bad",
    [
        {"q1": "4"},
        {"q1": "-1"},
        {"q1": "abc"},
        {"q1": "1.5"},
        {"q1": ""},
        {"q1": "0x1"},
        {"q1": "١"},
        {"difficulty": "impossible"},
    ],
)
def test_invalid_answers_get_the_form_again_never_a_500(client, bad):
    data = mood_data(*([1] * 9)) | bad
    response = client.post(MOOD, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some questions still need an answer" in html
    assert "Your score" not in html


def test_other_methods_are_refused(client):
    assert client.put(MOOD).status_code == 405
    assert client.post("/self-check/", {}).status_code == 405


# --- Privacy: nothing stored, nothing logged ------------------------------------------


@pytest.mark.django_db
def test_mood_post_touches_no_database_and_sets_no_session(
    client, django_assert_num_queries, settings
):
    # The public help lines are read once per data version (here, by the GET); the
    # answers themselves never reach the database.
    settings.VERSION_RECHECK_SECONDS = 3600
    client.get(MOOD)
    with django_assert_num_queries(0):
        response = client.post(MOOD, mood_data(2, 2, 2, 2, 2, 2, 2, 2, 1))
    assert "Your score: 17 out of 27" in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "messages" not in response.cookies


@pytest.mark.django_db
def test_areas_post_touches_no_database_and_sets_no_session(
    client, django_assert_num_queries, settings
):
    settings.VERSION_RECHECK_SECONDS = 3600
    client.get(AREAS)  # the help lines, once per data version
    with django_assert_num_queries(0):
        response = client.post(AREAS, areas_data(lonely=scoring.YES))
    assert "Loneliness and isolation" in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in response.cookies


@pytest.mark.django_db  # so the page's help lines are read, not their logged fallback
def test_answers_are_never_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(MOOD, mood_data(3, 2, 1, 0, 3, 2, 1, 0, 2, difficulty="extremely"))
    client.post(MOOD, {"q1": "1", "q9": "3"})
    client.post(AREAS, areas_data(loss_stuck=scoring.YES))
    client.post(AREAS, {"loss_stuck": "yes"})
    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.args!r}" for record in caplog.records
    )
    for secret in ("q1", "q9", "extremely", "loss_stuck", "Nearly every day", "selfcheck"):
        assert secret not in logged
    assert [r for r in caplog.records if r.name.startswith("ipt_site")] == []


def test_answers_never_go_into_a_url(client):
    for path in (MOOD, AREAS):
        # After the header (whose site search box is a GET form by design).
        html = client.get(path).content.decode().split("</header>", 1)[1]
        assert re.search(r'<form method="post" action="' + re.escape(path) + '"', html)
        # No form-state restoring on Back: the next person at a shared computer sees nothing.
        assert 'autocomplete="off"' in html
        assert 'method="get"' not in html.lower()


@pytest.mark.parametrize("path", [MOOD, AREAS])
def test_answers_are_hidden_from_error_reports(client, path):
    # If anything ever failed, Django's error report would show no POST value.
    response = client.post(path, {})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


# --- Navigator -----------------------------------------------------------------------


def test_areas_form_markup(client):
    html = client.get(AREAS).content.decode()
    assert html.count("<fieldset") == len(KEYS)
    assert html.count("<legend") == len(KEYS)
    for key in KEYS:
        for i, label in enumerate(["Yes", "No", "Not sure"]):
            assert f'for="id_{key}_{i}">{label}</label>' in html
    assert "not a test" in html


@pytest.mark.parametrize("area", scoring.AREAS, ids=lambda a: a.slug)
def test_navigator_answers_map_to_areas_and_filtered_directory_links(client, area):
    keys = [q.key for q in scoring.NAVIGATOR_QUESTIONS if q.area == area.slug]
    response = client.post(AREAS, areas_data(**{keys[0]: scoring.YES}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h2>{area.title}</h2>" in html
    assert f'href="/problem-areas/{area.slug}/"' in html
    assert f'href="/therapists/?area={area.slug}"' in html
    others = [a for a in scoring.AREAS if a != area]
    for other in others:
        assert f"?area={other.slug}" not in html
    assert "choose the focus together" in html
    assert "not a test" in html
    assert_no_store(response)


def test_navigator_lists_several_areas_in_a_stable_order(client):
    html = client.post(
        AREAS,
        areas_data(relationships_hard=scoring.YES, loss_mood=scoring.NOT_SURE),
    ).content.decode()
    grief = html.find('href="/therapists/?area=grief"')
    lonely = html.find('href="/therapists/?area=interpersonal-deficits"')
    assert 0 < grief < lonely
    assert "You were not sure" in html


def test_navigator_with_no_match_is_kind_and_links_all_four_areas_and_the_faq(client):
    response = client.post(AREAS, areas_data())
    html = response.content.decode()
    assert "No one area stood out" in html
    for area in scoring.AREAS:
        assert f'href="{area.url}"' in html
        assert f"?area={area.slug}" not in html
    assert 'href="/faq/"' in html
    assert "choose the focus together" in html
    assert_no_store(response)


def test_navigator_missing_answers_show_the_error_summary_and_keep_answers(client):
    response = client.post(AREAS, {"loss_stuck": "yes", "lonely": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Which area might fit me?" in html
    assert 'class="error-summary"' in html
    assert re.search(r'id="id_loss_stuck_0" value="yes" checked', html)
    assert '<a href="#id_lonely_0">' in html
    assert '<a href="#id_loss_stuck_0">' not in html
    assert "Areas that may be worth talking about" not in html


def test_navigator_get_with_answers_in_the_query_string_computes_nothing(client):
    response = client.get(AREAS + "?loss_stuck=yes&lonely=yes")
    html = response.content.decode()
    assert " checked>" not in html
    assert "?area=" not in html
    assert_no_store(response)


def test_area_titles_match_the_explainer_pages():
    for area in scoring.AREAS:
        assert realcontent.page(area.url).title == area.title
