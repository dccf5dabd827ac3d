from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext

from ipt_site.pagecache import data_changed

from . import photos, services
from .models import (
    AgeGroup,
    Availability,
    Insurer,
    Language,
    ProblemArea,
    SessionFormat,
    Specialism,
    Therapist,
)


class TherapistAdminForm(forms.ModelForm):
    class Meta:
        model = Therapist
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3, "maxlength": 300})}
        error_messages = {
            "photo": {
                "invalid_image": (
                    "This file is not an image we can read. "
                    "Please upload a JPEG, PNG or WebP photo."
                ),
            },
        }

    confirm_unverified = forms.BooleanField(
        label="Publish although the credentials need checking",
        required=False,
        help_text=(
            "Needed only to publish someone whose registration or IPT training was never "
            "verified, or was verified more than a year ago."
        ),
    )

    # A photo chosen on a form that then had an error elsewhere (no description, say):
    # browsers cannot refill a file input, so the upload is kept, shrunk and stripped of
    # its metadata, under an unguessable name, and this signed field brings it back.
    pending_photo = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # Only a new upload needs checking; a stored photo was checked when it came in.
        if photo and hasattr(photo, "content_type"):
            photos.validate_photo(photo)
            return photo
        pending = photos.pending_photo(self.data.get(self.add_prefix("pending_photo"), ""))
        if pending is not None and photo is not False:  # False: "Clear" was ticked
            self.pending_name, file = pending
            return file
        return photo

    pending_name = ""

    def _post_clean(self):
        super()._post_clean()
        if not self.errors or "photo" in self.errors:
            return
        photo = self.cleaned_data.get("photo")
        if hasattr(photo, "content_type"):  # chosen just now
            token, self.pending_name = photos.keep_pending(photo)
            self.data = self.data.copy()
            self.data[self.add_prefix("pending_photo")] = token
        if self.pending_name:
            # Shown as the photo to be saved, not as a broken link to a file that was
            # never stored.
            self.instance.photo = self.pending_name

    def clean(self):
        """Publishing someone with unverified or old credentials needs a ticked box."""
        cleaned = super().clean()
        was_published = (
            bool(self.instance.pk)
            and Therapist.objects.filter(pk=self.instance.pk, published=True).exists()
        )
        if cleaned.get("published") and not was_published:
            check = Therapist(
                registration_verified_on=cleaned.get("registration_verified_on"),
                ipt_verified_on=cleaned.get("ipt_verified_on"),
            )
            problems = check.credential_problems()
            if problems and not cleaned.get("confirm_unverified"):
                self.add_error(
                    "confirm_unverified",
                    " ".join(problems)
                    + " Check them and enter the date you did, or tick this box to publish "
                    "anyway.",
                )
        return cleaned


@admin.display(description="Formats")
def formats_display(obj):
    return ", ".join(f.name for f in obj.formats.all()) or "–"


@admin.display(description="Credentials verified", ordering="registration_verified_on")
def last_verified(obj):
    """The older of the two verification dates: the one that needs checking first."""
    dates = [d for d in (obj.registration_verified_on, obj.ipt_verified_on) if d]
    if not dates:
        return "Never"
    return date_format(min(dates), "j M Y")


class NeedsAttentionFilter(admin.SimpleListFilter):
    """What staff should look at; the accounts app adds "profile changes waiting"."""

    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("credentials", "Credentials never verified, or over a year ago"),
            ("published-credentials", "Published, credentials need checking"),
            ("availability", "Availability not confirmed lately"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "credentials":
            return queryset.credentials_need_checking()
        if value == "published-credentials":
            return queryset.published().credentials_need_checking()
        if value == "availability":
            return queryset.availability_stale()
        return queryset


@admin.register(Therapist)
class TherapistAdmin(admin.ModelAdmin):
    """The directory's side of a therapist. The accounts app registers a subclass in its
    place that adds the therapist's own account (accounts/admin.py)."""

    form = TherapistAdminForm
    list_display = (
        "name",
        "published",
        "availability",
        formats_display,
        last_verified,
        "location",
        "display_order",
    )
    list_display_links = ("name",)
    list_filter = (
        NeedsAttentionFilter,
        "published",
        "availability",
        "intro_call",
        "concessions",
        "problem_areas",
        "formats",
        "age_groups",
        "languages",
        "insurers",
    )
    search_fields = ("name", "location")
    ordering = ("display_order", "name")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("photo_preview", "confirmed_by", "created", "updated")
    actions = (
        "publish",
        "unpublish",
        "mark_within_2_weeks",
        "mark_within_2_months",
        "mark_waiting_list",
        "mark_not_taking",
    )
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    list_per_page = 50
    save_on_top = True
    fieldsets = (
        (
            "Who they are",
            {"fields": ("name", "slug", "pronouns", "title", "qualifications")},
        ),
        (
            "Profile text",
            {
                "fields": ("introduction", "biography"),
                "description": "Plain text only. The introduction is shown on directory cards.",
            },
        ),
        ("Photo", {"fields": ("photo_preview", "photo", "photo_alt", "pending_photo")}),
        (
            "Registration and IPT training",
            {
                "fields": (
                    ("registration_body", "registration_number"),
                    "registration_verified_on",
                    ("ipt_level", "ipt_level_other"),
                    "ipt_verified_on",
                ),
            },
        ),
        (
            "What they work with",
            {"fields": ("problem_areas", "other_areas", "age_groups", "formats", "languages")},
        ),
        (
            "Where",
            {
                "fields": (
                    "location",
                    "online_anywhere",
                    "step_free",
                    "accessible_toilet",
                    "near_public_transport",
                ),
                "description": "The access questions are about the room for in-person sessions.",
            },
        ),
        (
            "Fees, insurance and a free first call",
            {
                "fields": (
                    ("fee_min", "fee_max"),
                    ("concessions", "concessions_note"),
                    "insurers",
                    ("intro_call", "intro_call_minutes"),
                ),
                "description": (
                    "The profile shows the fee, an estimated cost of a course of 12 to 16 "
                    "sessions, and that IPT is free on the NHS."
                ),
            },
        ),
        (
            "Availability and publishing",
            {
                "fields": (
                    "availability",
                    ("accepting_confirmed_on", "confirmed_by"),
                    "published",
                    "confirm_unverified",
                    "display_order",
                    "email",
                ),
            },
        ),
        ("Record", {"fields": ("created", "updated"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("formats")

    @admin.display(description="Current photo")
    def photo_preview(self, obj):
        if obj is None or not obj.photo:
            return "No photo yet: the directory shows the therapist's initials."
        image = format_html(
            '<img src="{}" alt="{}" width="160" height="160" class="therapist-photo-preview">',
            obj.photo.url,
            obj.photo_alt or "The photo you chose",
        )
        if photos.is_pending(obj.photo.name):
            return format_html(
                "{}<br>The photo you chose. It is kept and saved with the profile once the "
                "problems above are fixed: no need to choose it again.",
                image,
            )
        return image

    @admin.display(description="Confirmed by")
    def confirmed_by(self, obj):
        user = obj.availability_confirmed_by if obj and obj.pk else None
        return user.get_username() if user else "–"

    def save_model(self, request, obj, form, change):
        self._save_profile(request, obj, form, change)
        if form.pending_name:  # the kept upload is now the saved photo: drop the copy
            photos.discard_pending(form.pending_name)

    def _save_profile(self, request, obj, form, change):
        """A change of status goes through services.set_availability, like the
        therapist's own, so everything that waits for a place to open hears of it."""
        status_changed = change and "availability" in form.changed_data
        if not status_changed:
            if "accepting_confirmed_on" in form.changed_data or not change:
                obj.availability_confirmed_by = request.user
            super().save_model(request, obj, form, change)
            return
        status = obj.availability
        obj.availability = form.initial["availability"]  # the stored one, until below
        super().save_model(request, obj, form, change)
        confirmed_on = (
            obj.accepting_confirmed_on if "accepting_confirmed_on" in form.changed_data else None
        )
        services.set_availability(obj, status, confirmed_by=request.user, confirmed_on=confirmed_on)

    def _bulk(self, request, queryset, message, **changes):
        count = queryset.update(**changes, updated=timezone.now())
        data_changed()  # update() sends no model signal: public pages must still follow
        therapists = ngettext("%(count)d therapist", "%(count)d therapists", count)
        self.message_user(request, f"{therapists % {'count': count}} {message}.", messages.SUCCESS)

    @admin.action(description="Publish selected therapists", permissions=["change"])
    def publish(self, request, queryset):
        """Publish; therapists with unverified or old credentials need a second, explicit
        confirmation on a page that says what is missing for each."""
        to_publish = queryset.filter(published=False)
        unverified = list(to_publish.credentials_need_checking().order_by("name"))
        if unverified and request.POST.get("confirm_unverified") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": "Publish therapists whose credentials need checking?",
                "opts": self.opts,
                "unverified": [(t, t.credential_problems()) for t in unverified],
                "others": to_publish.count() - len(unverified),
                "queryset": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "media": self.media,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(
                request, "admin/therapists/therapist/publish_confirmation.html", context
            )
        count = to_publish.update(published=True, updated=timezone.now())
        data_changed()  # update() sends no model signal: public pages must still follow
        message = ngettext(
            "%(count)d therapist published.", "%(count)d therapists published.", count
        ) % {"count": count}
        if unverified:
            message += " " + ngettext(
                "%(count)d of them with credentials that need checking (you confirmed).",
                "%(count)d of them with credentials that need checking (you confirmed).",
                len(unverified),
            ) % {"count": len(unverified)}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Unpublish selected therapists", permissions=["change"])
    def unpublish(self, request, queryset):
        self._bulk(request, queryset, "unpublished", published=False)

    def _set_status(self, request, queryset, status):
        """Each through set_availability: confirmed today by this member of staff."""
        therapists = list(queryset)
        for therapist in therapists:
            services.set_availability(therapist, status, confirmed_by=request.user)
        message = ngettext(
            "%(count)d therapist now says “%(status)s”, confirmed today.",
            "%(count)d therapists now say “%(status)s”, confirmed today.",
            len(therapists),
        ) % {"count": len(therapists), "status": status.label}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Set availability: can start within 2 weeks", permissions=["change"])
    def mark_within_2_weeks(self, request, queryset):
        self._set_status(request, queryset, Availability.WITHIN_2_WEEKS)

    @admin.action(
        description="Set availability: can start within 1 to 2 months", permissions=["change"]
    )
    def mark_within_2_months(self, request, queryset):
        self._set_status(request, queryset, Availability.WITHIN_2_MONTHS)

    @admin.action(description="Set availability: waiting list open", permissions=["change"])
    def mark_waiting_list(self, request, queryset):
        self._set_status(request, queryset, Availability.WAITING_LIST)

    @admin.action(description="Set availability: not taking anyone", permissions=["change"])
    def mark_not_taking(self, request, queryset):
        self._set_status(request, queryset, Availability.NOT_TAKING)


class LookupOrderForm(forms.ModelForm):
    """A row of a lookup list: its order box is named after the row, since the column
    heading above is no label to a screen reader."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].widget.attrs["aria-label"] = f"Order of {self.instance}"


class LookupAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=LookupOrderForm, **kwargs)


@admin.register(Specialism, Language, Insurer)
class OpenLookupAdmin(LookupAdmin):
    pass


@admin.register(ProblemArea, AgeGroup, SessionFormat)
class FixedLookupAdmin(LookupAdmin):
    """Fixed vocabularies: their slugs are in URLs and content pages. Rename only."""

    prepopulated_fields = {}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ("slug",)
