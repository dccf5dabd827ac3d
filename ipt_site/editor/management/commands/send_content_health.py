"""Email the content editors what needs attention: check problems and reviews due.

Run weekly from cron, e.g. `0 8 * * 1  cd /srv/ipt && .venv/bin/python manage.py
send_content_health`. Nothing is sent when all is well, unless --always is given.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse

from ipt_site.editor.health import report
from ipt_site.editor.permissions import GROUP_NAME


class Command(BaseCommand):
    help = "Email the Content editors group a summary of content problems and reviews due."

    def add_arguments(self, parser):
        parser.add_argument("--always", action="store_true", help="Send even when all is well.")

    def handle(self, *args, always=False, **options):
        found = report()
        if found.all_well and not always:
            self.stdout.write("All pages are fine and no review is due: nothing sent.")
            return
        recipients = sorted(
            set(
                get_user_model()
                .objects.filter(is_active=True, groups__name=GROUP_NAME)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
        if not recipients:
            self.stderr.write(f"No active member of '{GROUP_NAME}' has an email address.")
            return
        context = {
            "report": found,
            "site_name": settings.SITE_NAME,
            "health_url": settings.SITE_URL + reverse("admin:editor_contentpage_health"),
            "list_url": settings.SITE_URL + reverse("admin:editor_contentpage_changelist"),
        }
        problems = found.errors + found.warnings
        subject = (
            f"Website content: {problems} problem{'' if problems == 1 else 's'}, "
            f"{len(found.reviews)} review{'' if len(found.reviews) == 1 else 's'} due"
        )
        body = render_to_string("editor/email/health.txt", context)
        # One message each, so no one sees the others' addresses.
        sent = send_mass_mail([(subject, body, None, [address]) for address in recipients])
        self.stdout.write(f"Sent the content health email to {sent} people.")
