"""The signed links to see, cancel or move a call: one for the visitor, one for the
therapist. A link names the booking, its current key and who it is for, signed with the
site's secret and dated: a changed character makes it worthless, moving the call
replaces the key (so older links stop working), and a link is refused once it is older
than the furthest a call can be booked ahead, plus a week."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Booking

SALT = "ipt_site.introcalls.manage"
ROLES = ("visitor", "therapist")


def max_age() -> int:
    return (settings.INTRO_CALL_DAYS_AHEAD + 7) * 24 * 3600


def make(booking: Booking, role: str) -> str:
    if role not in ROLES:
        raise ValueError(role)
    return signing.dumps([booking.pk, booking.key, role], salt=SALT, compress=False)


def manage_path(booking: Booking, role: str) -> str:
    return reverse("introcalls:manage", args=[make(booking, role)])


@dataclass
class Link:
    """What a link turned out to be. `problem`: "" (good), "forged", "expired" or
    "replaced" (the call moved since, or it no longer exists)."""

    booking: Booking | None = None
    role: str = ""
    problem: str = ""


def read(token: str) -> Link:
    try:
        pk, key, role = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        return Link(problem="expired")
    except (signing.BadSignature, ValueError, TypeError):
        return Link(problem="forged")
    if role not in ROLES or not isinstance(pk, int):
        return Link(problem="forged")
    booking = Booking.objects.select_related("therapist").filter(pk=pk).first()
    if booking is None or booking.key != key:
        return Link(problem="replaced")
    return Link(booking=booking, role=role)
