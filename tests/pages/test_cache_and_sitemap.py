import pytest

from ipt_site.pages import sync as sync_module

pytestmark = pytest.mark.django_db


def test_an_edit_shows_on_the_next_request_after_a_sync_without_restart(client, content):
    content.page("grief.md", title="Grief", body="First version.")
    assert "First version." in client.get("/grief/").text
    content.page("grief.md", title="Grief", body="Second version.")  # written, then synced
    text = client.get("/grief/").text
    assert "Second version." in text and "First version." not in text


def test_requests_never_read_files_and_a_sync_reads_only_changed_ones(client, content, monkeypatch):
    content.page("grief.md", title="Grief")
    content.page("loss.md", title="Loss")
    parsed = []
    original = sync_module.parse_file
    monkeypatch.setattr(
        sync_module,
        "parse_file",
        lambda relpath, text: parsed.append(relpath) or original(relpath, text),
    )
    assert client.get("/grief/").status_code == 200
    assert client.get("/").status_code == 200
    assert parsed == []  # a request reads rows, never files
    content.page("loss.md", title="Loss", body="Changed.")
    assert parsed == ["loss.md"]


def test_new_and_deleted_files_are_noticed_by_the_sync(client, content):
    assert client.get("/new/").status_code == 404
    content.page("new.md", title="New")
    assert client.get("/new/").status_code == 200
    content.remove("new.md")
    assert client.get("/new/").status_code == 404


def test_sitemap_lists_pages_with_lastmod(client, content):
    content.page("problem-areas/_index.md", title="Problem areas", reviewed="2026-05-04")
    content.page("problem-areas/grief.md", title="Grief", reviewed="2026-06-07")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    text = response.text
    assert "<loc>http://testserver/</loc>" in text
    assert "<loc>http://testserver/problem-areas/</loc>" in text
    assert "<loc>http://testserver/problem-areas/grief/</loc>" in text
    assert "<lastmod>2026-06-07</lastmod>" in text


def test_sitemap_leaves_out_broken_pages(client, content):
    content.write("broken.md", "---\nsummary: [\n---\n")
    assert "broken" not in client.get("/sitemap.xml").text
