"""Waiting-list requests for staff: a read-only list. Requests come only from the form;
they go when used, withdrawn, or after WAITING_LIST_DAYS (purge_waiting_list)."""

from django.contrib import admin

from .models import WaitingRequest


@admin.register(WaitingRequest)
class WaitingRequestAdmin(admin.ModelAdmin):
    list_display = ("asked_at", "waiting_for", "email", "expires_on")
    list_filter = ("therapist",)
    list_select_related = ("therapist",)
    search_fields = ("email",)
    ordering = ("asked_at", "pk")
    fields = ("asked_at", "therapist", "email", "expires_on")
    readonly_fields = fields

    @admin.display(description="Waiting for", ordering="therapist__name")
    def waiting_for(self, obj):
        return obj.therapist.name if obj.therapist else "Any therapist"

    @admin.display(description="Deleted on")
    def expires_on(self, obj):
        return obj.expires_on

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
