from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "ipt_site.pages"
    verbose_name = "Content pages"

    def ready(self):
        from . import checks  # noqa: F401  registers the content checks
