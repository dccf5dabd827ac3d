from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "ipt_site.articles"
    verbose_name = "Articles"

    def ready(self):
        from . import checks  # noqa: F401  registers the article checks
