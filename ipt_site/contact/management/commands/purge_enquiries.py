"""Delete closed enquiries once the retention period has passed since they were closed.

The period is ENQUIRY_RETENTION_DAYS (IPT_ENQUIRY_RETENTION_DAYS), the same setting the
privacy page quotes. Schedule it daily, e.g.
    15 3 * * *  cd /srv/ipt && .venv/bin/python manage.py purge_enquiries
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from ipt_site.contact.models import Enquiry


class Command(BaseCommand):
    help = "Delete closed enquiries older than ENQUIRY_RETENTION_DAYS (counted from closing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go, delete nothing."
        )

    def handle(self, *args, dry_run, **options):
        days = settings.ENQUIRY_RETENTION_DAYS
        queryset = Enquiry.objects.purgeable(days)
        if dry_run:
            count = queryset.count()
            self.stdout.write(f"Would delete {count} closed enquiries older than {days} days.")
            return
        _, per_model = queryset.delete()
        count = per_model.get(Enquiry._meta.label, 0)
        self.stdout.write(f"Deleted {count} closed enquiries older than {days} days.")
