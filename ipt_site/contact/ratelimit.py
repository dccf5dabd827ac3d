"""A per-client limit on accepted enquiries, kept in Django's cache (shared via Redis
when CACHE_URL says so). The key is a keyed hash of the address, never the address."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from ipt_site.web.clientip import client_address

KEY_SALT = "ipt_site.contact.ratelimit"


def _key(request) -> str:
    digest = salted_hmac(KEY_SALT, client_address(request)).hexdigest()[:32]
    return f"contact:rate:{digest}"


def is_limited(request) -> bool:
    """True when this client has used up its submissions for the current window."""
    return (cache.get(_key(request)) or 0) >= settings.ENQUIRY_RATE_LIMIT


def record(request) -> int:
    """Count one accepted submission; returns the count in the current window."""
    key = _key(request)
    cache.add(key, 0, settings.ENQUIRY_RATE_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # the window ran out between add() and incr()
        cache.set(key, 1, settings.ENQUIRY_RATE_WINDOW)
        return 1
