from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "ipt_site.pagecache"
    verbose_name = "Response cache"

    def ready(self):
        from . import checks, signals  # noqa: F401  checks registers itself

        signals.connect()
