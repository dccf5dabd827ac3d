"""Let a locked-out person set up two-step sign-in again (lost phone and codes)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from ipt_site.twofactor import services


class Command(BaseCommand):
    help = (
        "Remove a user's authenticator app and recovery codes. Their next sign-in asks "
        "them to set up two-step sign-in again. Check who is asking before you run it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The username of the person who is locked out.")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        removed = services.reset(user)
        if not removed:
            self.stdout.write(f"{username} had no two-step sign-in set up; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Removed %(count)d device from %(username)s.",
                    "Removed %(count)d devices from %(username)s.",
                    removed,
                )
                % {"count": removed, "username": username}
                + " They will set up two-step sign-in again when they next sign in."
            )
        )
