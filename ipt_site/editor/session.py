"""How long the editor's sign-in has left, and a way to keep it going.

Typing in the editor sends no request, so a long edit can outlast the idle limit
(IPT_SESSION_IDLE_MINUTES, see ipt_site/security/sessions.py) without the editor noticing.
The edit page is told how many seconds are left; a few minutes before the end it offers
"Stay signed in", which posts here. This endpoint only marks the session as in use: it
reads and changes nothing else. The drafts the page keeps in the browser never come here.
"""

import time

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from ipt_site.security.sessions import SEEN_AT, SIGNED_IN_AT

# Warn this long before the end, or a third of the idle limit when that is shorter.
WARN_SECONDS = 5 * 60


def seconds_left(session, now: int | None = None) -> int:
    """Seconds until this signed-in session ends by the idle or the whole-session limit."""
    now = int(time.time()) if now is None else now
    seen_at = session.get(SEEN_AT, now)
    signed_in_at = session.get(SIGNED_IN_AT, now)
    idle_end = seen_at + settings.SESSION_IDLE_MINUTES * 60
    whole_end = signed_in_at + settings.SESSION_MAX_HOURS * 3600
    return max(0, int(min(idle_end, whole_end) - now))


def warn_seconds() -> int:
    return int(min(WARN_SECONDS, settings.SESSION_IDLE_MINUTES * 60 / 3))


@require_POST
def keep_alive(request):
    """Mark the session as in use now (the admin's wrapper has checked the sign-in)."""
    request.session[SEEN_AT] = int(time.time())
    left = seconds_left(request.session)
    return JsonResponse(
        {
            "seconds_left": left,
            # At the whole-session limit staying signed in no longer helps.
            "extended": left >= int(settings.SESSION_IDLE_MINUTES * 60) - 1,
        }
    )
