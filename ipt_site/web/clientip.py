from django.conf import settings


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXIES proxies that append to
    X-Forwarded-For, the entry that many places from the right (the part our own proxies
    wrote; anything further left was sent by the client and can be forged).

    Used by the enquiry rate limit and by django-axes for the admin lockout.
    """
    proxies = settings.TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
