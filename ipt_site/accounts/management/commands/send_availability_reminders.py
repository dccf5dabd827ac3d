"""Ask therapists to confirm whether they are taking new clients, before it goes stale.

A therapist with an account is emailed a week before their availability would be shown
as stale (IPT_AVAILABILITY_CONFIRM_DAYS), once per confirmation, and again every 30 days
while it stays unconfirmed. The email holds a link to /account/ and nothing else about
them. Schedule it daily:
    30 8 * * *  cd /srv/ipt && .venv/bin/python manage.py send_availability_reminders
The emails are queued and the task worker sends them, trying again if the mail server
fails; one that gives up is listed in the admin under Task results.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from ipt_site.accounts.services.availability import (
    accounts_due_an_availability_reminder,
    queue_availability_reminder,
)


class Command(BaseCommand):
    help = "Email therapists whose availability is about to go stale (a link to confirm)."

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            self.stderr.write("IPT_SITE_URL is not set: links in the email will be paths only.")
        due = list(accounts_due_an_availability_reminder())
        for account in due:
            queue_availability_reminder(account)
        self.stdout.write(f"Availability reminders queued: {len(due)}.")
