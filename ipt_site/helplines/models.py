"""Help lines: the crisis routes in the urgent-help panel and the services pages signpost.

Staff change them in the admin, without a deploy. Every row is public data shown on
cached pages: the app is in PAGE_CACHE_DATA_APPS, so a save starts a new data version.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

# What a page writes: [[signpost_<key>]], [[number_<key>]].
KEY = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    "Use lower-case letters, digits and underscores, starting with a letter, like nhs_111.",
)
# How numbers are written on the site: digits in groups, as the service itself writes them.
NUMBER = RegexValidator(
    r"^\d+(?: \d+)*$",
    "Write the number as digits in groups separated by single spaces, like 0808 808 8000.",
)


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


class Grade(models.TextChoices):
    """Where a line sits in the urgent-help panel, most urgent first."""

    EMERGENCY = "emergency", "Emergency: a life is in danger (999, A&E)"
    URGENT = "urgent", "Urgent: help today (NHS 111 and its equivalents)"
    SUPPORT = "support", "Support: someone to talk to, any time"


class Helpline(models.Model):
    key = models.CharField(
        max_length=40,
        unique=True,
        validators=[KEY],
        help_text="Pages use it: [[signpost_KEY]] shows the whole service, [[number_KEY]] its "
        "number. Changing it breaks the pages that use the old key.",
    )
    name = models.CharField(max_length=80, help_text="For example: Samaritans.")
    detail = models.CharField(
        max_length=240,
        blank=True,
        help_text="What it offers and who it is for, in plain words, starting in lower case: "
        "'to talk about anything that is troubling you'. A service pages signpost needs one; "
        "in the urgent-help panel it may be left empty when the heading says it all.",
    )
    phone = models.CharField(
        "phone number", max_length=20, blank=True, validators=[NUMBER], help_text="116 123"
    )
    phone_how = models.CharField(
        "after dialling",
        max_length=80,
        blank=True,
        help_text="What to do once through, if anything: 'choose the mental health option'.",
    )
    text_number = models.CharField(
        max_length=20, blank=True, validators=[NUMBER], help_text="For a text service: 85258."
    )
    text_message = models.CharField(
        max_length=20, blank=True, help_text="The word to send, if there is one: SHOUT."
    )
    website = models.URLField(blank=True, help_text="The service's own page, starting https://.")
    hours = models.CharField(
        "opening hours",
        max_length=120,
        blank=True,
        help_text="'any time, day or night', or the hours: '9am to 6pm, Monday to Friday'.",
    )
    cost = models.CharField(
        max_length=80,
        blank=True,
        help_text="'free', or what a call costs: 'the cost of a local call'.",
    )
    england = models.BooleanField(default=True)
    scotland = models.BooleanField(default=True)
    wales = models.BooleanField(default=True)
    northern_ireland = models.BooleanField("Northern Ireland", default=True)
    grade = models.CharField(
        "urgent-help panel",
        max_length=12,
        choices=Grade.choices,
        blank=True,
        help_text="Leave empty for a service that pages signpost but the panel does not show.",
    )
    order = models.PositiveSmallIntegerField(
        default=100, help_text="Lowest first, within its part of the panel."
    )
    checked_on = models.DateField(
        "details last checked",
        null=True,
        blank=True,
        help_text="When someone last checked the number, hours and cost on the service's "
        "own website.",
    )

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def nations(self) -> list[str]:
        return [nation.label for nation in Nation if getattr(self, nation.value)]

    def clean(self):
        errors = {}
        if not (self.phone or self.text_number or self.website):
            errors["phone"] = "Give a phone number, a text number or a website."
        if self.text_message and not self.text_number:
            errors["text_message"] = "A word to send needs a text number."
        if self.phone_how and not self.phone:
            errors["phone_how"] = "This needs a phone number."
        if self.website and not self.website.startswith("https://"):
            errors["website"] = "Use the secure address, starting https://."
        if not self.grade and not self.detail.strip():
            errors["detail"] = "Say what the service offers: pages show it where they name it."
        if not self.nations:
            errors["england"] = "Tick at least one nation the service serves."
        if self.grade and not (self.phone or self.text_number):
            errors["grade"] = "The urgent-help panel only shows services people can call or text."
        if self.grade == Grade.EMERGENCY and len(self.nations) < len(Nation):
            errors["grade"] = "An emergency route must serve all four nations."
        if re.search(r"[<>]", self.detail):
            errors["detail"] = "Write plain text: no < or > signs."
        if self.pk and self.grade != Grade.EMERGENCY and self._is_last_emergency_route():
            errors["grade"] = (
                "This is the only emergency route in the urgent-help panel. Add another "
                "emergency route before you change this one."
            )
        if errors:
            raise ValidationError(errors)

    def _is_last_emergency_route(self) -> bool:
        saved = Helpline.objects.filter(pk=self.pk).values_list("grade", flat=True).first()
        others = Helpline.objects.filter(grade=Grade.EMERGENCY).exclude(pk=self.pk)
        return saved == Grade.EMERGENCY and not others.exists()

    def is_only_emergency_route(self) -> bool:
        return self.grade == Grade.EMERGENCY and not (
            Helpline.objects.filter(grade=Grade.EMERGENCY).exclude(pk=self.pk).exists()
        )
