"""The enquiry inbox. A record of what was sent: only the handling can be changed here
(status, assignee, internal notes), and every status change is kept with who and when.

The default list is the open enquiries (new and in progress), oldest first, with how long
each has waited against the promised reply time.
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.db.models import BooleanField, Case, Q, Value, When
from django.http import HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from django.utils.translation import ngettext

from ipt_site.audit.admin import EnquiryAccessLogMixin
from ipt_site.web.filters import WithoutAllFilter

from .models import (
    SUBMITTED_FIELDS,
    Closure,
    Enquiry,
    EnquiryNote,
    EnquiryStatusChange,
    can_handle_enquiries,
)
from .replytime import overdue_cutoff, reply_time
from .services import change_status

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


class InboxFilter(WithoutAllFilter):
    """Status, with "open" (new and in progress) as the default view."""

    title = "status"
    parameter_name = "status"
    DEFAULT = "open"

    def lookups(self, request, model_admin):
        return [
            ("open", "Open (new and in progress)"),
            ("overdue", f"Overdue (open, not answered {reply_time()})"),
            *Enquiry.Status.choices,
            ("all", "All"),
        ]

    def __init__(self, request, params, model, model_admin):
        # An address with Django's own field lookup (?status__exact=closed, as older
        # bookmarks have) means that status alone, not that status among the open ones.
        self.field_lookup = any(key.startswith("status__") for key in params)
        super().__init__(request, params, model, model_admin)

    def value(self):
        value = super().value()
        if value in dict(self.lookup_choices):
            return value
        return "all" if self.field_lookup else self.DEFAULT

    def queryset(self, request, queryset):
        value = self.value()
        if value == "open":
            return queryset.open()
        if value == "overdue":
            return queryset.overdue()
        if value == "all":
            return queryset
        return queryset.filter(status=value)


class EnquiryAdminForm(forms.ModelForm):
    """The handling part of an enquiry, plus a box for a new internal note.

    Notes are plain fields rather than an inline, so they are written with the status in
    one save and old notes cannot be edited.
    """

    new_note = forms.CharField(
        label="Add an internal note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=(
            "For the practice only: never emailed, never shown to the person or a "
            "therapist. Saved with your name and the time."
        ),
    )

    class Meta:
        model = Enquiry
        fields = ("status", "assignee")


@admin.register(Enquiry)
class EnquiryAdmin(EnquiryAccessLogMixin, admin.ModelAdmin):
    list_display = (
        "received_at",
        "waiting",
        "name",
        "therapist",
        "assignee",
        "status",
        "notification_status",
    )
    list_display_links = ("received_at", "name")
    list_filter = (InboxFilter, "assignee", "therapist", "received_at", "notification_status")
    search_fields = ("name", "email")
    list_select_related = ("therapist", "assignee")
    # Oldest waiting first: the one to answer next is at the top.
    ordering = ("received_at", "pk")
    date_hierarchy = "received_at"
    list_per_page = 50
    actions = (
        "assign_to_me",
        "mark_new",
        "mark_in_progress",
        "mark_closed",
        "export_csv",
    )
    form = EnquiryAdminForm
    fieldsets = (
        ("Handling", {"fields": ("status", "assignee", "waited", "closed_at")}),
        ("Internal notes", {"fields": ("notes_display", "new_note")}),
        ("Status history", {"fields": ("status_history",)}),
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
    EDITABLE = ("status", "assignee", "new_note")

    def get_queryset(self, request):
        cutoff = overdue_cutoff()
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_overdue=Case(
                    When(
                        Q(received_at__lt=cutoff) & ~Q(status=Enquiry.Status.CLOSED),
                        then=Value(True),
                    ),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "assignee":
            # A plain list of people: no add, change, view or delete-user buttons beside
            # it (users are managed under Users, not from an enquiry).
            widget = field.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return field

    def get_readonly_fields(self, request, obj=None):
        return [
            field
            for fieldset in self.fieldsets
            for field in fieldset[1]["fields"]
            if field not in self.EDITABLE
        ]

    @admin.display(description="Waiting", ordering="received_at")
    def waiting(self, obj):
        if obj.status == Enquiry.Status.CLOSED:
            return "–"
        waited = timesince(obj.received_at, depth=2)
        if getattr(obj, "is_overdue", False):
            return format_html('{} <strong class="enquiry-overdue">(overdue)</strong>', waited)
        return waited

    @admin.display(description="Waited")
    def waited(self, obj):
        if obj.status == Enquiry.Status.CLOSED and obj.closed_at:
            return f"Closed after {timesince(obj.received_at, obj.closed_at, depth=2)}"
        text = f"{timesince(obj.received_at, depth=2)} so far"
        if getattr(obj, "is_overdue", False):
            text += f": overdue (we promise to reply {reply_time()})"
        return text

    def has_add_permission(self, request):
        return False  # enquiries come only from the form

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_export_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.export_enquiry")

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            EnquiryStatusChange.objects.create(
                enquiry=obj,
                changed_by=request.user,
                from_status=form.initial.get("status", ""),
                to_status=obj.status,
            )
        super().save_model(request, obj, form, change)
        note = form.cleaned_data.get("new_note", "").strip()
        if change and note:
            EnquiryNote.objects.create(enquiry=obj, author=request.user, text=note)

    @admin.display(description="Notes so far")
    def notes_display(self, obj):
        notes = list(obj.notes.select_related("author")) if obj and obj.pk else []
        if not notes:
            return "No notes yet."
        return format_html_join(
            "",
            '<div class="enquiry-note"><p class="enquiry-note-meta"><strong>{}</strong>, {}</p>'
            "<p>{}</p></div>",
            (
                (
                    note.author.get_username() if note.author else "A former user",
                    date_format(timezone.localtime(note.created_at), "DATETIME_FORMAT"),
                    linebreaksbr(note.text),
                )
                for note in notes
            ),
        )

    @admin.display(description="Changes of status")
    def status_history(self, obj):
        changes = list(obj.status_changes.select_related("changed_by")) if obj and obj.pk else []
        if not changes:
            return "No changes yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} → {}, by {}</li>",
                (
                    (
                        date_format(timezone.localtime(item.changed_at), "DATETIME_FORMAT"),
                        item.get_from_status_display(),
                        item.get_to_status_display(),
                        item.changed_by.get_username() if item.changed_by else "a former user",
                    )
                    for item in changes
                ),
            ),
        )

    def _set_status(self, request, queryset, status):
        count = change_status(queryset, status, by=request.user)
        label = Enquiry.Status(status).label.lower()
        message = ngettext(
            "%(count)d enquiry marked as %(label)s.",
            "%(count)d enquiries marked as %(label)s.",
            count,
        ) % {"count": count, "label": label}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Assign selected enquiries to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        if not can_handle_enquiries(request.user):
            self.message_user(
                request,
                "Only members of the “Enquiry handlers” group, and superusers, can be "
                "assigned enquiries. A superuser can add you to the group under Users.",
                messages.ERROR,
            )
            return
        count = queryset.update(assignee=request.user)
        message = ngettext(
            "%(count)d enquiry assigned to you.", "%(count)d enquiries assigned to you.", count
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)

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


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    """Days the practice is closed: the promised reply date skips them, and the contact
    page tells visitors while one is on or near. Bank holidays are counted already."""

    list_display = ("starts_on", "ends_on", "note")
    date_hierarchy = "starts_on"
