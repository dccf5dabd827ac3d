"""A per-client limit on accepted enquiries. The counter lives in the database (see
ipt_site.security.ratelimit), so it holds across workers and servers whatever the cache.
The key is a keyed hash of the address, never the address."""

from django.conf import settings
from django.utils.crypto import salted_hmac

from ipt_site.security import ratelimit as counters
from ipt_site.web.clientip import client_address

KEY_SALT = "ipt_site.contact.ratelimit"


def _key(request) -> str:
    digest = salted_hmac(KEY_SALT, client_address(request)).hexdigest()[:32]
    return f"contact:{digest}"


def is_limited(request) -> bool:
    """True when this client has used up its submissions for the current window."""
    return counters.count(_key(request)) >= settings.ENQUIRY_RATE_LIMIT


def record(request) -> int:
    """Count one accepted submission; returns the count in the current window."""
    return counters.hit(_key(request), settings.ENQUIRY_RATE_WINDOW)
