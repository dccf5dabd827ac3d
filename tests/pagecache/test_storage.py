"""How pages are stored: one entry per encoding (a hit reads one key holding only the body
asked for), a bounded copy in each process in front of the shared cache, and an entry
lifetime that lets old versions go."""

import time

import pytest
from django.core.cache import caches

from ipt_site.pagecache import storage

pytestmark = pytest.mark.django_db

PAGE = "/faq/"


@pytest.fixture
def site(content):
    content.page("faq.md", title="Questions", body="Answers here. " * 200)
    return content


@pytest.fixture
def reads(monkeypatch):
    """Every key the page cache reads from the shared cache."""
    seen = []
    original = type(caches["default"]).get

    def get(self, key, *args, **kwargs):
        if key.startswith("pagecache:"):
            seen.append(key)
        return original(self, key, *args, **kwargs)

    monkeypatch.setattr(type(caches["default"]), "get", get)
    return seen


@pytest.mark.parametrize(
    ("accept", "encoding"),
    [("br, gzip", "br"), ("gzip", "gzip"), ("", None), ("br;q=0, gzip;q=0", None)],
)
def test_a_hit_reads_one_key_with_only_the_body_asked_for(
    client, site, reads, settings, accept, encoding
):
    settings.PAGE_CACHE_LOCAL_MB = 0  # every hit goes to the shared cache
    first = client.get(PAGE, HTTP_ACCEPT_ENCODING=accept)
    assert first["X-Page-Cache"] == "miss"
    reads.clear()
    hit = client.get(PAGE, HTTP_ACCEPT_ENCODING=accept)
    assert hit["X-Page-Cache"] == "hit"
    assert hit.get("Content-Encoding") == encoding
    assert len(reads) == 1
    assert reads[0].endswith(f":{encoding or 'identity'}")
    entry = caches["default"].get(reads[0])
    assert entry.encoding == (encoding or "identity")
    assert entry.body == hit.content  # the entry holds this body and no other
    assert hit.content == first.content


def test_a_small_page_is_one_read_in_any_encoding(settings):
    settings.PAGE_CACHE_LOCAL_MB = 0
    entries = storage.entries(200, [("Content-Type", "text/plain")], b"tiny")
    assert {entry.encoding for entry in entries.values()} == {"identity"}
    storage.store("pagecache:page:small", entries)
    assert storage.fetch("pagecache:page:small", "br").body == b"tiny"


def test_the_process_copy_serves_hot_pages_without_the_shared_cache(client, site, reads, settings):
    settings.PAGE_CACHE_LOCAL_MB = 1
    assert client.get(PAGE, HTTP_ACCEPT_ENCODING="br")["X-Page-Cache"] == "miss"
    reads.clear()
    for _ in range(3):
        assert client.get(PAGE, HTTP_ACCEPT_ENCODING="br")["X-Page-Cache"] == "hit"
    assert reads == []
    # A page another process stored is read from the shared cache once, then kept here.
    storage.local.clear()
    assert client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")["X-Page-Cache"] == "hit"
    assert client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")["X-Page-Cache"] == "hit"
    assert len(reads) == 1


def test_the_process_copy_is_bounded_least_recently_used_first_out(settings):
    settings.PAGE_CACHE_LOCAL_MB = 10 / 1024  # 10 KB
    copy = storage.LocalCopy()
    page = storage.Entry(200, [], "br", b"x" * 2000)  # 3 KB with its overhead
    for name in "abc":
        copy.put(name, page)
    assert copy.get("a") is page  # "a" is now the most recently used
    copy.put("d", page)
    assert len(copy) == 3
    assert copy.get("b") is None  # the least recently used went first
    assert copy.get("a") is page and copy.get("d") is page
    copy.put("huge", storage.Entry(200, [], "br", b"x" * 20000))
    assert copy.get("huge") is None and len(copy) == 3  # larger than the whole copy


def test_entries_expire_after_the_page_cache_lifetime(client, site, settings):
    assert settings.PAGE_CACHE_SECONDS == 3600  # the default: old versions go within the hour
    settings.PAGE_CACHE_LOCAL_MB = 0
    settings.PAGE_CACHE_SECONDS = 1
    client.get(PAGE)
    assert client.get(PAGE)["X-Page-Cache"] == "hit"
    time.sleep(1.2)
    assert client.get(PAGE)["X-Page-Cache"] == "miss"
