"""The three versions in every page cache key: deploy, content and data.

- deploy: a digest of the code, templates, static file names, settings and the packages
  that shape the HTML, computed once per process (a deploy restarts the processes).
- content: `index.version` of the content store, which changes when any content file does.
- day: today's date, for pages that compare dates with today.
- data: changes whenever a therapist or a lookup changes (model signals call
  `data_changed()`). With a shared cache (Redis) the version is a token in the cache, so
  every app server sees a change on its next request. With a process-local cache
  (local memory) each process reads a counter row in the database instead, at most once
  per re-check interval, and sees its own changes at once.
"""

import contextlib
import hashlib
import importlib.metadata
import logging
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

DATA_KEY = "pagecache:data-version"
# Upgrading one of these can change the HTML the same templates render.
RENDERING_PACKAGES = (
    "Django",
    "django-crispy-forms",
    "crispy-bootstrap5",
    "Markdown",
    "nh3",
    "python-frontmatter",
    "PyYAML",
)
# Files under the code and template folders that never change a rendered page.
SKIPPED_DIRS = {"__pycache__", "migrations"}

_deploy: str | None = None
_lock = threading.Lock()
_local = {"counter": None, "checked": 0.0, "nonce": uuid.uuid4().hex}


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# --- deploy ---------------------------------------------------------------------------


def _digest_files(digest, root: Path) -> None:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(root).parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())


def _settings_fingerprint() -> str:
    """Every setting's value (the practice's name, urgent-help numbers, site URL...)."""
    items = []
    for name in sorted(dir(settings)):
        if name.isupper():
            text = repr(getattr(settings, name))
            # Objects (lazy ones change their repr once used) and addresses are left out.
            if " at 0x" not in text and not text.startswith("<"):
                items.append(f"{name}={text}")
    return "\n".join(items)


def compute_deploy_version(base_dir: Path | None = None) -> str:
    base_dir = Path(base_dir or settings.BASE_DIR)
    digest = hashlib.blake2b(digest_size=10)
    digest.update(settings.DEPLOY_VERSION.encode() + b"\0")
    _digest_files(digest, base_dir / "ipt_site")
    for template_settings in settings.TEMPLATES:
        for folder in template_settings.get("DIRS", []):
            _digest_files(digest, Path(folder))
    # Hashed static names appear in every page: a new stylesheet is a new version.
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    for package in RENDERING_PACKAGES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{package}=={importlib.metadata.version(package)}\0".encode())
    digest.update(_settings_fingerprint().encode())
    return digest.hexdigest()


def deploy_version() -> str:
    global _deploy
    if _deploy is None:
        with _lock:
            if _deploy is None:
                _deploy = compute_deploy_version()
    return _deploy


def _forget_deploy_version(**kwargs):
    global _deploy
    _deploy = None  # a test changed a setting: pages rendered before are another version
    _shared.clear()


setting_changed.connect(_forget_deploy_version, dispatch_uid="pagecache-deploy-version")


# --- content --------------------------------------------------------------------------


_store = {"folder": None, "store": None}


def content_version() -> str:
    from ipt_site.pages.store import get_store

    # get_store() resolves the folder's real path (system calls) on every call; the store
    # for a given CONTENT_DIR setting never changes, so look it up once per setting.
    folder = settings.CONTENT_DIR
    if _store["folder"] is not folder:
        _store["store"], _store["folder"] = get_store(), folder
    return _store["store"].index().version


# --- day ------------------------------------------------------------------------------


def day_version() -> str:
    """Today's date where the site is: a page that compares dates with today (availability
    confirmed lately or not) is rendered afresh each day."""
    return timezone.localdate().isoformat()


# --- data -----------------------------------------------------------------------------


_shared: list[bool] = []


def cache_is_shared() -> bool:
    """True when every app process talks to the same cache (Redis, Memcached...)."""
    if not _shared:
        configured = settings.PAGE_CACHE_SHARED
        if configured is None:
            configured = not isinstance(cache(), LocMemCache | DummyCache)
        _shared.append(configured)
    return _shared[0]


def _shared_token() -> str:
    store = cache()
    token = store.get(DATA_KEY)
    if token is None:
        # Evicted or never set: the first process to add a token wins, the rest read it.
        store.add(DATA_KEY, uuid.uuid4().hex, None)
        token = store.get(DATA_KEY)
    return token


def _local_version() -> str:
    from .models import DataVersion

    now = time.monotonic()
    if _local["counter"] is None or now - _local["checked"] >= settings.PAGE_CACHE_RECHECK_SECONDS:
        counter = DataVersion.objects.filter(pk=1).values_list("counter", flat=True).first()
        _local["counter"], _local["checked"] = counter or 0, now
    return f"{_local['counter']}.{_local['nonce']}"


def data_version(request=None) -> str:
    """The current data version; worked out once per request when given the request."""
    known = getattr(request, "_pagecache_data_version", None)
    if known is not None:
        return known
    version = _shared_token() if cache_is_shared() else _local_version()
    if request is not None:
        request._pagecache_data_version = version
    return version


def _new_data_version() -> None:
    _local["nonce"] = uuid.uuid4().hex
    _local["counter"] = None
    if cache_is_shared():
        cache().set(DATA_KEY, uuid.uuid4().hex, None)


def data_changed() -> None:
    """Start a new data version: pages showing therapists or lookups render afresh.

    Model signals call this for every save and delete in PAGE_CACHE_DATA_APPS. Call it
    yourself after changes that send no signal: `QuerySet.update()`, `bulk_create()`, SQL.
    It bumps now (this process stops using old pages at once) and again when the
    transaction commits, so a page rendered from the old rows in between is never kept
    under the new version.
    """
    from .models import DataVersion

    try:
        _new_data_version()
    except Exception:  # a cache server that is down must not stop an admin from saving
        logger.exception("Page cache: could not start a new data version")
    try:
        with transaction.atomic():
            if not DataVersion.objects.filter(pk=1).update(counter=F("counter") + 1):
                DataVersion.objects.create(pk=1, counter=1)
    except IntegrityError:
        pass  # another process created the row at the same moment; its bump counts
    except DatabaseError:
        logger.warning("Page cache: the data version table is missing (migrate?)")
    transaction.on_commit(_after_commit)


def _after_commit():
    try:
        _new_data_version()
    except Exception:
        logger.exception("Page cache: could not start a new data version")


def reset_for_tests() -> None:
    """Forget everything this process knows (tests roll data back without signals)."""
    global _deploy
    _deploy = None
    _store.update(folder=None, store=None)
    _shared.clear()
    _local.update(counter=None, checked=0.0, nonce=uuid.uuid4().hex)
