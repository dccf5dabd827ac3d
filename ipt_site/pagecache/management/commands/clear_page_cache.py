from django.core.management.base import BaseCommand

from ipt_site.pagecache import data_changed


class Command(BaseCommand):
    help = (
        "Start a new data version, so every page that shows therapists or lookups is "
        "rendered afresh (after editing the database by hand or with QuerySet.update())."
    )

    def handle(self, *args, **options):
        data_changed()
        self.stdout.write("Pages showing therapists will be rendered afresh.")
