from django.apps import AppConfig


class WaitingListConfig(AppConfig):
    name = "ipt_site.waitinglist"
    label = "waitinglist"
    # Sorted beside "Enquiries" in the admin.
    verbose_name = "Enquiries: waiting list"

    def ready(self):
        from django.conf import settings

        from ipt_site.pages import links, placeholders
        from ipt_site.therapists.selectors import profile_exists

        from . import receivers  # noqa: F401  (connects to therapists' availability_opened)

        # A link in a content page to a therapist's waiting list: a profile visitors see.
        for name in ("waitinglist:join", "waitinglist:thanks"):
            links.register(name, profile_exists)
        # The privacy page states when an unused request is deleted.
        placeholders.register_values(
            "waitinglist", lambda: {"waiting_list_days": str(settings.WAITING_LIST_DAYS)}
        )
