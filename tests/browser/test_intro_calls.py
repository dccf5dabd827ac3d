"""Free calls and the waiting list in a real browser: booking a call and joining a
waiting list by keyboard alone, and every new page and state checked with axe at 320,
390 and 1366 pixels (screenshots at 390 and 1366 for review)."""

import functools
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from ipt_site.accounts.models import TherapistAccount
from ipt_site.introcalls import selectors, tokens
from ipt_site.introcalls.models import Booking
from ipt_site.therapists.models import Therapist
from ipt_site.waitinglist.models import WaitingRequest

from . import keyboard
from .axe import violations
from .conftest import screenshot

pytestmark = pytest.mark.browser

CALLER = "marnie-ashcombe"  # offers a 15-minute call, with weekly times (demo data)
WAITING = "owain-pryddech"  # waiting list open
PASSWORD = "a calm river at dawn 42"


def check(page, name, widths=(320, 390, 1366)):
    """axe 0, one h1, the urgent-help panel and a canonical link, no sideways scroll."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == [], f"{name} at {width}px"
        assert page.locator("h1").count() == 1, name
        assert page.locator("#urgent-help").count() == 1, name
        assert page.locator('link[rel="canonical"]').count() == 1, name
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{name} scrolls sideways at {width}px"
        if width != 320:
            screenshot(page, f"calls-{name}")


def test_booking_a_free_call_by_keyboard_alone(page, site):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{site}/therapists/{CALLER}/")
    tab_to = functools.partial(keyboard.tab_to, page, limit=120)

    tab_to(page.get_by_role("link", name=re.compile("^Book a free 15-minute call")).first)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/therapists/{CALLER}/intro-call/")
    check(page, "choose")
    first_time = page.locator("a.call-time").first
    tab_to(first_time)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/intro-call/book/\?slot=\d{8}T\d{4}Z$"))
    check(page, "book")

    # Send it with a phone call chosen and no number: the error summary takes focus, and
    # nothing typed is lost.
    tab_to(page.get_by_label("Your name"))
    page.keyboard.type("Kim Keys")
    tab_to(page.get_by_label("By phone"))
    page.keyboard.press("Space")
    expect(page.get_by_label("By phone")).to_be_checked()
    tab_to(page.locator("#id_consent"))
    page.keyboard.press("Space")
    tab_to(page.get_by_role("button", name="Book the call"))
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a phone number for the call")
    expect(page.get_by_label("Your name")).to_have_value("Kim Keys")
    check(page, "book-error")

    tab_to(summary.get_by_role("link").first)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Phone number")).to_be_focused()
    page.keyboard.type("07700 900456")
    tab_to(page.get_by_label("Email address"))
    page.keyboard.type("kim@example.net")
    tab_to(page.get_by_role("button", name="Book the call"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/intro-call/[^/]+/\?booked=1$"))
    expect(page.locator("h1")).to_have_text("Your call is booked")
    check(page, "booked")

    booking = Booking.objects.get()
    assert (booking.name, booking.phone, booking.email) == (
        "Kim Keys",
        "07700 900456",
        "kim@example.net",
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["kim@example.net", f"{CALLER}@example.org"]

    # Move it, then cancel it, from the same page, by keyboard.
    tab_to(page.get_by_role("link", name="Move to another time"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/move/$"))
    check(page, "move")
    tab_to(page.locator("a.call-time").nth(2))
    page.keyboard.press("Enter")
    check(page, "move-confirm")
    tab_to(page.get_by_role("button", name="Move the call"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?moved=1$"))
    expect(page.locator("h1")).to_have_text("The call has moved")
    tab_to(page.get_by_role("button", name="Cancel the call"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?cancelled=1$"))
    expect(page.locator("h1")).to_have_text("The call is cancelled")
    check(page, "cancelled")
    assert Booking.objects.get().status == Booking.Status.CANCELLED


def test_joining_a_waiting_list_by_keyboard_alone_and_leaving_it(page, site):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site}/therapists/{WAITING}/")
    tab_to = functools.partial(keyboard.tab_to, page, limit=120)
    tab_to(page.get_by_role("link", name=re.compile("^Join the waiting list")).first)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/therapists/{WAITING}/waiting-list/")
    check(page, "waiting-list")

    tab_to(page.get_by_label("Your email address"))
    page.keyboard.type("wren@example.net")
    tab_to(page.get_by_role("button", name="Tell me when a place opens"))
    page.keyboard.press("Enter")  # consent not given yet
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.get_by_label("Your email address")).to_have_value("wren@example.net")
    check(page, "waiting-list-error")
    tab_to(page.locator("#id_consent"))
    page.keyboard.press("Space")
    tab_to(page.get_by_role("button", name="Tell me when a place opens"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/therapists/{WAITING}/waiting-list/thanks/")
    check(page, "waiting-list-thanks")
    request = WaitingRequest.objects.get()
    assert request.email == "wren@example.net"

    [message] = mail.outbox
    link = re.search(r"https?://\S+/waiting-list/unsubscribe/\S+/", message.body)[0]
    page.goto(link)
    check(page, "unsubscribe")
    tab_to(page.get_by_role("button", name="Take me off the list"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("You are off the list")
    check(page, "unsubscribed")
    assert not WaitingRequest.objects.exists()


def test_every_other_new_page_and_state(page, site):
    therapist = Therapist.objects.get(slug=CALLER)
    free = selectors.times(therapist).free
    page.goto(f"{site}/therapists/{CALLER}/")
    check(page, "profile")

    page.goto(f"{site}/therapists/{CALLER}/intro-call/book/?slot=20200101T0900Z")
    expect(page.locator("#slot-message")).to_contain_text("not one we can offer")
    check(page, "book-bad-slot")

    page.goto(f"{site}/therapists/{CALLER}/intro-call/suggest/")
    check(page, "suggest")
    page.get_by_role("button", name="Send these times").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check(page, "suggest-error")
    page.locator("#id_day_1").select_option(index=2)
    page.locator("#id_part_1").select_option("morning")
    page.get_by_label("Your name").fill("Sam Suggest")
    page.get_by_label("By video").check()
    page.get_by_label("Email address").fill("sam@example.net")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Send these times").click()
    page.wait_for_url("**/suggest/sent/")
    check(page, "suggest-sent")

    # A therapist who offers a call with no weekly times: the page says so.
    page.goto(f"{site}/therapists/corin-tremayne/intro-call/")
    expect(page.locator("h2").first).to_contain_text("No free times")
    check(page, "choose-none")

    booking = Booking.objects.create(
        therapist=therapist, start=free[0].start, end=free[0].end, name="Pat Example",
        phone="07700 900999", mode="video", email="pat@example.net",
    )  # fmt: skip
    page.goto(site + tokens.manage_path(booking, "therapist"))
    expect(page.locator("main")).to_contain_text("07700 900999")
    check(page, "manage-therapist")
    page.goto(f"{site}/intro-call/forged-link/")
    check(page, "link-forged")

    # A taken slot offers the nearest free ones, keeping what was typed.
    page.goto(f"{site}/therapists/{CALLER}/intro-call/book/?slot={free[1].id}")
    page.get_by_label("Your name").fill("Second Person")
    page.get_by_label("By phone").check()
    page.get_by_label("Phone number").fill("07700 900111")
    page.locator("#id_consent").check()
    Booking.objects.create(therapist=therapist, start=free[1].start, end=free[1].end,
                           name="Quick", phone="0123456789", mode="phone")  # fmt: skip
    page.get_by_role("button", name="Book the call").click()
    expect(page.locator("#slot-message")).to_contain_text("someone booked that time a moment ago")
    expect(page.get_by_label("Your name")).to_have_value("Second Person")
    check(page, "book-taken")
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Book the call").click()
    expect(page.locator("h1")).to_have_text("Your call is booked")

    # The therapist's own page in /account/.
    user = get_user_model().objects.create_user("m@example.org", "m@example.org", PASSWORD)
    TherapistAccount.objects.create(user=user, therapist=therapist, password_set_at=timezone.now())
    page.goto(site + "/account/sign-in/")
    page.get_by_label("Email address").fill("m@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(site + "/account/intro-calls/")
    check(page, "account")
    page.get_by_role("button", name="Add this time").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check(page, "account-error")


def test_booking_a_call_and_joining_a_waiting_list_without_javascript_at_320px(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 800})
    page = context.new_page()

    page.goto(f"{site}/therapists/{CALLER}/")
    page.get_by_role("link", name=re.compile("^Book a free 15-minute call")).first.click()
    page.wait_for_url(f"**/therapists/{CALLER}/intro-call/")
    page.locator("a.call-time").first.click()
    page.get_by_label("Your name").fill("Noor Noscript")
    page.get_by_label("By video").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Book the call").click()  # no email or phone yet
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Noor Noscript")
    expect(page.get_by_label("By video")).to_be_checked()
    page.get_by_label("Email address").fill("noor@example.net")
    page.get_by_role("button", name="Book the call").click()
    page.wait_for_url(re.compile(r"\?booked=1$"))
    expect(page.locator("h1")).to_have_text("Your call is booked")
    assert Booking.objects.get().email == "noor@example.net"
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    page.goto(f"{site}/therapists/{WAITING}/")
    page.get_by_role("link", name=re.compile("^Join the waiting list")).first.click()
    page.get_by_label("Your email address").fill("noor@example.net")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Tell me when a place opens").click()
    page.wait_for_url(f"**/therapists/{WAITING}/waiting-list/thanks/")
    link = re.search(r"https?://\S+/waiting-list/unsubscribe/\S+/", mail.outbox[-1].body)[0]
    page.goto(link)
    page.get_by_role("button", name="Take me off the list").click()
    expect(page.locator("h1")).to_have_text("You are off the list")
    assert not WaitingRequest.objects.exists()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    context.close()
