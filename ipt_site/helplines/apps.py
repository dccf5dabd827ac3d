from django.apps import AppConfig


class HelplinesConfig(AppConfig):
    name = "ipt_site.helplines"
    verbose_name = "Help lines"

    def ready(self):
        from . import checks  # noqa: F401  registers the "urgent panel has a 999 route" check
