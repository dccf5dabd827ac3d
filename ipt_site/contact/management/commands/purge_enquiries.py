"""Delete enquiries the practice no longer needs, so nothing is kept for ever:

- closed enquiries, ENQUIRY_RETENTION_DAYS (IPT_ENQUIRY_RETENTION_DAYS) after closing;
- enquiries never closed, ENQUIRY_MAX_AGE_DAYS (IPT_ENQUIRY_MAX_AGE_DAYS) after arriving.

The privacy page quotes both periods from the same settings. Their notes and status
history go with them. Schedule it daily, e.g.
    15 3 * * *  cd /srv/ipt && .venv/bin/python manage.py purge_enquiries
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from ipt_site.contact.models import Enquiry


def enquiries(count: int) -> str:
    return ngettext("%(count)d enquiry", "%(count)d enquiries", count) % {"count": count}


class Command(BaseCommand):
    help = (
        "Delete closed enquiries older than ENQUIRY_RETENTION_DAYS (counted from closing) "
        "and enquiries never closed older than ENQUIRY_MAX_AGE_DAYS (counted from arrival)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go, delete nothing."
        )

    def handle(self, *args, dry_run, **options):
        closed_days = settings.ENQUIRY_RETENTION_DAYS
        open_days = settings.ENQUIRY_MAX_AGE_DAYS
        closed = Enquiry.objects.purgeable(closed_days)
        unclosed = Enquiry.objects.purgeable_unclosed(open_days)
        if dry_run:
            self.stdout.write(
                f"Would delete {enquiries(closed.count())} closed more than {closed_days} "
                f"days ago and {enquiries(unclosed.count())} never closed, received more "
                f"than {open_days} days ago."
            )
            return
        with transaction.atomic():
            closed_count = closed.delete()[1].get(Enquiry._meta.label, 0)
            unclosed_count = unclosed.delete()[1].get(Enquiry._meta.label, 0)
        self.stdout.write(
            f"Deleted {enquiries(closed_count)} closed more than {closed_days} days ago and "
            f"{enquiries(unclosed_count)} never closed, received more than {open_days} "
            "days ago."
        )
