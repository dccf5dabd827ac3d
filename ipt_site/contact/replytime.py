"""The promised reply time: a number of working days in settings, words and a date on the
pages.

IPT_CONTACT_REPLY_TIME (settings.CONTACT_REPLY_DAYS) is counted in working days: not a
weekend, not a bank holiday in the practice's nation (IPT_PRACTICE_NATION, from the
`holidays` package) and not a day of a closure staff set in the admin. Everything a
visitor reads says it through reply_time() and reply_by(), so the pages, the emails and
the overdue summary never disagree.
"""

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays
from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

WEEKEND = (5, 6)  # Saturday, Sunday
# How far back closures are read: an enquiry this old is overdue whatever they say.
LOOK_BACK = timedelta(days=120)


@functools.lru_cache(maxsize=16)
def bank_holidays(nation: str, year: int) -> frozenset[date]:
    return frozenset(holidays.UK(subdiv=settings.PRACTICE_NATIONS[nation], years=year))


@dataclass(frozen=True)
class Calendar:
    """The practice's working days: read once, then asked many times (the overdue cutoff
    asks about thirty)."""

    closed: frozenset[date]
    nation: str

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() not in WEEKEND
            and day not in self.closed
            and day not in bank_holidays(self.nation, day.year)
        )


def calendar(today: date | None = None) -> Calendar:
    from .models import Closure

    since = (today or timezone.localdate()) - LOOK_BACK
    closed = set()
    for starts, ends in Closure.objects.filter(ends_on__gte=since).values_list(
        "starts_on", "ends_on"
    ):
        closed.update(starts + timedelta(days=n) for n in range((ends - starts).days + 1))
    return Calendar(frozenset(closed), settings.PRACTICE_NATION)


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


def add_working_days(start: datetime, days: int, working: Calendar | None = None) -> datetime:
    """When a reply is due: `days` working days after `start`, same time of day.

    Something that arrives on a day off (a weekend, a bank holiday, a closure) counts from
    the start of the next working day.
    """
    moment = timezone.localtime(start)
    # The closures around `start`, not today's: a date worked out for an old message
    # still counts the closure it fell in.
    working = working or calendar(moment.date())
    if not working.is_working_day(moment.date()):
        while not working.is_working_day(moment.date()):
            moment += timedelta(days=1)
        moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    added = 0
    while added < days:
        moment += timedelta(days=1)
        if working.is_working_day(moment.date()):
            added += 1
    return moment


def reply_by(received: datetime | None = None, working: Calendar | None = None) -> date:
    """The day by which a message received then (now) will be answered."""
    return add_working_days(received or timezone.now(), settings.CONTACT_REPLY_DAYS, working).date()


def closure_ahead(due: date):
    """The closure a visitor should hear about now: one that is on today, or starts before
    `due`, the day a message sent today would be answered (reply_by()). None when none."""
    from .models import Closure

    today = timezone.localdate()
    return Closure.objects.filter(ends_on__gte=today, starts_on__lte=due).first()


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
    working = calendar(timezone.localtime(now).date())
    overdue = now - timedelta(days=days * 7 // 5 + 4)  # a long weekend and more...
    while add_working_days(overdue, days, working) >= now:
        overdue -= timedelta(days=7)  # ...unless a closure or holidays came between
    on_time = now  # surely not overdue
    while (on_time - overdue) > timedelta(seconds=1):
        middle = overdue + (on_time - overdue) / 2
        if add_working_days(middle, days, working) < now:
            overdue = middle
        else:
            on_time = middle
    return on_time
