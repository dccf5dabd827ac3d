"""The edge purge task and its backends (IPT_EDGE_PURGE): what `pagecache.purge.queue()`
hands over after a commit is sent here, on the task worker, never in a request.

- nginx (deploy/nginx.conf, Debian's cache-purge module 2.3): the module removes one exact
  cache key per request, so keys become addresses: an address key is that address; a
  "content" or "data" key is every address the site can list (the content rows, the
  therapists' profiles and each opted-in page without parameters). Each address is
  purged in the three encodings the cache key holds (br, gzip, none). Addresses with a
  query string cannot be listed: they live IPT_EDGE_QUERY_CACHE_SECONDS at the edge.
- fastly: `POST <url>/service/<id>/purge` with the keys in `Surrogate-Key` (256 a call).
- cloudflare: `POST <url>/zones/<zone>/purge_cache` with `{"tags": [...]}` (30 a call).

A backend that refuses or does not answer raises, and `retrying_task` tries again later.
"""

import json
import urllib.request
from urllib.parse import quote

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from ipt_site.pagecache import edge, purge
from ipt_site.pagecache.middleware import policy_for_path
from ipt_site.pages.models import Page
from ipt_site.therapists.models import Therapist
from ipt_site.web.tasks import TryAgain, retrying_task

# The encodings deploy/nginx.conf puts in its cache key ($ipt_encoding).
NGINX_ENCODINGS = ("br", "gzip", "id")


@retrying_task
def purge_edge(keys: list[str]) -> str:
    """Edge cache purge"""
    sent = BACKENDS[settings.EDGE_PURGE](keys)
    return f"Purged {', '.join(keys)} ({sent} requests)."


def register() -> None:
    purge.register(purge_edge.enqueue)


def _post(url: str, data: bytes | None, headers: dict, method: str = "POST") -> int:
    # http(s) only: the system check pagecache.E004 refuses any other scheme.
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.EDGE_PURGE_TIMEOUT) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as refused:
        if refused.code == 404 and method == "PURGE":
            return 404  # nginx: the page was not in the cache
        raise TryAgain(f"the edge answered {refused.code} to {url.split('?')[0]}") from None


def _chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


# --- nginx ------------------------------------------------------------------------------


def _static_paths(patterns=None, prefix: str = "") -> set[str]:
    """The addresses without parameters whose views opt in to the cache (lists, feeds,
    the sitemap, robots.txt, the finder)."""
    found = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if "<" in route or route.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            found |= _static_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            path = "/" + prefix + route
            if policy_for_path(settings.ROOT_URLCONF, path) is not None:
                found.add(path)
    return found


def listed_paths() -> set[str]:
    pages = set(Page.objects.served().values_list("url", flat=True))
    profiles = {therapist.get_absolute_url() for therapist in Therapist.objects.published()}
    return pages | profiles | _static_paths()


def nginx_paths(keys) -> set[str]:
    if any(key in edge.NAMED_KEYS for key in keys):
        return listed_paths()
    return set(keys)  # address keys are already quoted paths


def purge_nginx(keys) -> int:
    sent = 0
    for base in settings.EDGE_PURGE_URLS:
        for path in sorted(nginx_paths(keys)):
            for encoding in NGINX_ENCODINGS:
                _post(f"{base.rstrip('/')}/{encoding}{quote(path, safe='/%')}", None, {}, "PURGE")
                sent += 1
    return sent


# --- CDNs ---------------------------------------------------------------------------------


def purge_fastly(keys) -> int:
    sent = 0
    for base in settings.EDGE_PURGE_URLS:
        url = f"{base.rstrip('/')}/service/{settings.EDGE_PURGE_SERVICE}/purge"
        for chunk in _chunks(sorted(keys), 256):
            headers = {"Fastly-Key": settings.EDGE_PURGE_TOKEN, "Surrogate-Key": " ".join(chunk)}
            _post(url, b"", headers)
            sent += 1
    return sent


def purge_cloudflare(keys) -> int:
    sent = 0
    for base in settings.EDGE_PURGE_URLS:
        url = f"{base.rstrip('/')}/zones/{settings.EDGE_PURGE_SERVICE}/purge_cache"
        headers = {
            "Authorization": f"Bearer {settings.EDGE_PURGE_TOKEN}",
            "Content-Type": "application/json",
        }
        for chunk in _chunks(sorted(keys), 30):
            _post(url, json.dumps({"tags": chunk}).encode(), headers)
            sent += 1
    return sent


BACKENDS = {"nginx": purge_nginx, "fastly": purge_fastly, "cloudflare": purge_cloudflare}
