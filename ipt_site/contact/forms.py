"""The enquiry form: what a person may send, and the quiet checks against bots."""

import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.html import format_html

from ipt_site.therapists.models import Therapist
from ipt_site.web.forms import ErrorSummaryMixin, HoneypotMixin, honeypot_field
from ipt_site.web.phone import validate_phone

from .models import SUBMITTED_FIELDS, Enquiry

STARTED_SALT = "ipt_site.contact.form-started"
# A form older than this (a page left open for days, or served from a cache) is shown
# again with a new token instead of being dropped: a real person may be behind it.
TOKEN_MAX_AGE = 24 * 60 * 60
LINE_BREAKS = ("\r", "\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")

MESSAGE_MIN = 20
MESSAGE_MAX = 3000


def new_token() -> str:
    """A signed 'form shown at' time for the hidden `started` field."""
    return signing.dumps(time.time(), salt=STARTED_SALT)


def token_age(token: str) -> float | None:
    """Seconds since the token was made, or None when it is missing or tampered with."""
    try:
        started = float(signing.loads(token, salt=STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return time.time() - started


class SingleLineMixin:
    """Refuse line breaks inside the value: they have no place in a name or an address,
    and in an email header they would let someone add headers of their own."""

    line_break_message = "Please write this on one line."

    def to_python(self, value):
        if isinstance(value, str) and any(ch in value.strip() for ch in LINE_BREAKS):
            raise forms.ValidationError(self.line_break_message, code="line_break")
        return super().to_python(value)


class SingleLineCharField(SingleLineMixin, forms.CharField):
    pass


class SingleLineEmailField(SingleLineMixin, forms.EmailField):
    pass


class TherapistChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class EnquiryForm(ErrorSummaryMixin, HoneypotMixin, forms.ModelForm):
    name = SingleLineCharField(
        label="Your name",
        max_length=200,
        help_text="The name you would like us to use.",
        error_messages={"required": "Enter your name."},
    )
    email = SingleLineEmailField(
        label="Email address",
        max_length=254,
        help_text="We use it only to reply to you.",
        error_messages={
            "required": "Enter your email address, so we can reply.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
    )
    phone = SingleLineCharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        help_text="Only if you would like us to call you. A UK number such as 07700 900123, "
        "or + and the country code for a number abroad.",
        validators=[validate_phone],
    )
    contact_preference = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=Enquiry.ContactPreference.choices,
        initial=Enquiry.ContactPreference.EMAIL,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like us to contact you."},
    )
    therapist = TherapistChoiceField(
        label="Therapist (optional)",
        queryset=Therapist.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label="No preference, or not sure yet",
        help_text="If you would like to see someone in particular.",
        error_messages={"invalid_choice": "Choose a therapist from the list, or no preference."},
    )
    preferred_format = forms.ChoiceField(
        label="How would you like to meet?",
        choices=Enquiry.Format.choices,
        initial=Enquiry.Format.NO_PREFERENCE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like to meet, or no preference."},
    )
    message = forms.CharField(
        label="Your message",
        min_length=MESSAGE_MIN,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "A few lines about what you would like help with is enough. You do not need "
            "to share anything you are not ready to. "
            f"Between {MESSAGE_MIN} and {MESSAGE_MAX:,} characters."
        ),
        error_messages={
            "required": "Write a short message, so we know how we can help.",
            "min_length": (
                f"Write at least {MESSAGE_MIN} characters, so we know how we can help "
                "(you have written %(show_value)d)."
            ),
            "max_length": (
                f"Keep your message to {MESSAGE_MAX:,} characters or fewer "
                "(you have written %(show_value)d). We can talk about the rest."
            ),
        },
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": ("Tick the box to agree to us storing your message, or call us instead.")
        },
    )
    # Hidden from people: a field only a bot fills in, and when the form was shown.
    website = honeypot_field()
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Enquiry
        fields = SUBMITTED_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_therapist_choices()
        self.fields["consent"].label = format_html(
            "I agree to {} storing what I send, so they can reply. "
            '<a href="{}" target="_blank" rel="noopener">How we look after your '
            "information (opens in a new tab)</a>",
            settings.PRACTICE_NAME,
            "/privacy/",
        )
        self.fields["message"].widget.attrs.pop("minlength", None)
        attrs = {
            "name": {"autocomplete": "name", "spellcheck": "false"},
            "email": {"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
            "phone": {"autocomplete": "tel", "inputmode": "tel"},
        }
        for field, extra in attrs.items():
            self.fields[field].widget.attrs.update(extra)
        self.fields["phone"].widget.input_type = "tel"
        if not self.is_bound:
            self.initial.setdefault("started", new_token())
        self.bot_reason = ""
        self.token_expired = False

        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.template = "contact/crispy_fields.html"
        self.helper.layout = Layout(
            "name",
            "email",
            "phone",
            "contact_preference",
            "therapist",
            "preferred_format",
            Field("message", css_class="enquiry-message"),
            "consent",
            "started",
        )

    def _limit_therapist_choices(self):
        """Every published therapist, up to CONTACT_THERAPIST_LIST_MAX; beyond that only the
        one asked for (from a profile's Contact link, or the posted value).

        A list of thousands is no use to a person on a phone and weighs hundreds of KB on
        a page that cannot be compressed (it holds a form token); the directory's own
        filters are the way to choose someone among that many.
        """
        field = self.fields["therapist"]
        published = Therapist.objects.published().order_by("name")
        if published.count() <= settings.CONTACT_THERAPIST_LIST_MAX:
            field.queryset = published
            return
        chosen = self.data.get(self.add_prefix("therapist")) if self.is_bound else None
        chosen = chosen or self.initial.get("therapist") or ""
        field.queryset = published.filter(slug=chosen) if chosen else published.none()
        field.help_text = (
            "To ask for someone in particular, use the Contact link on their page in our "
            "directory (Find a therapist)."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact_preference") == Enquiry.ContactPreference.PHONE and not (
            cleaned.get("phone") or self.has_error("phone")
        ):
            self.add_error(
                "phone", "Enter a phone number so we can call you, or choose email instead."
            )
        age = token_age(self.data.get(self.add_prefix("started"), ""))
        if age is None or age > TOKEN_MAX_AGE:
            # Stale or damaged page: ask again, keep everything they wrote.
            self.token_expired = True
            self.add_error(
                None,
                "This page had been open for a long time, so we could not accept it yet. "
                "Everything you wrote is still here: please check it and send it again.",
            )
        elif 0 <= age < settings.ENQUIRY_MIN_SECONDS:
            self.bot_reason = "too_fast"
        if self.honeypot_filled:
            self.bot_reason = "honeypot"
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.token_expired:
            # A fresh token, so the next attempt goes through.
            data = self.data.copy()
            data[self.add_prefix("started")] = new_token()
            self.data = data
