"""The daily summary for enquiry handlers: how many open enquiries are overdue.

It holds counts and links to the admin, nothing else: no names, no messages, no notes,
not even enquiry numbers. Handlers read the enquiries themselves in the admin.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.http import urlencode

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
    base = settings.SITE_URL or base_url.rstrip("/")
    query = urlencode({"status": "overdue", **params})
    return f"{base}{reverse('admin:contact_enquiry_changelist')}?{query}"


def _count(n: int) -> str:
    return f"{n} {'enquiry' if n == 1 else 'enquiries'}"


def summary_email(counts: OverdueCounts, to: str, handler=None, base_url="") -> EmailMessage:
    promise = reply_time()
    lines = [
        "Hello,",
        "",
        f"{_count(counts.total)} {'has' if counts.total == 1 else 'have'} waited longer "
        f"than we promise to reply ({promise}).",
        "",
    ]
    if handler is not None:
        yours = counts.by_assignee.get(handler.pk, 0)
        lines.append(
            f"- Assigned to you: {yours}. {inbox_url(base_url, assignee__id__exact=handler.pk)}"
        )
    lines += [
        f"- Not assigned to anyone: {counts.unassigned}. "
        f"{inbox_url(base_url, assignee__isnull='True')}",
        f"- All overdue enquiries: {counts.total}. {inbox_url(base_url)}",
        "",
        "This email holds only numbers and links on purpose. Please read and answer the "
        "enquiries in the admin.",
        "",
    ]
    subject = f"{_count(counts.total)} waiting longer than promised ({promise})"
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
