from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "ipt_site.contact"
    verbose_name = "Enquiries"
