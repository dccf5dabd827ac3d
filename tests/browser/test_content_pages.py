"""Every content page in a real browser: axe, one h1, widths, the menu, focus, print."""

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from .axe import violations
from .conftest import screenshot

pytestmark = pytest.mark.browser


def sitemap_paths(base_url: str) -> list[str]:
    xml = urllib.request.urlopen(base_url + "/sitemap.xml").read().decode()  # noqa: S310
    return [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>(.*?)</loc>", xml)]


# Pages not in the sitemap that people still meet: filtered and empty directory results,
# the contact form's thanks page, and the 404 page (the error state has its own journey).
EXTRA_PATHS = [
    "/therapists/?area=grief&format=online",
    "/therapists/?area=grief&age=adolescents&language=welsh&location=Nowhere",
    "/therapists/?page=2",
    "/contact/?therapist=marnie-ashcombe",
    "/contact/thanks/",
    "/no-such-page/",
]


def test_every_page_passes_axe(page, site):
    paths = sitemap_paths(site)
    assert len(paths) >= 20
    failures = {}
    for path in paths + EXTRA_PATHS:
        page.goto(site + path)
        assert page.locator("h1").count() == 1, path
        found = violations(page)
        if found:
            failures[path] = found
    assert failures == {}


@pytest.mark.parametrize("width", [320, 375])
def test_no_horizontal_scroll_on_narrow_phones(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in sitemap_paths(site) + EXTRA_PATHS:
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"


def test_menu_works_on_a_phone_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site + "/")
    menu = page.get_by_text("Menu", exact=True)
    faq = page.get_by_role("navigation", name="Main").get_by_role("link", name="FAQ")
    assert not faq.is_visible()
    menu.click()
    assert faq.is_visible()
    faq.click()
    page.wait_for_url("**/faq/")
    assert page.locator("h1").inner_text() == "Common questions" or page.locator("h1").count() == 1
    context.close()


def test_skip_link_is_first_and_moves_focus_to_main(page, site):
    page.goto(site + "/about-ipt/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_faq_answers_open_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/faq/")
    first = page.locator("details.faq").first
    answer = first.locator(".faq-answer")
    assert not answer.is_visible()
    first.locator("summary").click()
    assert answer.is_visible()
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_every_page_type(page, site, width):
    """Each page type at a phone and a desktop width: it answers, its heading and the
    urgent-help panel show, nothing scrolls sideways; a screenshot of each for review."""
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in [
        ("home", "/"),
        ("section", "/problem-areas/"),
        ("problem-area", "/problem-areas/grief/"),
        ("timeline", "/what-to-expect/"),
        ("compare", "/compare/cbt/"),
        ("faq", "/faq/"),
        ("not-found", "/no-such-page/"),
        ("directory", "/therapists/"),
        ("directory-empty", "/therapists/?area=grief&location=Nowhere"),
        ("profile", "/therapists/marnie-ashcombe/"),
        ("contact", "/contact/"),
        ("thanks", "/contact/thanks/"),
        ("self-check", "/self-check/"),
    ]:
        response = page.goto(site + path)
        assert response.status == (404 if name == "not-found" else 200), path
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator("#urgent-help")).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        if name == "directory-empty":
            expect(page.locator("#results-heading")).to_have_text("No therapists match")
        elif name == "directory":
            expect(page.locator("main .therapist-card").first).to_be_visible()
        elif name == "profile":
            expect(page.locator("h1")).to_contain_text("Marnie Ashcombe")
        screenshot(page, name)


@pytest.mark.parametrize("width", [320, 390])
def test_the_open_phone_menu_covers_none_of_the_header(browser, site, width):
    """Issue 26: the open menu hid the site's subtitle."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    page.goto(site + "/")
    page.get_by_text("Menu", exact=True).click()
    menu = page.locator(".menu-narrow .site-nav").bounding_box()
    for part in (".site-name-sub", ".site-name", ".search-form-header"):
        box = page.locator(part).first.bounding_box()
        assert box["y"] + box["height"] <= menu["y"], f"the open menu covers {part}"
    resources = page.get_by_role("navigation", name="Main").get_by_role("link", name="Resources")
    assert resources.is_visible()
    resources.click()
    page.wait_for_url("**/resources/")
    context.close()
