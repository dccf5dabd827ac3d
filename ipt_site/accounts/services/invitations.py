"""An admin invites a therapist to keep their own profile: an account, and a sign-in link.

The link lets them choose a password; it works once and expires after
PASSWORD_RESET_TIMEOUT. Inviting again sends a new link and cancels the old ones.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ipt_site.therapists.models import Therapist

from ..models import TherapistAccount
from ..tasks import send_invitation
from . import AccountError

logger = logging.getLogger(__name__)


def invite(therapist: Therapist, *, by, base_url: str = "") -> TherapistAccount:
    """Create (or refresh) the therapist's account and queue the email with their link."""
    email = (therapist.email or "").strip().lower()
    if not email:
        raise AccountError(f"{therapist.name} has no email address. Add one, then invite them.")
    User = get_user_model()
    with transaction.atomic():
        account = (
            TherapistAccount.objects.select_related("user")
            .select_for_update()
            .filter(therapist=therapist)
            .first()
        )
        taken = User.objects.filter(username__iexact=email)
        if account is None:
            if taken.exists():
                raise AccountError(
                    f"Another user already signs in as {email}. Give {therapist.name} a "
                    "different email address, or ask a superuser to sort out that user."
                )
            user = User.objects.create_user(username=email, email=email)  # no password yet
            account = TherapistAccount.objects.create(user=user, therapist=therapist)
        user = account.user
        if user.is_staff or user.is_superuser:
            raise AccountError(
                f"{therapist.name}'s account is a staff account. Therapist accounts are "
                "never staff: ask a superuser to sort this out."
            )
        if user.email != email and not taken.exclude(pk=user.pk).exists():
            user.username = user.email = email  # the profile's address changed since
        user.is_active = True
        user.save()
        account.invited_at = timezone.now()
        account.invited_by = by
        account.save()
    send_invitation.enqueue(account.pk, base_url)
    logger.info("Therapist account %s: invitation queued", account.pk)
    return account
