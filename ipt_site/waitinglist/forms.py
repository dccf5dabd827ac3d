"""An email address and consent: all the waiting list asks for."""

from django import forms
from django.conf import settings
from django.utils.html import format_html

from ipt_site.contact.forms import SingleLineEmailField
from ipt_site.web.forms import ErrorSummaryMixin, HoneypotMixin, honeypot_field


class WaitingListForm(ErrorSummaryMixin, HoneypotMixin, forms.Form):
    email = SingleLineEmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address, so we can tell you.",
            "invalid": "Enter an email address in the correct format, like name@example.com.",
        },
    )
    consent = forms.BooleanField(
        error_messages={
            "required": "Tick the box to agree to us keeping your email address for this."
        }
    )
    website = honeypot_field()

    def __init__(self, *args, therapist=None, **kwargs):
        super().__init__(*args, **kwargs)
        who = therapist.name if therapist else "one of our therapists"
        self.fields["consent"].label = format_html(
            "I agree to {} keeping my email address to send me one email when {} can take "
            "someone new. It is deleted after that email, or after {} days, whichever comes "
            'first. <a href="/privacy/">How we look after your information</a>',
            settings.PRACTICE_NAME,
            who,
            settings.WAITING_LIST_DAYS,
        )
        self.fields["email"].widget.attrs.update(
            autocomplete="email", inputmode="email", spellcheck="false"
        )
