"""Does a link's address exist on this site? Each app answers for its own addresses.

The content checks resolve a link's path with Django's URL resolver. A content page is
looked up in the site being checked; an address with no parameters (/contact/) exists
because it resolves; an address with parameters (/therapists/<slug>/) exists when the app
that owns it says so. Apps register from their `AppConfig.ready()`:

- `register(view_name, exists)`: `exists(**kwargs)` answers for the URL pattern named
  `view_name` ("therapists:detail"), given the path's parameters, from the database and
  as an anonymous visitor would see it. A pattern with parameters and no answer is
  trusted to exist.
- `register_moved(new_url_for)`: `new_url_for(path)` is the address a page moved to, or
  None, so a link to an old address says where to point instead.

Answers that need the database are asked inside a savepoint: if the database cannot
answer (not migrated yet, a check run without one), the address is trusted.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import Resolver404, resolve

logger = logging.getLogger(__name__)

PAGE_VIEWS = {"pages:page", "pages:home"}

_exists: dict[str, Callable[..., bool]] = {}
_moved: dict[str, Callable[[str], str | None]] = {}


def register(view_name: str, exists: Callable[..., bool]) -> None:
    _exists[view_name] = exists


def register_moved(owner: str, new_url_for: Callable[[str], str | None]) -> None:
    _moved[owner] = new_url_for


def db_lookup(function, default):
    """Run a lookup that needs the database; if the database cannot answer (not migrated
    yet, or a check run without one), assume the best rather than report a false problem."""
    try:
        with transaction.atomic():
            return function()
    except Exception:  # any backend error: the check must never crash `manage.py check`
        logger.debug("Content check could not ask the database", exc_info=True)
        return default


def moved_to(path: str) -> str | None:
    """Where an old address now points, if a page was moved from it."""
    for new_url_for in _moved.values():
        found = db_lookup(lambda lookup=new_url_for: lookup(path), None)
        if found:
            return found
    return None


def _media_exists(path: str) -> bool:
    name = path[len(settings.MEDIA_URL) :]
    try:
        return default_storage.exists(name)
    except Exception:  # an unreachable object store must not fail the check
        logger.debug("Content check could not reach media storage", exc_info=True)
        return True


def path_exists(path: str, site) -> bool:
    """True when `path` is an address on this site; `site` answers for content pages."""
    if path.startswith(settings.STATIC_URL):
        return True
    if path.startswith(settings.MEDIA_URL):
        return _media_exists(path)
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.view_name in PAGE_VIEWS:
        return site.exists(path)
    exists = _exists.get(match.view_name)
    if exists is None or not (match.args or match.kwargs):
        return True
    return db_lookup(lambda: exists(*match.args, **match.kwargs), True)
