"""`manage.py sync_content`: bring the database's index of content in step with the folder.

Run it at every deploy (after `migrate`), after a `git pull` into the content folder, and
after editing files by hand on a server; `make run` runs it before the server starts and
`--watch` beside it. It is safe to run at any time, on any server, and twice at once.
"""

import time

from django.core.management.base import BaseCommand

from ipt_site.pages import files
from ipt_site.pages.sync import read_file, sync


class Command(BaseCommand):
    help = "Bring the content rows in the database in step with the content folder."
    # The system checks would read and render every page once more (the content check):
    # the sync checks each page it reads and stores what it finds.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="reread",
            help="Read every file again, changed or not (after a change to what rows hold).",
        )
        parser.add_argument(
            "--watch",
            action="store_true",
            help="Development only: look for changed files once a second until stopped.",
        )

    def handle(self, *args, watch=False, reread=False, verbosity=1, **options):
        self.verbosity = verbosity
        root = files.root()
        if not root.is_dir():
            self.stderr.write(f"The content folder {root} does not exist.")
            raise SystemExit(1)
        started = time.perf_counter()
        # A deploy's sync also checks every page's links again (a therapist unpublished,
        # a setting changed); the watcher starts where `make run`'s sync left off.
        result = sync(recheck=not watch, reread=reread)
        self.report(result, time.perf_counter() - started)
        if watch:
            self.watch(root)

    def report(self, result, seconds=None):
        parts = [
            f"{len(result.imported)} changed here",
            f"{len(result.removed)} removed",
            f"{len(result.refreshed)} brought up to date from the database",
        ]
        took = f" in {seconds:.2f} s" if seconds is not None else ""
        if self.verbosity:
            self.stdout.write(f"Content synced{took}: {', '.join(parts)}.")

    def watch(self, root):
        """Sync whenever a file's text changes (compared with the last look, in memory)."""
        self.stdout.write(f"Watching {root} for changes (Ctrl-C to stop).")
        seen = self.texts(root)
        try:
            while True:
                time.sleep(1)
                now = self.texts(root)
                if now != seen:
                    self.report(sync())
                    seen = self.texts(root)
        except KeyboardInterrupt:
            pass

    @staticmethod
    def texts(root):
        return {relpath: files.digest(read_file(root, relpath)) for relpath in files.walk(root)}
