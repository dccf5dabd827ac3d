import textwrap

import pytest

HOME = """\
---
title: Test home
summary: The home page of the test content.
order: 0
reviewed: 2026-01-01
next_review: 2099-01-01
references:
  - "Test, A. (2020). A source for the test pages."
template: home
---

Welcome.
"""


class ContentFolder:
    """A temporary content folder: tests write markdown pages into it, and each write is
    synced into the database at once (as the editor syncs the file it wrote)."""

    def __init__(self, root):
        self.root = root

    def write(self, relpath, text, *, dedent=True):
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        self.sync([relpath])
        return path

    def remove(self, relpath):
        (self.root / relpath).unlink()
        self.sync([relpath])

    @staticmethod
    def sync(paths=None):
        """Sync these files, or the whole folder (what `manage.py sync_content` does)."""
        from ipt_site.pages.sync import sync

        return sync(paths)

    def page(self, relpath, title="A page", body="Some text.", **fields):
        """Write a valid page; keyword arguments add or replace front matter fields."""
        meta = {
            "title": title,
            "summary": f"About {title.lower()}.",
            "reviewed": "2026-01-01",
            "next_review": "2099-01-01",
            # Every page on this site names its sources (a missing list is a warning).
            "references": ["Test, A. (2020). A source for the test pages."],
            **fields,
        }
        lines = ["---"]
        for key, value in meta.items():
            if isinstance(value, list):
                lines.append(f"{key}:")
                lines.extend(f'  - "{item}"' for item in value)
            else:
                lines.append(f"{key}: {value}")
        lines += ["---", "", body, ""]
        return self.write(relpath, "\n".join(lines), dedent=False)


@pytest.fixture
def content(tmp_path, settings, db):
    """Point the content engine at an empty temporary folder holding only a home page."""
    root = tmp_path / "content"
    root.mkdir()
    settings.CONTENT_DIR = root
    folder = ContentFolder(root)
    (root / "_index.md").write_text(HOME, encoding="utf-8")
    folder.sync()  # the whole folder: the real content's rows go
    return folder


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with an empty cache: tests roll data back without model signals,
    so a page stored by one test could otherwise be served to the next."""
    from django.core.cache import caches

    from ipt_site.pagecache import versions

    for alias in caches:
        caches[alias].clear()
    versions.reset_for_tests()
    yield


# The real content folder's rows (and their search documents), synced into the test
# database once per session.
_REAL_CONTENT: dict = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Tests that read the real pages (content/) find them in the database, as a server does
    after `sync_content`; synced once, not per test."""
    from ipt_site.pagecache.models import Version
    from ipt_site.pages.models import Folder, KnownVersion, Page
    from ipt_site.pages.sync import sync
    from ipt_site.search.models import Document, IndexState

    with django_db_blocker.unblock():
        sync()
        for model in (Page, KnownVersion, Folder, Version, IndexState, Document):
            _REAL_CONTENT[model] = list(model.objects.all())
        for document in _REAL_CONTENT[Document]:
            document.search_vector = None  # PostgreSQL's is computed again (below)


@pytest.fixture(autouse=True)
def _real_content_rows(request):
    """A test that commits (the browser tests, live_server) ends by emptying every table:
    the next one gets the real content's rows back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    from ipt_site.pages.models import Page
    from ipt_site.search import indexer
    from ipt_site.search.models import Document

    if not Page.objects.exists():
        for model, rows in _REAL_CONTENT.items():
            model.objects.bulk_create(rows)
        if connection.vendor == "postgresql":
            Document.objects.update(search_vector=indexer._vector())
