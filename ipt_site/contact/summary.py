"""The daily summary for enquiry handlers: how many open enquiries are overdue.

It holds counts and links to the admin, nothing else: no names, no messages, no notes,
not even enquiry numbers. Handlers read the enquiries themselves in the admin. The
command queues one task per handler (contact.tasks.send_overdue_summary), which counts
again when it runs.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.http import urlencode

from ipt_site.web.mail import absolute_url, send_templated

from .models import HANDLERS_GROUP, Enquiry
from .replytime import reply_time


@dataclass
class OverdueCounts:
    total: int = 0
    unassigned: int = 0
    by_assignee: Counter = field(default_factory=Counter)


def overdue_counts(now=None) -> OverdueCounts:
    assignees = Enquiry.objects.overdue(now).values_list("assignee_id", flat=True)
    counts = OverdueCounts()
    for assignee in assignees:
        counts.total += 1
        if assignee is None:
            counts.unassigned += 1
        else:
            counts.by_assignee[assignee] += 1
    return counts


def handlers():
    return (
        get_user_model()
        .objects.filter(groups__name=HANDLERS_GROUP, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def inbox_url(base_url: str = "", **params) -> str:
    query = urlencode({"status": "overdue", **params})
    return absolute_url(f"{reverse('admin:contact_enquiry_changelist')}?{query}", base_url)


def recipients() -> list[int | None]:
    """Who gets a summary: each handler with an address, by id; with none, the
    notification address (None)."""
    return list(handlers().values_list("pk", flat=True)) or [None]


def send_summary(handler_id: int | None, base_url: str = "") -> str:
    """Send one summary with the counts as they are now (the task runs this)."""
    counts = overdue_counts()
    if counts.total == 0:
        return "Nothing is overdue any more: nothing sent."
    handler = handlers().filter(pk=handler_id).first() if handler_id is not None else None
    if handler_id is not None and handler is None:
        return "No longer a handler with an email address: nothing sent."
    context = {
        "counts": counts,
        "promise": reply_time(),
        "handler": handler,
        "unassigned_link": inbox_url(base_url, assignee__isnull="True"),
        "all_link": inbox_url(base_url),
    }
    if handler is not None:
        context["yours"] = counts.by_assignee.get(handler.pk, 0)
        context["yours_link"] = inbox_url(base_url, assignee__id__exact=handler.pk)
    to = handler.email if handler is not None else settings.ENQUIRY_NOTIFY_EMAIL
    send_templated("contact/email/overdue_summary.txt", to=[to], context=context)
    return "Sent."
