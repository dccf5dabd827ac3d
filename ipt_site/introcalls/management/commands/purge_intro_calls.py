"""Delete free calls more than INTRO_CALL_RETENTION_DAYS (IPT_INTRO_CALL_RETENTION_DAYS, 30
by default) in the past, whatever became of them, and suggested times sent longer ago than
that, as the privacy page says. Schedule it daily (docs/deployment.md)."""

from django.core.management.base import BaseCommand

from ipt_site.introcalls import services


class Command(BaseCommand):
    help = "Delete free calls and suggested call times older than INTRO_CALL_RETENTION_DAYS."

    def handle(self, *args, **options):
        calls, suggestions = services.purge()
        self.stdout.write(f"Deleted {calls} free call(s) and {suggestions} suggested time(s).")
