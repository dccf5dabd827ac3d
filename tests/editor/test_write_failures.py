"""The content folder full or read-only (issue 21): the editor says what happened, keeps
the typed text on the form, and nothing is half-written: no file, row or version changes."""

import errno
import os
import subprocess

import pytest
from django.urls import reverse

from ipt_site.editor.history import DatabaseHistory
from ipt_site.editor.models import Revision
from ipt_site.pages.models import Page

from .test_edit import edit_url, form_data, row_for

pytestmark = pytest.mark.django_db


def snapshot(pages):
    """Every file, every row and every version, to compare after a failed write."""
    return (
        {p.relative_to(pages.root).as_posix(): p.read_bytes() for p in pages.root.rglob("*")
         if p.is_file()},
        list(Page.objects.order_by("relpath").values_list("relpath", "digest", "text", "updated")),
        list(Revision.objects.values_list("pk", flat=True)),
    )  # fmt: skip


@pytest.fixture
def read_only(pages):
    """The content folder made read-only for real: by its permissions for a normal user; as
    root (whom permissions do not stop), by mounting it read-only onto itself."""
    root = str(pages.root)
    if os.geteuid() != 0:
        folders = [root] + [str(p) for p in pages.root.rglob("*") if p.is_dir()]
        for folder in folders:
            os.chmod(folder, 0o500)
        yield pages
        for folder in folders:
            os.chmod(folder, 0o700)
        return
    try:
        subprocess.run(["mount", "--bind", root, root], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot make a read-only folder here: {exc}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", root], check=True, capture_output=True)
        with pytest.raises(OSError):
            (pages.root / "probe.txt").write_text("x")
        yield pages
    finally:
        subprocess.run(["umount", root], check=True)


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_save_to_a_read_only_folder_says_so_and_keeps_the_text(editor_client, pages, read_only):
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    before = snapshot(pages)
    data.update(title="A title I typed", body="Words I typed and must not lose.")
    response = editor_client.post(edit_url(row), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The page could not be written: the content folder is read-only" in html
    assert "Nothing was saved, and your text is still below" in html
    assert "Not saved: the page could not be written" in html  # not "fix what is listed"
    assert "Words I typed and must not lose." in html and 'value="A title I typed"' in html
    assert snapshot(pages) == before


def test_a_new_page_and_a_delete_in_a_read_only_folder_change_nothing(
    editor_client, pages, read_only
):
    row = row_for(editor_client, "faq.md")
    before = snapshot(pages)
    add = reverse("admin:editor_contentpage_add")
    data = form_data(editor_client.get(add))
    data.update(slug="new-page", title="New page", summary="New.", body="Typed for a new page.")
    response = editor_client.post(add, data)
    html = response.content.decode()
    assert response.status_code == 200 and "the content folder is read-only" in html
    assert "Typed for a new page." in html

    delete = reverse("admin:editor_contentpage_delete", args=[row.pk])
    base = editor_client.get(delete).context["form"]["base"].value()
    response = editor_client.post(delete, {"base": base})
    html = response.content.decode()
    assert response.status_code == 200 and "the content folder is read-only" in html
    assert "Nothing was saved. Ask" in html
    assert snapshot(pages) == before


def test_a_full_disk_is_named_and_leaves_no_half_written_file(editor_client, pages, monkeypatch):
    row = row_for(editor_client, "problem-areas/grief.md")
    data = form_data(editor_client.get(edit_url(row)))
    before = snapshot(pages)
    # The temporary file is made, then flushing it to disk fails, as when the disk fills.
    monkeypatch.setattr("ipt_site.pages.files.os.fsync", disk_full)
    data["body"] = "A long new text typed in the editor."
    response = editor_client.post(edit_url(row), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The page could not be written: the disk is full. Nothing was saved" in html
    assert "A long new text typed in the editor." in html
    assert snapshot(pages) == before  # no temporary file left, no row or version


def test_a_new_section_on_a_full_disk_leaves_no_empty_folder(editor_client, pages, monkeypatch):
    add = reverse("admin:editor_contentpage_add")
    data = form_data(editor_client.get(add))
    data.update(slug="new-section", landing="on", title="New", summary="New.", body="Typed.")
    monkeypatch.setattr("ipt_site.pages.files.os.fsync", disk_full)
    response = editor_client.post(add, data)
    assert "the disk is full" in response.content.decode()
    assert not (pages.root / "new-section").exists()
    assert not Page.objects.filter(relpath="new-section/_index.md").exists()


def test_the_whole_file_editor_keeps_the_text_when_the_disk_is_full(
    editor_client, pages, monkeypatch
):
    row = row_for(editor_client, "faq.md")
    raw = reverse("admin:editor_contentpage_raw", args=[row.pk])
    base = editor_client.get(raw).context["form"]["base"].value()
    text = (pages.root / "faq.md").read_text().replace("Some text.", "Typed in the whole file.")
    before = snapshot(pages)
    monkeypatch.setattr("ipt_site.pages.files.os.fsync", disk_full)
    response = editor_client.post(raw, {"text": text, "base": base})
    html = response.content.decode()
    assert response.status_code == 200 and "the disk is full" in html
    assert "Typed in the whole file." in html
    assert snapshot(pages) == before


def test_a_failure_after_the_file_is_written_puts_the_file_back(editor_client, pages, monkeypatch):
    """The history (a git commit, or the database) failing after the write: the file goes
    back to the version the database holds, so no copy holds a version nobody saved."""
    row = row_for(editor_client, "faq.md")
    data = form_data(editor_client.get(edit_url(row)))
    before = snapshot(pages)

    def history_disk_full(self, relpath, text, **kwargs):
        if kwargs.get("user") is not None:  # the save's own version, after the write
            assert "Written, then the history failed." in (pages.root / relpath).read_text()
            disk_full()
        return original(self, relpath, text, **kwargs)

    original = DatabaseHistory.record
    monkeypatch.setattr(DatabaseHistory, "record", history_disk_full)
    data["body"] = "Written, then the history failed."
    response = editor_client.post(edit_url(row), data)
    assert "the disk is full" in response.content.decode()
    assert snapshot(pages) == before
