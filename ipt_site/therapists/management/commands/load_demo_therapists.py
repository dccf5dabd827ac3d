from django.core.management.base import BaseCommand

from ipt_site.therapists import demo
from ipt_site.therapists.models import Therapist


class Command(BaseCommand):
    help = (
        "Create or update the clearly fictional demo therapists in demo_therapists.yaml "
        "(beside this command), with abstract placeholder photos. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the directory already holds any therapist.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Therapist.objects.exists():
            self.stdout.write("The directory already has therapists; no demo data loaded.")
            return
        created, updated = demo.load()
        self.stdout.write(
            self.style.SUCCESS(f"Demo therapists: {created} created, {updated} updated.")
        )
