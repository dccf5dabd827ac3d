"""What a visitor gives for a call or the waiting list stays in the database: emails
carry names, times and links only, and log lines carry ids only."""

import logging
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ipt_site.introcalls import tokens
from ipt_site.introcalls.models import Booking
from ipt_site.therapists.models import Availability
from ipt_site.therapists.services import set_availability
from tests.factories import create_therapist

from .conftest import VISITOR
from .helpers import free_slots, post_booking

pytestmark = pytest.mark.django_db
PHONE = VISITOR["phone"]
VISITOR_EMAIL = VISITOR["email"]
LINK = re.compile(r"https?://\S+")


def every_email_text():
    for message in mail.outbox:
        yield message.to[0], message.subject + "\n" + message.body
        for _, content, _ in message.attachments:
            yield message.to[0], content.replace("\r\n ", "")


def test_no_email_or_log_line_holds_contact_details_or_anything_typed(
    client, caller, caplog, django_capture_on_commit_callbacks, settings
):
    caplog.set_level(logging.DEBUG)
    slots = free_slots(caller)
    suggest = reverse("introcalls:suggest", args=[caller.slug])
    day = (timezone.localdate() + timezone.timedelta(days=2)).isoformat()
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        post_booking(client, caller, slots[0].id)
    booking = Booking.objects.get()
    with capture(execute=True):
        client.post(reverse("introcalls:move", args=[tokens.make(booking, "visitor")]),
                    {"slot": slots[2].id})  # fmt: skip
    booking.refresh_from_db()
    with capture(execute=True):
        client.post(tokens.manage_path(booking, "visitor"), {"action": "cancel"})
    with capture(execute=True):
        client.post(suggest, {**VISITOR, "day_1": day, "part_1": "evening"})
    full = create_therapist(availability=Availability.NOT_TAKING, name="Fern Full")
    with capture(execute=True):
        client.post(reverse("waitinglist:join", args=[full.slug]),
                    {"email": "waiting@example.net", "consent": "on"})  # fmt: skip
    with capture(execute=True):
        set_availability(full, Availability.WITHIN_2_WEEKS, confirmed_by=None)
    kinds = {m.subject.split()[0] for m in mail.outbox}
    assert {"Booked:", "New", "Moved:", "Cancelled:", "Times", "We", "Fern"} <= kinds

    for to, text in every_email_text():
        for detail in (PHONE, "07700", VISITOR_EMAIL, "waiting@example.net"):
            assert detail not in text, (to, detail)
        # Take out links, names and times: what is left is the templates' own words.
        # (and the calendar's own ids and UTC times)
        rest = re.sub(r"(UID:\S+|\d{8}T\d{6}Z)", "", LINK.sub("", text))
        for name in ("Alex Visitor", "Robin Caller", "Fern Full", settings.PRACTICE_NAME):
            rest = rest.replace(name, "")
        assert "@" not in rest.replace("mailto:hello@example.org", "")
        assert not re.search(r"\d{5,}", rest.replace(settings.PRACTICE_PHONE, "")), rest

    logged = "\n".join(record.getMessage() for record in caplog.records)
    for detail in ("Alex", "Visitor", PHONE, VISITOR_EMAIL, "waiting@example.net", "Fern"):
        assert detail not in logged
    assert "Call #" in logged and "Waiting-list request #" in logged
