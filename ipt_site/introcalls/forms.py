"""What a visitor gives to book a free call (or to suggest times), and what a therapist
gives to publish their weekly times and days off. Nothing about health is asked for."""

import re
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html

from ipt_site.contact.forms import SingleLineCharField, SingleLineEmailField
from ipt_site.web.forms import ErrorSummaryMixin, HoneypotMixin, honeypot_field

from . import slots as slotlib
from .models import MAX_WINDOWS, WEEKDAYS, CallMode, CallRequest, CallWindow, TimeOff

PHONE = re.compile(r"^\+?[0-9 ()\-]{7,30}$")


class ContactFieldsMixin(HoneypotMixin, forms.Form):
    """Name, a way to reach the visitor, and how they would like the call."""

    name = SingleLineCharField(
        label="Your name",
        max_length=200,
        help_text="The name you would like the therapist to use.",
        error_messages={"required": "Enter your name."},
    )
    mode = forms.ChoiceField(
        label="How would you like the call?",
        choices=CallMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a phone call or a video call."},
    )
    phone = SingleLineCharField(
        label="Phone number",
        max_length=40,
        required=False,
        help_text="Needed for a phone call. Optional for a video call.",
    )
    email = SingleLineEmailField(
        label="Email address",
        max_length=254,
        required=False,
        help_text="Needed for a video call, so the therapist can send you the link. We also "
        "send you a confirmation and a reminder.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com."
        },
    )
    consent = forms.BooleanField(
        error_messages={
            "required": "Tick the box to agree to us keeping your details for this call."
        },
    )
    website = honeypot_field()

    consent_purpose = "to arrange this call"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = format_html(
            "I agree to {} keeping my name and contact details {}. They are deleted {} days "
            'after the call. <a href="/privacy/">How we look after your information</a>',
            settings.PRACTICE_NAME,
            self.consent_purpose,
            settings.INTRO_CALL_RETENTION_DAYS,
        )
        self.fields["name"].widget.attrs.update(autocomplete="name", spellcheck="false")
        self.fields["email"].widget.attrs.update(
            autocomplete="email", inputmode="email", spellcheck="false"
        )
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")

    def clean_phone(self):
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and (not PHONE.match(phone) or len(re.sub(r"\D", "", phone)) < 7):
            raise forms.ValidationError(
                "Enter a phone number with at least 7 digits, like 07700 900123."
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("mode")
        if mode == CallMode.PHONE and not cleaned.get("phone") and not self.has_error("phone"):
            self.add_error("phone", "Enter a phone number for the call, or choose a video call.")
        if mode == CallMode.VIDEO and not cleaned.get("email") and not self.has_error("email"):
            self.add_error(
                "email",
                "Enter your email address so the therapist can send you the video link, or "
                "choose a phone call.",
            )
        return cleaned


class SlotChoiceMixin(forms.Form):
    """A `slot` field whose choices are the therapist's free times just now.

    The view gives the `Times` it read; an id that is malformed, past, of another
    therapist or not offered, and one taken meanwhile, each get their own plain message,
    and `alternatives` then holds the nearest free times to offer instead.
    """

    slot = forms.CharField(
        label="Choose a time", error_messages={"required": "Choose a time for the call."}
    )

    def __init__(self, *args, times, **kwargs):
        super().__init__(*args, **kwargs)
        self.times = times
        self.alternatives = []
        self.chosen = None
        wanted = self.data.get(self.add_prefix("slot")) if self.is_bound else None
        wanted = wanted if wanted is not None else self.initial.get("slot", "")
        self.chosen = times.find(wanted)
        self.slot_problem_message = ""
        if self.chosen is None and (wanted or self.is_bound):
            self.offer_alternatives(wanted)
            if wanted:
                self.slot_problem_message = self.slot_problem(wanted)

    def offer_alternatives(self, wanted):
        start = slotlib.parse_id(wanted)
        if start is None or start < timezone.now():
            start = timezone.now()
        self.alternatives = slotlib.nearest(self.times.free, start)

    def slot_problem(self, wanted) -> str:
        if slotlib.parse_id(wanted) is None:
            return "That time is not one we recognise. Choose one of the times below."
        if self.times.was_offered(wanted):
            return (
                "Sorry, someone booked that time a moment ago. Here are the nearest free "
                "times: choose one and send the form again."
            )
        return (
            "That time is not one we can offer: it may have passed, or changed. Choose one of "
            "the times below."
        )

    def clean_slot(self):
        wanted = self.cleaned_data["slot"]
        slot = self.times.find(wanted)
        if slot is None:
            self.offer_alternatives(wanted)
            raise forms.ValidationError(self.slot_problem(wanted), code="unavailable")
        self.chosen = slot
        return slot

    def slot_taken(self):
        """After the database refused the booking: someone was a moment quicker."""
        wanted = self.chosen.id if self.chosen else ""
        self.times.free = [slot for slot in self.times.free if slot.id != wanted]
        self.chosen = None
        self.offer_alternatives(wanted)
        self.add_error(
            "slot",
            "Sorry, someone booked that time a moment ago. Here are the nearest free times: "
            "choose one and send the form again.",
        )


class BookingForm(ErrorSummaryMixin, SlotChoiceMixin, ContactFieldsMixin):
    field_order = ["slot", "name", "mode", "phone", "email", "consent"]


class MoveForm(ErrorSummaryMixin, SlotChoiceMixin):
    pass


def _day_choices(today=None):
    today = today or timezone.localdate()
    days = [today + timedelta(days=n) for n in range(1, settings.INTRO_CALL_DAYS_AHEAD + 1)]
    return [("", "Choose a day")] + [(day.isoformat(), slotlib.day_label(day)) for day in days]


class SuggestTimesForm(ErrorSummaryMixin, ContactFieldsMixin):
    """Three times that suit the visitor, when none offered does (the first is needed)."""

    consent_purpose = "to arrange a call"
    field_order = [
        "day_1", "part_1", "day_2", "part_2", "day_3", "part_3",
        "name", "mode", "phone", "email", "consent",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = _day_choices()
        parts = [("", "Choose a time of day"), *CallRequest.Part.choices]
        for number in (1, 2, 3):
            required = number == 1
            optional = "" if required else " (optional)"
            self.fields[f"day_{number}"] = forms.TypedChoiceField(
                label=f"Day{optional}",
                choices=days,
                required=required,
                coerce=date.fromisoformat,
                empty_value=None,
                error_messages={
                    "required": "Choose a day that suits you.",
                    "invalid_choice": "Choose a day from the list.",
                },
            )
            self.fields[f"part_{number}"] = forms.ChoiceField(
                label=f"Time of day{optional}",
                choices=parts,
                required=required,
                error_messages={
                    "required": "Choose a time of day that suits you.",
                    "invalid_choice": "Choose a time of day from the list.",
                },
            )
        self.order_fields(self.field_order)

    def clean(self):
        cleaned = super().clean()
        for number in (2, 3):
            day, part = cleaned.get(f"day_{number}"), cleaned.get(f"part_{number}")
            if day and not part and not self.has_error(f"part_{number}"):
                self.add_error(f"part_{number}", "Choose a time of day for this day too.")
            if part and not day and not self.has_error(f"day_{number}"):
                self.add_error(f"day_{number}", "Choose a day for this time of day too.")
        return cleaned

    def choices(self):
        """The rows of the form: (number words, day field, part field)."""
        return [
            (words, self[f"day_{n}"], self[f"part_{n}"])
            for n, words in ((1, "First choice"), (2, "Second choice"), (3, "Third choice"))
        ]


class WindowForm(ErrorSummaryMixin, forms.ModelForm):
    """A weekly time for calls, in the therapist's /account/ page."""

    class Meta:
        model = CallWindow
        fields = ("weekday", "starts", "ends")
        labels = {"weekday": "Day", "starts": "From", "ends": "Until"}
        help_texts = {"starts": "UK time, for example 09:30.", "ends": "For example 11:00."}
        widgets = {
            "starts": forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
            "ends": forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
        }
        error_messages = {
            "weekday": {"required": "Choose a day."},
            "starts": {"required": "Enter the start time.", "invalid": "Enter a time like 09:30."},
            "ends": {"required": "Enter the end time.", "invalid": "Enter a time like 11:00."},
        }

    def __init__(self, *args, therapist, **kwargs):
        super().__init__(*args, **kwargs)
        self.therapist = therapist
        self.fields["weekday"].choices = [("", "Choose a day"), *WEEKDAYS]

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = (cleaned.get(k) for k in ("weekday", "starts", "ends"))
        if starts is None or ends is None or day is None:
            return cleaned
        if ends <= starts:
            self.add_error("ends", "The end must be later than the start.")
            return cleaned
        minutes = self.therapist.intro_call_minutes
        length = (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)
        if length < minutes:
            self.add_error(
                "ends", f"Leave at least {minutes} minutes, the length of your free call."
            )
        others = CallWindow.objects.filter(therapist=self.therapist)
        if others.filter(weekday=day, starts__lt=ends, ends__gt=starts).exists():
            self.add_error(None, "This overlaps a time you already offer on that day.")
        if others.count() >= MAX_WINDOWS:
            self.add_error(None, f"You can offer at most {MAX_WINDOWS} weekly times.")
        return cleaned


class TimeOffForm(ErrorSummaryMixin, forms.ModelForm):
    class Meta:
        model = TimeOff
        fields = ("first_day", "last_day")
        labels = {"first_day": "First day off", "last_day": "Last day off"}
        help_texts = {"last_day": "The same as the first day for one day."}
        widgets = {
            "first_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "last_day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "first_day": {"required": "Enter the first day.", "invalid": "Enter a real date."},
            "last_day": {"required": "Enter the last day.", "invalid": "Enter a real date."},
        }

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", "The last day must be on or after the first day.")
            elif last < timezone.localdate():
                self.add_error("last_day", "These days have passed.")
            elif (last - first).days > 366:
                self.add_error("last_day", "Add at most a year at a time.")
        return cleaned
