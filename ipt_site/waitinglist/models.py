"""'Tell me when a place opens': an email address left for one therapist, or for the
practice (any therapist). Nothing else is kept: no name, no message.

A request is used once (the email saying a place has opened) and then deleted; unused
ones are deleted WAITING_LIST_DAYS after they were made (`manage.py purge_waiting_list`).
Only staff see them, in the admin, read-only.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class WaitingRequestQuerySet(models.QuerySet):
    def expired(self, now=None):
        days = settings.WAITING_LIST_DAYS
        return self.filter(asked_at__lt=(now or timezone.now()) - timedelta(days=days))

    def current(self, now=None):
        days = settings.WAITING_LIST_DAYS
        return self.filter(asked_at__gte=(now or timezone.now()) - timedelta(days=days))

    def to_tell(self, therapist):
        """Who to tell when `therapist` can take people: those who asked about them and
        those who asked the practice, first asked first."""
        return (
            self.current()
            .filter(Q(therapist=therapist) | Q(therapist__isnull=True))
            .order_by("asked_at", "pk")
        )


class WaitingRequest(models.Model):
    therapist = models.ForeignKey(
        "therapists.Therapist",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="waiting_requests",
        help_text="Empty: any therapist of the practice.",
    )
    email = models.EmailField(max_length=254)
    # The visitor ticked the consent box at this moment; the 90 days count from it.
    asked_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The site's address as the visitor saw it, for the link in the email that may go
    # weeks later from the worker (when IPT_SITE_URL is not set).
    site_address = models.CharField(max_length=200, blank=True, editable=False)

    objects = WaitingRequestQuerySet.as_manager()

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = "waiting-list request"
        verbose_name_plural = "waiting-list requests"
        constraints = [
            # The same address for the same therapist (or the practice) is one request.
            models.UniqueConstraint(
                fields=["therapist", "email"],
                condition=Q(therapist__isnull=False),
                name="waitinglist_one_request_per_therapist",
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(therapist__isnull=True),
                name="waitinglist_one_request_for_practice",
            ),
        ]

    def __str__(self):
        # Never the address: this string shows in the admin's history and logs.
        return f"Waiting-list request #{self.pk}" if self.pk else "New waiting-list request"

    @property
    def expires_on(self):
        return timezone.localdate(self.asked_at + timedelta(days=settings.WAITING_LIST_DAYS))
