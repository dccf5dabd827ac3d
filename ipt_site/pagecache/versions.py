"""The three versions in every page cache key: deploy, content and data (and the day).

- deploy: a digest of the code, templates, static file names, settings and the packages
  that shape the HTML, computed once per process (a deploy restarts the processes).
- content: a counter row that `pages.sync` bumps in the same transaction as the content
  rows it changes.
- data: a counter row bumped in the same transaction as any change to a therapist or a
  lookup (model signals call `data_changed()`).
- day: today's date, for pages that compare dates with today.

Both counters live in the database, never in the cache: each process reads them at most
once per IPT_VERSION_RECHECK_SECONDS, and at once after a change it made itself. So a
change on one app server reaches the others within the interval, and a cache server that
is stopped, emptied or restored from old data can neither fail a page nor bring an old
version back.
"""

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

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
    """Every setting's value (the practice's name, urgent-help numbers, site URL...), with
    the folder the release is installed in left out: the same release at two paths (two
    servers, a blue/green deploy) is one version and shares the cached pages."""
    base = str(settings.BASE_DIR)
    items = []
    for name in sorted(set(dir(settings))):  # overridden settings (tests) list names twice
        if name.isupper() and name != "BASE_DIR":
            text = repr(getattr(settings, name)).replace(base, "<release>")
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
        # The names, sorted: the file lists them in the order collectstatic walked the
        # folders, which differs between two copies of the same release.
        paths = json.loads(manifest.read_bytes()).get("paths", {})
        digest.update(json.dumps(sorted(paths.items())).encode())
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


setting_changed.connect(_forget_deploy_version, dispatch_uid="pagecache-deploy-version")


# --- content and data ---------------------------------------------------------------

CONTENT = "content"
DATA = "data"

# What this process last read: {name: (value, changed)}, and when (time.monotonic()).
_known: dict = {"values": None, "checked": 0.0}
# Changes this thread made in a transaction that has not ended yet: {name: mark}.
_local = threading.local()


def _values() -> dict:
    from .models import Version

    now = time.monotonic()
    values = _known["values"]
    if values is None or now - _known["checked"] >= settings.VERSION_RECHECK_SECONDS:
        values = {
            name: (value, changed)
            for name, value, changed in Version.objects.values_list("name", "value", "changed")
        }
        _known.update(values=values, checked=now)
    return values


def _marks() -> dict:
    """This thread's own uncommitted changes: its connection already sees the new rows, so
    it must not share pages with other processes until they are committed (or undone)."""
    marks = getattr(_local, "marks", None)
    if marks and not connection.in_atomic_block:
        marks.clear()  # committed (the new number is read again) or rolled back
    return marks or {}


def current(request=None) -> tuple[str, str]:
    """(content version, data version); worked out once per request when given it."""
    known = getattr(request, "_pagecache_versions", None)
    if known is not None:
        return known
    values, marks = _values(), _marks()
    result = tuple(
        f"{values.get(name, (0, None))[0]}{marks.get(name, '')}" for name in (CONTENT, DATA)
    )
    if request is not None:
        request._pagecache_versions = result
        request._pagecache_changed = values.get(CONTENT, (0, None))[1]
    return result


def content_version(request=None) -> str:
    return current(request)[0]


def data_version(request=None) -> str:
    return current(request)[1]


def content_changed_at(request=None):
    """When the content last changed (for Last-Modified), or None."""
    if hasattr(request, "_pagecache_changed"):
        return request._pagecache_changed
    return _values().get(CONTENT, (0, None))[1]


def _forget() -> None:
    _known["values"] = None


def bump(name: str) -> None:
    """One more in the current transaction; this process uses the new number at once."""
    from .models import Version

    now = timezone.now()
    if not Version.objects.filter(name=name).update(value=F("value") + 1, changed=now):
        Version.objects.get_or_create(name=name, defaults={"value": 1, "changed": now})
    if connection.in_atomic_block:
        _local.__dict__.setdefault("marks", {})[name] = f"+{uuid.uuid4().hex[:12]}"
    transaction.on_commit(_forget)


def lock_content() -> None:
    """Wait for any other writer of content rows (another sync, an editor save, on any
    server), and hold them off until this transaction ends. Call it first in the
    transaction: SQLite then takes its write lock at once."""
    from .models import Version

    if not Version.objects.filter(name=CONTENT).update(value=F("value")):
        Version.objects.get_or_create(name=CONTENT)


# --- day ------------------------------------------------------------------------------


def day_version() -> str:
    """Today's date where the site is: a page that compares dates with today (availability
    confirmed lately or not) is rendered afresh each day."""
    return timezone.localdate().isoformat()


def data_changed() -> None:
    """Start a new data version: pages showing therapists or lookups render afresh.

    Model signals call this for every save and delete in PAGE_CACHE_DATA_APPS. Call it
    yourself after changes that send no signal: `QuerySet.update()`, `bulk_create()`, SQL.
    The counter goes up in the caller's transaction, so other processes see it when the
    change commits, never before (a page they render meanwhile shows the old rows).
    """
    try:
        with transaction.atomic():
            bump(DATA)
    except DatabaseError:
        logger.warning("Page cache: the version table is missing (migrate?)")


def reset_for_tests() -> None:
    """Forget everything this process knows (tests roll data back without signals)."""
    global _deploy
    _deploy = None
    _known.update(values=None, checked=0.0)
    _local.__dict__.pop("marks", None)
    from .storage import local  # storage imports this module

    local.clear()
