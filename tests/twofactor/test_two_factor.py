"""Two-step sign-in: a password alone never opens the admin when IPT_REQUIRE_2FA is on."""

import base64
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipt_site.audit.models import EnquiryAccess
from ipt_site.contact.models import Enquiry
from tests.web.test_security import EVENT_HANDLER, INLINE_SCRIPT, INLINE_STYLE

from .conftest import app_code

pytestmark = pytest.mark.django_db

SETUP = "/two-factor/set-up/"
VERIFY = "/two-factor/sign-in/"
RECOVERY = "/two-factor/recovery/"


@pytest.fixture
def enquiry(db):
    from django.utils import timezone

    return Enquiry.objects.create(
        name="Pat Private",
        email="pat@example.org",
        message="Something personal about my grief.",
        consent_given_at=timezone.now(),
    )


def start_setup(client):
    response = client.get(SETUP + "?next=/admin/")
    assert response.status_code == 200
    return response, TOTPDevice.objects.get(confirmed=False)


# --- a password alone ---------------------------------------------------------------


def test_password_alone_is_sent_to_set_up_from_every_admin_page(password_only, enquiry):
    for url in (
        reverse("admin:index"),
        reverse("admin:contact_enquiry_changelist"),
        reverse("admin:contact_enquiry_change", args=[enquiry.pk]),
        reverse("admin:auth_user_changelist"),
    ):
        response = password_only.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP + "?next="), url
        assert "Pat Private" not in response.text
    assert not EnquiryAccess.objects.exists()  # nothing was opened


def test_password_alone_cannot_act_in_the_admin(password_only, enquiry):
    response = password_only.post(
        reverse("admin:contact_enquiry_changelist"),
        {"action": "mark_closed", "_selected_action": [enquiry.pk]},
    )
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW


def test_password_alone_with_an_app_is_asked_for_a_code(client, admin_user, require_2fa, enrolled):
    client.post(reverse("admin:login"), {"username": admin_user.username, "password": "password"})
    response = client.get("/admin/")
    assert response["Location"] == VERIFY + "?next=%2Fadmin%2F"


def test_a_password_alone_never_adds_an_app_to_an_account_that_has_one(password_only, enrolled):
    response = password_only.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.count() == 1
    assert password_only.post(SETUP, {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.count() == 1


# --- setting up ----------------------------------------------------------------------


def test_set_up_page_shows_a_qr_code_and_the_key(password_only, admin_user):
    response, device = start_setup(password_only)
    text = response.text
    match = re.search(r'<img class="qr-code" src="data:image/png;base64,([^"]+)"', text)
    assert match and base64.b64decode(match.group(1)).startswith(b"\x89PNG")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'<code id="setup-key">([^<]+)</code>', text).group(1)
    assert shown.replace(" ", "") == secret
    assert 'alt="QR code' in text and text.count("<h1") == 1
    assert '<meta name="robots" content="noindex">' in text
    assert "no-store" in response["Cache-Control"]
    for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER):
        assert not pattern.search(text)
    # A reload shows the same key, so a code from the scanned QR still works.
    assert start_setup(password_only)[1].pk == device.pk


def test_a_wrong_code_at_set_up_is_explained_and_changes_nothing(password_only):
    _, device = start_setup(password_only)
    wrong = f"{(int(app_code(device)) + 1) % 1000000:06d}"
    response = password_only.post(SETUP, {"code": wrong, "next": "/admin/"})
    assert response.status_code == 200
    assert "That code did not work" in response.text
    assert 'aria-invalid="true"' in response.text and "error-summary" in response.text
    assert response.text.count("<title>Error: ") == 1
    device.refresh_from_db()
    assert not device.confirmed
    assert password_only.get("/admin/").status_code == 302


def test_input_that_is_not_a_code_gets_a_clear_message(password_only):
    start_setup(password_only)
    response = password_only.post(SETUP, {"code": "12ab"})
    assert "Enter the 6 digits your app shows" in response.text
    response = password_only.post(SETUP, {"code": ""})
    assert "Enter the 6-digit code from your authenticator app" in response.text


def test_set_up_with_the_right_code_turns_it_on_and_shows_recovery_codes(password_only, admin_user):
    _, device = start_setup(password_only)
    old_key = password_only.session.session_key
    response = password_only.post(SETUP, {"code": app_code(device), "next": "/admin/"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.text)
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert 'href="/admin/"' in response.text
    device.refresh_from_db()
    assert device.confirmed
    assert password_only.session.session_key != old_key
    assert password_only.get("/admin/").status_code == 200


def test_spaces_in_a_code_do_not_matter(password_only):
    _, device = start_setup(password_only)
    code = app_code(device)
    response = password_only.post(SETUP, {"code": f" {code[:3]} {code[3:]} "})
    assert response.status_code == 200 and "Save your recovery codes" in response.text


# --- signing in ----------------------------------------------------------------------


def test_the_code_from_the_app_opens_the_admin(password_only, enrolled):
    device, _ = enrolled
    response = password_only.post(VERIFY, {"code": app_code(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert password_only.get("/admin/").status_code == 200


def test_a_used_code_is_refused(client, password_only, admin_user, enrolled):
    from django.test import Client

    device, _ = enrolled
    code = app_code(device)
    assert password_only.post(VERIFY, {"code": code}).status_code == 302
    other = Client()
    other.post(reverse("admin:login"), {"username": admin_user.username, "password": "password"})
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200 and "That code did not work" in response.text


def test_wrong_codes_make_the_next_try_wait(password_only, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a wait no slow machine outlasts mid-test
    device, _ = enrolled
    password_only.post(VERIFY, {"code": "000000" if app_code(device) != "000000" else "111111"})
    # Straight away, even the right code must wait (django-otp's growing delay).
    response = password_only.post(VERIFY, {"code": app_code(device)})
    assert response.status_code == 200
    assert "That code did not work. Please wait 60 seconds before you try again." in (response.text)
    assert password_only.get("/admin/").status_code == 302


def test_a_one_second_wait_is_said_in_the_singular(enrolled):
    """The issue: after one wrong code, "Wait 1 seconds"."""
    from django.utils import timezone

    from ipt_site.twofactor.forms import throttled_message

    device, _ = enrolled
    device.throttling_failure_count = 1
    device.throttling_failure_timestamp = timezone.now()
    message = throttled_message(device)
    assert message == "That code did not work. Please wait 1 second before you try again."
    device.throttling_failure_count = 3
    assert throttled_message(device).startswith("Several codes in a row did not work.")


def test_next_never_leaves_the_site(password_only, enrolled):
    device, _ = enrolled
    response = password_only.post(
        VERIFY, {"code": app_code(device), "next": "https://evil.example/admin/"}
    )
    assert response["Location"] == "/admin/"


def test_a_recovery_code_works_once(password_only, enrolled):
    _, codes = enrolled
    response = password_only.post(RECOVERY, {"code": codes[0].upper()})
    assert response.status_code == 302
    page = password_only.get(response["Location"])
    assert "You signed in with a recovery code" in page.text
    assert "9 recovery codes left" in page.text
    assert password_only.get("/admin/").status_code == 200

    password_only.post(reverse("twofactor:sign_out"))
    password_only.post(reverse("admin:login"), {"username": "admin", "password": "password"})
    response = password_only.post(RECOVERY, {"code": codes[0]})
    assert response.status_code == 200 and "It may have been used already" in response.text


def test_new_recovery_codes_replace_the_old_ones(password_only, enrolled):
    device, old = enrolled
    password_only.post(VERIFY, {"code": app_code(device)})
    response = password_only.post(reverse("twofactor:new_codes"))
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.text)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_sign_out_from_the_code_page(password_only, enrolled):
    response = password_only.post(reverse("twofactor:sign_out"))
    assert response["Location"] == reverse("twofactor:signed_out")
    assert "_auth_user_id" not in password_only.session


def test_two_factor_pages_never_reveal_the_admin_address_to_strangers(client, settings):
    settings.ADMIN_URL = "admin/"
    for url in (VERIFY, SETUP, RECOVERY, "/two-factor/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == reverse("twofactor:signed_out")
        assert "/admin/" not in response.text
        assert response.text.count("<h1") == 1


# --- who must, and when ----------------------------------------------------------------


def test_with_the_setting_off_staff_reach_the_admin_with_a_password(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_anyone_who_set_up_an_app_must_use_it_even_with_the_setting_off(
    client, admin_user, enrolled
):
    client.force_login(admin_user)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_therapists_may_opt_in(client, content):
    therapist = get_user_model().objects.create_user("robin", password="a-long-passw0rd")
    client.force_login(therapist)
    assert client.get("/").status_code == 200  # not required without an app
    manage = client.get("/two-factor/")
    assert "Two-step sign-in is off for your account" in manage.text
    _, device = start_setup(client)
    client.post(SETUP, {"code": app_code(device)})
    client.post(reverse("twofactor:sign_out"))
    client.force_login(therapist)
    assert client.get("/")["Location"].startswith(VERIFY)  # now it is required
    assert client.post(VERIFY, {"code": app_code(device, steps_ahead=1)}).status_code == 302
    assert client.get("/").status_code == 200


def test_content_editors_and_enquiry_handlers_need_it_too(client, require_2fa):
    editor = get_user_model().objects.create_user("ed", password="x", is_staff=True)
    client.force_login(editor)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_reset_command_lets_a_locked_out_person_set_up_again(
    client, admin_user, require_2fa, enrolled
):
    out = StringIO()
    call_command("reset_two_factor", admin_user.username, stdout=out)
    assert "Removed 2 devices from admin" in out.getvalue()
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    client.force_login(admin_user)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_reset_command_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("reset_two_factor", "nobody")


def test_a_verified_session_that_loses_its_app_must_set_up_again(
    password_only, admin_user, enrolled
):
    device, _ = enrolled
    password_only.post(VERIFY, {"code": app_code(device)})
    assert password_only.get("/admin/").status_code == 200
    call_command("reset_two_factor", admin_user.username, stdout=StringIO())
    assert password_only.get("/admin/")["Location"].startswith(SETUP)


def test_moving_the_app_to_a_new_phone_replaces_the_old_one(password_only, enrolled):
    old_device, old_codes = enrolled
    password_only.post(VERIFY, {"code": app_code(old_device)})
    page = password_only.get(SETUP)
    assert "Set up the app on your new phone" in page.text
    new_device = TOTPDevice.objects.get(confirmed=False)
    response = password_only.post(SETUP, {"code": app_code(new_device)})
    assert "Save your recovery codes" in response.text
    assert list(TOTPDevice.objects.values_list("pk", flat=True)) == [new_device.pk]
    assert not StaticToken.objects.filter(token__in=old_codes).exists()


def test_every_two_factor_page_keeps_to_the_csp_and_is_noindex(password_only, enrolled):
    device, codes = enrolled
    pages = [password_only.get(VERIFY), password_only.get(RECOVERY)]
    pages.append(password_only.post(VERIFY, {"code": "999999"}))  # the error state
    password_only.post(RECOVERY, {"code": codes[0]})
    pages += [password_only.get("/two-factor/"), password_only.get(SETUP)]
    pages.append(password_only.post(reverse("twofactor:new_codes")))
    password_only.post(reverse("twofactor:sign_out"))
    pages.append(password_only.get(reverse("twofactor:signed_out")))
    for response in pages:
        assert response.status_code == 200
        text = response.text
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER):
            assert not pattern.search(text), text[:200]
        assert '<meta name="robots" content="noindex">' in text
        assert "no-store" in response["Cache-Control"]
        assert text.count("<h1") == 1 and 'id="urgent-help"' in text


def test_every_admin_page_links_to_the_persons_two_step_settings(admin_client):
    for url in ("/admin/", "/admin/contact/enquiry/"):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert 'href="/two-factor/">Two-step sign-in</a>' in response.text
        assert "Log out" in response.text  # Django's own links are kept
