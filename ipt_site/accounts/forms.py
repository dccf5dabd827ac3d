"""Forms for therapists' own pages: sign in, edit the profile, availability."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.files.uploadedfile import UploadedFile

from ipt_site.therapists import photos
from ipt_site.therapists.models import (
    AgeGroup,
    Language,
    ProblemArea,
    SessionFormat,
    Specialism,
    Therapist,
)

from .models import FLAG_FIELDS, LIST_FIELDS, TEXT_FIELDS


class ErrorLinksMixin:
    """(href, message) pairs for the error summary at the top of the page."""

    def error_links(self):
        links = [(None, error) for error in self.non_field_errors()]
        for bound in self:
            for error in bound.errors:
                target = bound.auto_id
                if isinstance(bound.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                    target = f"{bound.auto_id}_0"
                links.append((f"#{target}", error))
        return links


class ForgotPasswordForm(ErrorLinksMixin, forms.Form):
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


class SetPasswordForm(ErrorLinksMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(ErrorLinksMixin, auth_forms.PasswordChangeForm):
    pass


class SignInForm(ErrorLinksMixin, auth_forms.AuthenticationForm):
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


class ProfileForm(ErrorLinksMixin, forms.Form):
    """The part of a profile a therapist may change. Saving it makes a pending change."""

    introduction = forms.CharField(
        label="Short introduction",
        max_length=Therapist._meta.get_field("introduction").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences. People see this first, on the directory list.",
        error_messages={"required": "Write a short introduction."},
    )
    biography = forms.CharField(
        label="About you (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Plain text. Leave an empty line between paragraphs.",
    )
    problem_areas = forms.ModelMultipleChoiceField(
        label="IPT problem areas you work with",
        queryset=ProblemArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_areas = forms.ModelMultipleChoiceField(
        label="Other areas you work with",
        queryset=Specialism.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    formats = forms.ModelMultipleChoiceField(
        label="How you offer sessions",
        queryset=SessionFormat.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age_groups = forms.ModelMultipleChoiceField(
        label="Who you work with",
        queryset=AgeGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label="Languages you offer sessions in",
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.CharField(
        label="Town or area (optional)",
        required=False,
        max_length=Therapist._meta.get_field("location").max_length,
        help_text="For example: Leeds.",
    )
    online_anywhere = forms.BooleanField(
        label="I see clients online wherever they live",
        required=False,
    )
    photo = forms.FileField(
        label="New photo (optional)",
        required=False,
        help_text="A JPEG, PNG or WebP photo of at most 5 MB. We make it smaller for you.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_alt = forms.CharField(
        label="Describe your photo",
        required=False,
        max_length=Therapist._meta.get_field("photo_alt").max_length,
        help_text="For people who cannot see it. For example: Sam smiling, in a garden.",
    )
    remove_photo = forms.BooleanField(
        label="Remove my photo (your initials are shown instead)", required=False
    )

    def __init__(self, *args, approved, has_photo=False, new_photo_waiting=False, **kwargs):
        """`approved`: the public profile's snapshot (profile_changes.snapshot), to tell
        whether anything was changed; `has_photo`: whether a photo stays if none is sent;
        `new_photo_waiting`: the pending change already holds a new photo."""
        super().__init__(*args, **kwargs)
        self.approved = approved
        self.has_photo = has_photo
        self.new_photo_waiting = new_photo_waiting

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
        for name in (*TEXT_FIELDS, *FLAG_FIELDS):
            if (self.cleaned_data.get(name) or "") != (self.approved.get(name) or ""):
                return True
        for name in LIST_FIELDS:
            chosen = sorted(item.pk for item in self.cleaned_data.get(name) or [])
            if chosen != sorted(self.approved.get(name) or []):
                return True
        return False


class AvailabilityForm(forms.Form):
    accepting = forms.TypedChoiceField(
        label="Are you taking new clients?",
        choices=[("yes", "Yes, I am taking new clients"), ("no", "No, not just now")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )
