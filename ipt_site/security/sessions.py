"""Short sessions for everyone who signs in (staff in the admin, therapists in /account/).

A signed-in session ends after IPT_SESSION_IDLE_MINUTES without a request, and
IPT_SESSION_MAX_HOURS after sign-in whatever happens; the cookie itself ends when the
browser closes (SESSION_EXPIRE_AT_BROWSER_CLOSE). Visitors who do not sign in get no
session at all, so this middleware leaves requests without a session cookie alone.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "_ipt_signed_in_at"
SEEN_AT = "_ipt_seen_at"
# Writing the session on every request would cost a database write each time; a minute's
# precision on a 30-minute idle limit is plenty.
SEEN_PRECISION_SECONDS = 60


@receiver(user_logged_in, dispatch_uid="ipt_site.security.sessions.stamp")
def stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now


def expired_reason(session, now: int) -> str | None:
    """Why this signed-in session must end now, or None while it may go on."""
    signed_in_at = session.get(SIGNED_IN_AT)
    seen_at = session.get(SEEN_AT)
    if signed_in_at is None or seen_at is None:
        return None
    if now - signed_in_at > settings.SESSION_MAX_HOURS * 3600:
        hours = settings.SESSION_MAX_HOURS
        return f"You were signed out because {hours} hours have passed since you signed in."
    if now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
        return (
            f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes without "
            "activity, to keep the information here safe."
        )
    return None


class SessionLimitsMiddleware:
    """Ends signed-in sessions that have been idle or alive too long. Goes after
    AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            self.enforce(request)
        return self.get_response(request)

    def enforce(self, request):
        session, now = request.session, int(time.time())
        reason = expired_reason(session, now)
        if reason:
            logout(request)
            messages.info(request, reason)
            return
        if session.get(SIGNED_IN_AT) is None:
            # A session from before these limits (or a login that skipped the signal).
            session[SIGNED_IN_AT] = now
        if now - session.get(SEEN_AT, 0) >= SEEN_PRECISION_SECONDS:
            session[SEEN_AT] = now
