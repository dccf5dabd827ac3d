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
