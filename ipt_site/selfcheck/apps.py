from django.apps import AppConfig


class SelfCheckConfig(AppConfig):
    name = "ipt_site.selfcheck"
    verbose_name = "Self-check tools"
