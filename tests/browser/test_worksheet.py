"""The relationships worksheet and the free guide in a real browser: keyboard alone with and
without JavaScript, the draft in localStorage and "Delete my notes", axe in every state,
320 px without sideways scrolling, and the printed page counts."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .axe import violations
from .conftest import screenshot
from .keyboard import active_id, assert_focus_visible, tab_to_id

pytestmark = pytest.mark.browser

URL = "/self-check/my-relationships/"
GUIDE = "/resources/talking-about-what-you-need/"
DRAFT_KEY = "ipt-my-relationships-draft"
NAMES = [
    "Mum", "Dad", "Sam (partner)", "Priya", "Tom", "Grandma Rose",
    "Alex at work", "My boss", "Neighbour Jo", "Uncle Bill", "Mia", "Coach Dee",
]  # fmt: skip


def fill_person(page, index, name, circle, good="", hard="", change=""):
    page.fill(f"#id_person-{index}-name", name)
    page.check(f"#id_person-{index}-circle_{circle}")
    for key, value in (("good", good), ("hard", hard), ("change", change)):
        if value:
            page.fill(f"#id_person-{index}-{key}", value)


def draft(page):
    return page.evaluate(f"window.localStorage.getItem('{DRAFT_KEY}')")


def make_summary(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Make my summary").click()


def person_by_keyboard(page, index, name, circle_downs, good):
    """Focus is on the name box: type, Tab to the radios, pick with the arrows, Tab on."""
    assert active_id(page) == f"id_person-{index}-name"
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    assert active_id(page) == f"id_person-{index}-circle_0"
    assert_focus_visible(page)
    page.keyboard.press("Space")
    for _ in range(circle_downs):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert active_id(page) == f"id_person-{index}-good"
    page.keyboard.type(good)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_worksheet_by_keyboard_alone(browser, site, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site + URL)
    tab_to_id(page, "id_person-0-name", limit=120)
    assert_focus_visible(page)
    person_by_keyboard(page, 0, "Mum", 0, "She listens")
    person_by_keyboard(page, 1, "Jo", 2, "We walk the dog")
    # Rows 3 and 4 left empty; "Add more people" opens with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.textContent").startswith("Add more people")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    person_by_keyboard(page, 4, "Nan", 1, "Sunday lunches")
    if javascript:
        # The live drawing has followed along: three numbered dots.
        expect(page.locator("[data-ws-drawing] .ws-dot")).to_have_count(3)
    tab_to_id(page, "id_notes", limit=120)
    page.keyboard.type("Worse since the move")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Make my summary"
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("My relationships")
    expect(main.locator(".ws-card")).to_have_count(3)
    cards = main.locator(".ws-card")
    expect(cards.nth(0)).to_contain_text("Mum")
    expect(cards.nth(0)).to_contain_text("Inner circle")
    expect(cards.nth(1)).to_contain_text("Outer circle")
    expect(cards.nth(2)).to_contain_text("Nan")
    expect(cards.nth(2)).to_contain_text("Middle circle")
    expect(main).to_contain_text("Worse since the move")
    expect(main.locator("svg .ws-dot")).to_have_count(3)
    # "Change my answers" brings everything back, by keyboard too.
    page.get_by_role("button", name="Change my answers").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#id_person-4-name")).to_have_value("Nan")
    expect(page.locator("#id_person-0-good")).to_have_value("She listens")
    expect(page.locator("details.ws-more")).to_have_attribute("open", "")
    context.close()


def test_errors_focus_the_summary_and_keep_what_was_typed(page, site):
    page.goto(site + URL)
    page.fill("#id_person-0-name", "Mum")
    page.fill("#id_person-1-good", "Kind to me")
    make_summary(page)
    assert page.title().startswith("Error: ")
    expect(page.locator(".error-summary")).to_be_focused()  # autofocus: wait, do not race
    expect(page.locator("#id_person-1-good")).to_have_value("Kind to me")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_person-0-circle_0"
    page.keyboard.press("Enter")
    assert active_id(page) == "id_person-0-circle_0"


def test_a_draft_is_kept_only_when_asked_and_delete_my_notes_clears_it(page, site):
    page.goto(site + URL)
    fill_person(page, 0, "Mum", 0, good="She listens")
    assert draft(page) is None  # nothing is kept until the person asks
    page.locator("#ws-keep").focus()
    page.keyboard.press("Space")
    expect(page.locator("[data-ws-status]").first).to_contain_text("kept in this browser")
    fill_person(page, 1, "Jo", 1)
    assert '"person-1-name":"Jo"' in draft(page)
    # A new visit puts the draft back.
    page.goto(site + URL)
    expect(page.locator("#id_person-0-name")).to_have_value("Mum")
    expect(page.locator("#id_person-0-good")).to_have_value("She listens")
    expect(page.locator("#id_person-1-circle_1")).to_be_checked()
    expect(page.locator("#ws-keep")).to_be_checked()
    # The summary says a draft is still here, and can delete it.
    make_summary(page)
    left = page.locator("[data-ws-draft-left]")
    expect(left).to_be_visible()
    page.goto(site + URL)
    # "Delete my notes" by keyboard: storage and the form are both emptied.
    page.get_by_role("button", name="Delete my notes").focus()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert draft(page) is None
    assert page.evaluate("Object.keys(window.localStorage).length") == 0
    expect(page.locator("#id_person-0-name")).to_have_value("")
    expect(page.locator("#id_person-0-good")).to_have_value("")
    expect(page.locator("input[type=radio]:checked")).to_have_count(0)
    expect(page.locator("#ws-keep")).not_to_be_checked()
    expect(page.locator("[data-ws-status]").first).to_contain_text("deleted")
    page.reload()
    expect(page.locator("#id_person-0-name")).to_have_value("")


def test_delete_on_the_summary_page(page, site):
    page.goto(site + URL)
    page.check("#ws-keep")
    fill_person(page, 0, "Mum", 0)
    make_summary(page)
    page.get_by_role("button", name="Delete my notes").click()
    assert draft(page) is None
    expect(page.locator("[data-ws-draft-left]")).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    expect(page.locator(".ws-card")).to_have_count(1)  # the summary itself stays on screen


def test_without_javascript_the_page_says_nothing_is_kept(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + URL)
    expect(page.locator("[data-ws-nojs]")).to_be_visible()
    expect(page.locator("[data-ws-js]")).to_be_hidden()
    expect(page.locator("[data-ws-draft]")).to_be_hidden()
    expect(page.get_by_role("button", name="Delete my notes")).to_be_hidden()
    context.close()


def test_pages_pass_axe_in_every_state(page, site):
    checks = {}
    page.goto(site + "/self-check/")
    checks["self-check index"] = violations(page)
    page.goto(site + URL)
    checks["worksheet"] = violations(page)
    page.check("#ws-keep")
    page.locator("details.ws-more summary").click()
    fill_person(page, 0, "Mum", 0, good="Listens")
    fill_person(page, 5, "Jo", 2)
    checks["worksheet with draft and live circle"] = violations(page)
    page.fill("#id_person-1-good", "No name")
    make_summary(page)
    checks["worksheet errors"] = violations(page)
    page.fill("#id_person-1-good", "")
    make_summary(page)
    checks["summary"] = violations(page)
    page.emulate_media(media="print")
    checks["summary, print"] = violations(page)
    page.emulate_media(media="screen")
    page.goto(site + "/resources/")
    checks["resources"] = violations(page)
    page.goto(site + GUIDE)
    checks["guide"] = violations(page)
    page.goto(site + "/contact/thanks/")
    checks["contact thanks"] = violations(page)
    assert {name: found for name, found in checks.items() if found} == {}


@pytest.mark.parametrize("path", [URL, "summary", GUIDE, "/resources/"])
def test_no_sideways_scrolling_at_320_px(page, site, path):
    page.set_viewport_size({"width": 320, "height": 800})
    if path == "summary":
        page.goto(site + URL)
        fill_person(page, 0, "A very long name without spaces!!", 0, good="x" * 200)
        make_summary(page)
    else:
        page.goto(site + path)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (path, overflow)


def pdf_pages(page) -> int:
    return len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages)


def test_the_printed_worksheet_is_two_pages_at_most_and_the_guide_prints_cleanly(page, site):
    page.goto(site + URL)
    page.locator("details.ws-more summary").click()
    for i, name in enumerate(NAMES):
        fill_person(
            page,
            i,
            name,
            i % 3,
            good="We laugh together and they help me when things get hard.",
            hard="We argue about small things and I cannot say what I need.",
            change="I would like to see them more often.",
        )
    make_summary(page)
    page.emulate_media(media="print")
    assert not page.locator(".site-nav, .menu-wide").first.is_visible()
    assert not page.get_by_role("button", name="Change my answers").is_visible()
    assert not page.locator(".breadcrumbs").is_visible()
    assert page.locator(".ws-svg").is_visible()
    worksheet_pages = pdf_pages(page)
    print(f"\nprinted worksheet, 12 people: {worksheet_pages} A4 pages")
    assert worksheet_pages <= 2
    # Few people: one page.
    page.emulate_media(media="screen")
    page.goto(site + URL)
    fill_person(page, 0, "Mum", 0, good="She listens")
    fill_person(page, 1, "Jo", 2)
    make_summary(page)
    page.emulate_media(media="print")
    assert pdf_pages(page) == 1
    # The guide: no buttons, no "scroll sideways" hint; a handful of pages.
    page.goto(site + GUIDE)
    page.emulate_media(media="print")
    assert not page.locator(".resource-actions").is_visible()
    assert not page.locator(".table-hint").first.is_visible()
    guide_pages = pdf_pages(page)
    print(f"printed guide: {guide_pages} pages")
    assert guide_pages <= 6


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(page, site, width):
    """The worksheet (empty, filled, with an error, its summary, printed), the guide and
    the resources page at a phone and a desktop width: each shows what it is for
    without sideways scrolling; a screenshot of each for review."""

    def look(name):
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        screenshot(page, name)

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + URL)
    expect(page.locator("#id_person-0-name")).to_have_value("")
    look("worksheet-form")
    page.check("#ws-keep")
    fill_person(page, 0, "Mum", 0, good="She listens when I ring.", hard="I worry about her.")
    fill_person(page, 1, "Sam (partner)", 0, hard="We argue about money.")
    fill_person(page, 2, "Priya", 1, good="Makes me laugh.")
    fill_person(page, 3, "My boss", 2, change="Say no to extra shifts.")
    expect(page.locator("[data-ws-drawing] .ws-dot")).to_have_count(4)  # the live circle
    look("worksheet-form-filled")
    page.fill("#id_person-2-hard", "We have not spoken for a while.")
    page.fill("#id_person-3-name", "")
    make_summary(page)
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_person-2-hard")).to_have_value("We have not spoken for a while.")
    look("worksheet-errors")
    page.fill("#id_person-3-name", "My boss")
    make_summary(page)
    expect(page.locator("h1")).to_have_text("My relationships")
    expect(page.locator("main .ws-card")).to_have_count(4)
    look("worksheet-summary")
    page.emulate_media(media="print")
    expect(page.locator(".ws-svg")).to_be_visible()
    expect(page.get_by_role("button", name="Change my answers")).to_be_hidden()
    screenshot(page, "worksheet-summary-print")
    page.emulate_media(media="screen")
    page.goto(site + GUIDE)
    expect(page.locator(".resource-actions")).to_be_visible()
    look("resource-guide")
    page.emulate_media(media="print")
    expect(page.locator(".resource-actions")).to_be_hidden()
    screenshot(page, "resource-guide-print")
    page.emulate_media(media="screen")
    page.goto(site + "/resources/")
    expect(page.get_by_role("link", name="Talking about what you need").first).to_be_visible()
    look("resources-section")


SPLIT_FRAGMENTS = """
    () => [...document.querySelectorAll(%r)]
        .filter((element) => element.getClientRects().length > 1)
        .map((element) => element.textContent.trim())
"""


def test_the_printed_legend_never_splits_a_number_badge_at_the_column_break(page, site):
    """Issue 26: a badge in the two-column legend was cut in half between the columns."""
    page.goto(site + URL)
    page.locator("details.ws-more summary").click()
    for i, name in enumerate(NAMES):
        fill_person(page, i, name, i % 3)
    make_summary(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    assert page.locator(".ws-key .ws-num").count() == len(NAMES)
    # An element broken across the column break has one box in each column.
    assert page.evaluate(SPLIT_FRAGMENTS % ".ws-key .ws-num") == []
    assert page.evaluate(SPLIT_FRAGMENTS % ".ws-key-list li") == []
    assert pdf_pages(page) <= 2
