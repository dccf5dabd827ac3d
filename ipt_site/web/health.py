"""/health/ for load balancers and monitors: 200 when the database answers ("degraded" if
the cache does not), 503 when it does not.

Who may read its details (which one is down): this machine, or a monitor that sends
IPT_HEALTH_TOKEN. Everyone else, load balancers included, gets the status code and
{"status": ...} only."""

import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
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


@never_cache
def health(request):
    status = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        status["database"] = "unavailable"
    try:
        cache.set("health-check", "ok", 10)
        if cache.get("health-check") != "ok":
            status["cache"] = "unavailable"
    except Exception:  # a cache backend raises its own errors (e.g. redis ConnectionError)
        logger.exception("Health check: cache unavailable")
        status["cache"] = "unavailable"
    # Pages render without the cache (web/cache.py), so a cache that is down leaves the
    # server serving: taking it out of the load balancer would be the outage.
    healthy = status["database"] == "ok"
    overall = "unavailable" if not healthy else "ok" if status["cache"] == "ok" else "degraded"
    body = {"status": overall}
    if may_see_details(request):
        body.update(status)
    return JsonResponse(body, status=200 if healthy else 503)
