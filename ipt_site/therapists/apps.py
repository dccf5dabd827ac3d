from django.apps import AppConfig


class TherapistsConfig(AppConfig):
    name = "ipt_site.therapists"
    verbose_name = "Therapist directory"
