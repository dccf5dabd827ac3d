from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "ipt_site.security"
    verbose_name = "Site security"

    def ready(self):
        from . import checks, sessions  # noqa: F401  registers the checks and the login signal
