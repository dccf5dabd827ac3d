import json
import re

import pytest
from django.urls import reverse

from ipt_site.pagecache import data_changed

pytestmark = pytest.mark.django_db


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def test_home_is_content_index(client, content):
    response = client.get("/")
    assert response.status_code == 200
    assert "<h1>Test home</h1>" in response.text
    assert h1_count(response.text) == 1


def test_file_path_maps_to_url(client, content):
    content.page("problem-areas/_index.md", title="Problem areas", body="The four areas.")
    content.page("problem-areas/grief.md", title="Grief", body="About **loss**.")
    section = client.get("/problem-areas/")
    page = client.get("/problem-areas/grief/")
    assert section.status_code == 200
    assert "<h1>Problem areas</h1>" in section.text
    assert page.status_code == 200
    assert "<strong>loss</strong>" in page.text


def test_missing_trailing_slash_redirects(client, content):
    content.page("faq.md", title="FAQ")
    response = client.get("/faq")
    assert response.status_code == 301
    assert response["Location"] == "/faq/"


def test_unknown_page_is_the_site_404(client, content):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert 'id="urgent-help"' in response.text


def test_section_lists_children_in_order(client, content):
    content.page("what-to-expect/_index.md", title="What to expect")
    content.page("what-to-expect/final.md", title="Final phase", order=3)
    content.page("what-to-expect/first.md", title="First phase", order=1)
    content.page("what-to-expect/middle.md", title="Middle phase", order=2)
    text = client.get("/what-to-expect/").text
    positions = [text.index(t) for t in ("First phase", "Middle phase", "Final phase")]
    assert positions == sorted(positions)
    assert "About middle phase." in text  # the child's summary is on its card


def test_breadcrumbs_and_previous_next(client, content):
    content.page("compare/_index.md", title="Compare")
    content.page("compare/cbt.md", title="IPT and CBT", order=1)
    content.page("compare/psychodynamic.md", title="IPT and psychodynamic therapy", order=2)
    text = client.get("/compare/cbt/").text
    crumbs = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', text, re.S).group(0)
    assert 'href="/"' in crumbs and 'href="/compare/"' in crumbs
    assert 'aria-current="page">IPT and CBT' in crumbs
    assert 'rel="next"' in text and 'href="/compare/psychodynamic/"' in text
    assert 'rel="prev"' not in text
    last = client.get("/compare/psychodynamic/").text
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_table_of_contents_needs_three_headings(client, content):
    content.page("two.md", title="Two", body="## One\n\nx\n\n## Two\n\ny")
    content.page("three.md", title="Three", body="## One\n\nx\n\n## Two\n\ny\n\n## Three\n\nz")
    assert "On this page" not in client.get("/two/").text
    text = client.get("/three/").text
    assert "On this page" in text
    assert 'href="#three"' in text and 'id="three"' in text


def test_opening_words_and_in_short_box_come_before_the_table_of_contents(client, content):
    body = (
        "Why this page matters.\n\n"
        '!!! summary "In short"\n    - The whole page in one line.\n\n'
        "## One\n\nx\n\n## Two\n\ny\n\n## Three\n\nz"
    )
    content.page("three.md", title="Three", body=body)
    text = client.get("/three/").text
    opening, box, contents = (
        text.index("Why this page matters."),
        text.index("The whole page in one line."),
        text.index("On this page"),
    )
    assert opening < box < contents < text.index('id="one"')
    assert text.count("Why this page matters.") == 1 and text.count("whole page in one") == 1


def test_review_dates_and_references_are_shown(client, content):
    content.page(
        "about.md",
        title="About",
        reviewed="2026-03-01",
        next_review="2027-03-01",
        references=["Weissman, M. M. (2018). The Guide to Interpersonal Psychotherapy."],
    )
    text = client.get("/about/").text
    assert "Page last reviewed: " in text and "1 March 2026" in text
    assert "Next review due: " in text and "1 March 2027" in text
    assert "The Guide to Interpersonal Psychotherapy." in text


def test_body_h1_is_demoted_so_the_page_keeps_one_h1(client, content):
    content.page("one.md", title="Only one", body="# Another title\n\ntext")
    text = client.get("/one/").text
    assert h1_count(text) == 1
    assert "<h2" in text and "Another title" in text


def test_faq_template_makes_questions_openable_without_javascript(client, content):
    content.page(
        "faq.md",
        title="Questions",
        template="faq",
        body="## Is it talk therapy?\n\nYes.\n\n## How long?\n\nAbout 12 to 16 weeks.",
    )
    text = client.get("/faq/").text
    assert text.count('<details class="faq">') == 2
    assert '<summary><h2 id="is-it-talk-therapy">Is it talk therapy?</h2></summary>' in text


def test_head_has_description_canonical_opengraph_and_json_ld(client, content):
    content.page(
        "grief.md", title="Grief", summary="Loss and how IPT helps.", reviewed="2026-02-03"
    )
    text = client.get("/grief/").text
    assert '<meta name="description" content="Loss and how IPT helps.">' in text
    assert '<link rel="canonical" href="http://testserver/grief/">' in text
    assert '<meta property="og:title" content="Grief">' in text
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    data = [json.loads(block) for block in blocks]
    page = next(d for d in data if d["@type"] == "MedicalWebPage")
    assert page["lastReviewed"] == "2026-02-03"
    crumbs = next(d for d in data if d["@type"] == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == ["Test home", "Grief"]


def test_placeholders_are_filled_from_settings(client, content, settings):
    settings.PRACTICE_NAME = "Riverside IPT"
    settings.ENQUIRY_RETENTION_DAYS = 400
    content.page(
        "privacy.md",
        title="Privacy",
        body="[[practice_name]] keeps them [[enquiry_retention_days]] days.",
    )
    text = client.get("/privacy/").text
    assert "Riverside IPT keeps them 400 days." in text


@pytest.mark.django_db
def test_urgent_help_comes_from_the_help_lines(client, content):
    from ipt_site.helplines.models import Helpline

    Helpline.objects.filter(key="samaritans").update(phone="0800 123 4567")
    data_changed()  # update() sends no signal
    text = client.get("/").text
    assert 'href="tel:08001234567"' in text
    assert "116 123" not in text


def test_robots_points_to_sitemap(client, content):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_admin_url_is_reversible(content):
    assert reverse("admin:index").startswith("/")


def test_home_places_problem_area_cards_where_the_body_asks(client, content):
    content.write(
        "_index.md",
        "---\ntitle: Home\nsummary: Home.\ntemplate: home\n---\n\n## First\n\nIntro.\n\n"
        "[[problem_area_cards]]\n\n## Later\n\nMore.\n",
    )
    content.page("problem-areas/_index.md", title="Problem areas")
    content.page("problem-areas/grief.md", title="Grief", summary="Loss.")
    text = client.get("/").text
    assert "[[problem_area_cards]]" not in text
    assert text.index("Intro.") < text.index('href="/problem-areas/grief/"') < text.index("More.")
    assert text.count('href="/problem-areas/grief/"') == 1


def test_tables_scroll_in_their_own_box_with_row_and_column_headers(client, content):
    body = (
        "| Aspect | IPT | CBT |\n|---|---|---|\n| Focus | People | Thoughts |\n| Length | 16 | 20 |"
    )
    content.page("compare.md", title="Compare", body=body)
    text = client.get("/compare/").text
    assert '<div class="table-scroll" tabindex="0" role="region"' in text
    assert "Scroll sideways to see the whole table." in text
    assert '<th scope="col">IPT</th>' in text
    assert '<th scope="row">Focus</th>' in text and '<th scope="row">Length</th>' in text
    assert "<td>People</td>" in text


def test_a_table_under_a_heading_is_named_by_it_and_one_alone_keeps_a_plain_name(client, content):
    """A screen reader lists tables and regions by name: "Side by side", not one more
    "Table (scrolls sideways...)" among several alike."""
    table = "| Aspect | IPT | CBT |\n|---|---|---|\n| Focus | People | Thoughts |"
    body = f"## Side by side\n\n{table}\n\nSome words.\n\n{table}"
    content.page("compare.md", title="Compare", body=body)
    text = client.get("/compare/").text
    named = (
        '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="side-by-side">'
        '<table class="table" aria-labelledby="side-by-side">'
    )
    assert text.count(named) == 1
    assert text.count('aria-label="Table (scrolls sideways on small screens)"><table') == 1
    assert text.count('<h2 id="side-by-side">Side by side</h2>') == 1


def test_absolute_url_keeps_urls_that_are_already_absolute(rf, settings):
    from ipt_site.pages.structured_data import absolute_url

    settings.SITE_URL = "https://ipt.example.org"
    request = rf.get("/")
    assert absolute_url(request, "/faq/") == "https://ipt.example.org/faq/"
    photo = "https://photos.example.org/therapists/ada.jpg"
    assert absolute_url(request, photo) == photo


def test_faq_has_no_separate_table_of_contents(client, content):
    questions = "\n\n".join(f"## Question {n}?\n\nAnswer {n}." for n in range(5))
    content.page("faq.md", title="Questions", template="faq", body=questions)
    text = client.get("/faq/").text
    assert "On this page" not in text
    assert text.count('<details class="faq">') == 5
