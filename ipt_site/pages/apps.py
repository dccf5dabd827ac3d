from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "ipt_site.pages"
    verbose_name = "Content pages"

    def ready(self):
        from . import checks, quality  # noqa: F401  checks: registers the content checks

        quality.register()
