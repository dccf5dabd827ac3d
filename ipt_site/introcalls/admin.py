"""Free calls in the admin, beside the enquiry inbox and in its manner: a record of what
the visitor gave (read-only), the status, and actions to mark a no-show or cancel. Either
frees the slot at once. The default list is the calls still to come, soonest first."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import ngettext

from ipt_site.web.filters import WithoutAllFilter

from . import services
from .models import Booking, CallRequest, CallWindow, TimeOff
from .slots import day_label, time_label


class WhenFilter(WithoutAllFilter):
    title = "calls"
    parameter_name = "calls"
    DEFAULT = "upcoming"

    def lookups(self, request, model_admin):
        return [
            ("upcoming", "To come (booked)"),
            ("past", "Past (booked: did they happen?)"),
            *Booking.Status.choices,
            ("all", "All"),
        ]

    def value(self):
        value = super().value()
        return value if value in dict(self.lookup_choices) else self.DEFAULT

    def queryset(self, request, queryset):
        value, now = self.value(), timezone.now()
        if value == "upcoming":
            return queryset.upcoming(now)
        if value == "past":
            return queryset.live().filter(start__lt=now).order_by("-start")
        if value == "all":
            return queryset
        return queryset.filter(status=value)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("when", "therapist", "name", "mode", "status")
    list_display_links = ("when", "name")
    list_filter = (WhenFilter, "therapist", "mode")
    list_select_related = ("therapist",)
    search_fields = ("name", "email")
    ordering = ("start", "pk")
    date_hierarchy = "start"
    actions = ("mark_no_show", "cancel_calls")
    fieldsets = (
        ("The call", {"fields": ("therapist", "when", "mode", "status", "changed")}),
        ("What they gave", {"fields": ("name", "email", "phone", "booked_at")}),
        ("Emails", {"classes": ("collapse",), "fields": ("reminded_at",)}),
    )
    readonly_fields = (
        "therapist",
        "when",
        "mode",
        "status",
        "changed",
        "name",
        "email",
        "phone",
        "booked_at",
        "reminded_at",
    )

    @admin.display(description="When (UK time)", ordering="start")
    def when(self, obj):
        return (
            f"{day_label(obj.start)} {timezone.localtime(obj.start).year}, {time_label(obj.start)}"
        )

    @admin.display(description="Last change")
    def changed(self, obj):
        if not obj.changed_at:
            return "–"
        stamp = timezone.localtime(obj.changed_at).strftime("%d %b %Y %H:%M")
        return f"{stamp}, by {obj.get_changed_by_display().lower()}"

    def has_add_permission(self, request):
        return False  # calls are booked by visitors

    def has_change_permission(self, request, obj=None):
        # The record is read-only; the actions need the permission.
        return super().has_change_permission(request, obj) if obj is None else False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    @admin.action(description="Mark as no-show (frees the slot)", permissions=["change"])
    def mark_no_show(self, request, queryset):
        count = services.mark_no_show(queryset)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("%d call marked as a no-show.", "%d calls marked as no-shows.", count) % count,
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                "Calls that have not started yet, or are not booked, were left as they are.",
                messages.WARNING,
            )

    @admin.action(description="Cancel (frees the slot, tells both)", permissions=["change"])
    def cancel_calls(self, request, queryset):
        base = request.build_absolute_uri("/")
        count = sum(
            services.cancel(call, by=Booking.By.PRACTICE, base_url=base)
            for call in queryset.upcoming().select_related("therapist")
        )
        self.message_user(
            request,
            ngettext("%d call cancelled.", "%d calls cancelled.", count) % count,
            messages.SUCCESS,
        )


@admin.register(CallRequest)
class CallRequestAdmin(admin.ModelAdmin):
    list_display = ("received_at", "therapist", "name", "mode", "status")
    list_filter = ("status", "therapist")
    list_select_related = ("therapist",)
    ordering = ("received_at", "pk")
    fields = ("status", "therapist", "times", "name", "email", "phone", "mode", "received_at")
    readonly_fields = ("therapist", "times", "name", "email", "phone", "mode", "received_at")

    @admin.display(description="Times that suit them")
    def times(self, obj):
        return "; ".join(f"{day_label(day)}: {part}" for day, part in obj.choices())

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(CallWindow)
class CallWindowAdmin(admin.ModelAdmin):
    list_display = ("therapist", "weekday", "starts", "ends")
    list_filter = ("therapist", "weekday")
    list_select_related = ("therapist",)


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ("therapist", "first_day", "last_day")
    list_filter = ("therapist",)
    list_select_related = ("therapist",)
