"""Queue the emails again for enquiries still pending that no task is sending.

The task queue sends an enquiry's emails and tries again by itself when the mail server
fails (contact.tasks.send_enquiry_emails). This command catches what the queue cannot
see: an enquiry whose task could not be queued at all (the database failed just after
saving it), whose worker was killed mid-send, or whose task gave up after its last
attempt. Schedule it hourly, e.g.
    0 * * * *  cd /srv/ipt && .venv/bin/python manage.py send_pending_notifications
It is safe to run at any time, beside the workers: an enquiry with a task waiting or
running is left alone, each enquiry is claimed before sending, and each recipient gets
their email once. It only queues; the worker sends.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ipt_site.contact.models import Enquiry
from ipt_site.contact.services import queue_emails
from ipt_site.contact.tasks import send_enquiry_emails
from ipt_site.web.tasks import queued_for


class Command(BaseCommand):
    help = "Queue the emails again for stored enquiries whose notifications have not gone."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="At most this many enquiries per run."
        )

    def handle(self, *args, limit, **options):
        if not settings.SITE_URL:
            self.stderr.write(
                "IPT_SITE_URL is not set: admin links in the emails will be paths only."
            )
        pending = list(
            Enquiry.objects.pending_notification()
            .order_by("received_at", "pk")
            .values_list("pk", "notification_attempts", "last_notification_error")[:limit]
        )
        on_their_way = queued_for(send_enquiry_emails)
        queued = [pk for pk, *_ in pending if pk not in on_their_way and queue_emails(pk)]
        self.stdout.write(
            f"Pending: {len(pending)}. Queued again: {len(queued)}. "
            f"Already on their way: {sum(pk in on_their_way for pk, *_ in pending)}."
        )
        for pk, attempts, error in pending:
            if pk not in on_their_way:
                tried = ngettext(
                    "after %(count)d attempt", "after %(count)d attempts", attempts
                ) % {"count": attempts}
                self.stdout.write(f"  Enquiry #{pk}: {error or 'not sent yet'} {tried}")
