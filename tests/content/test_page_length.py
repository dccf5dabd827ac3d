"""Long pages stay readable: an "In short" box over 600 words, a stated reason over 1,000.

Words are counted in the text a reader sees (placeholders filled, markup removed), the same
text the readability test scores.
"""

import re

import pytest

from ipt_site.pages import selectors
from tests import realcontent
from tests.content.test_content import body_text

# Page text includes the help lines it names ([[signpost_...]]): rows in the database.
pytestmark = pytest.mark.django_db

IN_SHORT_FROM = 600
LONGEST_WITHOUT_REASON = 1000
# Pages allowed over 1,000 words, and why. Add a page here only with a reason a reader
# would accept.
LONG_PAGES = {
    "/glossary/": "an A to Z list: readers jump to one term from a link, never read it through",
    "/faq/": "each answer is folded under its question: readers open the one they came for",
}

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
# Python-Markdown's admonition: <div class="admonition summary"><p class="admonition-title">
_IN_SHORT = re.compile(
    r'<div class="admonition (?:summary|note)">\s*<p class="admonition-title">In short</p>'
)


def word_count(page) -> int:
    return len(_WORD.findall(body_text(page)))


def _urls():
    return [page.url for page in realcontent.pages()]


def test_word_count_counts_what_a_reader_sees(content):
    content.page("short.md", body="One two three. **Four** [five](/faq/) don't.")
    page = selectors.page_at("/short/")
    assert word_count(page) == 6


@pytest.mark.parametrize("url", _urls())
def test_long_pages_have_an_in_short_box(url):
    page = realcontent.page(url)
    words = word_count(page)
    if words > IN_SHORT_FROM:
        assert _IN_SHORT.search(page.html), (
            f"{page.relpath} has {words} words: add an 'In short' box near the top, "
            'written as !!! summary "In short"'
        )


@pytest.mark.parametrize("url", _urls())
def test_no_page_is_over_1000_words_without_a_reason(url):
    page = realcontent.page(url)
    words = word_count(page)
    if url not in LONG_PAGES:
        assert words <= LONGEST_WITHOUT_REASON, (
            f"{page.relpath} has {words} words: split it, trim it, or say why in LONG_PAGES"
        )


def test_in_short_pattern_matches_the_callout_as_rendered(content):
    content.page("box.md", body='!!! summary "In short"\n    - One point.\n\nMore text.')
    assert _IN_SHORT.search(selectors.page_at("/box/").html)


def test_the_sick_role_is_explained_in_one_place():
    """Other pages name it and link to the explanation instead of explaining it again."""
    for page in realcontent.pages():
        if page.url == "/about-ipt/" or "sick role" not in body_text(page).lower():
            continue
        assert re.search(r'href="/(about-ipt/#the-sick-role|glossary/#sick-role)"', page.html), (
            f"{page.relpath} mentions the sick role without linking to its explanation"
        )
    assert 'id="the-sick-role"' in realcontent.page("/about-ipt/").html
