"""Scheduled publishing in the editor: the page list's column and the "Due" view (what goes
live or comes down in the weeks ahead). The schedule itself is the content engine's
(`pages/schedule.py`)."""

import datetime
from itertools import groupby

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from ipt_site.pages import schedule
from ipt_site.pages.models import Page

WEEKS_AHEAD = 8


class ScheduleField(forms.CharField):
    """A London time as staff type it; the content check reads it (pages/schedule.py)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "help_text",
            "London time, as a date and a 24-hour time, like 2027-01-05 09:00. Leave empty "
            "for no schedule.",
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(placeholder="2027-01-05 09:00", autocomplete="off")

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime):  # YAML read "2027-01-05 09:00:00"
            return value.strftime("%Y-%m-%d %H:%M" if not value.second else "%Y-%m-%d %H:%M:%S")
        return value


@admin.display(description="Schedule", ordering="publish_at")
def column(row) -> str:
    """ "Goes live" and "5 Jan 2027 09:00" below it, "Comes down ...", or a dash."""
    steps = schedule.steps(row)
    if not steps:
        return "–"
    return format_html_join(
        mark_safe("<br>"),  # noqa: S308 - a fixed tag
        '<span class="editor-badge editor-badge-{}">{}</span><br>{}',
        (
            ("soon" if verb == "Goes live" else "draft", verb, schedule.when(moment))
            for verb, moment in steps
        ),
    )


def due_rows(now=None, weeks: int = WEEKS_AHEAD):
    """[(day, [(moment, "live" or "down", row), ...]), ...] for the weeks ahead, by day."""
    now = now or timezone.now()
    until = now + datetime.timedelta(weeks=weeks)
    rows = (
        Page.objects.filter(draft=False)
        .listed()
        .filter(
            Q(publish_at__gt=now, publish_at__lte=until)
            | Q(unpublish_at__gt=now, unpublish_at__lte=until)
        )
    )
    found = [item for item in schedule.due(rows, now) if item[0] <= until]

    def day(item):
        return timezone.localtime(item[0], schedule.london()).date()

    return [(when, list(items)) for when, items in groupby(found, key=day)]


def due_view(model_admin, request):
    """What goes live or comes down in the next weeks, day by day."""
    model_admin._require(model_admin.has_view_or_change_permission(request))
    context = model_admin._context(
        request, "Due to go live or come down", None, days=due_rows(), weeks=WEEKS_AHEAD
    )
    return TemplateResponse(request, "admin/editor/contentpage/due.html", context)
