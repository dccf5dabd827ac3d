"""Checks on the real content folder (settings.CONTENT_DIR): the pages the site ships with.

These tests read the same markdown the site serves. They fail when a page is missing a
required field, has an overdue review, links to a page or heading that does not exist,
reads too hard, promises a cure or slips into American spelling.
"""

import html
import re
from urllib.parse import urlsplit

import pytest
import textstat
from django.utils import timezone
from django.utils.html import strip_tags

from ipt_site.pages import placeholders
from ipt_site.pages.checks import check_content
from ipt_site.pages.meta import SUMMARY_MAX
from tests import realcontent

# Page text includes the help lines it names ([[signpost_...]]): rows in the database.
pytestmark = pytest.mark.django_db

# Every content URL in DESIGN.md's URL map, plus the pages added for issue #3.
DESIGN_URLS = [
    "/",
    "/about-ipt/",
    "/problem-areas/",
    "/problem-areas/grief/",
    "/problem-areas/role-disputes/",
    "/problem-areas/role-transitions/",
    "/problem-areas/interpersonal-deficits/",
    "/what-to-expect/",
    "/what-to-expect/initial-phase/",
    "/what-to-expect/middle-phase/",
    "/what-to-expect/final-phase/",
    "/what-to-expect/a-typical-session/",
    "/compare/",
    "/compare/cbt/",
    "/compare/psychodynamic/",
    "/faq/",
    "/privacy/",
]
EXTRA_URLS = [
    "/about-ipt/what-it-helps-with/",
    "/about-ipt/is-ipt-right-for-me/",
    "/about-ipt/ways-to-have-ipt/",
    "/about-ipt/evidence/",
    "/practical-tips/",
    "/getting-started/",
    "/glossary/",
    # Issue 16: getting IPT, who is trained, adaptations, family and friends.
    "/getting-ipt/",
    "/getting-ipt/who-is-trained/",
    "/about-ipt/adaptations-and-formats/",
    "/for-family-and-friends/",
]
EXPECTED_URLS = DESIGN_URLS + EXTRA_URLS

READABILITY_FLOOR = 60

# "cure" and "guarantee" must not appear at all: the site never promises an outcome.
PROMISE_WORDS = re.compile(r"\b(cure[sd]?|curing|guarantee[sd]?|guaranteeing)\b", re.I)

# American spellings (whole words or stems) that have a British form on this site.
AMERICAN_SPELLINGS = [
    r"color\w*",
    r"behavior\w*",
    r"favor\w*",
    r"honor\w*",
    r"neighbor\w*",
    r"humor\w*",
    r"labor",
    r"center(s|ed)?",
    r"programs?",
    r"counsel(or|ors|ing|ed)",
    r"organiz\w*",
    r"recogniz\w*",
    r"realiz\w*",
    r"apologiz\w*",
    r"emphasiz\w*",
    r"criticiz\w*",
    r"summariz\w*",
    r"prioritiz\w*",
    r"minimiz\w*",
    r"specializ\w*",
    r"normaliz\w*",
    r"socializ\w*",
    r"analyz\w*",
    r"utiliz\w*",
    r"memoriz\w*",
    r"(travel|cancel|label|model|fuel|signal)(ed|ing)",
    r"fulfill(s|ment)?",
    r"practic(ing|ed)",
    r"moms?",
    r"gray",
    r"aging",
    r"toward",
    r"defense",
    r"dialog",
    r"catalog",
    r"skeptic\w*",
    r"pediatric\w*",
    r"randomiz\w*",
]
AMERICAN = re.compile(r"\b(" + "|".join(AMERICAN_SPELLINGS) + r")\b", re.I)

_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'href="([^"]*)"')
_HEADING = re.compile(r"<h([2-6])[ >]")


_index = realcontent.by_url
_pages = realcontent.pages
_page = realcontent.page


def body_text(page) -> str:
    """The words a reader sees in the page body, without markup or entities."""
    return html.unescape(strip_tags(placeholders.fill(page.html)))


ALL_URLS = sorted({page.url for page in _pages()} | set(EXPECTED_URLS))


# 1. Front matter -----------------------------------------------------------------------


def test_every_expected_page_exists():
    index = _index()
    missing = [url for url in EXPECTED_URLS if index.get(url) is None]
    assert missing == [], f"Missing content pages: {missing}"


@pytest.mark.parametrize("url", ALL_URLS)
def test_page_has_required_front_matter(url):
    page = _page(url)
    meta = page
    raw = page.front_matter
    where = page.relpath
    assert meta.title, f"{where}: no title"
    assert meta.summary, f"{where}: no summary"
    assert len(meta.summary) <= SUMMARY_MAX, f"{where}: summary is {len(meta.summary)} chars"
    if not (page.url.startswith("/articles/") and not page.is_section):
        # Articles are ordered by their date instead.
        assert "order" in raw, f"{where}: 'order' must be set explicitly"
    assert meta.reviewed is not None, f"{where}: no 'reviewed' date"
    assert meta.next_review is not None, f"{where}: no 'next_review' date"
    assert meta.next_review > timezone.localdate(), (
        f"{where}: review overdue since {meta.next_review}"
    )
    assert meta.references, f"{where}: at least one reference is required"
    assert not meta.draft, f"{where}: a shipped page must not be a draft"
    assert page.problems == [], f"{where}: {[p['message'] for p in page.problems]}"


@pytest.mark.parametrize("url", ALL_URLS)
def test_summary_is_not_repeated_as_first_paragraph(url):
    page = _page(url)
    first = re.search(r"<p>(.*?)</p>", page.html, re.S)
    if first:
        text = html.unescape(strip_tags(first.group(1))).strip()
        assert text != page.summary, f"{page.relpath}: first paragraph repeats the summary"


# 2. The content system check -----------------------------------------------------------


def test_content_check_reports_nothing():
    messages = check_content()
    assert messages == [], "\n".join(f"{m.id}: {m.msg}" for m in messages)


# 3. Every page is served and listed in the sitemap -------------------------------------


@pytest.fixture(scope="module")
def sitemap_paths(django_db_setup, django_db_blocker):
    """The paths listed in /sitemap.xml, fetched once (against the test database)."""
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    locs = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    return {urlsplit(loc).path for loc in locs}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ALL_URLS)
def test_page_returns_200(client, url):
    response = client.get(url)
    assert response.status_code == 200, f"{url} returned {response.status_code}"
    assert _page(url).title in html.unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("url", ALL_URLS)
def test_page_is_in_sitemap(url, sitemap_paths):
    assert url in sitemap_paths


# 4. Readability ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ALL_URLS)
def test_readability(url):
    page = _page(url)
    score = textstat.flesch_reading_ease(body_text(page))
    assert score >= READABILITY_FLOOR, (
        f"{page.relpath}: Flesch reading ease {score:.1f} is below {READABILITY_FLOOR}. "
        "Split long sentences and use shorter words."
    )


# 5. Wording ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ALL_URLS)
def test_no_promises_of_a_cure(url):
    page = _page(url)
    found = PROMISE_WORDS.findall(body_text(page))
    assert found == [], f"{page.relpath}: never promise an outcome; found {found}"


@pytest.mark.parametrize("url", ALL_URLS)
def test_british_spelling(url):
    # Only the body: references keep the published (often American) titles.
    page = _page(url)
    found = sorted({m.group(0) for m in AMERICAN.finditer(body_text(page))})
    assert found == [], f"{page.relpath}: American spellings {found}"


def test_american_spelling_guard_catches_examples():
    for word in ["color", "behavior", "organize", "center", "program", "counselor", "mom"]:
        assert AMERICAN.search(f"a {word} here"), word
    for word in ["colour", "behaviour", "organise", "centre", "programme", "counsellor"]:
        assert not AMERICAN.search(f"a {word} here"), word


# 6. Links, anchors and structure -------------------------------------------------------


@pytest.mark.parametrize("url", ALL_URLS)
def test_heading_levels_do_not_skip(url):
    page = _page(url)
    level = 1  # the page title
    for found in _HEADING.findall(page.html):
        new = int(found)
        assert new <= level + 1, f"{page.relpath}: h{level} is followed by h{new}"
        level = new


def test_every_glossary_term_is_linked_from_another_page():
    glossary = _page("/glossary/")
    terms = set(_ID.findall(glossary.html))
    linked = set()
    for page in _index().values():
        if page.url == "/glossary/":
            continue
        for href in _HREF.findall(page.html):
            if href.startswith("/glossary/#"):
                linked.add(href.split("#", 1)[1])
    unlinked = sorted(terms - linked)
    assert unlinked == [], f"Glossary terms no page links to: {unlinked}"


def test_faq_has_at_least_fifteen_questions_as_h2():
    page = _page("/faq/")
    assert page.template == "faq"
    questions = re.findall(r"<h2[^>]*>(.*?)</h2>", page.html)
    assert len(questions) >= 15
    assert all(q.rstrip().endswith("?") for q in questions), questions
    assert "<h3" not in page.html, "use ## only for questions on the FAQ page"


def test_course_of_therapy_timeline():
    page = _page("/what-to-expect/")
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', page.html, re.S)
    assert timeline, "the what-to-expect page needs its timeline"
    items = re.findall(r"<li>", timeline.group(1))
    assert len(items) == 3
    for when in ["Sessions 1 to 3", "Sessions 4 to 12", "Sessions 13 to 16"]:
        assert when in timeline.group(1)


def test_home_page_has_next_steps():
    page = _page("/")
    assert page.template == "home"
    assert 'class="next-steps"' in page.html
    assert 'href="/therapists/"' in page.html
    assert 'href="/contact/"' in page.html
