"""Therapist profiles for the public directory.

Small vocabularies (problem areas, other areas, client ages, session formats, languages,
health insurers) are lookup models joined by many-to-many relations: the admin edits them with
checkboxes, the directory filters them by slug, and their rows are seeded by a data
migration so every environment has the same slugs that content pages link to.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from . import fees, photos, towns

# The slugs of the session formats (seeded by migration 0002).
ONLINE = "online"
IN_PERSON = "in-person"
# Addresses under /therapists/ that are pages, not profiles: no therapist may take them.
RESERVED_SLUGS = frozenset({"find", "shortlist"})


def validate_not_reserved(slug):
    if slug in RESERVED_SLUGS:
        raise ValidationError(f"“{slug}” is the address of another page. Choose another.")


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


class Lookup(models.Model):
    """A named value with a stable slug (used in URLs) and a display order."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(default=100)

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


class Insurer(Lookup):
    """Private health insurers a therapist is registered with: a list staff keep."""

    class Meta(Lookup.Meta):
        verbose_name = "health insurer"


class Availability(models.IntegerChoices):
    """How soon a therapist can see someone new. The numbers sort soonest first."""

    WITHIN_2_WEEKS = 1, "Can start within 2 weeks"
    WITHIN_2_MONTHS = 2, "Can start within 1 to 2 months"
    WAITING_LIST = 3, "Waiting list open"
    NOT_TAKING = 4, "Not taking anyone just now"


# The statuses in which a therapist can take someone on (not only add them to a list).
TAKING_PEOPLE = (Availability.WITHIN_2_WEEKS, Availability.WITHIN_2_MONTHS)
# Each status's name in addresses (?start=...) and CSS classes.
AVAILABILITY_SLUGS = {
    Availability.WITHIN_2_WEEKS: "2-weeks",
    Availability.WITHIN_2_MONTHS: "2-months",
    Availability.WAITING_LIST: "waiting-list",
    Availability.NOT_TAKING: "not-taking",
}
# The directory's "how soon" filter: each choice, its words and the latest status it takes.
START_FILTER = {
    "2-weeks": ("Within 2 weeks", Availability.WITHIN_2_WEEKS),
    "2-months": ("Within 2 months", Availability.WITHIN_2_MONTHS),
    "waiting-list": ("Within 2 months, or a waiting list", Availability.WAITING_LIST),
}
# The order of the directory and the area pages' cards (after "confirmed lately" first):
# soonest start first, then the practice's own order. The listing index has these columns.
DIRECTORY_ORDER = ("availability", "display_order", "name")

# Venue access: the field and the words a visitor reads, in one place.
ACCESS_FEATURES = {
    "step-free": ("step_free", "Step-free access"),
    "toilet": ("accessible_toilet", "Accessible toilet"),
    "transport": ("near_public_transport", "Near public transport"),
}


def linked_to(relation, slugs):
    """A condition: the therapist is linked to any of `slugs` through `relation`.

    A correlated EXISTS on the link table (its unique (therapist, item) index): no
    join on the therapist table, so no DISTINCT, and the first page can be read in
    the listing index's order, stopping after twelve matches.
    """
    field = Therapist._meta.get_field(relation)
    target = field.related_model._meta.model_name
    links = field.remote_field.through.objects.filter(
        therapist_id=OuterRef("pk"), **{f"{target}__slug__in": list(slugs)}
    )
    return Q(Exists(links))


class TherapistQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def can_take_people(self):
        """Therapists whose status says they can start with someone new (not a waiting
        list, not closed)."""
        return self.filter(availability__in=TAKING_PEOPLE)

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

    def filter_directory(self, **filters):
        """Apply the public directory's filters; any within a group, all across groups.

        The keyword arguments are those of `directory_conditions`.
        """
        conditions = self.directory_conditions(**filters)
        return self.filter(*conditions.values()) if conditions else self

    def directory_conditions(
        self,
        *,
        areas=(),
        formats=(),
        ages=(),
        language="",
        location="",
        start="",
        fee=None,
        concessions=False,
        insurer="",
        intro=False,
        access=(),
    ):
        """Each applied filter as one condition, keyed by the filter's name (access
        features each on their own: "access:step-free"), in a stable order.

        The directory ANDs them all; its "loosen a filter" counts leave one out at a time.
        """
        conditions = {}
        if areas:
            conditions["areas"] = linked_to("problem_areas", areas)
        if formats:
            conditions["formats"] = linked_to("formats", formats)
        if ages:
            conditions["ages"] = linked_to("age_groups", ages)
        if language:
            conditions["language"] = linked_to("languages", [language])
        if location:
            # What was typed, anywhere in the therapist's town or area; and, when it is a
            # listed town, the listed towns near it too (towns.py).
            match = Q(location__icontains=location)
            town = towns.find(location)
            for other in towns.nearby(town) if town else ():
                match |= Q(location__iregex=towns.whole_word_pattern(other.name))
            if set(formats) == {ONLINE}:
                # Someone looking for online sessions can see anyone who works remotely.
                match |= Q(online_anywhere=True)
            conditions["location"] = match
        if start:
            conditions["start"] = Q(availability__lte=START_FILTER[start][1])
        if fee:
            conditions["fee"] = Q(fee_min__lte=fee)
        if concessions:
            conditions["concessions"] = Q(concessions=True)
        if insurer:
            conditions["insurer"] = linked_to("insurers", [insurer])
        if intro:
            conditions["intro"] = Q(intro_call=True)
        for feature in access:
            conditions[f"access:{feature}"] = Q(**{ACCESS_FEATURES[feature][0]: True})
        return conditions


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
        max_length=140,
        unique=True,
        validators=[validate_not_reserved],
        help_text="The last part of the profile's address.",
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

    # Money and practicalities
    fee_min = models.PositiveSmallIntegerField(
        "fee per session (£)",
        null=True,
        blank=True,
        validators=[MinValueValidator(fees.FEE_LOWEST), MaxValueValidator(fees.FEE_HIGHEST)],
        help_text="In whole pounds. For a range, this is the lowest fee.",
    )
    fee_max = models.PositiveSmallIntegerField(
        "highest fee (£), for a range",
        null=True,
        blank=True,
        validators=[MinValueValidator(fees.FEE_LOWEST), MaxValueValidator(fees.FEE_HIGHEST)],
        help_text="Leave empty when there is one fee.",
    )
    concessions = models.BooleanField(
        "offers lower fees (concessions or a sliding scale)", default=False
    )
    concessions_note = models.CharField(
        "about the lower fees",
        max_length=160,
        blank=True,
        help_text="Who they are for, in a few words. For example: students and people on benefits.",
    )
    insurers = models.ManyToManyField(
        Insurer, blank=True, related_name="therapists", verbose_name="health insurers accepted"
    )
    intro_call = models.BooleanField("offers a free introductory call", default=False)
    intro_call_minutes = models.PositiveSmallIntegerField(
        "length of the free call (minutes)",
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(60)],
    )
    step_free = models.BooleanField("step-free access to the room", default=False)
    accessible_toilet = models.BooleanField("accessible toilet", default=False)
    near_public_transport = models.BooleanField("near public transport", default=False)

    # Availability and publishing
    availability = models.PositiveSmallIntegerField(
        choices=Availability.choices,
        default=Availability.WITHIN_2_MONTHS,
        help_text="How soon they can see someone new.",
    )
    # A new profile's status is confirmed the day it is made.
    accepting_confirmed_on = models.DateField(
        "availability last confirmed", null=True, blank=True, default=timezone.localdate
    )
    availability_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
            # The directory's order (DIRECTORY_ORDER), for published profiles only: the
            # first page is read straight from this index, with no sort.
            models.Index(
                fields=list(DIRECTORY_ORDER),
                condition=Q(published=True),
                name="therapist_listing",
            ),
            # Every column the directory's counts read (published, the status, the date
            # it was confirmed, the id): the counts scan this small index instead of the
            # wide table (a covering scan on SQLite, an index-only scan joined to the
            # link tables' indexes on PostgreSQL; docs/performance.md).
            models.Index(
                fields=["published", "availability", "accepting_confirmed_on", "id"],
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
    def can_take_people(self):
        return self.availability in TAKING_PEOPLE

    @property
    def availability_slug(self):
        return AVAILABILITY_SLUGS[self.availability]

    @property
    def fee_text(self):
        """ "£60 a session", "£50 to £80 a session", or "" when no fee is given."""
        return fees.fee_text(self.fee_min, self.fee_max)

    @property
    def course_cost_text(self):
        """The estimated cost of a course of IPT, or "" when no fee is given."""
        return fees.course_cost_text(self.fee_min, self.fee_max)

    @property
    def access_features(self):
        """The venue's access features, in words ("Step-free access", ...)."""
        return [label for field, label in ACCESS_FEATURES.values() if getattr(self, field)]

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
        errors.update(fees.fee_errors(self.fee_min, self.fee_max))
        if errors:
            raise ValidationError(errors)
