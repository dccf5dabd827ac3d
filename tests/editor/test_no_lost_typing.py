"""No lost typing, server side: the edit and new-page forms carry the hooks drafts.js reads,
the "Stay signed in" endpoint only marks the session as in use, and a save after the
session ended lands on the sign-in page, which leads back to the page (where the browser
offers the draft back; that part is tested in tests/browser/test_editor_drafts.py)."""

import re
import time

import pytest
from django.urls import reverse

from ipt_site.editor import session as editor_session
from ipt_site.security.sessions import SEEN_AT, SIGNED_IN_AT

from .conftest import make_user
from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db

KEEP_ALIVE = "/admin/editor/contentpage/session/"


def shift(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


def attribute(html, name):
    match = re.search(rf'{name}="([^"]*)"', html)
    return match and match.group(1)


def test_the_edit_form_names_its_draft_by_user_and_page_and_says_when_the_session_ends(
    editor_client, pages, editor
):
    row = row_for(editor_client, "problem-areas/grief.md")
    shift(editor_client, seen=10 * 60, signed_in=10 * 60)
    html = editor_client.get(edit_url(row)).content.decode()
    assert attribute(html, "data-draft-key") == f"ipt-editor-draft:v1:{editor.pk}:{row.pk}"
    assert attribute(html, "data-session-url") == KEEP_ALIVE
    # 30 idle minutes, 10 gone; this request itself counts as activity again.
    assert 30 * 60 - 5 <= int(attribute(html, "data-session-left")) <= 30 * 60
    assert attribute(html, "data-session-warn") == "300"
    assert attribute(html, "data-sign-in-url") == (
        "/admin/login/?next=%2Fadmin%2Feditor%2Fcontentpage%2F" + str(row.pk) + "%2Fchange%2F"
    )
    assert 'src="/static/editor/drafts.js"' in html
    assert '<div id="draft-notice" class="editor-notice" role="status" hidden></div>' in html
    assert "You have unsaved changes from" in html  # the words, in a <template>
    assert "<script>" not in html and " style=" not in html  # CSP: nothing inline
    assert "data-editor-cancel>Cancel</a>" in html


def test_the_new_page_form_keeps_its_draft_under_new(editor_client, pages, editor):
    html = editor_client.get(reverse("admin:editor_contentpage_add")).content.decode()
    assert attribute(html, "data-draft-key") == f"ipt-editor-draft:v1:{editor.pk}:new"


def test_the_whole_file_form_keeps_its_own_draft(editor_client, pages, editor):
    row = row_for(editor_client, "problem-areas/grief.md")
    url = reverse("admin:editor_contentpage_raw", args=[row.pk])
    html = editor_client.get(url).content.decode()
    assert attribute(html, "data-draft-key") == f"ipt-editor-draft:v1:{editor.pk}:{row.pk}:raw"
    assert 'src="/static/editor/drafts.js"' in html


def test_someone_who_may_only_look_gets_no_draft(client, pages):
    from django.contrib.auth.models import Permission

    viewer = make_user("vic", group=False)
    viewer.user_permissions.add(Permission.objects.get(codename="view_contentpage"))
    client.force_login(viewer)
    row = row_for(client, "problem-areas/grief.md")
    html = client.get(edit_url(row)).content.decode()
    assert "data-draft-key" not in html


def test_stay_signed_in_restarts_the_idle_clock_and_says_how_long(editor_client):
    shift(editor_client, seen=27 * 60, signed_in=27 * 60)
    response = editor_client.post(KEEP_ALIVE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["extended"] is True
    assert 30 * 60 - 5 <= answer["seconds_left"] <= 30 * 60
    assert time.time() - editor_client.session[SEEN_AT] < 5
    assert set(answer) == {"seconds_left", "extended"}


def test_stay_signed_in_cannot_pass_the_whole_session_limit(editor_client):
    shift(editor_client, seen=60, signed_in=12 * 3600 - 10 * 60)
    answer = editor_client.post(KEEP_ALIVE).json()
    assert answer["extended"] is False
    assert 9 * 60 <= answer["seconds_left"] <= 10 * 60


def test_the_endpoint_takes_posts_only(editor_client):
    assert editor_client.get(KEEP_ALIVE).status_code == 405


def test_the_endpoint_needs_a_signed_in_member_of_staff(client, editor):
    response = client.post(KEEP_ALIVE)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    visitor = make_user("val", group=False, staff=False)
    client.force_login(visitor)
    assert client.post(KEEP_ALIVE)["Location"].startswith("/admin/login/")


def test_an_expired_session_cannot_be_kept_alive(editor_client):
    shift(editor_client, seen=31 * 60)
    response = editor_client.post(KEEP_ALIVE)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in editor_client.session


def test_a_save_after_the_session_ended_goes_to_sign_in_and_back_to_the_page(
    editor_client, pages, editor
):
    row = row_for(editor_client, "problem-areas/grief.md")
    before = (pages.root / "problem-areas/grief.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data.update(title="Typed before the session ended")
    shift(editor_client, seen=31 * 60)
    response = editor_client.post(edit_url(row), data)
    assert response.status_code == 302
    login = response["Location"]
    assert login.startswith("/admin/login/?next=")
    assert (pages.root / "problem-areas/grief.md").read_text() == before  # nothing written
    page = editor_client.get(login).content.decode()
    assert "You were signed out after 30 minutes without activity" in page
    back = editor_client.post(login, {"username": "alex", "password": "a-long-passw0rd-for-tests"})
    assert back["Location"] == edit_url(row)


def test_seconds_left_is_the_nearer_of_the_two_limits(settings):
    settings.SESSION_IDLE_MINUTES = 30
    settings.SESSION_MAX_HOURS = 12
    now = 1_000_000
    session = {SEEN_AT: now - 600, SIGNED_IN_AT: now - 3600}
    assert editor_session.seconds_left(session, now) == 20 * 60
    session = {SEEN_AT: now - 60, SIGNED_IN_AT: now - 12 * 3600 + 120}
    assert editor_session.seconds_left(session, now) == 120
    session = {SEEN_AT: now - 31 * 60, SIGNED_IN_AT: now - 31 * 60}
    assert editor_session.seconds_left(session, now) == 0


def test_the_warning_comes_five_minutes_before_or_sooner_for_a_short_limit(settings):
    settings.SESSION_IDLE_MINUTES = 30
    assert editor_session.warn_seconds() == 300
    settings.SESSION_IDLE_MINUTES = 6
    assert editor_session.warn_seconds() == 120
