"""Issue 23 in a real browser: "Exit this page" with and without JavaScript, and the new
trust and safety pages (axe, one h1, 320 px, screenshots at 390 and 1366 px)."""

import pytest

from .axe import violations
from .conftest import screenshot
from .keyboard import focused_is_visible_with_ring, tab_to

pytestmark = pytest.mark.browser

NEUTRAL = "https://www.bbc.co.uk/weather"
NEW_PAGES = [
    "/about-this-information/",
    "/complaints/",
    "/accessibility/",
    "/covering-your-tracks/",
    "/confidentiality/",
    "/getting-ipt/language-culture-and-access/",
]
# Every page issue 23 changed, for the screenshots a person looks at.
CHANGED = [
    *NEW_PAGES,
    "/",
    "/faq/",
    "/about-ipt/",
    "/about-ipt/is-ipt-right-for-me/",
    "/about-ipt/adaptations-and-formats/",
    "/getting-ipt/who-is-trained/",
    "/problem-areas/role-disputes/",
    "/problem-areas/grief/",
    "/for-family-and-friends/",
    "/articles/ipt-for-new-parents/",
    "/resources/talking-about-what-you-need/",
    "/therapists/",
    "/therapists/marnie-ashcombe/",
]


def neutral_site(context) -> None:
    """No request leaves the machine: the neutral site is answered here."""
    context.route(
        NEUTRAL + "**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title><p>Sunny</p>"
        ),
    )


def test_without_javascript_exit_is_a_plain_link_to_the_neutral_site(browser, site):
    context = browser.new_context(java_script_enabled=False)
    neutral_site(context)
    page = context.new_page()
    page.goto(site + "/problem-areas/role-disputes/")
    page.get_by_role("link", name="Emergency: Exit this page").click()
    page.wait_for_url(NEUTRAL)
    assert page.title() == "Weather"
    context.close()


def test_with_javascript_the_button_replaces_the_page_in_history(browser, site):
    context = browser.new_context()
    neutral_site(context)
    page = context.new_page()
    page.goto(site + "/")
    page.goto(site + "/for-family-and-friends/")
    page.get_by_role("link", name="Emergency: Exit this page").click()
    page.wait_for_url(NEUTRAL)
    # Back skips the page they left: it was replaced, not added to.
    page.go_back()
    assert page.url == site + "/"
    context.close()


def test_three_presses_of_shift_leave_and_typing_capitals_does_not(browser, site):
    context = browser.new_context()
    neutral_site(context)
    page = context.new_page()
    page.goto(site + "/contact/")
    # Capitals in a form field use Shift too: that is typing, never a request to leave.
    page.fill("#id_name", "")
    page.locator("#id_name").press_sequentially("Ann O'Neil AND JO")
    assert page.url == site + "/contact/"
    assert page.input_value("#id_name") == "Ann O'Neil AND JO"
    page.keyboard.press("Shift")
    status = page.locator("[data-exit-this-page-status]")
    assert status.text_content() == "Shift, press 2 more times to exit."
    page.keyboard.press("Shift")
    assert status.text_content() == "Shift, press 1 more time to exit."
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
    context.close()


def test_exit_is_reached_early_by_keyboard_with_a_visible_focus(page, site):
    page.goto(site + "/problem-areas/role-disputes/")
    exit_link = page.get_by_role("link", name="Emergency: Exit this page")
    tab_to(page, exit_link, limit=5)
    assert focused_is_visible_with_ring(page)


def test_new_pages_pass_axe_with_one_h1_and_fit_320_px(page, site):
    failures = {}
    for path in NEW_PAGES:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site + path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("#urgent-help").count() == 1, path
        found = violations(page)
        if found:
            failures[path] = found
        page.set_viewport_size({"width": 320, "height": 800})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    assert failures == {}


@pytest.mark.parametrize("width", [390, 1366])
def test_screenshots_of_every_changed_page(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in CHANGED:
        response = page.goto(site + path)
        assert response.status == 200, path
        name = path.strip("/").replace("/", "--") or "home"
        screenshot(page, f"issue23-{name}")
    # The mood result after a "several days" to question 9 with a low total.
    page.goto(site + "/self-check/mood/")
    for n in range(1, 10):
        page.check(f"#id_q{n}_{1 if n == 9 else 0}")
    page.get_by_role("button", name="See your result").click()
    assert page.get_by_text("Your answer to question 9 matters more than your score.").is_visible()
    screenshot(page, "issue23-mood-result-q9")
