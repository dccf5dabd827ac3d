from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ipt_site.accounts"
    verbose_name = "Therapist accounts"
