"""The token in an invitation link: Django's password-reset tokens, with their own salt.

Like a reset token it is signed with SECRET_KEY, carries its time, expires after
PASSWORD_RESET_TIMEOUT (IPT_ACCOUNT_LINK_DAYS) and stops working once used: it hashes the
password, which choosing one changes. It also hashes the account's `invited_at`, so a new
invitation makes every older link useless.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "ipt_site.accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        account = getattr(user, "therapist_account", None)
        invited = "" if account is None else account.invited_at.isoformat()
        return f"{super()._make_hash_value(user, timestamp)}{invited}"


invitation_tokens = InvitationTokenGenerator()
