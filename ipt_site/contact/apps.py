from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "ipt_site.contact"
    verbose_name = "Enquiries"

    def ready(self):
        from ipt_site.pages import placeholders

        from .replytime import placeholder_values

        placeholders.register_values("contact", placeholder_values)
