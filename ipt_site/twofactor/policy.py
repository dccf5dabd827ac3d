"""Who must give a code from their authenticator app before using their account."""

from django.conf import settings
from django.urls import reverse
from django_otp import user_has_device


def must_verify(user) -> bool:
    """True for a signed-in user who has not yet given a code this session and must:
    every staff account while IPT_REQUIRE_2FA is on, and anyone who has set up an app
    (therapists may opt in)."""
    if not user.is_authenticated or user.is_verified():
        return False
    if settings.REQUIRE_2FA and (user.is_staff or user.is_superuser):
        return True
    return user_has_device(user)


def default_next(user) -> str:
    """Where to go after signing in, when no page asked for it."""
    if user.is_staff:
        return reverse("admin:index")
    return reverse("accounts:home")  # a therapist, the only other people who sign in
