"""Articles and site search in a real browser: axe, keyboard only, no JavaScript, widths."""

import re

import pytest
from playwright.sync_api import expect

from .axe import violations
from .conftest import screenshot
from .keyboard import focused_is_visible_with_ring

pytestmark = pytest.mark.browser

PATHS = [
    "/articles/",
    "/articles/?tag=grief",
    "/articles/?tag=no-such-topic&page=9",
    "/articles/when-grief-gets-stuck/",
    "/articles/ipt-for-new-parents/",
    "/problem-areas/grief/",
    "/search/",
    "/search/?q=grieving",
    "/search/?q=leeds",
    "/search/?q=xylophone",
    "/search/?q=" + "x" * 500,
    "/search/?q=%22NEAR(%2A",
]


def test_articles_and_search_pages_pass_axe_with_one_h1(page, site):
    failures = {}
    for path in PATHS:
        page.goto(site + path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("#urgent-help").count() == 1, path
        assert page.locator("link[rel=canonical]").count() == 1, path
        found = violations(page)
        if found:
            failures[path] = found
    assert failures == {}


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_header_with_search_fits_every_width(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in PATHS:
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    page.goto(site + "/")
    box = page.locator("#site-search-q").bounding_box()
    button = page.locator(".search-form-header button").bounding_box()
    assert box["width"] >= 140, "the search box is too narrow to type in"
    assert button["x"] + button["width"] <= width
    assert box["height"] >= 44 and button["height"] >= 44  # touch targets
    screenshot(page, "header-search")
    page.goto(site + "/articles/when-grief-gets-stuck/")
    screenshot(page, "article")
    page.goto(site + "/search/?q=grieving")
    screenshot(page, "search-results")


def test_search_by_keyboard_alone(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/")
    # Skip link, the urgent-help strip's two links, the site name, then the search box.
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    assert focused_is_visible_with_ring(page)
    page.keyboard.type("grieving")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=grieving"))
    expect(page.locator("h1")).to_have_text("Search results")
    expect(page.get_by_role("status")).to_contain_text("for “grieving”")
    expect(page.locator(".search-result mark").first).to_be_visible()
    # Tab through to the first result and follow it.
    first = page.locator(".search-result-title a").first
    href = first.get_attribute("href")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == href:
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == href
    assert focused_is_visible_with_ring(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**" + href.split("#")[0] + "*")
    assert page.locator("h1").count() == 1


def test_search_and_topics_work_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site + "/articles/")
    page.get_by_role("navigation", name="Topics").get_by_role(
        "link", name=re.compile("^Grief")
    ).click()
    page.wait_for_url("**/articles/?tag=grief")
    expect(page.locator("h1")).to_have_text("Articles about grief and loss")
    page.get_by_label("Search this site").fill("huddersfield OR leeds")
    page.get_by_label("Search this site").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("h1").count() == 1
    expect(page.get_by_role("status")).to_be_visible()
    context.close()


def test_no_results_offers_other_ways_in(page, site):
    page.goto(site + "/search/?q=xylophone")
    help_section = page.get_by_role("region", name="Other ways to find what you need")
    expect(help_section.get_by_role("link", name="Which area might fit me?")).to_be_visible()
    expect(help_section.get_by_role("link", name="Common questions")).to_be_visible()
    help_section.get_by_role("link", name="Urgent help").click()
    expect(page.locator("#urgent-help")).to_be_in_viewport()
