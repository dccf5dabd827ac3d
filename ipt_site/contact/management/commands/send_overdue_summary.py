"""Email each enquiry handler how many open enquiries are overdue: counts and links only.

"Overdue" is open (new or in progress) and waiting longer than IPT_CONTACT_REPLY_TIME
working days. Nobody is emailed when nothing is overdue. Schedule it once a working day:
    0 8 * * 1-5  cd /srv/ipt && .venv/bin/python manage.py send_overdue_summary
Handlers are the active members of the "Enquiry handlers" group with an email address;
with none, the summary goes to IPT_ENQUIRY_NOTIFY_EMAIL. Exits non-zero if an email
could not be sent, so cron reports it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ipt_site.contact.summary import handlers, overdue_counts, summary_email


class Command(BaseCommand):
    help = "Email enquiry handlers the number of overdue open enquiries (no details)."

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            self.stderr.write("IPT_SITE_URL is not set: links in the email will be paths only.")
        counts = overdue_counts()
        if counts.total == 0:
            self.stdout.write("No open enquiries are overdue. No email sent.")
            return
        recipients = [(user.email, user) for user in handlers()] or [
            (settings.ENQUIRY_NOTIFY_EMAIL, None)
        ]
        failed = 0
        for address, handler in recipients:
            try:
                summary_email(counts, address, handler).send()
            except Exception as exc:  # one refused address must not stop the others
                failed += 1
                who = f"handler #{handler.pk}" if handler else "the notification address"
                self.stderr.write(f"Summary not sent to {who} ({type(exc).__name__}).")
        self.stdout.write(
            f"Overdue: {counts.total}. Summaries sent: {len(recipients) - failed} of "
            f"{len(recipients)}."
        )
        if failed:
            raise CommandError(f"{failed} summary email(s) could not be sent.")
