from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "ipt_site.twofactor"
    verbose_name = "Two-step sign-in"
