from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from ipt_site.pagecache import data_changed

from . import photos
from .models import AgeGroup, Language, ProblemArea, SessionFormat, Specialism, Therapist


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

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # Only a new upload needs checking; a stored photo was checked when it came in.
        if photo and hasattr(photo, "content_type"):
            photos.validate_photo(photo)
        return photo


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


@admin.register(Therapist)
class TherapistAdmin(admin.ModelAdmin):
    form = TherapistAdminForm
    list_display = (
        "name",
        "published",
        "accepting_new_clients",
        formats_display,
        last_verified,
        "location",
        "display_order",
    )
    list_display_links = ("name",)
    list_filter = (
        "published",
        "accepting_new_clients",
        "problem_areas",
        "formats",
        "age_groups",
        "languages",
    )
    search_fields = ("name", "location")
    ordering = ("display_order", "name")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("photo_preview", "created", "updated")
    actions = ("publish", "unpublish", "mark_accepting", "mark_not_accepting")
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
        ("Photo", {"fields": ("photo_preview", "photo", "photo_alt")}),
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
        ("Where", {"fields": ("location", "online_anywhere")}),
        (
            "Availability and publishing",
            {
                "fields": (
                    "accepting_new_clients",
                    "accepting_confirmed_on",
                    "published",
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
        return format_html(
            '<img src="{}" alt="{}" width="160" height="160" class="therapist-photo-preview">',
            obj.photo.url,
            obj.photo_alt,
        )

    def _bulk(self, request, queryset, message, **changes):
        count = queryset.update(**changes, updated=timezone.now())
        data_changed()  # update() sends no model signal: public pages must still follow
        noun = "therapist" if count == 1 else "therapists"
        self.message_user(request, f"{count} {noun} {message}.", messages.SUCCESS)

    @admin.action(description="Publish selected therapists", permissions=["change"])
    def publish(self, request, queryset):
        self._bulk(request, queryset, "published", published=True)

    @admin.action(description="Unpublish selected therapists", permissions=["change"])
    def unpublish(self, request, queryset):
        self._bulk(request, queryset, "unpublished", published=False)

    @admin.action(description="Mark as accepting new clients", permissions=["change"])
    def mark_accepting(self, request, queryset):
        self._bulk(
            request,
            queryset,
            "marked as accepting new clients",
            accepting_new_clients=True,
            accepting_confirmed_on=timezone.localdate(),
        )

    @admin.action(description="Mark as not accepting new clients", permissions=["change"])
    def mark_not_accepting(self, request, queryset):
        self._bulk(
            request,
            queryset,
            "marked as not accepting new clients",
            accepting_new_clients=False,
            accepting_confirmed_on=timezone.localdate(),
        )


class LookupAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Specialism, Language)
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
