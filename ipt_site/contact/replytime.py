"""The promised reply time: a number of working days in settings, words on the pages.

IPT_CONTACT_REPLY_TIME (settings.CONTACT_REPLY_DAYS) is counted in working days, Monday to
Friday, so the overdue summary can count with it; everything a visitor reads says it
through reply_time(), so the pages, the emails and the summary never disagree.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

WEEKEND = (5, 6)  # Saturday, Sunday


def reply_time(days: int | None = None) -> str:
    days = settings.CONTACT_REPLY_DAYS if days is None else days
    return ngettext("within %(days)d working day", "within %(days)d working days", days) % {
        "days": days
    }


def placeholder_values() -> dict[str, str]:
    """[[reply_time]] and the periods the privacy page states, for content pages."""
    return {
        "reply_time": reply_time(),
        "enquiry_retention_days": str(settings.ENQUIRY_RETENTION_DAYS),
        "enquiry_max_age_days": str(settings.ENQUIRY_MAX_AGE_DAYS),
    }


def add_working_days(start: datetime, days: int) -> datetime:
    """When a reply is due: `days` working days after `start`, same time of day.

    Something that arrives at a weekend counts from the start of Monday.
    """
    moment = timezone.localtime(start)
    if moment.weekday() in WEEKEND:
        while moment.weekday() in WEEKEND:
            moment += timedelta(days=1)
        moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    added = 0
    while added < days:
        moment += timedelta(days=1)
        if moment.weekday() not in WEEKEND:
            added += 1
    return moment


def is_overdue(received: datetime, now: datetime | None = None, days: int | None = None) -> bool:
    days = settings.CONTACT_REPLY_DAYS if days is None else days
    return add_working_days(received, days) < (now or timezone.now())


def overdue_cutoff(now: datetime | None = None, days: int | None = None) -> datetime:
    """Enquiries received before this moment are overdue at `now` (to the second).

    A reply's due time never moves back when the arrival moves forward, so the boundary
    can be found by halving the interval; the inbox then filters in the database.
    """
    now = now or timezone.now()
    days = settings.CONTACT_REPLY_DAYS if days is None else days
    overdue = now - timedelta(days=days * 7 // 5 + 4)  # surely overdue: a long weekend and more
    on_time = now  # surely not overdue
    while (on_time - overdue) > timedelta(seconds=1):
        middle = overdue + (on_time - overdue) / 2
        if add_working_days(middle, days) < now:
            overdue = middle
        else:
            on_time = middle
    return on_time
