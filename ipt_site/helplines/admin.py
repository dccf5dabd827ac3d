from django.contrib import admin
from django.db import models
from django.utils.html import format_html_join

from .models import Helpline


@admin.register(Helpline)
class HelplineAdmin(admin.ModelAdmin):
    """Staff change a number or opening hours here; every page shows it on its next view.

    The model's clean() keeps the panel whole (one emergency route at least, numbers in the
    site's format, secure websites); the last emergency route cannot be deleted.
    """

    list_display = ("name", "key", "grade", "number", "serves", "order", "checked_on")
    list_filter = ("grade", "england", "scotland", "wales", "northern_ireland")
    search_fields = ("name", "key", "phone", "text_number")
    ordering = ("order", "name")
    fieldsets = (
        (None, {"fields": ("name", "key", "detail", "grade", "order")}),
        ("How to reach it", {"fields": ("phone", "phone_how", "text_number", "text_message",
                                        "website", "hours", "cost")}),
        ("Where it serves", {"fields": (("england", "scotland", "wales", "northern_ireland"),)}),
        ("Checking", {"fields": ("checked_on", "used_on")}),
    )  # fmt: skip
    readonly_fields = ("used_on",)
    # A website typed without a scheme is read as https:// (clean() refuses http://).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="number")
    def number(self, obj):
        return obj.phone or (f"text {obj.text_number}" if obj.text_number else "—")

    @admin.display(description="serves")
    def serves(self, obj):
        return "All of the UK" if len(obj.nations) == 4 else ", ".join(obj.nations)

    @admin.display(description="pages that use it")
    def used_on(self, obj):
        from django.db.models import Q

        from ipt_site.pages.models import Page

        names = (f"[[signpost_{obj.key}]]", f"[[number_{obj.key}]]")
        uses = Q(text__contains=names[0]) | Q(text__contains=names[1])
        pages = Page.objects.served().filter(uses).only("url").order_by("url")
        if not pages:
            return "No page names it" + (" (the urgent-help panel shows it)" if obj.grade else ".")
        return format_html_join(", ", '<a href="{}">{}</a>', ((p.url, p.url) for p in pages))

    def get_actions(self, request):
        # One at a time, so the last emergency route can never go in a batch.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_only_emergency_route():
            return False  # pages would lose their emergency route
        return super().has_delete_permission(request, obj)
