"""Emails to therapists and to the profile reviewers, sent by the task queue's worker.

Each task gets ids and the site's address only, reads the rows when it runs, and sends
nothing when they have gone (or no longer qualify). Replies go to the practice.
"""

from django.conf import settings
from django.urls import reverse

from ipt_site.web.mail import absolute_url, send_templated
from ipt_site.web.tasks import retrying_task

from .models import ProfileChange, TherapistAccount
from .tokens import invitation_url, link_days


def _account(account_id):
    return (
        TherapistAccount.objects.select_related("user", "therapist")
        .filter(pk=account_id, user__is_active=True, user__is_staff=False, user__is_superuser=False)
        .exclude(user__email="")
        .first()
    )


def _to_therapist(template: str, account: TherapistAccount, context: dict) -> None:
    send_templated(
        template,
        to=[account.user.email],
        context={"therapist": account.therapist, **context},
        reply_to=[settings.PRACTICE_EMAIL],
    )


@retrying_task
def send_invitation(account_id: int, base_url: str = "") -> str:
    """Invitation to a therapist: a link to choose a password"""
    account = _account(account_id)
    if account is None:
        return "No active therapist account: nothing sent."
    _to_therapist(
        "accounts/email/invitation.txt",
        account,
        {
            "days": link_days(),
            "link": invitation_url(account, base_url),
            "sign_in_link": absolute_url(reverse("accounts:sign-in"), base_url),
            "address": account.user.email,
        },
    )
    return "Sent."


@retrying_task
def send_password_link(account_id: int | None, base_url: str = "") -> str:
    """Password link to a therapist who asked for one"""
    account = _account(account_id) if account_id is not None else None
    if account is None:
        return "No account that may use a link: nothing sent."
    _to_therapist(
        "accounts/email/password_link.txt",
        account,
        {"days": link_days(), "link": invitation_url(account, base_url)},
    )
    return "Sent."


@retrying_task
def send_availability_reminder(account_id: int, base_url: str = "") -> str:
    """Availability reminder: are you still taking new clients?"""
    account = _account(account_id)
    if account is None:
        return "No active therapist account: nothing sent."
    _to_therapist(
        "accounts/email/availability_reminder.txt",
        account,
        {
            "confirm_days": settings.AVAILABILITY_CONFIRM_DAYS,
            "account_link": absolute_url(reverse("accounts:home"), base_url),
        },
    )
    return "Sent."


@retrying_task
def send_review_request(change_id: int, base_url: str = "") -> str:
    """Profile changes to approve, to the reviewers"""
    change = ProfileChange.objects.pending().select_related("therapist").filter(pk=change_id)
    change = change.first()
    if change is None:
        return "No longer waiting for approval: nothing sent."
    send_templated(
        "accounts/email/review_request.txt",
        to=[settings.PROFILE_REVIEW_EMAIL],
        context={
            "therapist": change.therapist,
            "review_link": absolute_url(
                reverse("admin:accounts_profilechange_change", args=[change.pk]), base_url
            ),
        },
    )
    return "Sent."


def _decided(change_id: int, status: str, template: str, base_url: str) -> str:
    change = ProfileChange.objects.filter(pk=change_id, status=status).first()
    if change is None:
        return "Not found with that decision: nothing sent."
    account = _account(
        TherapistAccount.objects.filter(therapist_id=change.therapist_id)
        .values_list("pk", flat=True)
        .first()
    )
    if account is None:
        return "No active therapist account: nothing sent."
    _to_therapist(
        template,
        account,
        {"change": change, "account_link": absolute_url(reverse("accounts:home"), base_url)},
    )
    return "Sent."


@retrying_task
def send_approved(change_id: int, base_url: str = "") -> str:
    """Profile changes approved, to the therapist"""
    return _decided(
        change_id, ProfileChange.Status.APPROVED, "accounts/email/approved.txt", base_url
    )


@retrying_task
def send_sent_back(change_id: int, base_url: str = "") -> str:
    """Profile changes sent back with a reason, to the therapist"""
    return _decided(
        change_id, ProfileChange.Status.SENT_BACK, "accounts/email/sent_back.txt", base_url
    )
