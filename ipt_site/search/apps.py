from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ipt_site.search"
    verbose_name = "Site search"

    def ready(self):
        from . import signals

        signals.connect()
