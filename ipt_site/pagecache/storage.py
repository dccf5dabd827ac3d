"""Where finished pages are kept: one entry per page *and encoding* in the shared cache,
and a small copy of the hot ones inside each process.

- A hit reads one key, holding only the body the client asked for (brotli, gzip or
  plain): one round trip of about 5 KB instead of one of about 30 KB with all three.
  The versions in the key are known in-process (versions.py), so nothing else is read.
- Each process keeps the entries it read or wrote last (`IPT_PAGE_CACHE_LOCAL_MB`, least
  recently used first out). That is safe because a key names every version the page
  depends on, so an entry under a key never changes: a new version is a new key. A hot
  page then costs no network at all, so a site on Redis is as fast as one whose pages sit
  in each worker's memory, while Redis still shares every page between all workers and
  servers (a worker's first request for a page another one rendered is a hit).
- Entries live `IPT_PAGE_CACHE_SECONDS` (an hour): a page of the current version is
  rendered again at most once an hour, and the pages of old versions, which no key
  reaches any more, are gone within the hour (Redis's `maxmemory` with `volatile-lru`
  removes them sooner when memory is short: docs/deployment.md).
"""

import threading
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings

from . import compression, versions

IDENTITY = "identity"
# What an entry costs in memory besides its body: the headers, the tuple, the key.
OVERHEAD = 1024


class Entry(NamedTuple):
    status: int
    headers: list  # [(name, value)], the same for every encoding
    encoding: str  # "br", "gzip" or "identity" (a page too small to compress)
    body: bytes
    shows_data: bool = False  # therapists on the page: browsers check each time (edge.py)


class LocalCopy:
    """A bounded, least-recently-used map of key -> Entry, shared by a process's threads."""

    def __init__(self):
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    @staticmethod
    def limit() -> int:
        return int(settings.PAGE_CACHE_LOCAL_MB * 1024 * 1024)

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        limit = self.limit()
        cost = len(entry.body) + OVERHEAD
        if cost > limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old.body) + OVERHEAD
            self._entries[key] = entry
            self._size += cost
            while self._size > limit:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body) + OVERHEAD

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._entries)


local = LocalCopy()


def encoding_for(request) -> str:
    """The one encoding to fetch: the best the client accepts, else the plain body."""
    accepted = compression.accepted(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    return accepted[0] if accepted else IDENTITY


def _key(key: str, encoding: str) -> str:
    return f"{key}:{encoding}"


def fetch(key: str, encoding: str) -> Entry | None:
    """The stored page in `encoding` (or plain, when it was too small to compress)."""
    full = _key(key, encoding)
    entry = local.get(full)
    if entry is None:
        entry = versions.cache().get(full)
        if entry is not None:
            local.put(full, entry)
    return entry


def entries(status: int, headers: list, body: bytes, shows_data=False) -> dict[str, Entry]:
    """A page in every encoding, by encoding. A body too small to compress is kept plain
    under every encoding's name, so a hit is always one read."""
    made = {IDENTITY: Entry(status, headers, IDENTITY, body, shows_data)}
    variants = compression.variants(body)
    for encoding in compression.available():
        if encoding in variants:
            made[encoding] = Entry(status, headers, encoding, variants[encoding], shows_data)
        else:
            made[encoding] = made[IDENTITY]
    return made


def store(key: str, entries: dict[str, Entry]) -> None:
    """Keep a page's entries here and in the shared cache (one pipelined write)."""
    full = {_key(key, encoding): entry for encoding, entry in entries.items()}
    for name, entry in full.items():
        local.put(name, entry)
    versions.cache().set_many(full, settings.PAGE_CACHE_SECONDS)
