"""Articles through the staff editor: its preview shows the byline, and saving keeps the
article's date, author and tags."""

import pytest

from ipt_site.pages.meta import parse
from tests.editor.conftest import editor, editor_client  # noqa: F401  fixtures
from tests.editor.test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def stuck(article):
    return article(
        "stuck",
        title="Stuck grief",
        date="2026-11-24",
        tags=["grief", "medication"],
        body=" ".join(["word"] * 450),
    )


def test_preview_of_an_article_shows_its_byline_and_topics(editor_client, stuck):  # noqa: F811
    row = row_for(editor_client, "articles/stuck.md")
    data = form_data(editor_client.get(edit_url(row)))
    data.update(title="Grief that stays", _preview="1")
    html = editor_client.post(edit_url(row), data).content.decode()
    assert "<h1>Grief that stays</h1>" in html
    assert '<time datetime="2026-11-24">24 November 2026</time>' in html
    assert "By The IPT Practice" in html and "3 minutes to read" in html
    assert 'href="/articles/?tag=medication">Medication</a>' in html


def test_saving_an_article_in_the_editor_keeps_its_fields(editor_client, stuck):  # noqa: F811
    row = row_for(editor_client, "articles/stuck.md")
    data = form_data(editor_client.get(edit_url(row)))
    data.update(title="Grief that stays", note="Better title")
    response = editor_client.post(edit_url(row), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meta, _ = parse(stuck.read_text())
    assert meta.title == "Grief that stays"
    assert str(meta.date) == "2026-11-24"
    assert meta.tags == ["grief", "medication"]
    assert meta.template == "article"
    assert editor_client.get("/articles/stuck/").status_code == 200
