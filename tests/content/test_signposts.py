"""Signposting beyond crisis care: [[signpost_<key>]] placeholders filled from settings.SIGNPOSTS.

The numbers a visitor reads must be the ones in settings (which operators change through
IPT_SIGNPOST_<KEY>_NUMBER), never a copy typed into a page.
"""

import html
import re

import pytest
from django.utils.html import strip_tags

from ipt_site.pages import placeholders
from ipt_site.pages.checks import check_content
from tests import realcontent

PROBLEM_AREAS = [
    "/problem-areas/grief/",
    "/problem-areas/role-disputes/",
    "/problem-areas/role-transitions/",
    "/problem-areas/interpersonal-deficits/",
]
# Where each problem area must point beyond crisis care (issue 16).
EXPECTED_SERVICES = {
    "/problem-areas/grief/": {"cruse"},
    "/problem-areas/role-disputes/": {"relate", "domestic_abuse"},
    "/problem-areas/role-transitions/": {"pandas", "relate"},
    "/problem-areas/interpersonal-deficits/": {"mind"},
}
# A UK phone number as written on the site: 999, 111, 116 123, 0808 808 1677, 0800 4 70 80 90.
PHONE = re.compile(r"(?<![\d£])(?:0\d{2,4}(?: ?\d){6,8}|116 ?\d{3}|999|111)(?![\d])")
PAGE_WITH_TYPO = """---
title: A page
summary: A page with a mistyped signpost.
---

Talk to [[signpost_crusee]].
"""
_SIGNPOST_SPAN = re.compile(r'<span class="signpost">(.*?)</span>', re.S)


def _text(markup: str) -> str:
    return html.unescape(strip_tags(markup))


def _used_services(page) -> set[str]:
    prefix = placeholders.SIGNPOST_PREFIX
    return {
        name.removeprefix(prefix)
        for name in placeholders.PLACEHOLDER.findall(page.html)
        if name.startswith(prefix)
    }


def _known_numbers(settings) -> set[str]:
    numbers = {contact["number"] for contact in settings.URGENT_HELP["contacts"]}
    numbers |= {s["number"] for s in settings.SIGNPOSTS.values() if s["number"]}
    numbers.add(settings.PRACTICE_PHONE)
    return {re.sub(r"\s", "", number) for number in numbers}


@pytest.mark.parametrize("url", PROBLEM_AREAS)
def test_every_problem_area_page_signposts_the_services_it_should(url):
    page = realcontent.page(url)
    assert EXPECTED_SERVICES[url] <= _used_services(page), url


@pytest.mark.django_db
@pytest.mark.parametrize("url", PROBLEM_AREAS)
def test_rendered_signposts_show_the_numbers_in_settings(client, settings, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    page = realcontent.page(url)
    for key in _used_services(page):
        service = settings.SIGNPOSTS[key]
        assert html.escape(service["name"]) in body or service["name"] in _text(body)
        assert f'href="{service["url"]}"' in body
        if service["number"]:
            digits = re.sub(r"\D", "", service["number"])
            assert service["number"] in _text(body), f"{url}: {key} number missing"
            assert f'href="tel:{digits}"' in body
    # Every phone number a reader sees on the page is one that settings hold.
    known = _known_numbers(settings)
    for found in PHONE.findall(_text(body)):
        assert re.sub(r"\s", "", found) in known, f"{url}: {found!r} is not from settings"


@pytest.mark.django_db
def test_a_number_changed_in_settings_changes_on_the_page(client, settings):
    settings.SIGNPOSTS = {
        **settings.SIGNPOSTS,
        "cruse": {**settings.SIGNPOSTS["cruse"], "number": "0800 000 1234"},
    }
    page = realcontent.page("/problem-areas/grief/")
    text = _text(placeholders.fill(page.html))
    assert "0800 000 1234" in text
    assert "0808 808 1677" not in text
    rendered = client.get("/problem-areas/grief/").content.decode()
    assert 'href="tel:08000001234"' in rendered


def test_a_service_without_a_number_shows_its_website_only(settings):
    settings.SIGNPOSTS = {
        "relate": {
            "name": "Relate",
            "url": "https://www.relate.org.uk/",
            "detail": "counselling for couples.",
            "number": "",
            "number_note": "",
        }
    }
    out = placeholders.fill("<li>[[signpost_relate]]</li>")
    assert 'href="https://www.relate.org.uk/"' in out
    assert "tel:" not in out and "Phone" not in out


def test_settings_values_are_escaped(settings):
    settings.SIGNPOSTS = {
        "x": {
            "name": "<b>X</b>",
            "url": "https://example.org/?a=1&b=2",
            "detail": "<script>alert(1)</script>",
            "number": "0800 111 2222",
            "number_note": "free",
        }
    }
    out = placeholders.fill("<p>[[signpost_x]]</p>")
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out
    assert 'href="tel:08001112222"' in out


def test_unknown_signpost_is_reported_and_left_visible(content):
    assert placeholders.unknown("<p>[[signpost_nope]] [[signpost_cruse]]</p>") == ["signpost_nope"]
    assert "[[signpost_nope]]" in placeholders.fill("<p>[[signpost_nope]]</p>")
    content.write("typo.md", PAGE_WITH_TYPO)
    messages = check_content()
    assert any(m.id == "content.W005" and "signpost_crusee" in m.msg for m in messages)
    assert any("[[signpost_cruse]]" in m.hint for m in messages if m.id == "content.W005")


def test_every_signpost_in_settings_has_what_the_template_needs(settings):
    for key, service in settings.SIGNPOSTS.items():
        assert service["name"] and service["detail"], key
        assert service["url"].startswith("https://"), key
        rendered = _SIGNPOST_SPAN.search(placeholders.fill(f"<p>[[signpost_{key}]]</p>"))
        assert rendered, key
