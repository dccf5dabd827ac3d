"""The content store at work: lazy bodies, background re-checks, and a typo never takes a
page down (its last good version stays live)."""

import logging
import threading
import time

import pytest
from django.core.cache import cache

from ipt_site.pages import store as store_module
from ipt_site.pages.checks import check_content

pytestmark = pytest.mark.django_db

BROKEN_TITLE = "---\ntitle: FAQ: your questions\nsummary: Answers.\n---\n\nNew text.\n"


def test_bodies_are_rendered_only_when_asked_for(client, content):
    for name in ("one", "two", "three"):
        content.page(f"{name}.md", title=name.title(), body=f"Body of {name}.")
    assert "Body of two." in client.get("/two/").text
    index = store_module.get_store().index()
    rendered = {page.url for page in index.pages if page._rendered is not None}
    assert "/two/" in rendered
    assert {"/one/", "/three/"}.isdisjoint(rendered)


def test_only_the_newest_rendered_bodies_are_kept_and_a_dropped_one_renders_again(
    client, content, settings
):
    settings.CONTENT_RENDERED_PAGES = 2
    for name in ("one", "two", "three"):
        content.page(f"{name}.md", title=name.title(), body=f"Body of {name}.")
    for name in ("one", "two", "three"):
        assert f"Body of {name}." in client.get(f"/{name}/").text
    index = store_module.get_store().index()
    held = {page.url for page in index.pages if page._rendered is not None}
    assert len(held) <= 2 and "/one/" not in held  # the oldest went first
    assert "Body of one." in client.get("/one/").text  # rendered again, same page
    assert "Body of one." in index.get("/one/").html


def test_a_broken_edit_keeps_the_last_good_version_live(client, content, caplog):
    path = content.page("faq.md", title="FAQ", body="Good text.")
    assert "Good text." in client.get("/faq/").text
    content.write("faq.md", BROKEN_TITLE, dedent=False)
    with caplog.at_level(logging.WARNING, logger="ipt_site.pages.store"):
        response = client.get("/faq/")
    assert response.status_code == 200
    assert "Good text." in response.text and "New text." not in response.text
    assert any("faq.md" in record.getMessage() for record in caplog.records)
    # Staff are told: the YAML problem with its line, and that the old version is live.
    messages = {m.id: m.msg for m in check_content()}
    assert "content/faq.md, line 2" in messages["content.E001"]
    assert "still shows the last version" in messages["content.E014"]
    # Fixing the file publishes it.
    content.page("faq.md", title="FAQ", body="Fixed text.")
    store_module.get_store().refresh()
    assert "Fixed text." in client.get("/faq/").text
    assert path.exists()


def test_another_process_serves_the_last_good_version_from_the_shared_cache(client, content):
    content.page("faq.md", title="FAQ", body="Good text.")
    client.get("/faq/")
    content.write("faq.md", BROKEN_TITLE, dedent=False)
    client.get("/faq/")  # this process notices, and shares the good version
    fresh = store_module.ContentStore(content.root)  # another worker, or after a restart
    page = fresh.index().get("/faq/")
    assert page is not None and "Good text." in page.html
    assert "content.E014" in {f"content.{p.code}" for p in page.problems}


def test_a_broken_file_with_no_good_version_is_withheld(client, content):
    cache.clear()
    content.write("faq.md", BROKEN_TITLE, dedent=False)
    assert client.get("/faq/").status_code == 404


def test_requests_never_stat_files_and_an_edit_shows_after_the_recheck_interval(
    content, monkeypatch
):
    content.page("grief.md", title="Grief", body="First version.")
    store = store_module.ContentStore(content.root, recheck_seconds=0.2)
    callers = []
    original = store_module.ContentStore._stat_all
    monkeypatch.setattr(
        store_module.ContentStore,
        "_stat_all",
        lambda self: callers.append(threading.current_thread()) or original(self),
    )
    try:
        assert "First version." in store.index().get("/grief/").html
        callers.clear()
        for _ in range(50):
            store.index().get("/grief/")
        assert threading.current_thread() not in callers
        content.page("grief.md", title="Grief", body="Second version.")
        deadline = time.monotonic() + 5
        while "Second version." not in store.index().get("/grief/").html:
            assert time.monotonic() < deadline, "the edit never showed"
            time.sleep(0.05)
    finally:
        store.close()


def test_the_index_is_rebuilt_only_when_something_changed(content):
    content.page("a.md", title="A")
    store = store_module.ContentStore(content.root)
    first = store.index()
    assert store.index() is first
    content.page("b.md", title="B")
    second = store.index()
    assert second is not first and second.version != first.version
    assert second.get("/a/") is first.get("/a/")  # unchanged files are not read again
