"""The weekly content health email, sent by the task queue's worker."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from ipt_site.web.mail import absolute_url, send_templated
from ipt_site.web.tasks import retrying_task

from .health import report
from .permissions import GROUP_NAME


def content_editors():
    """Active members of the Content editors group with an email address."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=GROUP_NAME)
        .exclude(email="")
        .order_by("pk")
    )


@retrying_task
def send_content_health(user_id: int, always: bool = False) -> str:
    """Content health email to a content editor"""
    user = content_editors().filter(pk=user_id).first()
    if user is None:
        return "No longer an active content editor with an address: nothing sent."
    found = report()
    if found.all_well and not always:
        return "All pages are fine now: nothing sent."
    send_templated(
        "editor/email/health.txt",
        to=[user.email],
        context={
            "report": found,
            "problems": found.errors + found.warnings,
            "health_url": absolute_url(reverse("admin:editor_contentpage_health")),
            "list_url": absolute_url(reverse("admin:editor_contentpage_changelist")),
        },
    )
    return "Sent."


def _page_and_user(page_id, user_id):
    from ipt_site.pages.models import Page

    page = Page.objects.filter(pk=page_id).first()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    return page, user


@retrying_task
def send_review_request(pending_id: int) -> str:
    """Tell each clinical reviewer (but the change's author) that a change awaits them:
    the page's address, who and when, and a link; never the page's text."""
    from .models import PendingVersion
    from .review import reviewers

    pending = PendingVersion.objects.select_related("page").filter(pk=pending_id).first()
    if pending is None:
        return "The change has been reviewed or withdrawn: nothing sent."
    to = reviewers().exclude(email="").exclude(pk=pending.author_id).order_by("pk")
    review_url = absolute_url(reverse("admin:editor_contentpage_review", args=[pending.page_id]))
    for reviewer in to:
        send_templated(
            "editor/email/review_request.txt",
            to=[reviewer.email],
            context={"pending": pending, "page_url": pending.page.url, "review_url": review_url},
        )
    return f"Sent to {len(to)} reviewer(s)."


@retrying_task
def send_review_outcome(page_id: int, author_id: int, outcome: str, reviewer: str) -> str:
    """Tell a change's author it was approved or sent back (the reason is on the page)."""
    page, author = _page_and_user(page_id, author_id)
    if page is None or author is None:
        return "The page or its author (with an address) is gone: nothing sent."
    send_templated(
        "editor/email/review_outcome.txt",
        to=[author.email],
        context={
            "approved": outcome == "approved",
            "reviewer": reviewer,
            "page_url": page.url,
            "edit_url": absolute_url(reverse("admin:editor_contentpage_change", args=[page.pk])),
        },
    )
    return "Sent."
