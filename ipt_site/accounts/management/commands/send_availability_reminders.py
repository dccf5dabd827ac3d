"""Ask therapists to confirm whether they are taking new clients, before it goes stale.

A therapist with an account is emailed a week before their availability would be shown
as stale (IPT_AVAILABILITY_CONFIRM_DAYS), once per confirmation, and again every 30 days
while it stays unconfirmed. The email holds a link to /account/ and nothing else about
them. Schedule it daily:
    30 8 * * *  cd /srv/ipt && .venv/bin/python manage.py send_availability_reminders
Exits non-zero if an email could not be sent (that therapist is tried again next run).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ipt_site.accounts.services import (
    accounts_due_an_availability_reminder,
    send_availability_reminder,
)


class Command(BaseCommand):
    help = "Email therapists whose availability is about to go stale (a link to confirm)."

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            self.stderr.write("IPT_SITE_URL is not set: links in the email will be paths only.")
        due = list(accounts_due_an_availability_reminder())
        failed = 0
        for account in due:
            try:
                send_availability_reminder(account)
            except Exception as exc:  # one refused address must not stop the others
                failed += 1
                self.stderr.write(
                    f"Reminder not sent to therapist account #{account.pk} ({type(exc).__name__})."
                )
        self.stdout.write(f"Availability reminders sent: {len(due) - failed} of {len(due)}.")
        if failed:
            raise CommandError(f"{failed} reminder email(s) could not be sent.")
