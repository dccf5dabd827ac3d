"""Scheduled publishing in the editor: the times typed in the form, the error at the field,
the preview's note, the page list's column and the "Due" view."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ipt_site.pages import schedule

from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db


def in_london(moment) -> str:
    return timezone.localtime(moment, schedule.london()).strftime("%Y-%m-%d %H:%M")


def test_a_page_saved_with_a_future_time_waits_and_the_editor_says_when(
    editor_client, pages, public
):
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    start = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    data["publish_at"] = in_london(start)
    editor_client.post(edit_url(row), data)
    assert f"publish_at: {in_london(start)}" in (pages.root / "faq.md").read_text()
    assert public.get("/faq/").status_code == 404

    local = timezone.localtime(start, schedule.london())
    when = f"{local.day} {local:%b %Y %H:%M}"
    listing = editor_client.get(reverse("admin:editor_contentpage_changelist")).content.decode()
    assert re.search(rf"Goes live</span><br>{when}\b", listing)
    assert reverse("admin:editor_contentpage_due") in listing

    due = editor_client.get(reverse("admin:editor_contentpage_due")).content.decode()
    day = re.search(r"<h2>([^<]*)</h2>", due).group(1)
    assert day == f"{local:%A} {local.day} {local:%B %Y}"
    assert "Questions people often ask" in due and "Goes live" in due
    assert f"<td>{local:%H:%M}</td>" in due

    preview = editor_client.post(edit_url(row), {**data, "_preview": "1"}).content.decode()
    assert f"The public will see this page from {when}" in preview
    assert "Questions people often ask" in preview


def test_a_bad_time_is_an_error_next_to_its_field_and_nothing_is_saved(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data.update(publish_at="2027-02-30 09:00", body="My careful new text.")
    html = editor_client.post(edit_url(row), data).content.decode()
    assert (pages.root / "faq.md").read_text() == before
    assert re.search(r'id="id_publish_at_error"[^>]*>\s*<li>[^<]*is not a real date', html)
    assert "My careful new text." in html


def test_the_due_view_says_when_nothing_is_due(editor_client, pages):
    html = editor_client.get(reverse("admin:editor_contentpage_due")).content.decode()
    assert "Nothing is due to go live or come down in the next 8 weeks." in html


def test_a_page_that_comes_down_later_is_listed_as_coming_down(editor_client, pages):
    end = timezone.now() + timedelta(days=3)
    pages.page("notice.md", title="Christmas hours", unpublish_at=in_london(end))
    due = editor_client.get(reverse("admin:editor_contentpage_due")).content.decode()
    assert "Christmas hours" in due and "Comes down" in due
    listing = editor_client.get(reverse("admin:editor_contentpage_changelist")).content.decode()
    assert "Comes down</span><br>" in listing
