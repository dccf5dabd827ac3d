"""The enquiry inbox. A record of what was sent: only the status can be changed here."""

import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from ipt_site.audit.admin import EnquiryAccessLogMixin

from .models import SUBMITTED_FIELDS, Enquiry

CSV_COLUMNS = (
    ("id", lambda e: e.pk),
    ("received", lambda e: e.received_at),
    ("status", lambda e: e.get_status_display()),
    ("name", lambda e: e.name),
    ("email", lambda e: e.email),
    ("phone", lambda e: e.phone),
    ("prefers contact by", lambda e: e.get_contact_preference_display()),
    ("therapist", lambda e: e.therapist.name if e.therapist else ""),
    ("preferred format", lambda e: e.get_preferred_format_display()),
    ("message", lambda e: e.message),
    ("consent given", lambda e: e.consent_given_at),
    ("closed", lambda e: e.closed_at),
)
# A cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@admin.register(Enquiry)
class EnquiryAdmin(EnquiryAccessLogMixin, admin.ModelAdmin):
    list_display = ("received_at", "name", "therapist", "status", "notification_status")
    list_display_links = ("received_at", "name")
    list_filter = ("status", "therapist", "received_at", "notification_status")
    search_fields = ("name", "email")
    list_select_related = ("therapist",)
    date_hierarchy = "received_at"
    list_per_page = 50
    actions = ("mark_new", "mark_in_progress", "mark_closed", "export_csv")
    fieldsets = (
        ("Handling", {"fields": ("status", "closed_at")}),
        (
            "What they sent",
            {"fields": ("received_at", *SUBMITTED_FIELDS, "consent_given_at")},
        ),
        (
            "Emails",
            {
                "classes": ("collapse",),
                "fields": (
                    "notification_status",
                    "notification_attempts",
                    "last_notification_attempt_at",
                    "last_notification_error",
                    "practice_notified_at",
                    "therapist_notified_at",
                    "acknowledged_at",
                ),
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        return [
            field
            for fieldset in self.fieldsets
            for field in fieldset[1]["fields"]
            if field != "status"
        ]

    def has_add_permission(self, request):
        return False  # enquiries come only from the form

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_export_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.export_enquiry")

    def _set_status(self, request, queryset, status):
        now = timezone.now()
        changed = queryset.exclude(status=status)
        if status == Enquiry.Status.CLOSED:
            count = changed.update(status=status, closed_at=now)
        else:
            count = changed.update(status=status, closed_at=None)
        label = Enquiry.Status(status).label.lower()
        self.message_user(request, f"{count} enquiries marked as {label}.", messages.SUCCESS)

    @admin.action(description="Mark selected enquiries as new", permissions=["change"])
    def mark_new(self, request, queryset):
        self._set_status(request, queryset, Enquiry.Status.NEW)

    @admin.action(description="Mark selected enquiries as in progress", permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, Enquiry.Status.IN_PROGRESS)

    @admin.action(description="Mark selected enquiries as closed", permissions=["change"])
    def mark_closed(self, request, queryset):
        self._set_status(request, queryset, Enquiry.Status.CLOSED)

    @admin.action(description="Export selected enquiries as CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="enquiries-{stamp}.csv"'
        add_never_cache_headers(response)
        response.write("\ufeff")  # so spreadsheet programs read UTF-8
        writer = csv.writer(response)
        writer.writerow([header for header, _ in CSV_COLUMNS])
        for enquiry in queryset.select_related("therapist").order_by("received_at", "pk"):
            writer.writerow([csv_cell(value(enquiry)) for _, value in CSV_COLUMNS])
        return response
