from django.apps import AppConfig


class WebConfig(AppConfig):
    """Site glue shared by every app: emails, the task queue's admin, middleware."""

    name = "ipt_site.web"
    verbose_name = "Site"
