"""Email each enquiry handler how many open enquiries are overdue: counts and links only.

"Overdue" is open (new or in progress) and waiting longer than IPT_CONTACT_REPLY_TIME
working days. Nobody is emailed when nothing is overdue. Schedule it once a working day:
    0 8 * * 1-5  cd /srv/ipt && .venv/bin/python manage.py send_overdue_summary
Handlers are the active members of the "Enquiry handlers" group with an email address;
with none, the summary goes to IPT_ENQUIRY_NOTIFY_EMAIL. The emails are queued, one per
recipient, and the task worker sends them (trying again if the mail server fails; one
that gives up is listed in the admin under Task results).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ipt_site.contact.summary import overdue_counts, recipients
from ipt_site.contact.tasks import send_overdue_summary


class Command(BaseCommand):
    help = "Email enquiry handlers the number of overdue open enquiries (no details)."

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            self.stderr.write("IPT_SITE_URL is not set: links in the email will be paths only.")
        counts = overdue_counts()
        if counts.total == 0:
            self.stdout.write("No open enquiries are overdue. No email sent.")
            return
        to = recipients()
        for handler_id in to:
            send_overdue_summary.enqueue(handler_id)
        queued = ngettext("%(count)d summary queued.", "%(count)d summaries queued.", len(to))
        self.stdout.write(f"Overdue: {counts.total}. " + queued % {"count": len(to)})
