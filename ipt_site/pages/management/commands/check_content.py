"""`make check-content`: every problem in the content folder, file by file, in plain words.

The same checks as `manage.py check` (and the editor), printed for the people who write
the pages. It exits with status 1 when it finds a problem, so scripts can rely on it.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ipt_site.pages import files
from ipt_site.pages.meta import ERROR
from ipt_site.pages.sync import folder_problems


def _count(number, singular, plural):
    """'1 page', '2 pages': Django's plural forms (one place to translate them)."""
    return ngettext(singular, plural, number) % {"n": number}


class Command(BaseCommand):
    help = "Check every content page and list the problems found, file by file."
    # This command is the content check; Django's own would stop it at the first error.
    requires_system_checks = []

    def handle(self, *args, **options):
        root = files.root()
        folder = Path(settings.CONTENT_DIR).name
        if not root.is_dir():
            self.stderr.write(f"The content folder {root} does not exist.")
            raise SystemExit(1)
        found = folder_problems(root)
        pages = sum(1 for _ in files.walk(root))
        self.stdout.write(f"Checked {_count(pages, '%(n)d page', '%(n)d pages')} in {root}.")
        if not found:
            self.stdout.write(self.style.SUCCESS("No problems found."))
            return
        by_file: dict[str, list] = {}
        for relpath, problem in found:
            by_file.setdefault(relpath, []).append(problem)
        for relpath, problems in by_file.items():
            self.stdout.write("")
            self.stdout.write(
                self.style.MIGRATE_HEADING(f"{folder}/{relpath}" if relpath else folder)
            )
            for problem in sorted(problems, key=lambda p: (p.line or 0, p.code)):
                where = f"line {problem.line}" if problem.line else "the page"
                if problem.level == ERROR:
                    label = self.style.ERROR("Error")
                else:
                    label = self.style.WARNING("Warning")
                self.stdout.write(f"  {where}: {label}: {problem.message}")
                if problem.hint:
                    self.stdout.write(f"    {problem.hint}")
        errors = sum(1 for _, p in found if p.level == ERROR)
        warnings = len(found) - errors
        self.stdout.write("")
        self.stdout.write(
            f"Found {_count(errors, '%(n)d error', '%(n)d errors')} and "
            f"{_count(warnings, '%(n)d warning', '%(n)d warnings')} in "
            f"{_count(len(by_file), '%(n)d file', '%(n)d files')}. Fix the errors first: a "
            "page whose front matter "
            "cannot be read, or that has no title, is not shown until it is fixed (or keeps "
            "showing its last good version). Warnings should be fixed too."
        )
        raise SystemExit(1)
