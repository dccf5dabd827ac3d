from django.apps import AppConfig


class TherapistsConfig(AppConfig):
    name = "ipt_site.therapists"
    verbose_name = "Therapist directory"

    def ready(self):
        from ipt_site.pages import links

        from . import selectors

        # A link in a content page to /therapists/<slug>/: a profile visitors can see.
        links.register("therapists:detail", selectors.profile_exists)
