"""Signposting beyond crisis care: [[signpost_<key>]] placeholders filled from the help lines.

The numbers a visitor reads must be the ones in the help line rows (which staff change in
the admin), never a copy typed into a page. (The placeholders themselves, and the check
that refuses a typed number, are tested in tests/helplines.)
"""

import html
import re

import pytest
from django.utils.html import strip_tags

from ipt_site.helplines import placeholders as helpline_placeholders
from ipt_site.helplines import selectors
from ipt_site.helplines.models import Helpline
from ipt_site.pages import placeholders
from tests import realcontent

pytestmark = pytest.mark.django_db

PROBLEM_AREAS = [
    "/problem-areas/grief/",
    "/problem-areas/role-disputes/",
    "/problem-areas/role-transitions/",
    "/problem-areas/interpersonal-deficits/",
]
# Where each problem area must point beyond crisis care (issues 16 and 23).
EXPECTED_SERVICES = {
    "/problem-areas/grief/": {"cruse", "cruse_scotland"},
    "/problem-areas/role-disputes/": {
        "relate",
        "relationships_scotland",
        "domestic_abuse",
        "domestic_abuse_scotland",
        "live_fear_free",
        "domestic_abuse_ni",
        "mens_advice_line",
        "silent_solution",
    },
    "/problem-areas/role-transitions/": {"pandas", "relate"},
    "/problem-areas/interpersonal-deficits/": {"mind"},
}
# A UK phone number as written on the site: 999, 111, 116 123, 0808 808 1677, 0800 4 70 80 90.
PHONE = re.compile(r"(?<![\d£])(?:0\d{2,4}(?: ?\d){6,8}|116 ?\d{3}|999|111)(?![\d])")


def _text(markup: str) -> str:
    return html.unescape(strip_tags(markup))


def _used_services(page) -> set[str]:
    """The help lines a page names, in full ([[signpost_...]]) or by number ([[number_...]])."""
    prefixes = (helpline_placeholders.SIGNPOST_PREFIX, helpline_placeholders.NUMBER_PREFIX)
    return {
        name.removeprefix(prefix)
        for name in placeholders.PLACEHOLDER.findall(page.html)
        for prefix in prefixes
        if name.startswith(prefix)
    }


def _known_numbers(settings) -> set[str]:
    numbers = {line.number for line in selectors.current().lines}
    numbers.add(settings.PRACTICE_PHONE)
    return {re.sub(r"\s", "", number) for number in numbers}


@pytest.mark.parametrize("url", PROBLEM_AREAS)
def test_every_problem_area_page_signposts_the_services_it_should(url):
    page = realcontent.page(url)
    assert EXPECTED_SERVICES[url] <= _used_services(page), url


@pytest.mark.django_db
@pytest.mark.parametrize("url", PROBLEM_AREAS)
def test_rendered_signposts_show_the_numbers_of_the_help_lines(client, settings, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    page = realcontent.page(url)
    for key in _used_services(page):
        line = selectors.current().by_key[key]
        if f"[[signpost_{key}]]" in page.text:
            assert html.escape(line.name) in body or line.name in _text(body)
            if line.website:
                assert f'href="{line.website}"' in body
        if line.phone:
            digits = re.sub(r"\D", "", line.phone)
            assert line.phone in _text(body), f"{url}: {key} number missing"
            assert f'href="tel:{digits}"' in body
        if line.nations_label and f"[[signpost_{key}]]" in page.text:
            assert f"{line.name} ({line.nations_label})" in _text(body), key
    # Every phone number a reader sees on the page is one that the help lines hold.
    known = _known_numbers(settings)
    for found in PHONE.findall(_text(body)):
        assert re.sub(r"\s", "", found) in known, f"{url}: {found!r} is not a help line"


def test_a_number_changed_in_the_admin_changes_on_the_page(client):
    cruse = Helpline.objects.get(key="cruse")
    cruse.phone = "0800 000 1234"
    cruse.save()
    page = realcontent.page("/problem-areas/grief/")
    text = _text(placeholders.fill(page.html))
    assert "0800 000 1234" in text
    assert "0808 808 1677" not in text
    rendered = client.get("/problem-areas/grief/").content.decode()
    assert 'href="tel:08000001234"' in rendered
