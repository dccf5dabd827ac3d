"""The directory on a phone, its new filters by keyboard, "Help me choose" to a shortlist
kept in the browser, and the enquiry form's message helper: in a real browser, axe 0 on
every page and state, at 320 px, 390 px and desktop widths."""

import functools
import json
import re

import pytest
from playwright.sync_api import expect

from ipt_site.contact.models import Enquiry

from . import keyboard
from .axe import violations
from .conftest import screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def check(page, name, widths=(320, 390, 1366)):
    """axe 0, one h1, no sideways scroll at each width; a screenshot of each."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
        found = violations(page)
        assert found == [], f"{name} at {width}px: {found}"
        assert page.locator("h1").count() == 1, name
        sideways = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not sideways, f"{name} scrolls sideways at {width}px"
        screenshot(page, f"directory-{name}")


def in_first_screen(locator, page):
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= page.viewport_size["height"]
    )


def test_on_a_phone_the_count_is_in_the_first_screen_before_and_after_filtering(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/therapists/")
    heading = page.locator("#results-heading")
    expect(heading).to_have_text("11 therapists match")
    assert in_first_screen(heading, page), heading.bounding_box()
    expect(page.locator(".filter-form")).to_be_hidden()  # folded away on a phone

    page.get_by_text("Filter therapists").click()
    page.get_by_label("Online").check()
    page.get_by_label("Language").select_option("polish")
    page.get_by_role("button", name="Show therapists").click()
    page.wait_for_url(re.compile(r"format=online&.*language=polish"))
    expect(heading).to_have_text("1 therapist matches")
    assert in_first_screen(heading, page), heading.bounding_box()
    expect(page.locator(".filter-panel > summary")).to_contain_text("(2 chosen)")
    chips = page.locator(".active-filters li a")
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_contain_text("Online")
    expect(chips.nth(1)).to_contain_text("Speaks Polish")
    check(page, "phone-filtered")

    # A chip removes its own filter and keeps the other.
    chips.nth(1).click()
    page.wait_for_url(re.compile(r"\?format=online#results$"))
    expect(page.locator(".active-filters li a")).to_have_count(1)


def test_plain_names_in_filters_chips_and_cards(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/therapists/?area=role-disputes&area=interpersonal-deficits")
    main = page.locator("main")
    for plain in ("Conflict with someone close", "Loneliness and isolation", "Big life changes"):
        expect(main).to_contain_text(plain)
    for jargon in ("Role disputes", "Interpersonal deficits", "Role transitions"):
        expect(main).not_to_contain_text(jargon)


def test_filter_by_fee_and_intro_call_by_keyboard_alone(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/therapists/")
    expect(page.locator(".filter-form")).to_be_visible()  # opened beside the results
    tab_to = functools.partial(keyboard.tab_to, page, limit=120)

    tab_to(page.locator("#id_fee"))
    page.keyboard.press("ArrowDown")  # "Up to £40"
    page.keyboard.press("ArrowDown")  # "Up to £50"
    page.keyboard.press("ArrowDown")  # "Up to £60"
    expect(page.locator("#id_fee")).to_have_value("60")
    tab_to(page.locator("#id_intro"))
    page.keyboard.press("Space")
    expect(page.locator("#id_intro")).to_be_checked()
    tab_to(page.get_by_role("button", name="Show therapists"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"fee=60&.*intro=1"))
    names = page.locator("main .therapist-card h3 a").all_inner_texts()
    assert names and "Dr Inés Valcárcel-Moss" not in names  # £120 a session
    for card in page.locator("main .therapist-card").all():
        text = card.inner_text()
        assert "introductory call" in text
        fee = int(re.search(r"£(\d+)", text).group(1))
        assert fee <= 60, text
    check(page, "fee-and-call", widths=(1366, 320))

    # The first chip, removed by keyboard: the fee goes, the call stays.
    page.set_viewport_size(DESKTOP)
    chip = page.locator(".active-filters li a").first
    tab_to(chip)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?intro=1#results$"))


def test_few_results_offer_to_leave_out_one_filter(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/therapists/?language=polish&fee=50&intro=1")
    expect(page.locator("#results-heading")).to_have_text("No therapists match")
    loosen = page.locator(".loosen")
    expect(loosen).to_contain_text("Nobody matches all of these.")
    link = loosen.get_by_role("link").first
    words = link.inner_text()
    count = int(re.search(r": (\d+) therapist", words).group(1))
    check(page, "few")
    link.click()
    expect(page.locator("#results-heading")).to_contain_text(f"{count} therapist")


def test_help_me_choose_to_a_shortlist_by_keyboard(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/therapists/")
    tab_to = functools.partial(keyboard.tab_to, page, limit=80)
    tab_to(page.get_by_role("link", name="Help me choose: a few questions"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/therapists/find/")
    check(page, "find-1")

    # Question 1: arrow keys move through the radio group.
    tab_to(page.locator("#area-grief"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#area-role-transitions")).to_be_checked()
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_url(re.compile(r"step=2"))
    check(page, "find-2", widths=(390,))
    tab_to(page.locator("#meet-in-person"))
    page.keyboard.press("ArrowDown")
    expect(page.locator("#meet-online")).to_be_checked()
    tab_to(page.get_by_role("button", name="Next"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"step=3"))
    check(page, "find-3", widths=(390,))
    tab_to(page.locator("#id_language"))
    page.keyboard.type("Pol")  # typing picks the option in a closed select
    expect(page.locator("#id_language")).to_have_value("polish")
    tab_to(page.get_by_role("button", name="Next"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"step=4"))
    check(page, "find-4", widths=(390,))
    tab_to(page.locator("#start-2-weeks"))
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"step=5"))
    check(page, "find-5", widths=(390, 320))
    tab_to(page.get_by_role("link", name="Skip this question"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"step=6"))
    check(page, "find-6", widths=(390,))
    tab_to(page.get_by_role("button", name="See who may suit me"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"step=7"))
    expect(page.locator("h1")).to_have_text("Therapists who may suit you")
    first = page.locator(".match-card").first
    expect(first).to_contain_text("Agnieszka Borowiczka")
    # What a sighted reader sees (a screen reader hears commas instead of the dots).
    seen = first.locator(".match-reasons").evaluate(
        "el => Array.from(el.childNodes).filter(n => !(n.classList"
        " && n.classList.contains('visually-hidden'))).map(n => n.textContent).join('')"
    )
    assert seen == (
        "Why we suggest them: works with big life changes · online · speaks Polish"
        " · can start within 2 weeks · £60 a session"
    )
    check(page, "find-results")

    page.set_viewport_size(PHONE)
    add = first.locator("[data-shortlist-add]")
    expect(add).to_have_accessible_name("Add to my shortlist: Agnieszka Borowiczka")
    tab_to(add)
    page.keyboard.press("Enter")
    expect(add).to_have_accessible_name("Remove from my shortlist: Agnieszka Borowiczka")
    expect(add).to_be_focused()
    expect(page.locator("p[role=status].visually-hidden")).to_have_text(
        "Agnieszka Borowiczka is on your shortlist."
    )
    stored = json.loads(page.evaluate("localStorage.getItem('ipt-shortlist-v1')"))
    assert stored == [
        {"slug": "agnieszka-borowiczka", "name": "Agnieszka Borowiczka", "status": "to-contact"}
    ]

    tab_to(page.get_by_role("link", name="your shortlist"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/therapists/shortlist/")
    expect(page.locator(".shortlist-item")).to_have_count(1)
    expect(page.get_by_text("Your shortlist needs JavaScript")).to_be_hidden()
    status = page.get_by_label("Where you are with Agnieszka Borowiczka")
    tab_to(status)
    page.keyboard.press("ArrowDown")  # "Contacted"
    expect(status).to_have_value("contacted")
    stored = json.loads(page.evaluate("localStorage.getItem('ipt-shortlist-v1')"))
    assert stored[0]["status"] == "contacted"
    check(page, "shortlist")

    # It survives a reload, and "Clear my list" empties it.
    page.reload()
    expect(page.get_by_label("Where you are with Agnieszka Borowiczka")).to_have_value("contacted")
    page.once("dialog", lambda dialog: dialog.accept())
    tab_to(page.get_by_role("button", name="Clear my list"))
    page.keyboard.press("Enter")
    expect(page.locator(".shortlist-item")).to_have_count(0)
    expect(page.get_by_text("Your shortlist is empty.")).to_be_visible()
    assert page.evaluate("localStorage.getItem('ipt-shortlist-v1')") is None
    check(page, "shortlist-empty", widths=(390,))


def test_the_shortlist_never_reaches_the_server(page, site):
    """Adding, changing and clearing send no request with the shortlist in it."""
    sent = []
    page.on("request", lambda request: sent.append((request.method, request.url)))
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/therapists/", wait_until="networkidle")
    before = len(sent)
    page.locator("[data-shortlist-add]").first.click()
    page.locator("[data-shortlist-add]").nth(1).click()
    expect(page.locator("[data-shortlist-count]").first).to_have_text(" (2)")
    assert sent[before:] == []
    page.goto(site + "/therapists/shortlist/", wait_until="networkidle")
    before = len(sent)
    page.locator(".shortlist-item select").first.select_option("waiting")
    page.get_by_role("button", name=re.compile("^Remove")).first.click()
    assert sent[before:] == []
    assert not page.context.cookies()  # no cookie either
    hosts = {re.match(r"https?://[^/]+", url).group(0) for _, url in sent}
    assert hosts == {site}


def test_stored_junk_is_ignored_and_names_are_text_not_html(page, site):
    page.goto(site + "/therapists/shortlist/")
    junk = [
        {"slug": "x", "name": "<img src=x onerror=alert(1)>", "status": "to-contact"},
        {"slug": "../../admin", "name": "Bad slug", "status": "to-contact"},
        {"slug": "y", "name": "Bad status", "status": "hacked"},
        "not an object",
    ]
    page.evaluate(f"localStorage.setItem('ipt-shortlist-v1', {json.dumps(json.dumps(junk))})")
    page.reload()
    items = page.locator(".shortlist-item")
    expect(items).to_have_count(1)
    expect(items.first.locator("a").first).to_have_text("<img src=x onerror=alert(1)>")
    assert page.locator(".shortlist-item img").count() == 0
    page.evaluate("localStorage.setItem('ipt-shortlist-v1', '{not json')")
    page.reload()
    expect(page.get_by_text("Your shortlist is empty.")).to_be_visible()


def test_without_javascript_every_page_still_makes_sense(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/therapists/shortlist/")
    expect(page.get_by_text("Your shortlist needs JavaScript")).to_be_visible()
    expect(page.locator("[data-shortlist-app]")).to_be_hidden()
    page.goto(site + "/therapists/")
    expect(page.locator("[data-shortlist-add]").first).to_be_hidden()
    page.get_by_text("Filter therapists").click()  # a <details>: no script needed
    page.get_by_label("Offers a free introductory call").check()
    page.get_by_role("button", name="Show therapists").click()
    page.wait_for_url(re.compile(r"intro=1"))
    page.goto(site + "/therapists/find/")
    page.get_by_label(re.compile("^Grief and loss")).check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile(r"step=2"))
    assert "area=grief" in page.url
    expect(page.locator("h1")).to_have_text("How would you like to meet?")
    page.goto(site + "/contact/")
    expect(page.get_by_text("Help me write my first message")).to_have_count(0)
    context.close()


def test_help_me_write_my_first_message(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + "/contact/")
    helper = page.locator(".message-helper")
    expect(helper).to_be_visible()
    # It sits just above the message box.
    assert helper.evaluate(
        "el => el.nextElementSibling.contains(document.getElementById('id_message'))"
    )
    page.get_by_text("Help me write my first message").click()
    check(page, "message-helper", widths=(390, 320))
    page.get_by_label("Who are you looking for help for?").select_option("my child")
    page.get_by_label(re.compile("In one sentence")).fill("she has been very low since we moved")
    page.get_by_label(re.compile("Anything practical")).fill("after school, online")
    page.get_by_role("button", name="Put this in my message").click()
    message = page.get_by_label("Your message")
    expect(message).to_be_focused()
    draft = message.input_value()
    assert "I am looking for a therapist for my child, and I am interested in IPT." in draft
    assert "She has been very low since we moved." in draft
    assert "Some practical things: After school, online." in draft
    expect(page.locator("#helper-status")).to_contain_text("Your draft is in the message box.")
    # The draft can be changed; only the message box is sent.
    message.press("End")
    message.type(" Kim")
    page.get_by_label("Your name").fill("Kim Example")
    page.get_by_label("Email address").fill("kim@example.org")
    page.locator("#id_consent").check()
    posted = []
    page.on("request", lambda r: posted.append(r.post_data or "") if r.method == "POST" else None)
    page.get_by_role("button", name="Send your enquiry").click()
    page.wait_for_url("**/contact/thanks/")
    enquiry = Enquiry.objects.get()
    assert enquiry.message.replace("\r\n", "\n") == draft + " Kim"
    assert "helper" not in posted[0]
    assert posted[0].lower().count("after+school") == 1  # in the message, nowhere else
