"""The access log in the admin (superusers only, read-only), and the mixin that writes
it from the enquiry admin."""

import functools

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.template.response import TemplateResponse

from .models import EnquiryAccess
from .services import record

Action = EnquiryAccess.Action


def changed_names(message) -> str:
    """Field names (and inline rows, e.g. "note") from the admin's change message;
    never the values or an inline row's text."""
    names = []
    for entry in message if isinstance(message, list) else []:
        for part in entry.values():
            if "name" in part:
                names.append(str(part["name"]))
            else:
                names.extend(str(field) for field in part.get("fields", []))
    return ", ".join(dict.fromkeys(names))


class EnquiryAccessLogMixin:
    """Put first in EnquiryAdmin's bases: each enquiry opened, exported, changed or
    deleted through the admin gets one access-log row, bulk actions included."""

    #: Actions that hand enquiries out of the admin; any other action counts as a change.
    audit_export_actions = ("export_csv",)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            pk = self.opts.pk.to_python(unquote(object_id))
            record(request.user, Action.VIEWED, [pk])
        return response

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if message:  # "no fields changed" is not a change
            record(request.user, Action.CHANGED, [obj.pk], changed_names(message))
        return entry

    def log_deletions(self, request, queryset):
        # Called just before the delete, from the delete view and the bulk delete action.
        record(request.user, Action.DELETED, [obj.pk for obj in queryset])
        return super().log_deletions(request, queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {
            name: (func if name == "delete_selected" else self._audited(func, name), name, text)
            for name, (func, name, text) in actions.items()
        }

    def _audited(self, func, name):
        action = Action.EXPORTED if name in self.audit_export_actions else Action.CHANGED

        @functools.wraps(func)
        def audited(modeladmin, request, queryset):
            ids = list(queryset.values_list("pk", flat=True))
            response = func(modeladmin, request, queryset)
            # An intermediate page (e.g. "are you sure?") has done nothing yet.
            if not isinstance(response, TemplateResponse):
                record(request.user, action, ids, f"bulk action: {name}")
            return response

        return audited


@admin.register(EnquiryAccess)
class EnquiryAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "enquiry", "detail")
    list_filter = ("action", "at")
    search_fields = ("username", "=enquiry_id")
    date_hierarchy = "at"
    list_per_page = 100

    @admin.display(description="enquiry", ordering="enquiry_id")
    def enquiry(self, entry):
        return f"#{entry.enquiry_id}"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    # Nobody edits or deletes the log by hand; purge_access_log applies the retention.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
