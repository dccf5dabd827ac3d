import os

import pytest

from ipt_site.pages import store as store_module

pytestmark = pytest.mark.django_db


def bump_mtime(path, seconds=5):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def test_edit_shows_on_next_request_without_restart(client, content):
    path = content.page("grief.md", title="Grief", body="First version.")
    assert "First version." in client.get("/grief/").text
    content.page("grief.md", title="Grief", body="Second version.")
    bump_mtime(path)
    text = client.get("/grief/").text
    assert "Second version." in text and "First version." not in text


def test_unchanged_page_is_not_parsed_again(client, content, monkeypatch):
    content.page("grief.md", title="Grief")
    client.get("/grief/")
    calls = []
    original = store_module.load_page
    monkeypatch.setattr(
        store_module, "load_page", lambda *a, **k: calls.append(a[1]) or original(*a, **k)
    )
    client.get("/grief/")
    client.get("/")
    assert calls == []


def test_new_and_deleted_files_are_noticed(client, content):
    assert client.get("/new/").status_code == 404
    path = content.page("new.md", title="New")
    assert client.get("/new/").status_code == 200
    path.unlink()
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
