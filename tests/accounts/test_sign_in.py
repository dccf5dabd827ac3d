"""Signing in at /account/: Django's auth, django-axes lockout, therapists only."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/account/sign-in/"


def test_sign_in_page(client, settings):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Sign in for therapists" in page
    # Regression: Django's LoginView named the site after the host ("testserver").
    assert f'<a class="site-name" href="/">{settings.SITE_NAME}<' in page
    assert "testserver" not in page
    assert 'name="robots" content="noindex, nofollow"' in page
    assert '<link rel="canonical" href="https://ipt.example/account/sign-in/">' in page
    assert 'id="urgent-help"' in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page
    assert "no-store" in response["Cache-Control"]


def test_therapist_signs_in_with_their_email_in_any_case(client, therapist_user):
    response = client.post(SIGN_IN, {"username": " Sam-Rivers@Example.org ", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert client.session["_auth_user_id"] == str(therapist_user.pk)
    page = client.get("/account/").content.decode()
    assert "Hello, Sam Rivers" in page


def test_wrong_password_is_a_clear_error_and_keeps_the_email(client, therapist_user):
    response = client.post(SIGN_IN, {"username": "sam-rivers@example.org", "password": "nope"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Your email address and password do not match" in page
    assert 'value="sam-rivers@example.org"' in page
    assert "_auth_user_id" not in client.session


def test_empty_form_names_each_field(client, db):
    page = client.post(SIGN_IN, {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username">Enter your email address.' in page
    assert 'href="#id_password">Enter your password.' in page


@pytest.mark.parametrize("kind", ["staff", "superuser", "no account"])
def test_only_therapists_sign_in_here(client, db, kind):
    """Staff sign in to the admin, where two-factor and short sessions apply."""
    user = User.objects.create_user("someone@example.org", "someone@example.org", PASSWORD)
    if kind == "staff":
        user.is_staff = True
    if kind == "superuser":
        user.is_staff = user.is_superuser = True
    user.save()
    response = client.post(SIGN_IN, {"username": "someone@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "This sign-in is for therapists in our directory" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_locks_after_repeated_failures_like_the_admin(client, therapist_user, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(SIGN_IN, {"username": "sam-rivers@example.org", "password": "x"})
        assert response.status_code == 200
    response = client.post(SIGN_IN, {"username": "sam-rivers@example.org", "password": "x"})
    assert response.status_code == 429
    locked = client.post(SIGN_IN, {"username": "sam-rivers@example.org", "password": PASSWORD})
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Signing in is paused" in page  # the site's own page, not the admin's
    assert "60 minutes" in page
    assert page.count("<h1") == 1 and 'id="urgent-help"' in page
    assert "_auth_user_id" not in client.session
    # The admin's lockout page is unchanged.
    admin = client.post(
        reverse("admin:login"), {"username": "sam-rivers@example.org", "password": "x"}
    )
    assert "Too many failed sign-in attempts" in admin.content.decode()


def test_success_before_the_limit_resets_the_count(client, therapist_user, settings):
    settings.AXES_ENABLED = True
    client.post(SIGN_IN, {"username": "sam-rivers@example.org", "password": "x"})
    response = client.post(SIGN_IN, {"username": "sam-rivers@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_sign_out_is_a_post(signed_in):
    assert signed_in.get("/account/sign-out/").status_code == 405
    response = signed_in.post("/account/sign-out/", follow=True)
    assert "You have signed out" in response.content.decode()
    assert "_auth_user_id" not in signed_in.session


def test_signed_in_therapist_skips_the_sign_in_page(signed_in):
    response = signed_in.get(SIGN_IN)
    assert response.status_code == 302 and response["Location"] == "/account/"


def test_next_is_followed_only_within_the_site(client, therapist_user):
    data = {"username": "sam-rivers@example.org", "password": PASSWORD}
    response = client.post(SIGN_IN + "?next=/account/profile/", data)
    assert response["Location"] == "/account/profile/"
    client.logout()
    response = client.post(SIGN_IN + "?next=https://evil.example/", data)
    assert response["Location"] == "/account/"


def test_change_password(signed_in, therapist_user):
    url = reverse("accounts:password")
    response = signed_in.post(
        url,
        {
            "old_password": "wrong",
            "new_password1": "n3w calm river",
            "new_password2": "n3w calm river",
        },
    )
    assert 'href="#id_old_password">Your old password was entered incorrectly' in (
        response.content.decode()
    )
    response = signed_in.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "n3w calm river",
            "new_password2": "n3w calm river",
        },
        follow=True,
    )
    assert "Your new password is saved" in response.content.decode()
    therapist_user.refresh_from_db()
    assert therapist_user.check_password("n3w calm river")
    assert "_auth_user_id" in signed_in.session  # still signed in after the change


def test_a_therapist_can_find_and_open_two_step_sign_in_from_their_account(signed_in):
    assert 'href="/two-factor/">Two-step sign-in (optional)</a>' in signed_in.get("/account/").text
    manage = signed_in.get("/two-factor/", follow=True)
    assert manage.status_code == 200
    set_up = signed_in.get("/two-factor/set-up/")
    assert set_up.status_code == 200 and "data:image/png;base64," in set_up.text
    assert "It is your choice" in set_up.text  # not the staff wording about enquiries
    # With no page asked for, they go back to their account after, not the home page.
    assert 'name="next" value="/account/"' in set_up.text
    assert 'href="/account/"' in manage.text
