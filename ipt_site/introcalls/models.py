"""Free introductory calls: the weekly times a therapist offers, their days off, the
calls visitors book, and the times visitors suggest when none suits.

A booking is personal data (a name and a way to reach someone who is looking for
therapy): it holds nothing about health, it is never logged by its contents, and it is
deleted INTRO_CALL_RETENTION_DAYS after the call (`manage.py purge_intro_calls`).
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
# Weekly windows a therapist may publish: enough for any week, and a bound on the work of
# listing free times.
MAX_WINDOWS = 21


def new_key() -> str:
    return secrets.token_urlsafe(12)


class CallWindow(models.Model):
    """A weekly time when a therapist takes free calls, in the practice's time zone
    (Europe/London): "Tuesdays, 09:00 to 10:30"."""

    therapist = models.ForeignKey(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="call_windows"
    )
    weekday = models.PositiveSmallIntegerField("day", choices=WEEKDAYS)
    starts = models.TimeField("from")
    ends = models.TimeField("until")

    class Meta:
        ordering = ["therapist", "weekday", "starts"]
        verbose_name = "weekly time for calls"
        verbose_name_plural = "weekly times for calls"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")), name="introcalls_window_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()}s, {self.starts:%H:%M} to {self.ends:%H:%M}"


class TimeOff(models.Model):
    """Days a therapist takes no calls (a holiday), first and last day included."""

    therapist = models.ForeignKey(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="call_time_off"
    )
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["therapist", "first_day"]
        verbose_name = "days off from calls"
        verbose_name_plural = "days off from calls"
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="introcalls_time_off_in_order"
            )
        ]

    def __str__(self):
        if self.first_day == self.last_day:
            return f"{self.first_day:%d %b %Y}"
        return f"{self.first_day:%d %b %Y} to {self.last_day:%d %b %Y}"


class CallMode(models.TextChoices):
    PHONE = "phone", "By phone"
    VIDEO = "video", "By video"


class BookingQuerySet(models.QuerySet):
    def live(self):
        """Booked and not cancelled or missed: these hold their slot."""
        return self.filter(status=Booking.Status.BOOKED)

    def upcoming(self, now=None):
        return self.live().filter(start__gte=now or timezone.now())

    def overlapping(self, start, end):
        return self.filter(start__lt=end, end__gt=start)

    def purgeable(self, now=None):
        """Calls (whatever became of them) more than INTRO_CALL_RETENTION_DAYS ago."""
        days = settings.INTRO_CALL_RETENTION_DAYS
        return self.filter(start__lt=(now or timezone.now()) - timedelta(days=days))


class Booking(models.Model):
    """One free call with one therapist, booked by a visitor."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "Did not happen (no-show)"

    class By(models.TextChoices):
        VISITOR = "visitor", "The visitor"
        THERAPIST = "therapist", "The therapist"
        PRACTICE = "practice", "The practice"

    therapist = models.ForeignKey(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="call_bookings"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()

    # What the visitor gave: a name, a way to reach them, how they want the call.
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    mode = models.CharField("how", max_length=10, choices=CallMode.choices)
    booked_at = models.DateTimeField(default=timezone.now)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.BOOKED, db_index=True
    )
    changed_at = models.DateTimeField("status changed at", null=True, blank=True)
    changed_by = models.CharField(max_length=10, choices=By.choices, blank=True)
    # Calendar identity: the same UID for the life of the booking, SEQUENCE up by one at
    # each change, so calendars replace the event instead of adding another.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Part of every cancel-or-move link; replaced when the call moves, so older links
    # stop working.
    key = models.CharField(max_length=32, default=new_key, editable=False)
    reminded_at = models.DateTimeField("reminder sent at", null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = "free introductory call"
        verbose_name_plural = "free introductory calls"
        constraints = [
            # One slot, one booking: a second live booking for the same therapist and
            # start fails in the database, whatever the timing of the two requests.
            models.UniqueConstraint(
                fields=["therapist", "start"],
                condition=Q(status="booked"),
                name="introcalls_one_live_booking_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="introcalls_booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="introcalls_booking_reachable"
            ),
        ]
        indexes = [models.Index(fields=["therapist", "start"], name="introcalls_booking_when")]

    def __str__(self):
        # Never the name or contact details: this string shows in the admin's history.
        return f"Call #{self.pk}" if self.pk else "New call"

    @property
    def is_live(self):
        return self.status == self.Status.BOOKED

    @property
    def minutes(self):
        return int((self.end - self.start).total_seconds() // 60)


class CallRequest(models.Model):
    """Times a visitor suggested for a free call, when none offered suited them or none
    was free. For the practice to arrange by hand."""

    class Part(models.TextChoices):
        MORNING = "morning", "Morning (9am to 12 noon)"
        AFTERNOON = "afternoon", "Afternoon (12 noon to 5pm)"
        EVENING = "evening", "Early evening (5pm to 8pm)"

    class Status(models.TextChoices):
        NEW = "new", "New"
        ARRANGED = "arranged", "Arranged"
        CLOSED = "closed", "Closed"

    therapist = models.ForeignKey(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="call_requests"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    mode = models.CharField("how", max_length=10, choices=CallMode.choices)
    day_1 = models.DateField("first choice: day")
    part_1 = models.CharField("first choice: time", max_length=10, choices=Part.choices)
    day_2 = models.DateField("second choice: day", null=True, blank=True)
    part_2 = models.CharField(
        "second choice: time", max_length=10, choices=Part.choices, blank=True
    )
    day_3 = models.DateField("third choice: day", null=True, blank=True)
    part_3 = models.CharField("third choice: time", max_length=10, choices=Part.choices, blank=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "suggested call time"
        verbose_name_plural = "suggested call times"
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="introcalls_request_reachable"
            )
        ]

    def __str__(self):
        return f"Suggested times #{self.pk}" if self.pk else "New suggested times"

    def choices(self):
        """(day, part's words) for each time suggested, in order."""
        pairs = [(self.day_1, self.part_1), (self.day_2, self.part_2), (self.day_3, self.part_3)]
        return [(day, self.Part(part).label) for day, part in pairs if day and part]
