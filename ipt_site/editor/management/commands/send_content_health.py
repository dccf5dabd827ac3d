"""Email the content editors what needs attention: check problems and reviews due.

Run weekly from cron, e.g. `0 8 * * 1  cd /srv/ipt && .venv/bin/python manage.py
send_content_health`. Nothing is sent when all is well, unless --always is given. One
email is queued for each member of the Content editors group (so no one sees the others'
addresses), and the task worker sends them.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from ipt_site.editor.health import report
from ipt_site.editor.permissions import GROUP_NAME
from ipt_site.editor.tasks import content_editors, send_content_health


class Command(BaseCommand):
    help = "Email the Content editors group a summary of content problems and reviews due."

    def add_arguments(self, parser):
        parser.add_argument("--always", action="store_true", help="Send even when all is well.")

    def handle(self, *args, always=False, **options):
        if report().all_well and not always:
            self.stdout.write("All pages are fine and no review is due: nothing sent.")
            return
        recipients = list(content_editors().values_list("pk", flat=True))
        if not recipients:
            self.stderr.write(f"No active member of '{GROUP_NAME}' has an email address.")
            return
        for user_id in recipients:
            send_content_health.enqueue(user_id, always)
        self.stdout.write(
            ngettext(
                "Queued the content health email for %(count)d person.",
                "Queued the content health email for %(count)d people.",
                len(recipients),
            )
            % {"count": len(recipients)}
        )
