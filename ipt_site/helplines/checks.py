"""`manage.py check --database default` (and `migrate`): the urgent-help panel is whole.
And, with any `check`: "Exit this page" goes to a secure, neutral site."""

import datetime

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.utils import timezone

from .models import Grade, Helpline, Nation

# Numbers, hours and costs change: each line is checked against its service at least yearly.
RECHECK_DAYS = 365


@checks.register(checks.Tags.database)
def check_helplines(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    try:
        rows = list(Helpline.objects.all())
    except DatabaseError:
        return []  # not migrated yet: `migrate` runs this check again afterwards
    found = []
    if not any(row.grade == Grade.EMERGENCY for row in rows):
        found.append(
            checks.Error(
                "The urgent-help panel has no emergency route (999).",
                hint="In the admin, Help lines: give the emergency services line the grade "
                "'Emergency'. Until then pages show a built-in 999 line.",
                id="helplines.E001",
            )
        )
    urgent = [row for row in rows if row.grade == Grade.URGENT]
    for nation in Nation:
        if not any(getattr(row, nation.value) for row in urgent):
            found.append(
                checks.Warning(
                    f"No urgent line in the urgent-help panel serves {nation.label}.",
                    hint="Add the NHS urgent mental health line for it, graded 'Urgent'.",
                    id="helplines.W001",
                )
            )
    due = timezone.localdate() - datetime.timedelta(days=RECHECK_DAYS)
    for row in rows:
        if row.checked_on is None or row.checked_on < due:
            found.append(
                checks.Warning(
                    f"The details of {row.name} were last checked {row.checked_on or 'never'}.",
                    hint="Check the number, hours and cost on its website, then set "
                    "'details last checked' in the admin.",
                    id="helplines.W002",
                )
            )
    return found


@checks.register()
def check_quick_exit(app_configs=None, **kwargs):
    if not str(settings.QUICK_EXIT_URL).startswith("https://"):
        return [
            checks.Error(
                f"IPT_QUICK_EXIT_URL must start with https:// (it is {settings.QUICK_EXIT_URL!r}).",
                hint="'Exit this page' must reach a neutral site without a warning page.",
                id="helplines.E002",
            )
        ]
    return []
