"""The writing rules (pages/quality.py) where staff write: an error blocks the save and a
warning advises, each next to its field, with its line."""

import re

import pytest

from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db


def test_a_promised_cure_blocks_the_save_next_to_the_body(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "First line.\n\nIPT will cure you."
    html = editor_client.post(edit_url(row), data).content.decode()
    assert (pages.root / "faq.md").read_text() == before
    assert "Not saved" in html
    assert re.search(r'id="id_body_error"[^>]*>\s*<li>[^<]*“cure” promises an outcome', html)


def test_a_vague_link_is_a_warning_next_to_the_body_and_the_page_saves(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "First line.\n\nTo ask us, [click here](/faq/)."
    html = editor_client.post(edit_url(row), data, follow=True).content.decode()
    assert "[click here](/faq/)" in (pages.root / "faq.md").read_text()
    assert re.search(r'id="id_body_notes".*Line 3: The link text “click here”', html, re.S)
