"""Two-step sign-in in a real browser, by keyboard alone: set up an app, save the
recovery codes, reach the admin; sign out, sign in again with a code. axe on every page."""

import base64
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from playwright.sync_api import expect

from .axe import violations
from .conftest import screenshot
from .keyboard import tab_to

pytestmark = pytest.mark.browser

PASSWORD = "a-long-passw0rd"


def code_from_key(shown_key: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed in from the page (django-otp's
    own TOTP, with the app defaults: 30-second steps, 6 digits)."""
    secret = shown_key.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def look(page, name):
    """axe at both widths, and a screenshot of each for review."""
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == [], f"{name} at {width}px"
        screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in_with_password(page, site):
    page.goto(site + "/admin/")
    tab_to(page, page.get_by_label("Username"), ring=False)
    page.keyboard.type("editor")
    tab_to(page, page.get_by_label("Password"), ring=False)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def test_set_up_and_sign_in_with_two_steps_by_keyboard(page, site, settings):
    settings.REQUIRE_2FA = True
    get_user_model().objects.create_user(
        "editor", "editor@example.org", PASSWORD, is_staff=True, is_superuser=True
    )
    page.set_viewport_size({"width": 1280, "height": 900})

    # A password alone leads to set-up, never to the admin.
    sign_in_with_password(page, site)
    page.wait_for_url(re.compile(r"/two-factor/set-up/\?next="))
    expect(page.locator("h1")).to_have_text("Set up two-step sign-in")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert page.locator("img.qr-code").evaluate("img => img.naturalWidth") > 200
    look(page, "twofactor-setup")
    key = page.locator("#setup-key").inner_text()

    # A wrong code: the error summary takes focus and its link leads to the field.
    wrong = f"{(int(code_from_key(key)) + 500000) % 1000000:06d}"
    tab_to(page, page.get_by_label("Security code"))
    page.keyboard.type(wrong)
    page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error")
    look(page, "twofactor-setup-error")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    field = page.get_by_label("Security code")
    expect(field).to_be_focused()

    # The right code (typed as an app shows it) turns it on and shows recovery codes.
    time.sleep(1.1)  # django-otp makes the next try after a wrong code wait a second
    page.keyboard.press("Control+A")
    page.keyboard.type(code_from_key(key))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Two-step sign-in is on")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    look(page, "twofactor-recovery-codes")
    tab_to(page, page.get_by_role("link", name="I have saved my codes, continue"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_be_visible()

    # Sign out, then sign in again: now the code is asked for.
    tab_to(page, page.get_by_role("button", name="Log out"), ring=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/logout/"))
    sign_in_with_password(page, site)
    page.wait_for_url(re.compile(r"/two-factor/sign-in/\?next="))
    expect(page.locator("h1")).to_have_text("Enter your security code")
    look(page, "twofactor-sign-in")
    tab_to(page, page.get_by_label("Security code"))
    # The code of the next 30 seconds: the one just used is never accepted twice.
    page.keyboard.type(code_from_key(key, steps_ahead=1))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))

    # The manage page, reached by address, and the recovery-code page.
    page.goto(site + "/two-factor/")
    expect(page.locator("h1")).to_have_text("Two-step sign-in")
    expect(page.locator(".twofactor-facts")).to_contain_text("10")
    look(page, "twofactor-manage")
    tab_to(page, page.get_by_role("button", name="Sign out"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/two-factor/signed-out/"))
    look(page, "twofactor-signed-out")

    sign_in_with_password(page, site)
    page.wait_for_url(re.compile(r"/two-factor/sign-in/"))
    tab_to(page, page.get_by_role("link", name="Sign in with a recovery code"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/two-factor/recovery/"))
    look(page, "twofactor-recovery")
    tab_to(page, page.get_by_label("Recovery code"))
    page.keyboard.type(codes[0])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/two-factor/\?recovered=1"))
    expect(page.get_by_role("status")).to_contain_text("9 recovery codes left")
