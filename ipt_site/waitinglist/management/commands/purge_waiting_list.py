"""Delete waiting-list requests older than WAITING_LIST_DAYS (IPT_WAITING_LIST_DAYS, 90 by
default), as the privacy page says. Used requests are deleted when their email goes.
Schedule it daily (docs/deployment.md)."""

from django.core.management.base import BaseCommand

from ipt_site.waitinglist import services


class Command(BaseCommand):
    help = "Delete waiting-list requests older than WAITING_LIST_DAYS."

    def handle(self, *args, **options):
        deleted = services.purge()
        self.stdout.write(f"Deleted {deleted} waiting-list request(s).")
