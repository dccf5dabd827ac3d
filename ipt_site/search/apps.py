from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ipt_site.search"
    verbose_name = "Site search"

    def ready(self):
        from ipt_site.pages.signals import content_changed

        from . import indexer, signals

        signals.connect()
        content_changed.connect(indexer.content_changed, dispatch_uid="search-content")
