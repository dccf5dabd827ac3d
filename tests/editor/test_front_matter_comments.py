"""A form save changes only the fields that changed: comments, order and quoting staff
wrote in the front matter stay (ruamel.yaml round trip behind the hostile-YAML reader)."""

import datetime

import pytest
from django.urls import reverse

from ipt_site.editor import pagefile, roundtrip

from .test_edit import edit_url, form_data, row_for

SOURCE = """---
# Checked by the clinical lead every year.
title: Grief and loss  # keep it short
summary: 'When someone close to you has died, IPT can help.'
order: 1
reviewed: 2026-01-01
# Due again a year after the last review.
next_review: 2099-01-01
references:
  - "Test, A. (2020). A source for the test pages."  # the main book
---

## What it is

Grief is the pain of losing someone.
"""


def save(values_changes, source=SOURCE):
    values, body = pagefile.read(source)
    values = {**values, **values_changes}
    return pagefile.write(values, body, order=list(values), source=source)


def test_nothing_changed_writes_the_file_as_it_was():
    assert save({}) == SOURCE


def test_a_changed_value_is_written_in_its_quotes_and_every_comment_and_the_order_stay():
    text = save({"summary": "When grief feels stuck, IPT may help."})
    assert text == SOURCE.replace(
        "summary: 'When someone close to you has died, IPT can help.'",
        "summary: 'When grief feels stuck, IPT may help.'",
    )


def test_a_changed_value_keeps_its_end_of_line_comment_and_takes_unicode():
    text = save({"title": "Grief and loss: Trauer, 悲しみ, café"})
    assert '\ntitle: "Grief and loss: Trauer, 悲しみ, café" # keep it short\n' in text
    assert pagefile.read(text)[0]["title"] == "Grief and loss: Trauer, 悲しみ, café"
    assert "# Checked by the clinical lead every year.\n" in text
    assert "  # the main book\n" in text


def test_a_field_added_goes_in_its_usual_place_and_comments_stay():
    text = save({"draft": True, "next_review": datetime.date(2100, 2, 3)})
    lines = text.splitlines()
    assert "# Due again a year after the last review." in lines
    assert "next_review: 2100-02-03" in lines
    assert lines.index("draft: true") > lines.index("next_review: 2100-02-03")
    assert pagefile.read(text)[0]["draft"] is True


def test_a_field_removed_takes_its_line_but_not_the_comment_for_the_next_field():
    text = save({"reviewed": None, "order": ""})
    assert "reviewed:" not in text and "order:" not in text
    assert "# Due again a year after the last review.\nnext_review: 2099-01-01\n" in text
    assert "title: Grief and loss  # keep it short\n" in text


def test_a_changed_list_is_written_quoted_as_the_guide_shows():
    text = save({"references": ["Weissman, M. M. (2018): the guide.", "Second"]})
    assert 'references:\n  - "Weissman, M. M. (2018): the guide."\n  - "Second"\n' in text


def test_without_the_file_text_the_plain_layout_is_written():
    values, body = pagefile.read(SOURCE)
    text = pagefile.write(values, body, order=list(values))
    assert "#" not in text.split("---")[1]


@pytest.mark.parametrize(
    "hostile",
    [
        "---\ntitle: &a Grief\nsummary: *a\n---\nText\n",  # an alias
        "---\ntitle: Grief\x07\n---\nText\n",  # a control character
    ],
)
def test_text_the_reader_refuses_never_reaches_ruamel(hostile, monkeypatch):
    handed = []
    monkeypatch.setattr(roundtrip.YAML, "load", lambda self, text: handed.append(text))
    result = roundtrip.write(
        hostile, {"title": "Grief"}, "Text", pagefile._plain_is_safe, expected={"title": "Grief"}
    )
    assert result is None
    assert handed == []


def test_a_result_that_reads_back_differently_is_not_used(monkeypatch):
    # If ruamel ever wrote something the site reads otherwise, the plain layout is used.
    monkeypatch.setattr(roundtrip, "_same", lambda old, new: True)  # changes go unwritten
    text = save({"title": "A new title"})
    assert "title: A new title\n" in text
    assert "#" not in text.split("---")[1]


@pytest.mark.django_db
def test_a_save_through_the_editor_keeps_the_comments_in_the_file(editor_client, pages):
    pages.write("problem-areas/grief.md", SOURCE, dedent=False)
    row = row_for(editor_client, "problem-areas/grief.md")
    data = form_data(editor_client.get(edit_url(row)))
    data.update(summary="When grief feels stuck, IPT may help.")
    response = editor_client.post(edit_url(row), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:editor_contentpage_change", args=[row.pk])
    text = (pages.root / "problem-areas/grief.md").read_text()
    assert "# Checked by the clinical lead every year.\n" in text
    assert "title: Grief and loss  # keep it short\n" in text
    assert "# Due again a year after the last review.\n" in text
    assert "summary: 'When grief feels stuck, IPT may help.'\n" in text
