"""/health/ for load balancers and monitors: 200 when the database and the content folder
can be read ("degraded" if the cache cannot), 503 when either cannot.

It answers whatever Host the request names (HealthCheckMiddleware, first in MIDDLEWARE): a
load balancer checks each app server by its address, which is not in ALLOWED_HOSTS, and
over plain http, which the HTTPS redirect would turn into a 301. Every other path still
checks both.

Who may read its details (which one is down): this machine, or a monitor that sends
IPT_HEALTH_TOKEN. Everyone else, load balancers included, gets the status code and
{"status": ...} only."""

import functools
import ipaddress
import logging
import os

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache

from .clientip import client_address

logger = logging.getLogger(__name__)


def may_see_details(request) -> bool:
    token = settings.HEALTH_TOKEN
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if sent and constant_time_compare(sent, token):
            return True
    try:
        # The client as the trusted proxies saw it: behind a proxy on this machine,
        # REMOTE_ADDR is always the loopback, so it alone would show details to anyone.
        return ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        return False


def database_readable() -> bool:
    """A row read from one of the site's own tables: a server that answers but has lost
    its tables or its rights to them serves no page either."""
    from ipt_site.pagecache.models import Version

    try:
        list(Version.objects.values_list("name")[:1])
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        return False
    return True


def content_readable() -> bool:
    """The content folder exists and can be listed: without it every page is a 404."""
    try:
        with os.scandir(settings.CONTENT_DIR) as entries:
            next(entries, None)
    except OSError:
        logger.error("Health check: the content folder cannot be read")
        return False
    return True


@never_cache
def health(request):
    status = {"database": "ok", "content": "ok", "cache": "ok"}
    if not database_readable():
        status["database"] = "unavailable"
    if not content_readable():
        status["content"] = "unavailable"
    try:
        cache.set("health-check", "ok", 10)
        if cache.get("health-check") != "ok":
            status["cache"] = "unavailable"
    except Exception:  # a cache backend raises its own errors (e.g. redis ConnectionError)
        logger.exception("Health check: cache unavailable")
        status["cache"] = "unavailable"
    # Pages render without the cache (web/cache.py), so a cache that is down leaves the
    # server serving: taking it out of the load balancer would be the outage.
    healthy = status["database"] == "ok" and status["content"] == "ok"
    overall = "unavailable" if not healthy else "ok" if status["cache"] == "ok" else "degraded"
    body = {"status": overall}
    if may_see_details(request):
        body.update(status)
    return JsonResponse(body, status=200 if healthy else 503)


@functools.lru_cache(maxsize=8)
def _health_path(urlconf: str) -> str | None:
    try:
        return reverse("health", urlconf=urlconf)
    except NoReverseMatch:  # a URLconf without it (tests)
        return None


class HealthCheckMiddleware:
    """Answer /health/ before anything checks the Host header or redirects to HTTPS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == _health_path(settings.ROOT_URLCONF) and request.method in (
            "GET",
            "HEAD",
        ):
            response = health(request)
            response["X-Content-Type-Options"] = "nosniff"
            return response
        return self.get_response(request)
