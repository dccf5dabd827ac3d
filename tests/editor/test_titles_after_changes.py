"""The editor's heading and breadcrumb name the page as it is now: after a save, a restore
and for a page just created (issue 26: they kept the old title until the list was opened,
and a new page showed `Edit ""` and "Pages › › Edit")."""

import html as htmllib
import re

import pytest
from django.urls import reverse

from ipt_site.editor.models import ContentPage

from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db


def heading_and_crumbs(response):
    html = response.content.decode()
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S).group(1)
    crumbs = re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", crumbs))).strip()
    return h1, crumbs


def save(client, row, **changes):
    data = form_data(client.get(edit_url(row)))
    data.update(changes)
    response = client.post(edit_url(row), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def test_after_a_save_the_heading_and_breadcrumb_show_the_new_title(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    h1, crumbs = heading_and_crumbs(save(editor_client, row, title="Questions and answers"))
    assert h1 == "Edit “Questions and answers”"
    assert crumbs == "Home › Content editor › Pages › Questions and answers › Edit"


def test_after_a_restore_the_heading_shows_the_restored_title(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    save(editor_client, row, title="A newer title")
    history = editor_client.get(reverse("admin:editor_contentpage_history", args=[row.pk]))
    first = history.context["versions"][-1]
    version_url = reverse("admin:editor_contentpage_version", args=[row.pk, first.id])
    base = editor_client.get(version_url).context["form"]["base"].value()
    response = editor_client.post(version_url, {"base": base})
    h1, crumbs = heading_and_crumbs(editor_client.get(response["Location"]))
    assert h1 == "Edit “Questions people often ask”"
    assert "A newer title" not in crumbs


def test_a_new_page_is_named_by_its_title_straight_away(editor_client, pages):
    data = {
        "section": "problem-areas",
        "slug": "loneliness",
        "title": "Feeling alone",
        "summary": "When you feel cut off from people.",
        "order": "3",
        "references": "Test, A. (2020). A source.",
        "body": "Some words.",
        "message": "New page",
    }
    response = editor_client.post(reverse("admin:editor_contentpage_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    h1, crumbs = heading_and_crumbs(editor_client.get(response["Location"]))
    assert h1 == "Edit “Feeling alone”"
    assert "› ›" not in crumbs and crumbs.endswith("Feeling alone › Edit")
    assert ContentPage.objects.get(relpath="problem-areas/loneliness.md").title == "Feeling alone"


def test_a_version_changed_outside_the_editor_says_so_in_words(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    save(editor_client, row, body="Changed in the editor.")
    history = editor_client.get(reverse("admin:editor_contentpage_history", args=[row.pk]))
    first = history.context["versions"][-1]  # the page as it was before the first edit
    page = editor_client.get(
        reverse("admin:editor_contentpage_version", args=[row.pk, first.id])
    ).content.decode()
    assert "by Edited on disk" not in page
    assert "outside the editor (the file was changed by hand or by git):" in page
    newest = history.context["versions"][0]
    page = editor_client.get(
        reverse("admin:editor_contentpage_version", args=[row.pk, newest.id])
    ).content.decode()
    assert "by Alex Editor:" in page


def test_problems_beside_a_field_speak_the_forms_words(editor_client, pages):
    pages.write(
        "nosources.md",
        "---\ntitle: No sources\nsummary: A page.\nreviewed: 2026-02-01\n"
        "next_review: 2026-01-01\n---\n\nBody.\n",
    )
    row = ContentPage.objects.get(relpath="nosources.md")
    html = editor_client.get(edit_url(row)).content.decode()
    assert "No sources yet: add the sources this page is based on, one on each line" in html
    assert "'references'" not in html
    assert "“Next review due” must come after “Last reviewed”" in html
