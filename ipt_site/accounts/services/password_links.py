"""A therapist who forgot their password asks for a new one-use link by email.

The request does the same work whether or not the address has an account (one lookup,
one task queued), so neither the page nor its timing tells who has one; the task sends a
link only when there is an account that may sign in.
"""

from django.utils import timezone

from ..models import TherapistAccount
from ..tasks import send_password_link


def account_for(email: str):
    """The therapist account that signs in with this address and may use a link (active,
    never staff), or None."""
    return (
        TherapistAccount.objects.select_related("user", "therapist")
        .filter(
            user__email__iexact=email.strip(),
            user__is_active=True,
            user__is_staff=False,
            user__is_superuser=False,
        )
        .first()
    )


def request_link(email: str, base_url: str = "") -> None:
    """Queue the password link for this address. The task gets the account's id, or None
    when there is no account, so the queue never stores the address someone typed."""
    account = account_for(email)
    send_password_link.enqueue(account.pk if account else None, base_url)


def password_chosen(user) -> None:
    TherapistAccount.objects.filter(user=user).update(password_set_at=timezone.now())
