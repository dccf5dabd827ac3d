"""What a shared cache in front of the app (nginx's proxy_cache, a CDN) may keep, for how
long, and under which purge keys.

A token-free page of an opted-in view is the same for every anonymous visitor, so the
edge may keep it for EDGE_CACHE_SECONDS (`s-maxage`) while browsers keep it briefly
(`max-age`); a purge by key (`purge.py`) ends it early. It carries no `Vary: Cookie`: a
request with the session or messages cookie is never answered from the edge (the edge
bypasses on them, deploy/nginx.conf) and the app answers it `private` (`personal()`).
"""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

CONTENT = "content"
DATA = "data"
# The named keys a page can carry: the versions its view depends on.
NAMED_KEYS = (CONTENT, DATA)


def path_key(path: str) -> str:
    """The purge key of one address: the path as sent (percent-encoded, so it has no
    space or comma, the separators of Surrogate-Key and Cache-Tag)."""
    return quote(path, safe="/")


def keys_for(depends, path: str) -> list[str]:
    return [name for name in NAMED_KEYS if name in depends] + [path_key(path)]


# The header each CDN reads its purge keys from (and strips before visitors see it). With
# nginx (which purges by address) or no purges, no bytes are spent on keys.
KEY_HEADERS = {"fastly": ("Surrogate-Key", " "), "cloudflare": ("Cache-Tag", ",")}


def _label(response, keys) -> None:
    header = KEY_HEADERS.get(settings.EDGE_PURGE)
    if header is not None:
        name, separator = header
        response[name] = separator.join(keys)


def seconds_until_midnight() -> int:
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    return max(1, int((midnight - now).total_seconds()))


def edge_seconds(depends, has_query: bool) -> int:
    seconds = settings.EDGE_CACHE_SECONDS
    if has_query and settings.EDGE_PURGE == "nginx":
        # nginx's purge module removes exact keys only: filtered and searched addresses
        # cannot be listed, so they live briefly instead.
        seconds = min(seconds, settings.EDGE_QUERY_CACHE_SECONDS)
    if "day" in depends:
        seconds = min(seconds, seconds_until_midnight())  # the availability notes turn at midnight
    return seconds


def cache_control(depends, *, has_query: bool, shows_data: bool) -> str:
    # Pages showing therapists: browsers ask again each time (a 304 from the edge while
    # nothing changed), as before; other pages a short while.
    browser = 0 if shows_data else settings.BROWSER_CACHE_SECONDS
    return (
        f"public, max-age={browser}, s-maxage={edge_seconds(depends, has_query)}, "
        f"stale-while-revalidate={settings.EDGE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.EDGE_STALE_IF_ERROR}"
    )


def shared(request, response, depends, *, shows_data: bool) -> None:
    """Headers of a token-free page that every anonymous visitor may share."""
    response["Cache-Control"] = cache_control(
        depends, has_query=bool(request.META.get("QUERY_STRING")), shows_data=shows_data
    )
    _label(response, keys_for(depends, request.path))
    vary = [
        part.strip()
        for part in response.get("Vary", "").split(",")
        if part.strip() and part.strip().lower() != "cookie"
    ]
    if vary:
        response["Vary"] = ", ".join(vary)
    elif response.has_header("Vary"):
        del response["Vary"]


def personal(response) -> None:
    """A response to someone with a session or a waiting message: theirs alone."""
    cache_control = response.get("Cache-Control", "").lower()
    if "private" not in cache_control and "no-store" not in cache_control:
        patch_cache_control(response, private=True)
    for name, _separator in KEY_HEADERS.values():
        if response.has_header(name):
            del response[name]


def with_token(response) -> None:
    """A page holding a form token or a nonce: no cache anywhere may keep it."""
    response["Cache-Control"] = "private, no-store"


def not_found(request, response) -> None:
    """A 404 gets a short, explicit lifetime (a CDN's default could be long), under its
    address's key, so publishing a page there purges it."""
    if not response.has_header("Cache-Control"):
        seconds = settings.NOT_FOUND_CACHE_SECONDS
        response["Cache-Control"] = f"public, max-age={seconds}, s-maxage={seconds}"
        _label(response, [path_key(request.path)])
