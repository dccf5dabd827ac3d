"""The demo therapists' weekly times for free calls (demo_therapists.yaml's `call_windows`)."""

import re
from datetime import time

from .models import WEEKDAYS, CallWindow

DAYS = {name[:3].lower(): number for number, name in WEEKDAYS}
WINDOW = re.compile(r"^(?P<day>[a-z]{3}) (?P<starts>\d\d:\d\d)-(?P<ends>\d\d:\d\d)$")


def parse(text: str):
    """ "tue 09:00-10:30" -> (1, time(9, 0), time(10, 30))."""
    match = WINDOW.match(text.strip().lower())
    if not match or match["day"] not in DAYS:
        raise ValueError(f"A call window is written like 'tue 09:00-10:30', not {text!r}")
    starts, ends = (time.fromisoformat(match[key]) for key in ("starts", "ends"))
    if ends <= starts:
        raise ValueError(f"The call window {text!r} ends before it starts")
    return DAYS[match["day"]], starts, ends


def windows_from_demo(sender, therapist, item, **kwargs) -> None:
    """Receives therapists' demo_therapist_loaded: the entry's `call_windows`, if any."""
    set_windows(therapist, item.get("call_windows", []))


def set_windows(therapist, texts) -> None:
    """Make the therapist's weekly times exactly these."""
    windows = [parse(text) for text in texts]
    CallWindow.objects.filter(therapist=therapist).delete()
    CallWindow.objects.bulk_create(
        CallWindow(therapist=therapist, weekday=day, starts=starts, ends=ends)
        for day, starts, ends in windows
    )
