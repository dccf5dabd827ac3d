"""Serve anonymous GETs of opted-in pages from the cache of finished responses.

It sits just inside whitenoise and ConditionalGetMiddleware, so a hit costs about what a
static file costs: no session, CSRF, auth or view work. The security and CSP middlewares
outside it still add their headers to every hit, and ConditionalGetMiddleware still
answers If-None-Match / If-Modified-Since with 304.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, get_resolver
from django.utils.cache import patch_vary_headers

from . import compression, edge, storage, versions
from .policy import policy_for

logger = logging.getLogger(__name__)

# Response attributes set by django-csp's per-view decorators: a replayed copy would lose
# them, so such responses are not stored.
CSP_OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt", "_csp_exempt_ro")
# Headers never stored: worked out again for each response.
NOT_STORED = {"content-length", "content-encoding", "set-cookie", "x-page-cache"}
SHAREABLE_VARY = {"cookie", "accept-encoding"}
TOKEN_MARKER = b"csrfmiddlewaretoken"
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/atom+xml")


def holds_token(request, response) -> bool:
    """A CSRF token or CSP nonce was used for this response, or a form token is in its
    text: no cache anywhere may keep it."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # get_token() was called
        return True
    if isinstance(getattr(request, "_csp_nonce", None), str):  # a nonce was rendered
        return True
    return _is_text(response) and not response.streaming and TOKEN_MARKER in response.content


def token_free(request, response) -> bool:
    """True when a response holds nothing personal or secret, so it may be shared and
    compressed: 200, no cookie set, no CSRF token or CSP nonce used, anonymous."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if any(hasattr(response, name) for name in CSP_OVERRIDES):
        return False
    if response.has_header("Content-Encoding"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if vary - SHAREABLE_VARY:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not holds_token(request, response)


@functools.lru_cache(maxsize=4096)
def policy_for_path(urlconf: str, path_info: str):
    """The cache policy of the view at a path, or None; remembered per path, since URL
    resolution walks every pattern before the content catch-all."""
    try:
        match = get_resolver(urlconf).resolve(path_info)
    except Resolver404:
        return None
    return policy_for(match.func)


def _is_text(response) -> bool:
    return response.get("Content-Type", "").startswith(TEXT_TYPES)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Signed-in people (session) and people with a message waiting see their own page.
        self.personal_cookies = (settings.SESSION_COOKIE_NAME, "messages")

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if any(name in request.COOKIES for name in self.personal_cookies):
            # The edge bypasses on these cookies; the page is this person's alone.
            response = self._guard(request, self.get_response(request))
            edge.personal(response)
            return response
        policy = policy_for_path(settings.ROOT_URLCONF, request.path_info)
        if policy is None:
            return self._guard(request, self.get_response(request))

        key = query = None
        encoding = storage.encoding_for(request)
        try:
            query = policy.query(request)
            if query is not None:
                key = self._key(request, policy, query)
                entry = storage.fetch(key, encoding)
                if entry is not None:
                    return self._serve(request, entry, "hit", policy)
        except DisallowedHost:
            key = None  # Django answers 400 below
        except Exception:  # a cache server that is down: render the page as if uncached
            logger.warning("Page cache unavailable for %s", request.path, exc_info=True)
            key = None

        response = self.get_response(request)
        if not token_free(request, response) or not _is_text(response):
            return self._guard(request, response)
        # Therapists on the page (shows_data(), or the view said no-cache itself).
        shows_data = getattr(request, "_pagecache_shows_data", False) or (
            "no-cache" in response.get("Cache-Control", "")
        )
        if shows_data:
            del response["Last-Modified"]  # checked by ETag: file times say nothing of them
        edge.shared(request, response, policy.depends, shows_data=shows_data)
        patch_vary_headers(response, ("Accept-Encoding",))
        rendered = getattr(response, "page_cache_rendered_query", query)
        if key is None or request.method != "GET" or rendered != query:
            return self._compress_now(request, response)
        entries = storage.entries(*self._entry(response), shows_data=shows_data)
        try:
            storage.store(key, entries)
        except Exception:
            logger.warning("Page cache: could not store %s", request.path, exc_info=True)
        return self._serve(request, entries[encoding], "miss", policy)

    def _guard(self, request, response):
        """Explicit headers for what no shared cache may keep, and for 404s."""
        if response.status_code == 404 and not response.cookies:
            edge.not_found(request, response)
        elif holds_token(request, response):
            edge.with_token(response)
        return response

    def _key(self, request, policy, query) -> str:
        content, data = versions.current(request)
        parts = (
            versions.deploy_version(),
            content if "content" in policy.depends else "",
            data if "data" in policy.depends else "",
            versions.day_version() if "day" in policy.depends else "",
            request.scheme,
            request.get_host(),  # absolute links (canonical, OpenGraph) name the host
            request.path,
            query,
        )
        digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=20).hexdigest()
        return f"pagecache:page:{digest}"

    def _entry(self, response) -> tuple[int, list, bytes]:
        body = response.content
        if not response.has_header("ETag"):
            # Weak: the gzip, brotli and plain bodies are the same page.
            response["ETag"] = f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
        headers = [
            (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
        ]
        return response.status_code, headers, body

    def _serve(self, request, entry: storage.Entry, state, policy) -> HttpResponse:
        body = entry.body
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry.status)
        for name, value in entry.headers:
            response.headers[name] = value
        # Worked out at each answer: a stored page's edge lifetime may end at midnight.
        response.headers["Cache-Control"] = edge.cache_control(
            policy.depends,
            has_query=bool(request.META.get("QUERY_STRING")),
            shows_data=entry.shows_data,
        )
        if entry.encoding != storage.IDENTITY:
            response.headers["Content-Encoding"] = entry.encoding
        response.headers["Content-Length"] = str(len(body))
        response.headers["X-Page-Cache"] = state
        return response

    def _compress_now(self, request, response):
        """A token-free page that is not stored (a free-text search): compress it anyway."""
        body = response.content
        codings = compression.accepted(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if not codings or len(body) < compression.MIN_SIZE:
            return response
        response.content = compression.compress(body, codings[0], stored=False)
        response.headers["Content-Encoding"] = codings[0]
        response.headers["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        return response
