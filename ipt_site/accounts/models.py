"""Therapists' own accounts, and the profile changes they send for approval.

A therapist signs in as an ordinary Django user (never staff) linked one-to-one to their
Therapist row. What they edit is stored here as a ProfileChange and reaches the public
Therapist row only when an admin approves it; approved and sent-back changes stay as the
history of the profile.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# What a therapist may change about their own profile (with approval). Credentials,
# name and publishing stay with the practice; availability changes at once (HomeView).
TEXT_FIELDS = (
    "pronouns",
    "title",
    "qualifications",
    "introduction",
    "biography",
    "location",
    "photo_alt",
    "concessions_note",
)
FLAG_FIELDS = (
    "online_anywhere",
    "concessions",
    "intro_call",
    "step_free",
    "accessible_toilet",
    "near_public_transport",
)
NUMBER_FIELDS = ("fee_min", "fee_max", "intro_call_minutes")
LIST_FIELDS = ("problem_areas", "other_areas", "age_groups", "formats", "languages", "insurers")
# Copied onto the profile as they are (the lists hold lookup ids instead).
VALUE_FIELDS = (*TEXT_FIELDS, *FLAG_FIELDS, *NUMBER_FIELDS)
EDITABLE_FIELDS = (*VALUE_FIELDS, *LIST_FIELDS)


class TherapistAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="therapist_account"
    )
    therapist = models.OneToOneField(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="account"
    )
    # Part of every sign-in link's signature: a new invitation makes older links useless.
    invited_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    password_set_at = models.DateTimeField("password chosen", null=True, blank=True)
    # The last "are you still taking new clients?" email (send_availability_reminders).
    availability_reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "therapist account"
        permissions = [("invite_therapist", "Can invite therapists to keep their own profile")]

    def __str__(self):
        return f"Account of {self.therapist}"


class ProfileChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ProfileChange.Status.PENDING)

    def approved(self):
        return self.filter(status=ProfileChange.Status.APPROVED)


class ProfileChange(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        SENT_BACK = "sent_back", "Sent back"

    therapist = models.ForeignKey(
        "therapists.Therapist", on_delete=models.CASCADE, related_name="profile_changes"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # Field name -> proposed value; the lists hold lookup ids.
    proposed = models.JSONField(default=dict)
    # The approved version this change replaced, kept at approval for the history.
    previous = models.JSONField(null=True, blank=True, editable=False)
    # A new photo, already made small (photos.resize_photo). Kept in the database, not in
    # MEDIA_ROOT, so nobody can load it from the public site before it is approved.
    photo = models.BinaryField(null=True, blank=True, editable=False)
    remove_photo = models.BooleanField(default=False)

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("sent", default=timezone.now, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="approved or sent back by",
    )
    decided_at = models.DateTimeField("approved or sent back at", null=True, blank=True)
    reason = models.TextField(
        "reason for sending back", blank=True, help_text="Emailed to the therapist."
    )

    objects = ProfileChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "profile change"
        constraints = [
            # A therapist edits their one pending change until it is decided.
            models.UniqueConstraint(
                fields=["therapist"],
                condition=Q(status="pending"),
                name="accounts_one_pending_change_per_therapist",
            )
        ]

    def __str__(self):
        return f"Profile change for {self.therapist} ({self.get_status_display().lower()})"

    @property
    def has_new_photo(self):
        return bool(self.photo)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
