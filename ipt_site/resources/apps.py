from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "ipt_site.resources"
    verbose_name = "Free resources (printable guides and their PDFs)"
