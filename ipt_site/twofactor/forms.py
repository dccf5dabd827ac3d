import re

import django_otp
from django import forms
from django.utils import timezone
from django.utils.translation import ngettext

from ipt_site.web.forms import ErrorSummaryMixin

APP_CODE = re.compile(r"^\d{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


def throttled_message(device) -> str | None:
    """A plain sentence when too many wrong codes mean the person must wait."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (details or {}).get("locked_until")
    seconds = (
        max(1, int((locked_until - timezone.now()).total_seconds()) + 1) if locked_until else 0
    )
    wait = (ngettext("%d second", "%d seconds", seconds) % seconds) if seconds else "a moment"
    # The wait doubles with each wrong code (1, 2, 4, 8... seconds): after the first, one
    # wrong code is all there was, not "too many".
    failures = getattr(device, "throttling_failure_count", 0)
    lead = "That code did not work." if failures <= 1 else "Several codes in a row did not work."
    return f"{lead} Please wait {wait} before you try again."


class CodeForm(ErrorSummaryMixin, forms.Form):
    """A 6-digit code from the authenticator app, checked against one device."""

    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "form-control code-input",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )
    wrong_code = (
        "That code did not work. Codes change every 30 seconds: enter the one your app shows now."
    )

    def __init__(self, *args, user, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def normalise(self, code: str) -> str:
        code = re.sub(r"[\s-]", "", code)
        if not APP_CODE.match(code):
            raise forms.ValidationError("Enter the 6 digits your app shows, like 123456.")
        return code

    def clean_code(self):
        code = self.normalise(self.cleaned_data["code"])
        waiting = throttled_message(self.device)
        if waiting:
            raise forms.ValidationError(waiting)
        # django-otp checks under a row lock, refuses a code already used, and counts
        # failures towards its growing wait (1, 2, 4, 8... seconds).
        if django_otp.verify_token(self.user, self.device.persistent_id, code) is None:
            raise forms.ValidationError(self.wrong_code)
        return code


class RecoveryCodeForm(CodeForm):
    """One of the recovery codes made at set-up; each works once."""

    wrong_code = (
        "That recovery code did not work. It may have been used already. Check it and try again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = "Recovery code"
        field.help_text = "One of the 8-character codes you saved when you set up."
        field.error_messages["required"] = "Enter one of your recovery codes."
        field.widget.attrs.update(inputmode="text", autocomplete="off", autocapitalize="none")

    def normalise(self, code: str) -> str:
        code = re.sub(r"[\s-]", "", code).lower()
        if not RECOVERY_CODE.match(code):
            raise forms.ValidationError("Enter a recovery code: 8 letters and numbers.")
        return code
