"""Retry the emails for enquiries whose notifications are still pending.

Schedule it (cron, a systemd timer, your platform's scheduler) every few minutes, e.g.
    */10 * * * *  cd /srv/ipt && .venv/bin/python manage.py send_pending_notifications
It is safe to run while another copy runs: each enquiry is claimed before sending, and
each recipient gets their email once. It exits 0 even when some still fail, and lists them.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from ipt_site.contact.models import Enquiry
from ipt_site.contact.services import notify


class Command(BaseCommand):
    help = "Send the notification emails that have not gone out yet for stored enquiries."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="At most this many enquiries per run."
        )

    def handle(self, *args, limit, **options):
        if not settings.SITE_URL:
            self.stderr.write(
                "IPT_SITE_URL is not set: admin links in the emails will be paths only."
            )
        ids = list(
            Enquiry.objects.pending_notification()
            .order_by("received_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        sent, failed, skipped = [], [], []
        for pk in ids:
            enquiry = Enquiry.objects.select_related("therapist").filter(pk=pk).first()
            if enquiry is None or enquiry.notification_status == Enquiry.NotificationStatus.SENT:
                skipped.append(pk)
                continue
            attempts_before = enquiry.notification_attempts
            if notify(enquiry):
                sent.append(pk)
            elif enquiry.notification_attempts == attempts_before:
                skipped.append(pk)  # another process is sending it right now
            else:
                failed.append(pk)
        self.stdout.write(
            f"Pending: {len(ids)}. Sent: {len(sent)}. Still pending: {len(failed)}. "
            f"Skipped (being sent elsewhere): {len(skipped)}."
        )
        for pk in failed:
            enquiry = Enquiry.objects.only("last_notification_error", "notification_attempts").get(
                pk=pk
            )
            self.stdout.write(
                f"  Enquiry #{pk}: {enquiry.last_notification_error or 'failed'} "
                f"after {enquiry.notification_attempts} attempts"
            )
