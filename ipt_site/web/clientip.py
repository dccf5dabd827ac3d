import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=4)
def _networks(cidrs: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def from_a_proxy(address: str) -> bool:
    """Whether the direct peer is one of our proxies (IPT_PROXY_NETWORKS): only then is
    X-Forwarded-For read. A client that reaches an app server directly, past the load
    balancer, sends whatever X-Forwarded-For it likes."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.PROXY_NETWORKS)))


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXIES proxies that append to
    X-Forwarded-For, the entry that many places from the right (the part our own proxies
    wrote; anything further left was sent by the client and can be forged). The header
    counts only when REMOTE_ADDR is in PROXY_NETWORKS.

    Used by the enquiry rate limit and by django-axes for the admin lockout.
    """
    proxies = settings.TRUSTED_PROXIES
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies > 0 and from_a_proxy(remote):
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return remote
