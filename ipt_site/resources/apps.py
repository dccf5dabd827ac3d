from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "ipt_site.resources"
    verbose_name = "Free resources (printable guides and their PDFs)"

    def ready(self):
        from ipt_site.pages import links

        from .views import pdf_exists

        links.register("resources:pdf", pdf_exists)
