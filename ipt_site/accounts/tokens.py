"""The token in an invitation link: Django's password-reset tokens, with their own salt.

Like a reset token it is signed with SECRET_KEY, carries its time, expires after
PASSWORD_RESET_TIMEOUT (IPT_ACCOUNT_LINK_DAYS) and stops working once used: it hashes the
password, which choosing one changes. It also hashes the account's `invited_at`, so a new
invitation makes every older link useless.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ipt_site.web.mail import absolute_url


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "ipt_site.accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        account = getattr(user, "therapist_account", None)
        invited = "" if account is None else account.invited_at.isoformat()
        return f"{super()._make_hash_value(user, timestamp)}{invited}"


invitation_tokens = InvitationTokenGenerator()


def invitation_url(account, base_url: str = "") -> str:
    """The one-use link to choose a password (invitations and forgotten passwords)."""
    uid = urlsafe_base64_encode(force_bytes(account.user.pk))
    token = invitation_tokens.make_token(account.user)
    return absolute_url(reverse("accounts:welcome", args=[uid, token]), base_url)


def link_days() -> int:
    """How many days a link works (PASSWORD_RESET_TIMEOUT, at least one)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))
