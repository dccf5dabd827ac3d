"""Who opened, exported, changed or deleted which enquiry, and when.

Only ids, the kind of access, the staff member and field names: never anything the
enquirer wrote, so the log can be kept longer than the enquiries themselves.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class EnquiryAccessQuerySet(models.QuerySet):
    def older_than(self, days: int, now=None):
        return self.filter(at__lt=(now or timezone.now()) - timedelta(days=days))


class EnquiryAccess(models.Model):
    class Action(models.TextChoices):
        VIEWED = "viewed", "Opened"
        EXPORTED = "exported", "Exported"
        CHANGED = "changed", "Changed"
        DELETED = "deleted", "Deleted"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Kept when the account is deleted: the name says who it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=10, choices=Action.choices)
    # A plain number, not a foreign key: the row outlives a deleted enquiry.
    enquiry_id = models.PositiveBigIntegerField(db_index=True)
    # What changed (field names) or which bulk action ran; never values.
    detail = models.CharField(max_length=200, blank=True)

    objects = EnquiryAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "enquiry access"
        verbose_name_plural = "enquiry access log"

    def __str__(self):
        return f"{self.username} {self.get_action_display().lower()} enquiry #{self.enquiry_id}"
