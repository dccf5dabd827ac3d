"""A per-client limit on accepted bookings and suggested times: the shared counter in the
database (ipt_site.security.ratelimit), keyed by a keyed hash of the address, never the
address itself."""

from django.conf import settings
from django.utils.crypto import salted_hmac

from ipt_site.security import ratelimit as counters
from ipt_site.web.clientip import client_address

KEY_SALT = "ipt_site.introcalls.ratelimit"


def _key(request) -> str:
    return f"introcall:{salted_hmac(KEY_SALT, client_address(request)).hexdigest()[:32]}"


def record(request) -> int:
    """Count one accepted form; returns the count in the current window, this one included."""
    return counters.hit(_key(request), settings.INTRO_CALL_RATE_WINDOW)
