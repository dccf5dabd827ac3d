from django.apps import AppConfig


class WebConfig(AppConfig):
    """Site glue: /health/, /robots.txt, security.txt, the error views, media, the app
    sitemap; and what every app shares: emails, the task queue and its admin, middleware."""

    name = "ipt_site.web"
    verbose_name = "Site"
