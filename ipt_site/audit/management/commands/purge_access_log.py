from django.conf import settings
from django.core.management.base import BaseCommand

from ipt_site.audit.models import EnquiryAccess


class Command(BaseCommand):
    help = "Delete access-log rows older than IPT_AUDIT_RETENTION_DAYS (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        days = settings.AUDIT_RETENTION_DAYS
        old = EnquiryAccess.objects.older_than(days)
        if dry_run:
            self.stdout.write(f"{old.count()} access-log rows are older than {days} days.")
            return
        deleted, _ = old.delete()
        self.stdout.write(f"Deleted {deleted} access-log rows older than {days} days.")
