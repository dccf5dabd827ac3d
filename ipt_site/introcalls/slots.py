"""Free times for a free call: pure functions, no database.

A therapist's weekly windows are wall-clock times in the practice's time zone
(Europe/London). Each day's window is turned into real moments (UTC) on that day, so
"Sundays, 09:00 to 10:00" is 08:00 UTC on the last Sunday of March (the clocks have gone
forward) and 09:00 UTC on the last Sunday of October (they have gone back). Slots are
then counted in real minutes from the window's start: a window that spans the change
itself (01:00 to 03:00 on those nights) offers the real time between its two ends, and a
slot whose local time happens twice says which (BST or GMT).

A slot's id, in addresses and forms, is its start in UTC: 20250330T0800Z.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

SLOT_ID = re.compile(r"^(?P<day>\d{8})T(?P<time>\d{4})Z$")


def zone():
    """The practice's time zone: windows, days off and labels are in it."""
    return timezone.get_default_timezone()


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime  # aware, UTC
    end: datetime

    @property
    def id(self) -> str:
        return self.start.astimezone(UTC).strftime("%Y%m%dT%H%MZ")

    @property
    def local(self) -> datetime:
        return self.start.astimezone(zone())

    @property
    def day(self) -> date:
        return self.local.date()

    @property
    def day_label(self) -> str:
        return day_label(self.local)

    @property
    def time_label(self) -> str:
        return time_label(self.local)

    @property
    def label(self) -> str:
        """ "Tuesday 4 March, 9:30am" """
        return f"{self.day_label}, {self.time_label}"


def day_label(moment) -> str:
    local = moment.astimezone(zone()) if isinstance(moment, datetime) else moment
    return f"{local:%A} {local.day} {local:%B}"


def time_label(moment: datetime) -> str:
    """ "9:30am", "12 noon", "5pm"; with "(BST)" or "(GMT)" when the local time happens twice
    that night (the clocks going back)."""
    local = moment.astimezone(zone())
    if local.hour == 12 and local.minute == 0:
        text = "12 noon"
    elif local.hour == 0 and local.minute == 0:
        text = "midnight"
    else:
        hour = local.hour % 12 or 12
        minutes = f":{local.minute:02d}" if local.minute else ""
        text = f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() != local.utcoffset():
        text += f" ({local.tzname()})"
    return text


def parse_id(text) -> datetime | None:
    """The start a slot id names (aware, UTC), or None when it is not a well-formed id."""
    match = SLOT_ID.match(text or "")
    if not match:
        return None
    try:
        return datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError:  # 20250231T0900Z: the right shape, not a real moment
        return None


def window_starts(day: date, starts, ends, minutes: int, tz=None) -> list[datetime]:
    """The starts (UTC) of every whole slot of `minutes` in a window on `day`."""
    tz = tz or zone()
    begin = datetime.combine(day, starts, tzinfo=tz).astimezone(UTC)
    finish = datetime.combine(day, ends, tzinfo=tz).astimezone(UTC)
    step = timedelta(minutes=minutes)
    found = []
    moment = begin
    while moment + step <= finish:
        found.append(moment)
        moment += step
    return found


def all_slots(*, minutes, windows, time_off, now, days_ahead, notice_hours, tz=None):
    """Every slot the windows offer from `notice_hours` after `now` over the next
    `days_ahead` days (today counted), outside days off, booked or not.

    `windows`: (weekday, starts, ends) triples; `time_off`: (first_day, last_day) pairs.
    """
    tz = tz or zone()
    earliest = now + timedelta(hours=notice_hours)
    today = now.astimezone(tz).date()
    by_weekday = defaultdict(list)
    for weekday, starts, ends in windows:
        by_weekday[weekday].append((starts, ends))
    step = timedelta(minutes=minutes)
    found = set()
    for offset in range(days_ahead):
        day = today + timedelta(days=offset)
        if any(first <= day <= last for first, last in time_off):
            continue
        for starts, ends in by_weekday.get(day.weekday(), ()):
            for start in window_starts(day, starts, ends, minutes, tz):
                if start >= earliest:
                    found.add(Slot(start, start + step))
    return sorted(found)


def free(slots, busy):
    """The slots that overlap none of the `busy` (start, end) pairs."""
    busy = sorted(busy)
    return [slot for slot in slots if not any(s < slot.end and e > slot.start for s, e in busy)]


def nearest(slots, moment: datetime, count: int = 4):
    """The `count` slots closest in time to `moment`, in time order."""
    closest = sorted(slots, key=lambda slot: (abs(slot.start - moment), slot.start))[:count]
    return sorted(closest)


def by_day(slots):
    """[(day label, [slots])] in order: the pages list times under their day."""
    days = {}
    for slot in slots:
        days.setdefault(slot.day, []).append(slot)
    return [(day_label(day), items) for day, items in days.items()]
