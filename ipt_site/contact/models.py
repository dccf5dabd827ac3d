"""Enquiries: what a person sent through the contact form, kept as health data."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

# The admin group whose members handle enquiries (made by migration 0002).
HANDLERS_GROUP = "Enquiry handlers"
# Who may be assigned an enquiry: the group's members, and superusers (so the first account,
# made by `createsuperuser`, can handle enquiries before anyone is put in the group).
HANDLERS = (models.Q(groups__name=HANDLERS_GROUP) | models.Q(is_superuser=True)) & models.Q(
    is_active=True
)


def can_handle_enquiries(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=HANDLERS_GROUP).exists()
    )


# What a person sends through the form: the form, the service that saves it and the
# admin's read-only record all use this list.
SUBMITTED_FIELDS = (
    "name",
    "email",
    "phone",
    "contact_preference",
    "therapist",
    "preferred_format",
    "message",
)


class EnquiryQuerySet(models.QuerySet):
    def pending_notification(self):
        return self.filter(notification_status=Enquiry.NotificationStatus.PENDING)

    def purgeable(self, days: int, now=None):
        """Closed enquiries whose closing is more than `days` days ago."""
        cutoff = (now or timezone.now()) - timezone.timedelta(days=days)
        return self.filter(status=Enquiry.Status.CLOSED, closed_at__lt=cutoff)

    def purgeable_unclosed(self, days: int, now=None):
        """Enquiries never closed that arrived more than `days` days ago."""
        cutoff = (now or timezone.now()) - timezone.timedelta(days=days)
        return self.open().filter(received_at__lt=cutoff)

    def open(self):
        """New and in progress: what still needs an answer."""
        return self.exclude(status=Enquiry.Status.CLOSED)

    def overdue(self, now=None):
        """Open enquiries waiting longer than the promised reply time (working days)."""
        from .replytime import overdue_cutoff

        return self.open().filter(received_at__lt=overdue_cutoff(now))


class Enquiry(models.Model):
    class ContactPreference(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        NO_PREFERENCE = "no_preference", "No preference"

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        CLOSED = "closed", "Closed"

    class NotificationStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"

    # What the person sent.
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)
    contact_preference = models.CharField(
        "prefers to be contacted by",
        max_length=10,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    therapist = models.ForeignKey(
        "therapists.Therapist",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    preferred_format = models.CharField(
        max_length=20, choices=Format.choices, default=Format.NO_PREFERENCE
    )
    message = models.TextField()
    consent_given_at = models.DateTimeField("consent to storage given at")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    # The practice's handling of it. Retention counts from closed_at.
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_enquiries",
        limit_choices_to=HANDLERS,
        help_text="Who in the practice answers it: members of the “Enquiry handlers” group, "
        "and superusers. To add someone, put them in that group on their page under Users.",
    )

    # Emails about it. Each recipient has its own timestamp, so a retry sends only what
    # has not gone yet and nobody gets the same email twice.
    notification_status = models.CharField(
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
        db_index=True,
    )
    notification_attempts = models.PositiveIntegerField(default=0)
    last_notification_attempt_at = models.DateTimeField(null=True, blank=True)
    # The exception class only (e.g. "SMTPServerDisconnected"), never its message.
    last_notification_error = models.CharField(max_length=100, blank=True)
    # Set while one process sends; another process leaves the enquiry alone until then.
    notification_claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    practice_notified_at = models.DateTimeField(null=True, blank=True)
    therapist_notified_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField("acknowledgement sent at", null=True, blank=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "enquiry"
        verbose_name_plural = "enquiries"
        permissions = [("export_enquiry", "Can export enquiries as CSV")]
        indexes = [models.Index(fields=["status", "closed_at"], name="contact_enq_status_closed")]

    def __str__(self):
        # Never the message: this string shows up in the admin, logs and history.
        return f"Enquiry #{self.pk}" if self.pk else "New enquiry"

    def save(self, *args, **kwargs):
        self.sync_closed_at()
        if kwargs.get("update_fields") is not None and "status" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "closed_at"}
        super().save(*args, **kwargs)

    def sync_closed_at(self):
        if self.status == self.Status.CLOSED:
            if self.closed_at is None:
                self.closed_at = timezone.now()
        else:
            self.closed_at = None


class EnquiryNote(models.Model):
    """An internal note on an enquiry: for the practice only, never emailed, never shown
    to the person or a therapist."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("written", default=timezone.now)
    text = models.TextField("note")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "internal note"

    def __str__(self):
        # Never the text: this string can end up in the admin's history and logs.
        return f"Note #{self.pk} on enquiry #{self.enquiry_id}"


class EnquiryStatusChange(models.Model):
    """Who changed an enquiry's status, from what to what, and when."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="status_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Enquiry.Status.choices)
    to_status = models.CharField(max_length=20, choices=Enquiry.Status.choices)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = "status change"

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Closure(models.Model):
    """Days the practice is closed, beyond weekends and bank holidays: no reply is promised
    on them (the promised reply date skips them), and the contact page says so while one
    is on or coming before the reply would be due."""

    starts_on = models.DateField("first day closed")
    ends_on = models.DateField("last day closed")
    note = models.CharField(
        "what visitors read",
        max_length=200,
        blank=True,
        help_text="Optional, shown on the contact page: for example “We are closed over "
        "Christmas and New Year.”",
    )

    class Meta:
        ordering = ["starts_on"]
        verbose_name = "practice closure"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="closure_ends_on_or_after_it_starts",
            )
        ]

    def __str__(self):
        return f"Closed {self.starts_on:%d %b %Y} to {self.ends_on:%d %b %Y}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The last day must be on or after the first day."})
