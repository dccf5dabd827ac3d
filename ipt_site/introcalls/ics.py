"""An iCalendar file (RFC 5545) for one free call, attached to its emails.

Times are in UTC ("Z"), so no time-zone block is needed and every calendar shows the
call at the right local time. The UID stays the same for the life of the booking and
SEQUENCE goes up with each change, so a calendar replaces the event when the call moves
and removes it when it is cancelled (METHOD:CANCEL).

Written by hand rather than with a library: a dozen properties, with RFC 5545's text
escaping, CRLF line endings and lines folded at 75 octets.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

PRODUCT = "-//IPT site//Free introductory calls//EN"
LINE_OCTETS = 75


def escape(text: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def param(text: str) -> str:
    """A parameter value (CN=...): quoted, with the characters a quoted value cannot hold
    removed."""
    return '"' + "".join(ch for ch in text if ch not in '"\r\n') + '"'


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, each continuation starting
    with a space; never inside a UTF-8 character."""
    pieces = []
    current = ""
    limit = LINE_OCTETS
    for ch in line:
        if len((current + ch).encode("utf-8")) > limit:
            pieces.append(current)
            current = ch
            limit = LINE_OCTETS - 1  # the leading space counts
        else:
            current += ch
    pieces.append(current)
    return "\r\n ".join(pieces)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(
    booking, *, summary: str, description: str, url: str, cancelled: bool = False, now=None
) -> str:
    """The .ics text for `booking` as it is now (a cancelled one cancels the event)."""
    host = (settings.SITE_URL.split("://")[-1] or "ipt-site").split("/")[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{booking.uid}@{host}",
        f"DTSTAMP:{stamp(now or timezone.now())}",
        f"DTSTART:{stamp(booking.start)}",
        f"DTEND:{stamp(booking.end)}",
        f"SEQUENCE:{booking.sequence}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
        f"ORGANIZER;CN={param(settings.PRACTICE_NAME)}:mailto:{settings.PRACTICE_EMAIL}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
