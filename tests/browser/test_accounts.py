"""Therapists' own pages in a real browser: the journey from sign-in to a published
change (with the admin's approval in between), the same by keyboard alone, and axe on
every /account/ page at phone and desktop widths."""

import functools
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from ipt_site.accounts.models import ProfileChange, TherapistAccount
from ipt_site.accounts.tokens import invitation_url
from ipt_site.therapists.models import Availability, Therapist

from . import keyboard
from .axe import violations
from .conftest import screenshot

pytestmark = pytest.mark.browser

SLUG = "marnie-ashcombe"
EMAIL = f"{SLUG}@example.org"
PASSWORD = "a calm river at dawn 42"
NEW_BIO = "I help people through grief and big changes in their lives, one step at a time."
WIDTHS = (375, 1280)


@pytest.fixture
def therapist(site):
    therapist = Therapist.objects.get(slug=SLUG)
    user = get_user_model().objects.create_user(EMAIL, EMAIL, PASSWORD)
    TherapistAccount.objects.create(user=user, therapist=therapist, password_set_at=timezone.now())
    return therapist


def sign_in(page, site, email=EMAIL, password=PASSWORD):
    page.goto(site + "/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def check_page(page, name):
    """axe 0, one h1, no sideways scroll; a screenshot at each width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == [], f"{name} at {width}px"
        assert page.locator("h1").count() == 1, name
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{name} scrolls sideways at {width}px"
        screenshot(page, f"account-{name}")


def test_therapist_changes_bio_admin_approves_and_the_profile_changes(
    browser, page, site, therapist
):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site)
    page.wait_for_url("**/account/")
    expect(page.locator("h1")).to_have_text(f"Hello, {therapist.name}")

    page.get_by_role("link", name="Edit your profile").first.click()
    page.wait_for_url("**/account/profile/")
    page.get_by_label("About you (optional)").fill(NEW_BIO)
    page.get_by_role("button", name="Send for approval").click()
    page.wait_for_url("**/account/")
    expect(page.get_by_text("Waiting for approval", exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your changes are waiting for approval")

    # The public profile keeps the approved version meanwhile (a visitor's own browser).
    visitor = browser.new_context()
    public = visitor.new_page()
    public.goto(site + f"/therapists/{SLUG}/")
    expect(public.locator("main")).not_to_contain_text(NEW_BIO)

    # An admin approves, in the admin, seeing old and new side by side.
    get_user_model().objects.create_superuser("admin", "admin@example.org", "a-long-passw0rd")
    staff = browser.new_context().new_page()
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.goto(site + "/admin/")
    staff.get_by_label("Username").fill("admin")
    staff.get_by_label("Password").fill("a-long-passw0rd")
    staff.get_by_role("button", name="Log in").click()
    staff.goto(site + "/admin/accounts/profilechange/")
    staff.get_by_role("link", name=therapist.name).click()
    row = staff.locator("tr", has=staff.get_by_role("rowheader", name=re.compile("About them")))
    expect(row).to_contain_text("Changed")
    expect(row.locator("td").nth(1)).to_contain_text(NEW_BIO)
    screenshot(staff, "account-admin-review")
    staff.get_by_role("button", name="Approve and publish").click()
    expect(staff.locator(".messagelist")).to_contain_text("Approved")

    public.goto(site + f"/therapists/{SLUG}/")
    expect(public.locator("main")).to_contain_text(NEW_BIO)
    assert ProfileChange.objects.get().status == "approved"

    page.goto(site + "/account/")
    expect(page.locator("main")).to_contain_text("We approved your last changes on")
    visitor.close()


def test_the_therapist_journey_by_keyboard_alone(page, site, therapist):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/account/sign-in/")

    tab_to = functools.partial(keyboard.tab_to, page, limit=150)

    tab_to(page.get_by_label("Email address"))
    page.keyboard.type(EMAIL)
    tab_to(page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/")

    # Availability: Tab reaches the radio group at its checked answer; arrows choose.
    tab_to(page.get_by_label("Can start within 1 to 2 months"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Waiting list open")).to_be_checked()
    tab_to(page.get_by_role("button", name="Save and confirm"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/")
    expect(page.get_by_role("status")).to_contain_text("Your profile now says “Waiting list open”")
    therapist.refresh_from_db()
    assert therapist.availability == Availability.WAITING_LIST

    tab_to(
        page.get_by_role("navigation", name="Your account").get_by_role(
            "link", name="Edit your profile"
        )
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/profile/")
    tab_to(page.get_by_label("About you (optional)"))
    page.keyboard.press("Control+A")
    page.keyboard.type(NEW_BIO)
    tab_to(page.get_by_role("button", name="Send for approval"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/")
    expect(page.get_by_text("Waiting for approval", exact=True)).to_be_visible()
    assert ProfileChange.objects.get().proposed["biography"] == NEW_BIO

    tab_to(page.get_by_role("button", name="Sign out"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/sign-in/")
    expect(page.get_by_role("status")).to_contain_text("You have signed out")


def test_every_account_page_passes_axe_at_both_widths(page, site, therapist, settings):
    # Signed out: sign-in (empty, then with an error), an invitation link (valid, used).
    page.goto(site + "/account/sign-in/")
    check_page(page, "sign-in")
    sign_in(page, site, password="wrong")
    expect(page.locator(".error-summary")).to_be_focused()
    check_page(page, "sign-in-error")

    account = therapist.account
    # An invited therapist who has not chosen a password yet is welcomed.
    TherapistAccount.objects.filter(pk=account.pk).update(password_set_at=None)
    link = invitation_url(account, site)
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Choose your password")
    check_page(page, "welcome")
    page.locator("#id_new_password1").fill("password")
    page.locator("#id_new_password2").fill("password")
    page.get_by_role("button", name="Save my password").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page, "welcome-error")
    page.goto(site + "/account/welcome/Mg/not-a-token/")
    expect(page.locator("h1")).to_have_text("This link no longer works")
    check_page(page, "welcome-expired")

    # Signed in.
    Therapist.objects.filter(pk=therapist.pk).update(
        accepting_confirmed_on=timezone.localdate() - timedelta(days=70)
    )
    sign_in(page, site)
    page.wait_for_url("**/account/")
    expect(page.locator("main")).to_contain_text("Please confirm this now.")
    check_page(page, "home-stale")

    page.goto(site + "/account/profile/")
    check_page(page, "profile")
    page.get_by_label("Short introduction").fill("")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page, "profile-error")
    page.get_by_label("Short introduction").fill("I offer IPT online and in Bristol.")
    page.get_by_role("button", name="Send for approval").click()
    page.wait_for_url("**/account/")
    check_page(page, "home-pending")

    change = ProfileChange.objects.get()
    from ipt_site.accounts.services.profile_changes import send_back

    send_back(change, by=None, reason="Please say which town you work in.\nThank you!")
    page.goto(site + "/account/")
    expect(page.locator("main")).to_contain_text("We sent your changes back")
    check_page(page, "home-sent-back")

    page.goto(site + "/account/password/")
    check_page(page, "password")

    # Staff who wander in get a page that says where they belong.
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "a-long-passw0rd")
    page.context.clear_cookies()
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill(admin.username)
    page.get_by_label("Password").fill("a-long-passw0rd")
    page.get_by_role("button", name="Log in").click()
    response = page.goto(site + "/account/")
    assert response.status == 403
    check_page(page, "not-a-therapist")

    # The lockout page, in the site's look.
    page.context.clear_cookies()
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, site, password="wrong")
    expect(page.locator("h1")).to_have_text("Signing in is paused")
    check_page(page, "locked-out")


def test_stale_availability_in_the_directory_and_on_a_profile(page, site):
    stale = Therapist.objects.get(slug=SLUG)
    Therapist.objects.filter(pk=stale.pk).update(
        accepting_confirmed_on=timezone.localdate() - timedelta(days=75), display_order=0
    )
    page.goto(site + "/therapists/")
    cards = page.locator("main .therapist-card")
    expect(cards.last).to_contain_text(stale.name)  # sorted after the confirmed ones
    expect(cards.last).to_contain_text("Last confirmed")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == []
        cards.last.scroll_into_view_if_needed()
        screenshot(page, "directory-stale-card", whole_page=False)
    page.goto(site + f"/therapists/{SLUG}/")
    expect(page.locator(".profile-heading")).to_contain_text("Last confirmed")
    check_page(page, "public-profile-stale")


def test_a_forgotten_password_by_keyboard_alone_with_axe(page, site, therapist, mailoutbox):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site + "/account/sign-in/")
    link = page.get_by_role("link", name="Get an email with a link to choose a new password")
    keyboard.tab_to(page, link, limit=150)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/forgot/")
    check_page(page, "forgot")

    page.get_by_label("Your email address").fill("not an address")
    page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_focused()
    check_page(page, "forgot-error")
    page.get_by_label("Your email address").fill(EMAIL)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/forgot/sent/")
    check_page(page, "forgot-sent")

    (message,) = mailoutbox
    url = re.search(r"https?://\S+/account/welcome/\S+/", message.body)[0]
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Choose a new password")
    check_page(page, "reset")
    page.locator("#id_new_password1").fill("a new kettle by the window 7")
    page.locator("#id_new_password2").fill("a new kettle by the window 7")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/")
    expect(page.get_by_role("status")).to_contain_text("Your new password is saved")
