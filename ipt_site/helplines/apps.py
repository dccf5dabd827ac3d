from django.apps import AppConfig


class HelplinesConfig(AppConfig):
    name = "ipt_site.helplines"
    verbose_name = "Help lines"

    def ready(self):
        from ipt_site.pages import rules as content_rules

        from . import checks, placeholders, rules  # noqa: F401  checks: "a 999 route" check

        placeholders.register()
        content_rules.register("E020", rules.crisis_number_problems)
