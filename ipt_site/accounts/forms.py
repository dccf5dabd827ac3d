"""Forms for therapists' own pages: sign in, edit the profile, availability."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.files.uploadedfile import UploadedFile

from ipt_site.therapists import photos
from ipt_site.therapists.models import Availability, Therapist
from ipt_site.web.forms import ErrorSummaryMixin

from .models import EDITABLE_FIELDS, LIST_FIELDS, NUMBER_FIELDS, VALUE_FIELDS


class ForgotPasswordForm(ErrorSummaryMixin, forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="The address you sign in with.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address in the correct format, like name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class SetPasswordForm(ErrorSummaryMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(ErrorSummaryMixin, auth_forms.PasswordChangeForm):
    pass


class SignInForm(ErrorSummaryMixin, auth_forms.AuthenticationForm):
    """Django's sign-in form (it authenticates with the request, so django-axes counts
    every failure), for therapists only: staff sign in to the staff area, where their
    own rules (two-factor, shorter sessions) apply."""

    error_messages = {
        "invalid_login": (
            "Your email address and password do not match. Check them and try again."
        ),
        "inactive": "This account is switched off. Please contact the practice.",
        "not_therapist": (
            "This sign-in is for therapists in our directory. Staff sign in to the staff area."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "inputmode": "email", "spellcheck": "false"}
        )
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].error_messages["required"] = "Enter your email address."
        self.fields["password"].error_messages["required"] = "Enter your password."

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_staff or user.is_superuser or not hasattr(user, "therapist_account"):
            raise forms.ValidationError(self.error_messages["not_therapist"], code="not_therapist")


class ProfileForm(ErrorSummaryMixin, forms.ModelForm):
    """The part of a profile a therapist may change (EDITABLE_FIELDS). Saving it never
    touches the profile: the view stores the cleaned data as a pending change.

    A ModelForm over a fresh, unsaved Therapist, so the model's own rules (field limits,
    `Therapist.clean`, such as a fee range the right way round) apply here too.
    """

    photo = forms.FileField(
        label="New photo (optional)",
        required=False,
        help_text="A JPEG, PNG or WebP photo of at most 5 MB. We make it smaller for you.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(
        label="Remove my photo (your initials are shown instead)", required=False
    )

    class Meta:
        model = Therapist
        fields = EDITABLE_FIELDS
        labels = {
            "pronouns": "Your pronouns (optional)",
            "title": "Your professional title",
            "qualifications": "Your qualifications (optional)",
            "introduction": "Short introduction",
            "biography": "About you (optional)",
            "problem_areas": "The main areas of your IPT work",
            "other_areas": "Other areas you work with",
            "formats": "How you offer sessions",
            "age_groups": "Who you work with",
            "languages": "Languages you offer sessions in",
            "location": "Town or area (optional)",
            "online_anywhere": "I see clients online wherever they live",
            "step_free": "Step-free access to the room",
            "accessible_toilet": "An accessible toilet",
            "near_public_transport": "Near public transport",
            "photo_alt": "Describe your photo",
            "fee_min": "Your fee for one session, in pounds (optional)",
            "fee_max": "Your highest fee, if you charge a range (optional)",
            "concessions": "I offer lower fees (concessions or a sliding scale)",
            "concessions_note": "Who the lower fees are for (optional)",
            "insurers": "Health insurers you are registered with",
            "intro_call": "I offer a free introductory call",
            "intro_call_minutes": "How long the free call is, in minutes",
        }
        help_texts = {
            "pronouns": "For example: she/her.",
            "title": "For example: Counselling psychologist.",
            "qualifications": "For example: DCounsPsy, MSc, PGDip IPT.",
            "introduction": "One or two sentences. People see this first, on the directory list.",
            "biography": "Plain text. Leave an empty line between paragraphs.",
            "location": "For example: Leeds.",
            "photo_alt": "For people who cannot see it. For example: Sam smiling, in a garden.",
            "fee_min": (
                "In whole pounds, for example 60. For a range, your lowest fee. Your profile "
                "also shows what a course of 12 to 16 sessions may cost."
            ),
            "fee_max": "Leave this empty if you charge one fee.",
            "concessions_note": "In a few words. For example: students and people on benefits.",
            "intro_call_minutes": "Between 5 and 60.",
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "biography": forms.Textarea(attrs={"rows": 10}),
            "problem_areas": forms.CheckboxSelectMultiple,
            "other_areas": forms.CheckboxSelectMultiple,
            "formats": forms.CheckboxSelectMultiple,
            "age_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "insurers": forms.CheckboxSelectMultiple,
            "fee_min": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "fee_max": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        error_messages = {
            "introduction": {"required": "Write a short introduction."},
            "title": {"required": "Write your professional title."},
            **{
                name: {
                    "invalid": "Enter the fee in whole pounds, for example 60.",
                    "min_value": "Enter a fee of at least £1, or leave it empty.",
                    "max_value": "Enter a fee below £1,000, in whole pounds.",
                }
                for name in ("fee_min", "fee_max")
            },
            "intro_call_minutes": {
                "invalid": "Enter the length in whole minutes, for example 15.",
                "min_value": "Make the call at least 5 minutes long.",
                "max_value": "Make the call 60 minutes or shorter.",
            },
        }

    # The order of the page (and of the error summary).
    field_order = (
        "pronouns",
        "title",
        "qualifications",
        "introduction",
        "biography",
        "problem_areas",
        "other_areas",
        "formats",
        "age_groups",
        "languages",
        "location",
        "online_anywhere",
        "step_free",
        "accessible_toilet",
        "near_public_transport",
        "fee_min",
        "fee_max",
        "concessions",
        "concessions_note",
        "insurers",
        "intro_call",
        "intro_call_minutes",
        "photo",
        "photo_alt",
        "remove_photo",
    )

    def __init__(self, *args, approved, has_photo=False, new_photo_waiting=False, **kwargs):
        """`approved`: the public profile's snapshot (profile_changes.snapshot), to tell
        whether anything was changed; `has_photo`: whether a photo stays if none is sent;
        `new_photo_waiting`: the pending change already holds a new photo."""
        super().__init__(*args, **kwargs)
        for name in (*LIST_FIELDS, "intro_call_minutes"):
            self.fields[name].required = False
        self.approved = approved
        self.has_photo = has_photo
        self.new_photo_waiting = new_photo_waiting

    def clean_intro_call_minutes(self):
        """Empty keeps the length they had (someone who offers no call need not say)."""
        minutes = self.cleaned_data.get("intro_call_minutes")
        return minutes or self.approved.get("intro_call_minutes") or 15

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not isinstance(photo, UploadedFile):
            return None  # no new upload (never the stored photo's name)
        photos.validate_photo(photo)
        return photo

    def clean(self):
        cleaned = super().clean()
        photo = cleaned.get("photo")
        if photo and cleaned.get("remove_photo"):
            self.add_error(
                "remove_photo", "Choose a new photo or remove your photo, not both at once."
            )
        will_have_photo = bool(photo) or (self.has_photo and not cleaned.get("remove_photo"))
        if will_have_photo and not (cleaned.get("photo_alt") or "").strip():
            self.add_error("photo_alt", "Describe your photo for people who cannot see it.")
        if self.is_bound and not self.errors and not self.changed_anything():
            raise forms.ValidationError(
                "You have not changed anything yet. Make a change, then send it.",
                code="unchanged",
            )
        return cleaned

    def changed_anything(self):
        removing = self.cleaned_data.get("remove_photo")
        if self.cleaned_data.get("photo") or (removing and self.has_photo):
            return True
        if self.new_photo_waiting and not removing:
            return True
        for name in VALUE_FIELDS:
            empty = None if name in NUMBER_FIELDS else ""
            if (self.cleaned_data.get(name) or empty) != (self.approved.get(name) or empty):
                return True
        for name in LIST_FIELDS:
            chosen = sorted(item.pk for item in self.cleaned_data.get(name) or [])
            if chosen != sorted(self.approved.get(name) or []):
                return True
        return False


class AvailabilityForm(forms.Form):
    availability = forms.TypedChoiceField(
        label="How soon could you see someone new?",
        choices=Availability.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how soon you could see someone new.",
            "invalid_choice": "Choose one of the answers.",
        },
    )
