from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ipt_site.audit"
    verbose_name = "Access log"

    def ready(self):
        from . import checks  # noqa: F401  registers the retention check
