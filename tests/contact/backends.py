"""Email backends that fail the way SMTP does, for the notification tests."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class DownBackend(BaseEmailBackend):
    """The SMTP server is not there."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed: alex@example.com")


class TimeoutBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise TimeoutError("timed out")


class RefuseEnquirerBackend(LocmemBackend):
    """Delivers to everyone except the enquirer's address, which the server refuses."""

    refused = "alex@example.com"

    def send_messages(self, messages):
        for message in messages:
            if self.refused in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"no such user")})
        return super().send_messages(messages)
