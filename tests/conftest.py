import contextlib
import copy
import fcntl
import hashlib
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest

from tests.seeded import put_back_seeded_rows

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


TESTS = Path(__file__).parent
# Folders whose tests give the same result on any database and cache: the checks of every
# content page (they read the files) and the browser tests (what a person sees). CI runs
# them once, in its SQLite pass; its PostgreSQL + Redis pass leaves them out.
BACKEND_INDEPENDENT = {"content", "browser"}


# Set once Playwright has started in this process (tests/browser/conftest.py).
BROWSER_STARTED = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.relative_to(TESTS).parts[0] in BACKEND_INDEPENDENT:
            item.add_marker(pytest.mark.backend_independent)


def pytest_runtest_setup(item):
    # Browser tests run last in each process: they flush the database (the data the
    # migrations seed goes too) and Playwright keeps an event loop in this thread.
    if item.config.stash.get(BROWSER_STARTED, False) and not item.get_closest_marker("browser"):
        pytest.fail(
            "A test ran after the browser tests in this process; run pytest-xdist with "
            "`--dist load` (as `make test` does), which keeps the collection order."
        )


@contextlib.contextmanager
def database_to_ourselves(url: str):
    """For tests that start servers on a database that is not a test database (CI's
    PostgreSQL one): parallel workers take turns with it, so no two migrate it at once
    and no task worker picks up another test's tasks. A file lock per database URL."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"ipt-tests-{digest}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


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
def _site_as_in_production(_django_clear_site_cache):
    """pytest-django empties Django's site cache before each test; the site runs with it
    filled from the settings (web.sites.remember_site), so a request never reads it."""
    from ipt_site.web.sites import remember_site

    remember_site()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and photos go to this test's own folder on the file system: never the work
    tree's media/, never a bucket named in the environment. Returns the folder."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


@pytest.fixture(scope="session")
def _demo_photos(tmp_path_factory):
    """The demo therapists' photos, drawn once per test process (each xdist worker)."""
    return tmp_path_factory.mktemp("demo-photos")


# The apps whose rows make the demo site: kept by the first test of each process that
# asks for the demo, and put back by later ones (after a browser test's flush, or in a
# rolled-back test). An app whose rows every page needs (a database index of the content,
# say) belongs here too.
DEMO_APPS = ["therapists", "helplines", "introcalls"]
_demo_rows: list = []  # [(model, [rows])]


@pytest.fixture
def demo_directory(db, settings, media_root, _demo_photos):
    """The demo directory of `load_demo_therapists`: its rows in the database and its
    photos in this test's media folder.

    The first test of a process runs the command (drawing seven photos, the slow part);
    later tests put back the same rows with one insert per table and copy the same photo
    files, which is what the command would make again. What a test changes (rows or
    files) is gone at its end as usual: rolled back, or flushed by a browser test.
    """
    from django.apps import apps
    from django.core.management import call_command
    from django.db import transaction

    if not _demo_rows:
        # A browser test's flush may have emptied the lookups the data migrations seed.
        put_back_seeded_rows()
        settings.MEDIA_ROOT = _demo_photos
        call_command("load_demo_therapists", verbosity=0)
        settings.MEDIA_ROOT = media_root
        for label in DEMO_APPS:
            models = apps.get_app_config(label).get_models(include_auto_created=True)
            _demo_rows.extend((model, list(model._base_manager.order_by("pk"))) for model in models)
    else:
        with transaction.atomic():
            for model, rows in _demo_rows:
                # Rows already there are the same rows: the lookups of the data migration,
                # when no browser test has flushed this process's database yet.
                model._base_manager.bulk_create(
                    [copy.copy(row) for row in rows], ignore_conflicts=True
                )
    shutil.copytree(_demo_photos, media_root, dirs_exist_ok=True)


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


@pytest.fixture
def task_queue(settings):
    """The database task queue, as in production, instead of tests' immediate backend:
    enqueue() only writes a row; task_queue.run() runs the real worker (tests/taskqueue.py)."""
    from tests.taskqueue import DATABASE_BACKEND, TaskQueue

    settings.TASKS = DATABASE_BACKEND
    return TaskQueue()


@pytest.fixture
def midday(monkeypatch):
    """Noon today where the site is. A page that changes at midnight leaves the edge by
    then, so late in the evening its lifetime is shorter than the one configured (CI once
    ran at 23:46): tests of the configured lifetime read the clock at noon."""
    from django.utils import timezone

    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    monkeypatch.setattr("django.utils.timezone.now", lambda: noon)
