from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "ipt_site.articles"
    verbose_name = "Articles"

    def ready(self):
        from ipt_site.pages import links

        from . import checks, selectors  # noqa: F401  checks registers the article checks

        # A link in a content page to /articles/<slug>/: a published article.
        links.register("articles:detail", lambda slug: selectors.get_article(slug) is not None)
