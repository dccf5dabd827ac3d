"""The page list's filters (the admin's change list of `ContentPage`)."""

import datetime

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from ipt_site.pages import selectors

from . import health
from .models import ContentPage


class SectionFilter(admin.SimpleListFilter):
    title = "section"
    parameter_name = "section"

    def lookups(self, request, model_admin):
        sections = set(ContentPage.objects.values_list("section", flat=True))
        titles = selectors.section_titles()
        return [
            (s or "-", titles.get(s) or (f"/{s}/" if s else "Top level")) for s in sorted(sections)
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(section="" if self.value() == "-" else self.value())
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("published", "Published"),
            ("draft", "Draft"),
            ("waiting", "Waiting for review"),
            ("sent_back", "Sent back"),
        ]

    def queryset(self, request, queryset):
        if self.value() in ("waiting", "sent_back"):
            return queryset.filter(pending_version__state=self.value())
        if self.value() in ("published", "draft"):
            return queryset.filter(draft=self.value() == "draft")
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Within {health.SOON_DAYS} days"),
            ("later", "Later"),
            ("none", "No date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=health.SOON_DAYS)
        value = self.value()
        if value == "overdue":
            return queryset.filter(next_review__lt=today)
        if value == "soon":
            return queryset.filter(next_review__gte=today, next_review__lte=soon)
        if value == "later":
            return queryset.filter(next_review__gt=soon)
        if value == "none":
            return queryset.filter(next_review=None)
        return queryset


class ProblemsFilter(admin.SimpleListFilter):
    title = "problems"
    parameter_name = "problems"

    def lookups(self, request, model_admin):
        return [("errors", "Has errors"), ("warnings", "Has warnings"), ("none", "None")]

    def queryset(self, request, queryset):
        overdue = Q(next_review__lt=timezone.localdate(), draft=False)  # a warning too
        if self.value() == "errors":
            return queryset.filter(errors__gt=0)
        if self.value() == "warnings":
            return queryset.filter(Q(warnings__gt=0) | overdue)
        if self.value() == "none":
            return queryset.filter(errors=0, warnings=0).exclude(overdue)
        return queryset
