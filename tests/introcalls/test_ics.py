"""The .ics attached to the call emails: valid iCalendar, read back by a strict parser."""

import email
import re
from datetime import UTC, datetime

import pytest
from django.core import mail

from ipt_site.introcalls import ics
from ipt_site.introcalls.models import Booking

from . import icalendar
from .helpers import free_slots, post_booking

UTC_STAMP = re.compile(r"^\d{8}T\d{6}Z$")


def only(component, name):
    values = component["props"].get(name, [])
    assert len(values) == 1, f"{name}: {values}"
    return values[0][1]


def check_calendar(text, method):
    calendar = icalendar.parse(text)
    assert only(calendar, "VERSION") == "2.0"
    assert only(calendar, "PRODID")
    assert only(calendar, "METHOD") == method
    [event] = [c for c in calendar["children"] if c["name"] == "VEVENT"]
    for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "ORGANIZER"):
        only(event, name)
    for name in ("DTSTAMP", "DTSTART", "DTEND"):
        assert UTC_STAMP.match(only(event, name)), name
    return event


def stamp(value):
    return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


@pytest.mark.django_db
def test_each_booking_email_carries_a_valid_calendar_file(
    client, caller, django_capture_on_commit_callbacks
):
    slot = free_slots(caller)[0]
    with django_capture_on_commit_callbacks(execute=True):
        post_booking(client, caller, slot.id)
    booking = Booking.objects.get()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        [(filename, content, mimetype)] = message.attachments
        assert filename.endswith(".ics") and mimetype == "text/calendar"
        assert content.count("\r\n") == content.count("\n")  # CRLF, never a bare LF
        event = check_calendar(content, "PUBLISH")
        assert only(event, "UID").startswith(str(booking.uid))
        assert stamp(only(event, "DTSTART")) == booking.start == slot.start
        assert stamp(only(event, "DTEND")) == booking.end == slot.end
        assert only(event, "SEQUENCE") == "0"
        url = only(event, "URL")
        assert url.startswith("http://testserver/intro-call/") and url in message.body
        assert any(len(line) > 0 and line.startswith(" ") for line in content.split("\r\n"))

        # What the mail server gets: the attachment survives MIME encoding intact. An 8bit
        # text part travels with the transport's line endings (smtplib sends CRLF).
        parsed = email.message_from_bytes(message.message().as_bytes())
        [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
        wire = part.get_payload(decode=True).decode("utf-8").replace("\n", "\r\n")
        assert wire == content


def test_text_is_escaped_and_long_lines_folded_on_character_boundaries(settings):
    booking = Booking(
        start=datetime(2026, 3, 29, 8, 0, tzinfo=UTC),
        end=datetime(2026, 3, 29, 8, 15, tzinfo=UTC),
        sequence=2,
    )
    summary = "Free call with Zoë Ńowak-Ødegård; “IPT”, again, " + "é" * 80
    text = ics.calendar(booking, summary=summary, description="a\nb", url="https://x.test/a")
    event = check_calendar(text, "PUBLISH")
    assert icalendar.unescape(only(event, "SUMMARY")) == summary
    assert icalendar.unescape(only(event, "DESCRIPTION")) == "a\nb"
    assert only(event, "SEQUENCE") == "2"
    cancelled = check_calendar(
        ics.calendar(booking, summary="s", description="d", url="u", cancelled=True), "CANCEL"
    )
    assert only(cancelled, "STATUS") == "CANCELLED"


@pytest.mark.parametrize(
    "bad",
    [
        "BEGIN:VCALENDAR\nEND:VCALENDAR\n",  # bare LF
        "BEGIN:VCALENDAR\r\nX-A:" + "a" * 80 + "\r\nEND:VCALENDAR\r\n",  # unfolded
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",  # unbalanced
        "BEGIN:VCALENDAR\r\nNOT A LINE\r\nEND:VCALENDAR\r\n",
    ],
)
def test_the_reader_refuses_broken_calendars(bad):
    with pytest.raises(icalendar.Invalid):
        icalendar.parse(bad)
