"""Signed-in sessions end after 30 idle minutes, 12 hours after sign-in, and when the
browser closes; anonymous visitors get no session at all."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ipt_site.security.sessions import SEEN_AT, SIGNED_IN_AT
from tests.contact.conftest import valid_data
from tests.selfcheck.test_views import mood_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, admin_user):
    """An admin signed in through the real login form."""
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": admin_user.username, "password": "password"},
    )
    assert response.status_code == 302
    return client


def shift(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_in_sets_a_browser_session_cookie(client, admin_user):
    response = client.post(
        reverse("admin:login"), {"username": admin_user.username, "password": "password"}
    )
    cookie = response.cookies["sessionid"]
    # No expiry date: the browser forgets it when it closes.
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # The stored session lasts no longer than the 12-hour limit either.
    assert client.session.get_expiry_age() <= 12 * 3600


def test_activity_within_30_minutes_keeps_the_session(staff):
    shift(staff, seen=29 * 60)
    assert staff.get(reverse("admin:index")).status_code == 200
    assert signed_in(staff)
    assert time.time() - staff.session[SEEN_AT] < 5  # the clock restarted


def test_30_idle_minutes_sign_staff_out(staff):
    shift(staff, seen=31 * 60)
    response = staff.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert not signed_in(staff)
    assert "signed out after 30 minutes without activity" in response.text


def test_12_hours_after_sign_in_the_session_ends_even_when_busy(staff):
    shift(staff, signed_in=12 * 3600 + 60, seen=10)
    response = staff.get(reverse("admin:index"), follow=True)
    assert not signed_in(staff)
    assert "12 hours have passed since you signed in" in response.text


def test_limits_are_settings(staff, settings):
    settings.SESSION_IDLE_MINUTES = 5
    shift(staff, seen=6 * 60)
    staff.get(reverse("admin:index"))
    assert not signed_in(staff)


def test_the_same_rules_apply_to_non_staff_accounts(client, content):
    """Therapists sign in with Django's normal login: their sessions end the same way."""
    therapist = get_user_model().objects.create_user("robin", password="a-long-passw0rd")
    client.force_login(therapist)
    assert client.get("/").status_code == 200 and signed_in(client)
    shift(client, seen=31 * 60)
    client.get("/")
    assert not signed_in(client)


def test_anonymous_visits_to_every_public_page_set_no_session(client, settings, demo_directory):
    settings.ENQUIRY_MIN_SECONDS = 0
    sitemap = client.get("/sitemap.xml").text
    paths = [
        re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>(.*?)</loc>", sitemap)
    ]
    assert len(paths) > 30
    extra = ["/contact/thanks/", "/therapists/?area=grief", "/missing/", "/health/"]
    extra += ["/.well-known/security.txt", "/robots.txt", "/sitemap.xml"]
    for path in paths + extra:
        response = client.get(path)
        assert "sessionid" not in response.cookies, path
    # Sending the forms keeps no session either.
    sent = client.post(reverse("contact:form"), valid_data())
    assert sent.status_code == 302 and "sessionid" not in sent.cookies
    mood = client.post("/self-check/mood/", mood_data(1, 1, 1, 1, 1, 1, 1, 1, 0))
    assert mood.status_code == 200 and "sessionid" not in mood.cookies
    assert "sessionid" not in client.cookies
