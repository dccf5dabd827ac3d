"""Old addresses of moved pages keep working.

Like django.contrib.redirects' fallback middleware: only a request that would otherwise
be a 404 is looked up, so redirects cost nothing on pages that exist, and a page written
later at an old address simply wins.
"""

import logging

from django.db import DatabaseError
from django.http import HttpResponsePermanentRedirect

from .models import PageRedirect

logger = logging.getLogger(__name__)


def new_url_for(path: str) -> str | None:
    return PageRedirect.objects.filter(old_url=path).values_list("new_url", flat=True).first()


class PageRedirectFallbackMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        try:
            new_url = new_url_for(request.path)
        except DatabaseError:
            logger.exception("Could not look up a redirect for a missing page")
            return response
        if not new_url:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{new_url}?{query}" if query else new_url)
