"""Editing a page through the admin as a member of the Content editors group."""

import re

import pytest
from django.urls import reverse

from ipt_site.editor.models import ContentPage, Revision

from .conftest import make_user

pytestmark = pytest.mark.django_db


def row_for(client, relpath):
    client.get(reverse("admin:editor_contentpage_changelist"))  # the list syncs the rows
    return ContentPage.objects.get(relpath=relpath)


def edit_url(row):
    return reverse("admin:editor_contentpage_change", args=[row.pk])


def form_data(response):
    """The edit form's current values, as a browser would send them back."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if name == "draft":
            if value:
                data[name] = "on"
            continue
        data[name] = field.prepare_value(value) if hasattr(field, "prepare_value") else value
        if data[name] is None:
            data[name] = ""
        elif hasattr(data[name], "isoformat"):
            data[name] = data[name].isoformat()
    return data


def test_the_form_shows_the_front_matter_as_fields_and_the_body(editor_client, pages):
    row = row_for(editor_client, "problem-areas/grief.md")
    response = editor_client.get(edit_url(row))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Edit “Grief and loss”</h1>" in html
    assert 'name="title" value="Grief and loss"' in html
    assert 'type="date" name="next_review" value="2099-01-01"' in html
    assert "Test, A. (2020). A source for the test pages." in html  # sources box
    assert "Grief is the pain of losing someone." in html
    assert 'data-count-max="160"' in html  # the live count's hook
    for label in ("Summary", "Order", "Last reviewed", "Next review due", "Sources", "Layout"):
        assert f">{label}</label>" in html


def test_save_writes_the_file_in_the_hand_written_layout_and_the_site_shows_it(
    editor_client, pages, public, editor
):
    row = row_for(editor_client, "problem-areas/grief.md")
    data = form_data(editor_client.get(edit_url(row)))
    data.update(
        title="Grief: when loss stays",
        summary="When grief feels stuck, IPT may help.",
        body="## What it is\n\r\nNew words about grief.\r\n",
        message="Clearer title",
    )
    response = editor_client.post(edit_url(row), data)
    assert response.status_code == 302
    assert response["Location"] == edit_url(row)

    text = (pages.root / "problem-areas/grief.md").read_text()
    assert text == (
        "---\n"
        'title: "Grief: when loss stays"\n'
        "summary: When grief feels stuck, IPT may help.\n"
        "reviewed: 2026-01-01\n"
        "next_review: 2099-01-01\n"
        "references:\n"
        '  - "Test, A. (2020). A source for the test pages."\n'
        "order: 1\n"
        "---\n"
        "\n"
        "## What it is\n"
        "\n"
        "New words about grief.\n"
    )
    revision = Revision.objects.get(relpath="problem-areas/grief.md", action="edit")
    assert (revision.user, revision.message) == (editor, "Clearer title")

    page = public.get("/problem-areas/grief/")
    assert page.status_code == 200
    assert "<h1>Grief: when loss stays</h1>" in page.content.decode()
    assert "New words about grief." in page.content.decode()

    listing = editor_client.get(reverse("admin:editor_contentpage_changelist")).content.decode()
    assert "Alex Editor" in listing


def test_no_temporary_files_are_left_behind(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "Changed."
    editor_client.post(edit_url(row), data)
    assert sorted(p.name for p in pages.root.iterdir()) == [
        "_index.md",
        "faq.md",
        "problem-areas",
    ]


def test_a_failed_write_leaves_the_old_file_whole(editor_client, pages, monkeypatch):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "Changed."

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ipt_site.pages.files.os.replace", disk_full)
    response = editor_client.post(edit_url(row), data)
    assert "The page could not be written: the disk is full" in response.content.decode()
    assert (pages.root / "faq.md").read_text() == before
    assert not [p for p in pages.root.iterdir() if p.name.startswith(".")]


def test_preview_renders_the_unsaved_page_with_the_site_template(editor_client, pages):
    row = row_for(editor_client, "problem-areas/grief.md")
    before = (pages.root / "problem-areas/grief.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data.update(title="A new title", body="## Fresh heading\n\nUnsaved words.", _preview="1")
    response = editor_client.post(edit_url(row), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<h1>A new title</h1>" in html
    assert "Unsaved words." in html
    assert 'class="preview-notice"' in html and "Nothing has been saved yet" in html
    assert 'class="urgent-help' in html  # the site's own page, panel and all
    assert 'aria-label="Breadcrumb' in html or "breadcrumb" in html
    assert "Role disputes" in html  # its real next page among its siblings
    assert '<meta name="robots" content="noindex">' in html
    assert (pages.root / "problem-areas/grief.md").read_text() == before
    assert not Revision.objects.exists()


def test_an_error_blocks_the_save_and_shows_next_to_its_field(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    before = (pages.root / "faq.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data.update(summary="x" * 170, body="My careful new text.")
    response = editor_client.post(edit_url(row), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert (pages.root / "faq.md").read_text() == before
    assert "Not saved" in html
    assert "170 characters; keep it to 160" in html
    assert re.search(r'id="id_summary_error"[^>]*>\s*<li>[^<]*170 characters', html)
    assert 'aria-invalid="true"' in html
    assert "My careful new text." in html  # what they typed is kept


def test_warnings_do_not_block_and_show_next_to_the_body_with_their_line(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "First line.\n\nA [broken link](/no-such-page/)."
    response = editor_client.post(edit_url(row), data, follow=True)
    assert "/no-such-page/" in (pages.root / "faq.md").read_text()
    html = response.content.decode()
    assert "1 thing to look at" in html
    assert re.search(
        r'id="id_body_notes".*Line 3: The link to /no-such-page/ goes to a page that does not',
        html,
        re.S,
    )


def test_a_title_with_a_colon_is_quoted_so_it_can_never_break_the_page(
    editor_client, pages, public
):
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    data["title"] = "FAQ: your questions"
    editor_client.post(edit_url(row), data)
    assert 'title: "FAQ: your questions"' in (pages.root / "faq.md").read_text()
    assert "<h1>FAQ: your questions</h1>" in public.get("/faq/").content.decode()


def test_an_unreadable_save_is_refused_with_the_message(editor_client, pages, public):
    row = row_for(editor_client, "faq.md")
    raw_url = reverse("admin:editor_contentpage_raw", args=[row.pk])
    response = editor_client.get(raw_url)
    before = (pages.root / "faq.md").read_text()
    broken = before.replace("title: Questions people often ask", "title: FAQ: your questions")
    response = editor_client.post(
        raw_url, {"text": broken, "base": response.context["form"]["base"].value()}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Put the title in double quotes" in html
    assert "Line 2:" in html
    assert (pages.root / "faq.md").read_text() == before
    assert "FAQ: your questions" in html  # their text is kept
    assert public.get("/faq/").status_code == 200


def test_a_page_whose_front_matter_is_broken_on_disk_opens_as_one_text(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    (pages.root / "faq.md").write_text("---\ntitle: FAQ: oops\nsummary: x\n---\n\nBody.\n")
    pages.sync()
    response = editor_client.get(edit_url(row), follow=True)
    html = response.content.decode()
    assert "cannot be read" in html
    assert "Put the title in double quotes" in html
    assert 'name="text"' in html


def test_the_list_shows_a_page_broken_on_disk_with_its_problem(editor_client, pages):
    (pages.root / "faq.md").write_text("---\ntitle: FAQ: oops\nsummary: x\n---\n\nBody.\n")
    pages.sync()
    html = editor_client.get(reverse("admin:editor_contentpage_changelist")).content.decode()
    row = ContentPage.objects.get(relpath="faq.md")
    assert row.errors >= 1
    assert "Put the title in double quotes" in html


def test_conflict_the_second_save_is_refused_and_its_text_kept(client, pages, editor):
    other = make_user("sam")
    first, second = client, client.__class__()
    first.force_login(editor)
    second.force_login(other)
    row = row_for(first, "faq.md")
    mine = form_data(first.get(edit_url(row)))
    theirs = form_data(second.get(edit_url(row)))

    theirs["body"] = "Sam's version, saved first."
    assert second.post(edit_url(row), theirs).status_code == 302

    mine["body"] = "Alex's version, saved second."
    response = first.post(edit_url(row), mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this page while you were editing it (Sam" in html
    assert "Your changes have not been saved" in html
    assert "Alex&#x27;s version, saved second." in html  # kept in the form
    assert "Sam&#x27;s version, saved first." in html  # shown in the differences
    assert "Alex's version" not in (pages.root / "faq.md").read_text()
    assert "Sam's version" in (pages.root / "faq.md").read_text()

    # Saving again, having seen the other version, is a deliberate choice and works.
    again = form_data(response)
    assert first.post(edit_url(row), again).status_code == 302
    assert "Alex's version" in (pages.root / "faq.md").read_text()


def test_a_hand_edit_while_the_form_was_open_is_a_conflict_too(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    path = pages.root / "faq.md"
    path.write_text(path.read_text().replace("Some text.", "Typed on the server."))
    data["body"] = "From the browser."
    response = editor_client.post(edit_url(row), data)
    assert "Someone else saved this page" in response.content.decode()
    assert "Typed on the server." in path.read_text()


def test_the_first_save_keeps_the_version_from_before_the_editor(editor_client, pages):
    row = row_for(editor_client, "faq.md")
    original = (pages.root / "faq.md").read_text()
    data = form_data(editor_client.get(edit_url(row)))
    data["body"] = "Changed."
    editor_client.post(edit_url(row), data)
    actions = list(Revision.objects.order_by("id").values_list("action", "text"))
    assert actions[0] == ("disk", original)
    assert actions[1][0] == "edit" and "Changed." in actions[1][1]


def test_a_page_broken_on_disk_stays_live_and_the_editor_says_why(editor_client, pages, public):
    assert "<h1>Questions people often ask</h1>" in public.get("/faq/").content.decode()
    (pages.root / "faq.md").write_text("---\ntitle: FAQ: oops\nsummary: x\n---\n\nBody.\n")
    pages.sync()
    live = public.get("/faq/")
    assert live.status_code == 200
    assert "<h1>Questions people often ask</h1>" in live.content.decode()  # last good version
    html = editor_client.get(reverse("admin:editor_contentpage_changelist")).content.decode()
    assert "still shows the last version that could be read" in html
    assert "Put the title in double quotes" in html
