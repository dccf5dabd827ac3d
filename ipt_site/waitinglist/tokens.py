"""The signed unsubscribe link in every waiting-list email: it names the request by its
id (never the address, which would end up in access logs), signed with the site's
secret, so nobody can make one for a request that is not theirs."""

from django.core import signing
from django.urls import reverse

SALT = "ipt_site.waitinglist.unsubscribe"


def make(request_id: int) -> str:
    return signing.dumps(request_id, salt=SALT, compress=False)


def unsubscribe_path(request_id: int) -> str:
    return reverse("waitinglist:unsubscribe", args=[make(request_id)])


def read(token: str) -> int | None:
    """The request id, or None for a link that was changed or made up."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
