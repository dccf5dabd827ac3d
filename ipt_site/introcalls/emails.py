"""The emails about free calls. Each carries names, times and links only: never a phone
number, an email address or anything about health. Contact details are behind the
signed link (or the admin), for the people who need them."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ipt_site.web.mail import absolute_url, send_templated

from . import ics, tokens
from .models import Booking, CallRequest
from .slots import day_label, time_label

KINDS = ("booked", "moved", "cancelled", "reminder")


def when(booking: Booking) -> str:
    """ "Tuesday 4 March, 9:30am to 9:45am" """
    return f"{day_label(booking.start)}, {time_label(booking.start)} to {time_label(booking.end)}"


def _stale(booking, kind, sequence) -> str:
    """Why this email should not go (any more), or ""."""
    if kind == "cancelled":
        return "" if booking.status == Booking.Status.CANCELLED else "The call is not cancelled."
    if not booking.is_live:
        return "The call is no longer booked: nothing to send."
    if booking.sequence != sequence:
        return "The call has changed since: a newer email was queued."
    if kind == "reminder" and booking.start <= timezone.now():
        return "The call has started: no reminder."
    return ""


def send_call_email(booking_id: int, kind: str, to: str, sequence: int, base_url: str) -> str:
    if kind not in KINDS or to not in tokens.ROLES:
        raise ValueError(f"Unknown email: {kind} to {to}")
    booking = Booking.objects.select_related("therapist").filter(pk=booking_id).first()
    if booking is None:
        return "The call is gone (deleted): nothing to send."
    reason = _stale(booking, kind, sequence)
    if reason:
        return reason
    therapist = booking.therapist
    address = booking.email if to == "visitor" else therapist.email or settings.ENQUIRY_NOTIFY_EMAIL
    if not address:
        return "No email address: nothing to send."
    link = absolute_url(tokens.manage_path(booking, to), base_url)
    other = therapist.name if to == "visitor" else booking.name
    summary = f"Free introductory call with {other}"
    description = (
        f"{booking.get_mode_display()}. To cancel or move it: {link}"
        if kind != "cancelled"
        else "This call is cancelled."
    )
    calendar = ics.calendar(
        booking, summary=summary, description=description, url=link, cancelled=kind == "cancelled"
    )
    send_templated(
        f"introcalls/email/{to}.txt",
        to=[address],
        context={
            "kind": kind,
            "booking": booking,
            "therapist": therapist,
            "when": when(booking),
            "minutes": booking.minutes,
            "link": link,
            "to_practice": to == "therapist" and not therapist.email,
        },
        reply_to=[settings.PRACTICE_EMAIL],
        attachments=[("free-call.ics", calendar, "text/calendar")],
    )
    if kind == "reminder":
        Booking.objects.filter(pk=booking.pk).update(reminded_at=timezone.now())
    return "Sent."


def send_suggested_times(request_id: int, base_url: str) -> str:
    request = CallRequest.objects.filter(pk=request_id).first()
    if request is None:
        return "The suggested times are gone (deleted): nothing to send."
    link = absolute_url(reverse("admin:introcalls_callrequest_change", args=[request.pk]), base_url)
    send_templated(
        "introcalls/email/suggested_times.txt",
        to=[settings.ENQUIRY_NOTIFY_EMAIL],
        context={"request": request, "admin_link": link},
    )
    return "Sent."
