"""Reads: who offers a free call, and which of their times are free. Three queries a
therapist (windows, days off, bookings), whatever the number of slots."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ipt_site.therapists.models import Therapist

from . import slots as slotlib
from .models import Booking, CallWindow, TimeOff


def therapists_offering_calls():
    """Published therapists whose (approved) profile offers a free call."""
    return Therapist.objects.published().filter(intro_call=True)


def offers_calls(slug: str) -> bool:
    """Whether /therapists/<slug>/intro-call/ is there: for a link in a content page."""
    return therapists_offering_calls().filter(slug=slug).exists()


@dataclass
class Times:
    """A therapist's slots over the booking horizon."""

    offered: list = field(default_factory=list)  # from the windows, booked or not
    free: list = field(default_factory=list)  # of those, the ones nobody holds

    def find(self, slot_id):
        start = slotlib.parse_id(slot_id)
        return next((slot for slot in self.free if slot.start == start), None)

    def was_offered(self, slot_id) -> bool:
        start = slotlib.parse_id(slot_id)
        return any(slot.start == start for slot in self.offered)


def times(therapist, *, now=None, ignore_booking=None) -> Times:
    """Free and offered slots from now (plus the notice period) over the next
    INTRO_CALL_DAYS_AHEAD days. `ignore_booking`: a booking whose own slot counts as free
    (the one being moved)."""
    now = now or timezone.now()
    windows = list(
        CallWindow.objects.filter(therapist=therapist).values_list("weekday", "starts", "ends")
    )
    if not windows or not therapist.intro_call:
        return Times()
    today = timezone.localdate(now)
    horizon = now + timedelta(days=settings.INTRO_CALL_DAYS_AHEAD + 1)
    time_off = list(
        TimeOff.objects.filter(therapist=therapist, last_day__gte=today).values_list(
            "first_day", "last_day"
        )
    )
    offered = slotlib.all_slots(
        minutes=therapist.intro_call_minutes,
        windows=windows,
        time_off=time_off,
        now=now,
        days_ahead=settings.INTRO_CALL_DAYS_AHEAD,
        notice_hours=settings.INTRO_CALL_NOTICE_HOURS,
    )
    busy = Booking.objects.live().filter(therapist=therapist, end__gt=now, start__lt=horizon)
    if ignore_booking is not None:
        busy = busy.exclude(pk=ignore_booking.pk)
    return Times(offered=offered, free=slotlib.free(offered, busy.values_list("start", "end")))
