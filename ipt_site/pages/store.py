"""The content store: every markdown page under CONTENT_DIR, indexed once, rendered lazily.

Three costs are kept apart, so a request costs the same on a site of 40 pages or 1,000:

- The index (URLs, titles, order, drafts) is built once from each file's front matter,
  which is cheap (about 0.2 ms a file); a page's body is turned into HTML only the first
  time someone asks for it, and then kept.
- Changes are noticed by a background thread that stats every file once per
  IPT_CONTENT_RECHECK_SECONDS (default 1 s) and rebuilds the index only when something
  changed, re-reading just the changed files. A request never stats a file: it reads the
  latest index, one attribute. (Directory mtimes would be cheaper still, but an editor
  that rewrites a file in place does not change its folder's mtime; inotify would need a
  new dependency and does not work on every shared volume.) With the interval set to 0
  (tests), every `index()` call re-checks instead, which is the old behaviour.
- A file whose new version cannot be read (bad YAML, no title) does not take its page
  down: the last good version stays live, the problem is logged once and shown to staff
  through `page.problems` (and so by `manage.py check` and the editor). The last good
  text is also put in the shared cache, so another worker or a restarted server that
  never saw it can keep serving it too.

A page's URL is its path: `problem-areas/grief.md` is `/problem-areas/grief/` and a
folder's `_index.md` is the folder's own page. Requests look pages up by URL in the index
and never build a file path from the URL, so no request can reach a file outside the
content folder.
"""

import dataclasses
import hashlib
import logging
import os
import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from . import meta as meta_module
from .render import Rendered, render_markdown

logger = logging.getLogger(__name__)

INDEX_NAME = "_index.md"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Files in the content folder that are documentation for editors, not pages.
IGNORED_NAMES = {"README.md"}
# Rendering is shared by all threads of a process; one lock is enough (it is held only
# while a page renders for the first time).
_render_lock = threading.Lock()
# Pages whose rendered body is held, oldest render first (weak: an old index can go).
# Beyond settings.CONTENT_RENDERED_PAGES the oldest bodies are dropped and rendered again
# on their next use (a few ms, and the page cache answers most requests before a body is
# needed), so a worker's memory stays bounded however large the site grows.
_rendered_pages: OrderedDict = OrderedDict()


def _hold_rendered(page) -> None:
    """Note that `page` now holds a rendered body; drop the oldest beyond the limit.
    Called with _render_lock held."""
    _rendered_pages[id(page)] = weakref.ref(page)
    while len(_rendered_pages) > settings.CONTENT_RENDERED_PAGES:
        _, ref = _rendered_pages.popitem(last=False)
        old = ref()
        if old is not None:
            old._rendered = None


@dataclass(eq=False)
class Page:
    url: str
    source: Path
    relpath: str
    meta: meta_module.Meta
    # The file text this version of the page was read from.
    text: str = ""
    # Problems found when reading the file (front matter, name, or the version on disk
    # that could not be read while this one is served instead).
    load_problems: list = field(default_factory=list)
    _rendered: Rendered | None = field(default=None, repr=False)

    # Shortcuts for templates.
    @property
    def title(self):
        return self.meta.title

    @property
    def summary(self):
        return self.meta.summary

    @property
    def is_section(self):
        return self.relpath.endswith(INDEX_NAME)

    @property
    def parent_url(self) -> str | None:
        if self.url == "/":
            return None
        parent = self.url.rstrip("/").rsplit("/", 1)[0]
        return parent + "/" if parent else "/"

    @property
    def template_name(self) -> str:
        name = self.meta.template or ("section" if self.is_section else "page")
        return f"pages/{name}.html"

    @property
    def servable(self) -> bool:
        return not self.meta.fatal

    def sort_key(self):
        return (self.meta.order, self.meta.title.lower(), self.url)

    # The body, rendered the first time it is needed.
    @property
    def rendered(self) -> Rendered:
        rendered = self._rendered  # one read: another thread may drop it after this
        if rendered is None:
            with _render_lock:
                rendered = self._rendered
                if rendered is None:
                    if self.servable:
                        _, body = meta_module.parse(self.text)
                        rendered = render_markdown(body, faq=self.meta.template == "faq")
                    else:
                        rendered = Rendered(html="", toc=[], has_h1=False, internal_links=[])
                    self._rendered = rendered
                    _hold_rendered(self)
        return rendered

    @property
    def html(self) -> str:
        return self.rendered.html

    @property
    def toc(self) -> list:
        return self.rendered.toc

    @property
    def internal_links(self) -> list:
        return self.rendered.internal_links

    @property
    def problems(self) -> list:
        """Everything wrong with the file, for staff (renders the body if not yet done)."""
        problems = list(self.load_problems)
        if self.servable and self.rendered.has_h1:
            problems.append(
                meta_module.Problem(
                    meta_module.WARNING,
                    "The body has a '# ' heading; the title is the page's only main heading, "
                    "so start body headings at '## '.",
                    code="W002",
                )
            )
        return problems


def url_for(relpath: str) -> str | None:
    """The URL of a content file, or None when its name cannot be a URL."""
    parts = relpath[: -len(".md")].split("/")
    if parts[-1] == "_index":
        parts = parts[:-1]
    if not all(SLUG.match(part) for part in parts):
        return None
    return "/" + "".join(f"{part}/" for part in parts)


def page_from_text(text: str, path: Path, relpath: str) -> Page:
    """A page from its file text: front matter read and checked; the body waits."""
    url = url_for(relpath)
    meta, _ = meta_module.parse(text)
    page = Page(url=url or "", source=path, relpath=relpath, meta=meta, text=text)
    page.load_problems = list(meta.problems)
    if url is None:
        page.load_problems.append(
            meta_module.Problem(
                meta_module.ERROR,
                "The file name (and each folder name) must use only lower-case letters, "
                "digits and single hyphens, like 'role-disputes.md'.",
                code="E011",
            )
        )
        meta.fatal = True
    return page


def load_page(path: Path, relpath: str) -> Page:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        meta = meta_module.Meta(fatal=True)
        problem = meta_module.Problem(
            meta_module.ERROR, f"The file cannot be read as UTF-8: {exc}."
        )
        meta.problems.append(problem)
        return Page(
            url=url_for(relpath) or "",
            source=path,
            relpath=relpath,
            meta=meta,
            load_problems=[problem],
        )
    return page_from_text(text, path, relpath)


# Shown to staff on a page whose file is broken while its last good version is served.
STALE_NOTICE = meta_module.Problem(
    meta_module.ERROR,
    "The latest version of this file cannot be read, so the website still shows the "
    "last version that could be read. Fix the problem reported above to publish "
    "your changes.",
    code="E014",
)


class ContentStore:
    def __init__(self, root: Path, recheck_seconds: float = 0.0):
        self.root = Path(root)
        self.recheck_seconds = recheck_seconds
        # relpath -> ((mtime_ns, size), the page served for that file)
        self._entries: dict[str, tuple[tuple[int, int], Page]] = {}
        self._index: ContentIndex | None = None
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self._watcher_pid = 0
        self._stop = threading.Event()
        self._good_key = (
            "ipt:content:last-good:"
            + hashlib.blake2b(str(self.root).encode(), digest_size=8).hexdigest()
        )

    def _walk(self):
        for dirpath, dirnames, filenames in os.walk(self.root):
            # Hidden folders (.git, editor folders) are never content.
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(".md") and not name.startswith(".") and name not in IGNORED_NAMES:
                    path = Path(dirpath) / name
                    yield path, path.relative_to(self.root).as_posix()

    def _stat_all(self) -> dict[str, tuple[Path, tuple[int, int]]]:
        found = {}
        for path, relpath in self._walk():
            try:
                st = path.stat()
            except OSError:
                continue  # removed while we looked
            found[relpath] = (path, (st.st_mtime_ns, st.st_size))
        return found

    def index(self) -> "ContentIndex":
        """The current index; cheap enough to call on every request."""
        if self.recheck_seconds <= 0:
            self.refresh()
        elif self._index is None or self._watcher_pid != os.getpid():
            if self._watcher_pid and self._watcher_pid != os.getpid():
                # A forked worker: the parent's lock may have been held at the fork.
                self._lock = threading.Lock()
            with self._lock:
                if self._index is None:
                    self._refresh_locked()
            self._start_watcher()
        return self._index

    def refresh(self) -> None:
        """Notice changes on disk now (the editor calls this after it writes a file)."""
        with self._lock:
            self._refresh_locked()

    def _refresh_locked(self) -> None:
        found = self._stat_all()
        first_build = self._index is None
        changed = [
            relpath
            for relpath, (_, stamp) in found.items()
            if relpath not in self._entries or self._entries[relpath][0] != stamp
        ]
        gone = [relpath for relpath in self._entries if relpath not in found]
        if not first_build and not changed and not gone:
            return
        entries = dict(self._entries)
        for relpath in gone:
            del entries[relpath]
        for relpath in changed:
            path, stamp = found[relpath]
            previous = entries.get(relpath)
            page = self._with_last_good(
                load_page(path, relpath), previous[1] if previous else None, first_build
            )
            entries[relpath] = (stamp, page)
        fingerprint = hashlib.blake2b(digest_size=12)
        newest = 0
        for relpath in sorted(entries):
            stamp = entries[relpath][0]
            fingerprint.update(f"{relpath}\0{stamp[0]}\0{stamp[1]}\0".encode())
            newest = max(newest, stamp[0])
        self._entries = entries
        self._index = ContentIndex(
            [entries[relpath][1] for relpath in sorted(entries)],
            last_modified=newest / 1e9,
            version=fingerprint.hexdigest(),
        )

    def _with_last_good(self, page: Page, previous: Page | None, first_build: bool) -> Page:
        """The page to serve for a file just read: itself, or its last good version."""
        key = (
            f"{self._good_key}:{hashlib.blake2b(page.relpath.encode(), digest_size=8).hexdigest()}"
        )
        if page.servable:
            if not first_build:
                # An edit that reads well: other workers and restarts may need it later.
                self._cache_call(cache.set, key, page.text, None)
            return page
        good = previous if previous is not None and previous.servable else None
        if good is not None:
            self._cache_call(cache.set, key, good.text, None)
        else:
            text = self._cache_call(cache.get, key)
            if text:
                candidate = page_from_text(text, page.source, page.relpath)
                good = candidate if candidate.servable else None
        if good is None:
            logger.warning(
                "Content file %s cannot be read and has no earlier readable version: "
                "its page is not shown until it is fixed.",
                page.relpath,
            )
            return page
        logger.warning(
            "Content file %s cannot be read; still showing its last readable version.",
            page.relpath,
        )
        stale = dataclasses.replace(good, load_problems=[*page.load_problems, STALE_NOTICE])
        stale._rendered = good._rendered
        return stale

    @staticmethod
    def _cache_call(method, *args):
        try:
            return method(*args)
        except Exception:  # a cache backend raises its own errors (e.g. redis ConnectionError)
            logger.warning("Content store: the cache is unavailable", exc_info=True)
            return None

    def _start_watcher(self) -> None:
        # Started lazily, and again in a forked worker (threads do not survive a fork).
        with self._lock:
            if self._watcher_pid == os.getpid() and self._watcher and self._watcher.is_alive():
                return
            self._stop = threading.Event()
            self._watcher = threading.Thread(
                target=self._watch, name=f"content-watcher:{self.root.name}", daemon=True
            )
            self._watcher_pid = os.getpid()
            self._watcher.start()

    def _watch(self) -> None:
        stop = self._stop
        while not stop.wait(self.recheck_seconds):
            try:
                self.refresh()
            except Exception:
                logger.exception("Content store: re-checking %s failed", self.root)

    def close(self) -> None:
        """Stop the watcher thread (tests)."""
        self._stop.set()


class ContentIndex:
    """One consistent, unchanging view of all pages, for one request or one check run."""

    def __init__(self, pages: list[Page], last_modified: float = 0.0, version: str = ""):
        self.pages = pages
        # Newest modification time of any content file (a page shows its siblings too).
        self.last_modified = last_modified
        # Changes whenever any content file is added, changed or removed (for cache keys).
        self.version = version
        self.by_url = {p.url: p for p in pages if p.url and p.servable}
        self._children: dict[str, list[Page]] = {}
        for page in sorted(self.by_url.values(), key=Page.sort_key):
            if page.parent_url is not None:
                self._children.setdefault(page.parent_url, []).append(page)
        self._published_children = {
            url: [p for p in kids if not p.meta.draft] for url, kids in self._children.items()
        }
        self._published = [p for p in self.by_url.values() if not p.meta.draft]

    def get(self, url: str) -> Page | None:
        return self.by_url.get(url)

    def children(self, page: Page, *, include_drafts: bool = False) -> list[Page]:
        source = self._children if include_drafts else self._published_children
        return source.get(page.url, [])

    def siblings(self, page: Page, *, include_drafts: bool = False):
        """(previous, next) among the pages that share this page's parent."""
        if page.parent_url is None or self.get(page.parent_url) is None:
            return None, None
        kids = self.children(self.get(page.parent_url), include_drafts=include_drafts)
        if page not in kids:
            return None, None
        i = kids.index(page)
        return (kids[i - 1] if i > 0 else None), (kids[i + 1] if i + 1 < len(kids) else None)

    def ancestors(self, page: Page) -> list[Page]:
        """From the home page down to the page's parent."""
        trail = []
        url = page.parent_url
        while url is not None:
            parent = self.get(url)
            if parent is not None:
                trail.append(parent)
            url = None if url == "/" else (url.rstrip("/").rsplit("/", 1)[0] + "/")
        return list(reversed(trail))

    def published(self) -> list[Page]:
        return list(self._published)


_stores: dict[str, ContentStore] = {}
_stores_lock = threading.Lock()


def get_store() -> ContentStore:
    """The store for the current CONTENT_DIR (tests swap the folder with settings)."""
    root = str(Path(settings.CONTENT_DIR).resolve())
    store = _stores.get(root)
    if store is None:
        with _stores_lock:
            store = _stores.get(root)
            if store is None:
                store = ContentStore(Path(root), settings.CONTENT_RECHECK_SECONDS)
                _stores[root] = store
    return store
