"""Issue 23: the pages a clinician and a reader need to trust the site, linked where people
look for them; "Reviewed by" on every page; "Exit this page" on every page."""

import re

import pytest
from django.utils.html import strip_tags

from ipt_site.pages.meta import parse
from ipt_site.pages.models import Page
from tests.therapists.conftest import create_therapist

pytestmark = pytest.mark.django_db

NEW_PAGES = {
    "/about-this-information/": "About this information",
    "/complaints/": "Making a complaint",
    "/accessibility/": "Accessibility statement",
    "/covering-your-tracks/": "Covering your tracks online",
    "/confidentiality/": "What stays private in therapy",
    "/getting-ipt/language-culture-and-access/": "Language, culture and access",
}
FOOTER = ["/about-this-information/", "/complaints/", "/accessibility/", "/covering-your-tracks/"]


def words(html: str) -> str:
    return " ".join(strip_tags(html).split())


@pytest.mark.parametrize(("url", "title"), NEW_PAGES.items())
def test_each_new_page_has_one_h1_urgent_help_canonical_and_is_in_the_sitemap(client, url, title):
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == [title]
    assert 'id="urgent-help"' in html and 'href="tel:999"' in html
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert f"<loc>http://testserver{url}</loc>" in client.get("/sitemap.xml").text
    assert "Reviewed by " in words(html)


@pytest.mark.parametrize("url", ["/", "/faq/", "/therapists/", "/self-check/mood/", "/nope/"])
def test_the_footer_links_the_trust_pages_everywhere(client, url):
    footer = client.get(url).text.split("<footer", 1)[1]
    for link in FOOTER:
        assert f'href="{link}"' in footer, (url, link)


def test_the_faq_links_complaints_confidentiality_and_language(client):
    html = client.get("/faq/").text
    for link in ("/complaints/", "/confidentiality/", "/getting-ipt/language-culture-and-access/"):
        assert f'href="{link}"' in html


def test_the_directory_says_trained_or_training_under_supervision(client):
    create_therapist(slug="in-training-therapist", ipt_level="in-training")
    html = client.get("/therapists/").text
    text = words(html)
    assert "trained in interpersonal therapy (IPT), or training under supervision." in text
    assert "Every therapist here is trained in interpersonal therapy (IPT)." not in text
    for link in (
        "/complaints/",
        "/getting-ipt/language-culture-and-access/",
        "/getting-ipt/who-is-trained/",
    ):
        assert f'href="{link}"' in html
    profile = client.get("/therapists/in-training-therapist/").text
    assert "Training in IPT, under supervision" in profile
    assert 'href="/complaints/"' in profile
    assert 'href="/getting-ipt/language-culture-and-access/"' in profile


def test_ipt_uk_is_described_as_its_standards_are(client):
    text = words(client.get("/getting-ipt/who-is-trained/").text)
    for level in ("Level A:", "Level B:", "Level C:", "Level D:"):
        assert level in text
    assert "three levels" not in text
    assert "yearly fee, and it must be renewed" in text
    assert "It is not accreditation." in text  # the organisation route
    assert "IPT UK is not one of them" in text  # not a PSA accredited register
    assert "run by BABCP with AREBT" in text and "COSCA" in text
    assert "it is a professional body for psychologists, not a regulator" in text


# --- "Reviewed by" ----------------------------------------------------------------------


def test_every_page_says_who_reviewed_it_and_when(client):
    for page in Page.objects.published():
        assert page.reviewed_by, f"{page.relpath}: no reviewed_by"
        text = words(client.get(page.url).text)
        date = f"{page.reviewed.day} {page.reviewed:%B %Y}"
        assert f"Reviewed by {page.reviewed_by} on {date}" in text, page.url


@pytest.mark.parametrize(
    "value",
    ["Dr Asha Patel", '", clinical psychologist"', "[Dr Patel, psychologist]", "x, " + "y" * 130],
)
def test_reviewed_by_must_be_a_name_a_comma_and_a_role(value):
    meta, _ = parse(f"---\ntitle: T\nsummary: S.\nreviewed_by: {value}\n---\n\nBody.\n")
    [problem] = [p for p in meta.problems if p.field == "reviewed_by"]
    assert (problem.level, problem.code, problem.line) == ("error", "E014", 4)
    assert "a name, a comma and a role" in problem.message
    assert meta.reviewed_by == ""


def test_reviewed_by_is_read_when_it_is_right():
    meta, _ = parse(
        '---\ntitle: T\nsummary: S.\nreviewed_by: "Dr  Asha Patel, psychologist"\n---\n'
    )
    assert [p for p in meta.problems if p.field == "reviewed_by"] == []
    assert meta.reviewed_by == "Dr Asha Patel, psychologist"


# --- Exit this page ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/problem-areas/role-disputes/", "/for-family-and-friends/",
                                 "/articles/when-the-same-argument-keeps-coming-back/",
                                 "/contact/", "/nope/"])  # fmt: skip
def test_exit_this_page_is_a_plain_link_to_a_neutral_site_on_every_page(client, url, settings):
    html = client.get(url).text
    link = re.search(r'<a class="exit-this-page-button" href="([^"]+)" rel="([^"]+)"', html)
    assert link, url
    assert link[1] == settings.QUICK_EXIT_URL == "https://www.bbc.co.uk/weather"
    assert "noreferrer" in link[2]
    assert "Exit this page" in words(html)
    # Before the page's content, and its script a file (CSP: no inline script).
    assert html.index("exit-this-page-button") < html.index('<main id="main"')
    assert '<script src="/static/js/exit-this-page.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", html)


def test_the_exit_url_is_a_setting_and_must_be_secure(client, settings):
    from ipt_site.helplines.checks import check_quick_exit

    settings.QUICK_EXIT_URL = "https://www.example.org/news"
    assert 'href="https://www.example.org/news"' in client.get("/faq/").text
    assert check_quick_exit() == []
    settings.QUICK_EXIT_URL = "http://www.example.org/"
    assert [m.id for m in check_quick_exit()] == ["helplines.E002"]
