"""Old addresses of moved pages keep working (django.contrib.redirects).

The editor adds a `Redirect` when it moves a page; staff manage them in the admin's
Redirects screen. Django's fallback middleware, kept as the site has always behaved: only
a GET or HEAD that would otherwise be a 404 is looked up (so redirects cost nothing on
pages that exist, and a page written later at an old address simply wins), the address
is matched without its query string and the query string is passed on, and a database
that cannot be read gives the 404 rather than a 500.
"""

import logging

from django.conf import settings
from django.contrib.redirects.middleware import RedirectFallbackMiddleware
from django.contrib.redirects.models import Redirect
from django.db import DatabaseError

logger = logging.getLogger(__name__)


def new_url_for(path: str) -> str | None:
    """Where a moved page's old address now leads, or None."""
    return (
        Redirect.objects.filter(site_id=settings.SITE_ID, old_path=path)
        .values_list("new_path", flat=True)
        .first()
    )


class MovedPageFallbackMiddleware(RedirectFallbackMiddleware):
    def process_response(self, request, response):
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        try:
            new_url = new_url_for(request.path)
        except DatabaseError:
            logger.exception("Could not look up a redirect for a missing page")
            return response
        if new_url is None:
            return response
        if new_url == "":
            return self.response_gone_class()
        query = request.META.get("QUERY_STRING", "")
        return self.response_redirect_class(f"{new_url}?{query}" if query else new_url)
