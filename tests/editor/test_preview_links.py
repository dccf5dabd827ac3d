"""Shareable preview links (issue 21): tied to the page and to the version they show,
turned off by staff, listed in the page's history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ipt_site.editor.models import PreviewLink

from .conftest import make_user
from .test_access_and_safety import share_link
from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db


def path_of(link):
    return link.split("testserver", 1)[1]


def test_an_old_link_never_shows_a_new_draft_at_the_same_address(editor_client, pages, public):
    """The bug: a page deleted and a new draft made at its address showed through the
    deleted page's link."""
    pages.page("plans.md", title="Old plans", draft="true", body="The old draft.")
    row = row_for(editor_client, "plans.md")
    old = path_of(share_link(editor_client, row))
    assert "The old draft." in public.get(old).content.decode()

    delete = reverse("admin:editor_contentpage_delete", args=[row.pk])
    base = editor_client.get(delete).context["form"]["base"].value()
    assert editor_client.post(delete, {"base": base}).status_code == 302
    pages.page("plans.md", title="New plans", draft="true", body="A different new draft.")

    response = public.get(old)
    html = response.content.decode()
    assert response.status_code == 404
    assert "A different new draft." not in html and "New plans" not in html
    assert "This preview link does not work" in html


def test_a_link_shows_the_version_it_was_made_from_and_says_which(editor_client, pages, public):
    pages.page("plans.md", title="Plans", draft="true", body="First words.")
    row = row_for(editor_client, "plans.md")
    path = path_of(share_link(editor_client, row))
    link = PreviewLink.objects.get()
    saved = timezone.localtime(link.version_saved)
    html = public.get(path).content.decode()
    assert f"as it was saved at {saved:%H:%M} on {saved.day} {saved:%B %Y}" in html
    assert "changed since" not in html

    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "Second words."
    assert editor_client.post(edit_url(row), data).status_code == 302
    html = public.get(path).content.decode()
    assert "First words." in html and "Second words." not in html
    assert "The page has been changed since this link was made" in html
    # A new link shows the new version.
    assert "Second words." in public.get(path_of(share_link(editor_client, row))).text


def test_the_secret_is_shown_once_and_never_stored(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    secret = path_of(share_link(editor_client, row)).split("/")[2]
    assert len(secret) >= 32
    link = PreviewLink.objects.get()
    assert secret not in (link.secret_digest, link.text)
    assert secret not in editor_client.get(edit_url(row).replace("change", "history")).text


def test_live_links_are_listed_in_the_history_and_staff_can_turn_them_off(
    editor_client, pages, public, editor
):
    row = row_for(editor_client, "faq.md")
    keep, stop = (path_of(share_link(editor_client, row)) for _ in range(2))
    history = reverse("admin:editor_contentpage_history", args=[row.pk])
    html = editor_client.get(history).content.decode()
    assert "Live preview links" in html
    assert html.count(">Turn off<") == 2 and "by Alex Editor" in html
    assert "(the current version)" in html

    stopped = PreviewLink.objects.order_by("created", "id").last()
    turn_off = reverse("admin:editor_contentpage_revoke_link", args=[row.pk, stopped.pk])
    response = editor_client.post(turn_off, {"back": "history"}, follow=True)
    assert response.redirect_chain == [(history, 302)]
    html = response.content.decode()
    assert "is turned off: it no longer opens" in html and html.count(">Turn off<") == 1

    gone = public.get(stop)
    assert gone.status_code == 410
    assert "This preview link has been turned off" in gone.content.decode()
    assert public.get(keep).status_code == 200
    stopped.refresh_from_db()
    assert stopped.revoked and stopped.revoked_by == "Alex Editor"


def test_only_editors_may_turn_a_link_off_and_only_with_a_post(client, pages, editor):
    client.force_login(editor)
    row = row_for(client, "faq.md")
    path = path_of(share_link(client, row))
    link = PreviewLink.objects.get()
    turn_off = reverse("admin:editor_contentpage_revoke_link", args=[row.pk, link.pk])
    assert client.get(turn_off).status_code == 302  # a GET changes nothing
    viewer = make_user("viewer", group=False)
    client.force_login(viewer)
    assert client.post(turn_off).status_code == 403
    other = row_for(client, "problem-areas/grief.md")
    client.force_login(editor)
    wrong_page = reverse("admin:editor_contentpage_revoke_link", args=[other.pk, link.pk])
    assert client.post(wrong_page).status_code == 404
    link.refresh_from_db()
    assert link.revoked is None
    assert client.get(path).status_code == 200


def test_a_link_follows_its_page_when_it_moves(editor_client, pages, public):
    row = row_for(editor_client, "problem-areas/role-disputes.md")
    path = path_of(share_link(editor_client, row))
    move = reverse("admin:editor_contentpage_move", args=[row.pk])
    form = editor_client.get(move).context["form"]
    data = {"section": "problem-areas", "slug": "disputes", "base": form["base"].value()}
    assert editor_client.post(move, data).status_code == 302
    response = public.get(path)
    assert response.status_code == 200 and "<h1>Role disputes</h1>" in response.text
