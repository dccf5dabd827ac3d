"""The content store: every markdown page under CONTENT_DIR, parsed once.

Each file is parsed the first time it is needed and again only when its modification
time or size changes, so an edit shows on the next request with no restart, and an
unchanged page costs one `stat`. A page's URL is its path: `problem-areas/grief.md` is
`/problem-areas/grief/` and a folder's `_index.md` is the folder's own page. Requests look
pages up by URL in this index and never build a file path from the URL, so no request
can reach a file outside the content folder.
"""

import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from . import meta as meta_module
from .render import render_markdown

INDEX_NAME = "_index.md"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Files in the content folder that are documentation for editors, not pages.
IGNORED_NAMES = {"README.md"}


@dataclass(eq=False)
class Page:
    url: str
    source: Path
    relpath: str
    meta: meta_module.Meta
    text: str = ""
    html: str = ""
    toc: list = field(default_factory=list)
    internal_links: list = field(default_factory=list)
    problems: list = field(default_factory=list)

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


def url_for(relpath: str) -> str | None:
    """The URL of a content file, or None when its name cannot be a URL."""
    parts = relpath[: -len(".md")].split("/")
    if parts[-1] == "_index":
        parts = parts[:-1]
    if not all(SLUG.match(part) for part in parts):
        return None
    return "/" + "".join(f"{part}/" for part in parts)


def load_page(path: Path, relpath: str) -> Page:
    url = url_for(relpath)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        meta = meta_module.Meta(fatal=True)
        meta.problems.append(
            meta_module.Problem(meta_module.ERROR, f"The file cannot be read as UTF-8: {exc}.")
        )
        return Page(url=url or "", source=path, relpath=relpath, meta=meta, problems=meta.problems)
    meta, body = meta_module.parse(text)
    page = Page(url=url or "", source=path, relpath=relpath, meta=meta, text=text)
    page.problems = list(meta.problems)
    if url is None:
        page.problems.append(
            meta_module.Problem(
                meta_module.ERROR,
                "The file name (and each folder name) must use only lower-case letters, "
                "digits and single hyphens, like 'role-disputes.md'.",
                code="E011",
            )
        )
        meta.fatal = True
    if not meta.fatal:
        rendered = render_markdown(body, faq=meta.template == "faq")
        page.html = rendered.html
        page.toc = rendered.toc
        page.internal_links = rendered.internal_links
        if rendered.has_h1:
            page.problems.append(
                meta_module.Problem(
                    meta_module.WARNING,
                    "The body has a '# ' heading; the title is the page's only main heading, "
                    "so start body headings at '## '.",
                    code="W002",
                )
            )
    return page


class ContentStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._cache: dict[str, tuple[tuple[int, int], Page]] = {}
        self._lock = threading.Lock()

    def _walk(self):
        for dirpath, dirnames, filenames in os.walk(self.root):
            # Hidden folders (.git, editor folders) are never content.
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.endswith(".md") and not name.startswith(".") and name not in IGNORED_NAMES:
                    path = Path(dirpath) / name
                    yield path, path.relative_to(self.root).as_posix()

    def _scan(self) -> tuple[list[Page], int, str]:
        """Every page file, parsed or reused from the cache, in path order, the newest
        modification time among them (nanoseconds) and a fingerprint of them all."""
        pages = []
        seen = set()
        newest = 0
        fingerprint = hashlib.blake2b(digest_size=12)
        for path, relpath in self._walk():
            try:
                st = path.stat()
            except OSError:
                continue
            stamp = (st.st_mtime_ns, st.st_size)
            newest = max(newest, st.st_mtime_ns)
            fingerprint.update(f"{relpath}\0{stamp}\0".encode())
            seen.add(relpath)
            cached = self._cache.get(relpath)
            if cached is None or cached[0] != stamp:
                page = load_page(path, relpath)
                with self._lock:
                    self._cache[relpath] = (stamp, page)
            else:
                page = cached[1]
            pages.append(page)
        with self._lock:
            for gone in set(self._cache) - seen:
                del self._cache[gone]
        return pages, newest, fingerprint.hexdigest()

    def index(self) -> "ContentIndex":
        pages, newest, version = self._scan()
        return ContentIndex(pages, last_modified=newest / 1e9, version=version)

    def refresh(self) -> None:
        """Notice changes on disk now (every `index()` re-checks today, so nothing to do)."""


class ContentIndex:
    """One consistent view of all pages, for one request or one check run."""

    def __init__(self, pages: list[Page], last_modified: float = 0.0, version: str = ""):
        self.pages = pages
        # Changes whenever any content file is added, changed or removed (for cache keys).
        self.version = version
        # Newest modification time of any content file (a page shows its siblings too).
        self.last_modified = last_modified
        self.by_url = {p.url: p for p in pages if p.url and p.servable}

    def get(self, url: str) -> Page | None:
        return self.by_url.get(url)

    def children(self, page: Page, *, include_drafts: bool = False) -> list[Page]:
        kids = [
            p
            for p in self.by_url.values()
            if p.parent_url == page.url
            and p.url != page.url
            and (include_drafts or not p.meta.draft)
        ]
        return sorted(kids, key=Page.sort_key)

    def siblings(self, page: Page, *, include_drafts: bool = False):
        """(previous, next) among the pages that share this page's parent."""
        parent = self.get(page.parent_url) if page.parent_url else None
        if parent is None or page.url == "/":
            return None, None
        kids = self.children(parent, include_drafts=include_drafts)
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
        return [p for p in self.by_url.values() if not p.meta.draft]


_stores: dict[str, ContentStore] = {}
_stores_lock = threading.Lock()


def get_store() -> ContentStore:
    """The store for the current CONTENT_DIR (tests swap the folder with settings)."""
    root = str(Path(settings.CONTENT_DIR).resolve())
    store = _stores.get(root)
    if store is None:
        with _stores_lock:
            store = _stores.setdefault(root, ContentStore(Path(root)))
    return store
