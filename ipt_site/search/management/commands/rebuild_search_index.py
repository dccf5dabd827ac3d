from django.core.management.base import BaseCommand

from ipt_site.search import indexer
from ipt_site.search.models import Document


class Command(BaseCommand):
    help = (
        "Rebuild the site search index from the content files and published therapists. "
        "Never needed in normal use (the index follows changes by itself); useful after "
        "restoring a database backup."
    )

    def handle(self, *args, **options):
        indexer.rebuild()
        self.stdout.write(f"Search index rebuilt: {Document.objects.count()} entries.")
