"""Checks on the real content folder (settings.CONTENT_DIR): the pages the site ships with.

These tests read the same markdown the site serves. The writing rules (reading ease,
banned claims, British spelling, heading levels, link text, image descriptions, page
length: `pages/quality.py`) are content rules, so one run of the content checks covers
every page (`test_content_check_reports_nothing`, as `make check-content` does); each
rule is tested once in tests/pages/test_quality_rules.py. Here: what only a whole-site
view can say (required fields, every page served and in the sitemap, the pages the
design names) and the site's own pages.
"""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

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

_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'href="([^"]*)"')


_index = realcontent.by_url
_pages = realcontent.pages
_page = realcontent.page


ALL_URLS = sorted({page.url for page in _pages()} | set(EXPECTED_URLS))


# 1. Front matter -----------------------------------------------------------------------


def test_every_expected_page_exists():
    index = _index()
    missing = [url for url in EXPECTED_URLS if index.get(url) is None]
    assert missing == [], f"Missing content pages: {missing}"


def _front_matter_gaps(page) -> list[str]:
    """What a shipped page lacks that the engine allows (a draft may lack it)."""
    where, gaps = page.relpath, []
    if not page.title:
        gaps.append(f"{where}: no title")
    if not page.summary or len(page.summary) > SUMMARY_MAX:
        gaps.append(f"{where}: no summary, or one over {SUMMARY_MAX} characters")
    article = page.url.startswith("/articles/") and not page.is_section
    if not article and "order" not in page.front_matter:  # articles: ordered by their date
        gaps.append(f"{where}: 'order' must be set explicitly")
    if page.reviewed is None or page.next_review is None:
        gaps.append(f"{where}: no 'reviewed' or 'next_review' date")
    elif page.next_review <= timezone.localdate():
        gaps.append(f"{where}: review overdue since {page.next_review}")
    if not page.references:
        gaps.append(f"{where}: at least one reference is required")
    if page.draft:
        gaps.append(f"{where}: a shipped page must not be a draft")
    gaps += [f"{where}: {problem['message']}" for problem in page.problems]
    first = re.search(r"<p>(.*?)</p>", page.html, re.S)
    if first and html.unescape(strip_tags(first.group(1))).strip() == page.summary:
        gaps.append(f"{where}: first paragraph repeats the summary")
    return gaps


def test_every_page_has_its_required_front_matter():
    gaps = [gap for url in ALL_URLS for gap in _front_matter_gaps(_page(url))]
    assert gaps == [], "\n".join(gaps)


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


def test_every_page_is_served_with_its_title_and_is_in_the_sitemap(client, sitemap_paths):
    wrong = []
    for url in ALL_URLS:
        response = client.get(url)
        if response.status_code != 200:
            wrong.append(f"{url} returned {response.status_code}")
        elif _page(url).title not in html.unescape(response.content.decode()):
            wrong.append(f"{url} does not show its title")
        if url not in sitemap_paths:
            wrong.append(f"{url} is not in the sitemap")
    assert wrong == []


# 4. Links, anchors and structure -------------------------------------------------------


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
