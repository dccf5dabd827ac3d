"""Hostile or odd input through the editor (issue 21): refused in words at once, the typed
text kept, nothing written."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from ipt_site.editor.models import ContentPage, Revision
from ipt_site.pages.models import Page

from ..pages.test_hostile_front_matter import ALIAS_BOMB
from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db


def raw_url(row):
    return reverse("admin:editor_contentpage_raw", args=[row.pk])


def raw_post(client, row, text, **extra):
    base = client.get(raw_url(row)).context["form"]["base"].value()
    return client.post(raw_url(row), {"text": text, "base": base, **extra})


def unchanged(pages, relpath, before, revisions=0):
    """The file, its row and the history are as they were."""
    assert (pages.root / relpath).read_text() == before
    assert Page.objects.get(relpath=relpath).text == before
    assert Revision.objects.count() == revisions
    assert not [p for p in (pages.root / relpath).parent.iterdir() if p.name.startswith(".")]


def test_a_control_character_typed_in_the_title_is_refused_next_to_it(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data.update(title="Questions \x07 people ask", body="My new words.")
    response = editor_client.post(edit_url(row), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "holds a control character (U+0007)" in html
    assert 'id="id_title_error"' in html
    assert "My new words." in html
    unchanged(pages, "faq.md", before)


def test_a_nul_written_as_an_escape_in_the_whole_file_is_refused(editor_client, pages, public):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    text = before.replace("title: Questions people often ask", 'title: "Questions\\0"')
    response = raw_post(editor_client, row, text)
    assert response.status_code == 200
    assert "Line 2: &#x27;title&#x27; holds a control character (U+0000)" in (
        response.content.decode()
    )
    unchanged(pages, "faq.md", before)
    assert public.get("/search/?q=questions").status_code == 200


def test_an_alias_bomb_is_refused_and_later_form_saves_still_work(editor_client, pages):
    """The issue's case: anchors under `template:` and an unknown field holding `*a9`."""
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    bomb = ALIAS_BOMB.replace("a0: &a0", "template: &a0").replace("a8: &a8", "extra: &a9")
    text = before.replace("---\n\n", f"{bomb}\nother: *a9\n---\n\n", 1)
    assert len(text.encode()) - len(before.encode()) < 500
    response = raw_post(editor_client, row, text)
    assert response.status_code == 200
    assert "anchor (&amp;) or an alias (*)" in response.content.decode()
    unchanged(pages, "faq.md", before)

    # The page still opens field by field, and a form save goes through.
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "Saved after the bomb."
    assert editor_client.post(edit_url(row), data).status_code == 302
    assert "Saved after the bomb." in (pages.root / "faq.md").read_text()


def test_a_page_with_an_alias_on_disk_opens_as_one_text(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    path = pages.root / "faq.md"
    path.write_text(path.read_text().replace("---\n\n", "extra: *a9\n---\n\n", 1))
    pages.sync()
    response = editor_client.get(edit_url(row), follow=True)
    assert response.redirect_chain[-1][0] == raw_url(row)
    assert "anchor (&amp;) or an alias (*)" in response.content.decode()


def test_a_file_with_a_byte_order_mark_previews_and_saves(editor_client, pages, public):
    row = row_for(editor_client, "faq.md")
    text = "\ufeff" + (pages.root / "faq.md").read_text().replace("Some text.", "With a BOM.")
    preview = raw_post(editor_client, row, text, _preview="1")
    assert "<h1>Questions people often ask</h1>" in preview.content.decode()
    assert raw_post(editor_client, row, text).status_code == 302
    saved = (pages.root / "faq.md").read_text()
    assert "With a BOM." in saved and not saved.startswith("\ufeff")
    assert "With a BOM." in public.get("/faq/").content.decode()


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("reviewed: 2026-02-30", "&#x27;reviewed&#x27; is not a real date (2026-02-30)"),
        ("order: " + "7" * 5000, "&#x27;order&#x27; is a number too long to read (5,000 digits)"),
    ],
)
def test_a_bad_date_or_a_huge_number_is_named_in_the_whole_file_editor(
    editor_client, pages, line, words
):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    text = before.replace("---\n\n", f"{line}\n---\n\n", 1)
    response = raw_post(editor_client, row, text)
    html = response.content.decode()
    assert response.status_code == 200 and words in html
    assert "three dashes" not in html
    unchanged(pages, "faq.md", before)


# --- A page longer than Django accepts in a form ------------------------------------------


def as_browser(client, url, data, **kwargs):
    """Post as a browser posts these forms (urlencoded, not the test client's multipart)."""
    form = urlencode(data)
    return client.post(url, form, content_type="application/x-www-form-urlencoded", **kwargs)


@pytest.fixture
def small_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    return 20_000


def test_a_body_over_the_upload_limit_gets_the_editors_message_and_is_kept(
    editor_client, pages, small_limit
):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "Kept words. " * 2500  # 30 KB
    response = as_browser(editor_client, edit_url(row), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"This page is too long to save: it is 29\.\d\xa0KB", html)
    assert "can be at most 19.5\xa0KB. Nothing was saved" in html
    assert 'id="id_body_error"' in html
    assert html.count("Kept words.") >= 2500  # their text is in the box
    unchanged(pages, "faq.md", before)
    # Preview is refused the same way (nothing is rendered from it).
    data["_preview"] = "1"
    assert "too long to save" in as_browser(editor_client, edit_url(row), data).content.decode()


def test_the_whole_file_and_a_new_page_over_the_limit_are_refused_the_same_way(
    editor_client, pages, small_limit
):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    base = editor_client.get(raw_url(row)).context["form"]["base"].value()
    text = before + "More. " * 5000
    response = as_browser(editor_client, raw_url(row), {"text": text, "base": base})
    assert response.status_code == 200 and "too long to save" in response.content.decode()
    unchanged(pages, "faq.md", before)

    add = reverse("admin:editor_contentpage_add")
    data = form_data(editor_client.get(add))
    data.update(slug="long-page", title="Long", summary="Long.", body="Word " * 6000)
    response = as_browser(editor_client, add, data)
    assert response.status_code == 200 and "too long to save" in response.content.decode()
    assert not (pages.root / "long-page.md").exists()


def test_a_body_far_over_the_limit_is_not_read_and_the_editor_says_why(
    editor_client, pages, small_limit
):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "x" * 100_000
    response = as_browser(editor_client, edit_url(row), data, follow=True)
    assert response.redirect_chain == [(edit_url(row), 302)]
    html = response.content.decode()
    assert "This page is too long to save" in html and "Back button" in html
    unchanged(pages, "faq.md", before)


def test_other_forms_and_people_without_staff_rights_keep_djangos_limit(client, pages, small_limit):
    response = as_browser(client, "/contact/", {"message": "x" * 30_000})
    assert response.status_code == 400
    assert ContentPage.objects.exists()


ODD_FRONT_MATTER = [
    "extra: !!python/object/apply:os.system [echo hi]",
    "? [a, b]\n: c",
    "extra: !!omap [a: 1, b: 2]",
    "title: !!binary aGk=",
    '"": empty name',
    "~: null name",
    "123: number name",
    "2026-01-01: date name",
    "extra: !!timestamp nope",
    "<<: {title: Merged}",
    "extra: !custom x",
    "k" * 10_000 + ": long name",
    "extra: .nan",
    "extra: !!set {a, b}",
    "reviewed: 2026-01-01T25:00:00",
    "order: 0x" + "f" * 100,
    "tags: [" + ", ".join(["nope"] * 3000) + "]",
]


@pytest.mark.parametrize("front", ODD_FRONT_MATTER, ids=range(len(ODD_FRONT_MATTER)))
def test_odd_front_matter_never_gives_a_500(editor_client, pages, public, front):
    """Saved through the whole-file editor, previewed, and written on disk by hand."""
    row = row_for(editor_client, "faq.md")
    text = (pages.root / "faq.md").read_text().replace("---\n\n", f"{front}\n---\n\n", 1)
    for extra in ({"_preview": "1"}, {}):
        response = raw_post(editor_client, row, text, **extra)
        assert response.status_code in (200, 302), front
    (pages.root / "faq.md").write_text(text)
    pages.sync()
    assert public.get("/faq/").status_code in (200, 404)
    assert editor_client.get(edit_url(row), follow=True).status_code == 200
    assert editor_client.get(reverse("admin:editor_contentpage_changelist")).status_code == 200
    assert public.get("/search/?q=questions").status_code == 200
