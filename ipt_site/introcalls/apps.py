from django.apps import AppConfig


class IntroCallsConfig(AppConfig):
    name = "ipt_site.introcalls"
    label = "introcalls"
    # Sorted beside "Enquiries" in the admin: the same people handle both.
    verbose_name = "Enquiries: free introductory calls"

    def ready(self):
        from django.conf import settings

        from ipt_site.pages import links, placeholders
        from ipt_site.therapists.signals import demo_therapist_loaded

        from . import selectors
        from .demo import windows_from_demo

        demo_therapist_loaded.connect(windows_from_demo, dispatch_uid="introcalls-demo")
        # A link in a content page to a therapist's free call pages.
        for name in ("introcalls:choose", "introcalls:book", "introcalls:suggest"):
            links.register(name, selectors.offers_calls)
        # The privacy page states how long a call's details are kept.
        placeholders.register_values(
            "introcalls",
            lambda: {"intro_call_retention_days": str(settings.INTRO_CALL_RETENTION_DAYS)},
        )
