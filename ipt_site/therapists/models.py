"""Therapist profiles for the public directory.

Small, fixed vocabularies (problem areas, other areas, client ages, session formats,
languages) are lookup models joined by many-to-many relations: the admin edits them with
checkboxes, the directory filters them by slug, and their rows are seeded by a data
migration so every environment has the same slugs that content pages link to.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from . import photos

# The slug of the online session format (seeded by migration 0002).
ONLINE = "online"


def availability_cutoff(today=None):
    """Availability confirmed on or after this date is current; older (or never) is stale."""
    return (today or timezone.localdate()) - timedelta(days=settings.AVAILABILITY_CONFIRM_DAYS)


def credentials_cutoff(today=None):
    """Credentials verified before this date (or never) need checking again."""
    return (today or timezone.localdate()) - timedelta(days=settings.CREDENTIALS_VERIFY_DAYS)


def availability_current_q(today=None):
    return Q(accepting_confirmed_on__gte=availability_cutoff(today))


def _period(days):
    return "a year" if days in (365, 366) else f"{days} days"


class LookupQuerySet(models.QuerySet):
    def by_slugs(self, slugs):
        return self.filter(slug__in=list(slugs))


class Lookup(models.Model):
    """A named value with a stable slug (used in URLs) and a display order."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=100)

    objects = LookupQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ProblemArea(Lookup):
    """One of IPT's four problem areas; each has an explainer page."""

    class Meta(Lookup.Meta):
        verbose_name = "IPT problem area"

    def get_page_url(self):
        return f"/problem-areas/{self.slug}/"


class Specialism(Lookup):
    """Other areas a therapist works with: depression, anxiety, PTSD..."""

    class Meta(Lookup.Meta):
        verbose_name = "other area"


class AgeGroup(Lookup):
    class Meta(Lookup.Meta):
        verbose_name = "client age group"


class SessionFormat(Lookup):
    class Meta(Lookup.Meta):
        verbose_name = "session format"


class Language(Lookup):
    class Meta(Lookup.Meta):
        verbose_name = "language"


class TherapistQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def availability_stale(self, today=None):
        """Availability never confirmed, or not within AVAILABILITY_CONFIRM_DAYS."""
        return self.exclude(availability_current_q(today))

    def credentials_need_checking(self, today=None):
        """Registration or IPT training never verified, or verified too long ago."""
        cutoff = credentials_cutoff(today)
        return self.filter(
            Q(registration_verified_on__isnull=True)
            | Q(registration_verified_on__lt=cutoff)
            | Q(ipt_verified_on__isnull=True)
            | Q(ipt_verified_on__lt=cutoff)
        )

    def _having(self, relation, slugs):
        """Therapists linked to any of `slugs` through `relation`.

        A correlated EXISTS on the link table (its unique (therapist, item) index): no
        join on the therapist table, so no DISTINCT, and the first page can be read in
        the listing index's order, stopping after twelve matches.
        """
        field = Therapist._meta.get_field(relation)
        target = field.related_model._meta.model_name
        links = field.remote_field.through.objects.filter(
            therapist_id=OuterRef("pk"), **{f"{target}__slug__in": list(slugs)}
        )
        return self.filter(Exists(links))

    def filter_directory(
        self,
        *,
        areas=(),
        formats=(),
        ages=(),
        language="",
        location="",
        accepting=False,
    ):
        """Apply the public directory's filters; any within a group, all across groups."""
        qs = self
        if areas:
            qs = qs._having("problem_areas", areas)
        if formats:
            qs = qs._having("formats", formats)
        if ages:
            qs = qs._having("age_groups", ages)
        if language:
            qs = qs._having("languages", [language])
        if location:
            match = Q(location__icontains=location)
            if set(formats) == {ONLINE}:
                # Someone looking for online sessions can see anyone who works remotely.
                match |= Q(online_anywhere=True)
            qs = qs.filter(match)
        if accepting:
            qs = qs.filter(accepting_new_clients=True)
        return qs


class Therapist(models.Model):
    class IPTLevel(models.TextChoices):
        # As IPT UK describes its members (its standards run from level A, basic training,
        # to D, supervisor and trainer): accreditation lasts while the therapist is a
        # subscribed member who meets its renewal requirements, so "Checked by us on" sits
        # beside it. IPT UK's organisation membership is not accreditation: use "Other".
        PRACTITIONER = "practitioner", "IPT practitioner, accredited by IPT UK"
        SUPERVISOR = "supervisor", "IPT supervisor, accredited by IPT UK"
        TRAINER = "trainer", "IPT trainer, accredited by IPT UK"
        IPT_A = "ipt-a", "IPT-A practitioner, for young people"
        IN_TRAINING = "in-training", "Training in IPT, under supervision"
        OTHER = "other", "Other (describe below)"

    # Who
    name = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=140, unique=True, help_text="The last part of the profile's address."
    )
    pronouns = models.CharField(max_length=40, blank=True, help_text="For example: she/her.")
    title = models.CharField(
        "professional title",
        max_length=160,
        help_text="For example: Counselling psychologist.",
    )
    qualifications = models.CharField(
        max_length=255, blank=True, help_text="For example: DCounsPsy, MSc, PGDip IPT."
    )

    # Credentials
    registration_body = models.CharField(
        "professional body", max_length=80, blank=True, help_text="For example: BACP, HCPC, BABCP."
    )
    registration_number = models.CharField(max_length=40, blank=True)
    registration_verified_on = models.DateField("registration last verified", null=True, blank=True)
    ipt_level = models.CharField(
        "IPT training level", max_length=20, choices=IPTLevel.choices, blank=True
    )
    ipt_level_other = models.CharField(
        "IPT training (other)",
        max_length=160,
        blank=True,
        help_text="Describe the IPT training when the level is “Other”.",
    )
    ipt_verified_on = models.DateField("IPT training last verified", null=True, blank=True)

    # Presentation
    photo = models.ImageField(
        upload_to="therapists/",
        blank=True,
        validators=[photos.validate_photo_size],
        help_text="JPEG, PNG or WebP, at most 5 MB. It is resized to at most 600 pixels.",
    )
    # Made from `photo` on save; shown on cards. Never edited by hand.
    photo_card = models.ImageField(upload_to="therapists/", blank=True, editable=False)
    photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text="Alternative text for people who cannot see the photo. Required with a photo.",
    )
    introduction = models.CharField(
        max_length=300, help_text="One or two sentences shown on directory cards."
    )
    biography = models.TextField(
        blank=True, help_text="Plain text. Leave an empty line between paragraphs."
    )

    # What they work with
    problem_areas = models.ManyToManyField(ProblemArea, blank=True, related_name="therapists")
    other_areas = models.ManyToManyField(Specialism, blank=True, related_name="therapists")
    age_groups = models.ManyToManyField(
        AgeGroup, blank=True, related_name="therapists", verbose_name="client ages"
    )
    formats = models.ManyToManyField(
        SessionFormat, blank=True, related_name="therapists", verbose_name="session formats"
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="therapists")
    location = models.CharField(
        max_length=120, blank=True, db_index=True, help_text="Town or area, e.g. Leeds."
    )
    online_anywhere = models.BooleanField(
        "sees clients online from anywhere",
        default=False,
        help_text="Tick if online clients need not live near the location.",
    )

    # Availability and publishing
    accepting_new_clients = models.BooleanField(default=True, db_index=True)
    accepting_confirmed_on = models.DateField("availability last confirmed", null=True, blank=True)
    email = models.EmailField(
        blank=True, help_text="Receives enquiry notifications. Never shown on the website."
    )
    published = models.BooleanField(default=False, db_index=True)
    display_order = models.PositiveIntegerField(
        default=100, help_text="Lower numbers come first in the directory."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = TherapistQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]
        indexes = [
            # The directory's order, for published profiles only: the first page is read
            # straight from this index, with no sort.
            models.Index(
                fields=["display_order", "name"],
                condition=Q(published=True),
                name="therapist_listing",
            ),
            # Every column the directory's counts read (published, the accepting flag, the
            # date availability was confirmed, the id): the counts scan this small index
            # instead of the wide table (a covering scan on SQLite, an index-only scan
            # joined to the link tables' indexes on PostgreSQL; docs/performance.md).
            models.Index(
                fields=["published", "accepting_new_clients", "accepting_confirmed_on", "id"],
                name="therapist_counts",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        replaced = []
        if self.photo and not getattr(self.photo, "_committed", True):
            # A newly uploaded file: shrink it, and make the card copy, before storage.
            if self.pk:
                replaced = [
                    name
                    for name in Therapist.objects.filter(pk=self.pk)
                    .values_list("photo", "photo_card")
                    .first()
                    or ()
                    if name
                ]
            stem = self.slug or "therapist"
            self.photo_card = photos.card_thumbnail(self.photo, stem)
            self.photo = photos.resize_photo(self.photo, stem)
        elif not self.photo and self.photo_card:
            replaced = [self.photo_card.name]  # the photo was cleared: its card copy goes too
            self.photo_card = ""
        super().save(*args, **kwargs)
        for name in replaced:
            if name not in (self.photo.name, self.photo_card.name):
                self.photo.storage.delete(name)  # no longer used

    def get_absolute_url(self):
        return reverse("therapists:detail", args=[self.slug])

    @property
    def card_photo_url(self):
        """The small copy for cards; the full photo for profiles saved before it existed."""
        return (self.photo_card or self.photo).url

    @property
    def initials(self):
        parts = [p for p in self.name.replace("-", " ").split() if p[:1].isalpha()]
        if not parts:
            return "?"
        if len(parts) == 1:
            return parts[0][:1].upper()
        return (parts[0][:1] + parts[-1][:1]).upper()

    @property
    def availability_stale(self):
        """True when visitors should be told how old the availability is."""
        confirmed = self.accepting_confirmed_on
        return confirmed is None or confirmed < availability_cutoff()

    def credential_problems(self, today=None):
        """Plain sentences, one per credential that was never or too long ago verified."""
        cutoff = credentials_cutoff(today)
        problems = []
        for label, verified in (
            ("Registration", self.registration_verified_on),
            ("IPT training", self.ipt_verified_on),
        ):
            if verified is None:
                problems.append(f"{label} has never been verified.")
            elif verified < cutoff:
                problems.append(
                    f"{label} was last verified on {date_format(verified, 'j F Y')}, "
                    f"more than {_period(settings.CREDENTIALS_VERIFY_DAYS)} ago."
                )
        return problems

    @property
    def ipt_training_display(self):
        if self.ipt_level == self.IPTLevel.OTHER:
            return self.ipt_level_other
        return self.get_ipt_level_display()

    def clean(self):
        errors = {}
        if self.photo and not self.photo_alt.strip():
            errors["photo_alt"] = "Describe the photo for people who cannot see it."
        if self.ipt_level == self.IPTLevel.OTHER and not self.ipt_level_other.strip():
            errors["ipt_level_other"] = "Describe the IPT training, or choose a level above."
        if errors:
            raise ValidationError(errors)
