"""Scheduled publishing in the editor: the page list's column and the rows of the "Due"
view (editor/views/due.py: what goes live or comes down in the weeks ahead). The
schedule itself is the content engine's (`pages/schedule.py`)."""

import datetime
from itertools import groupby

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from ipt_site.pages import schedule
from ipt_site.pages.models import Page

WEEKS_AHEAD = 8


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
