"""Deployment checks (`manage.py check --deploy`) for what Django's own checks miss."""

from django.conf import settings
from django.core import checks

# Backends that keep their data inside one process: every gunicorn worker gets its own.
PER_PROCESS_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


@checks.register(checks.Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            "The default cache is local to each process: with more than one worker, each "
            "keeps and renders its own copy of every cached page and guide PDF, so memory "
            "and work grow with the number of workers and servers.",
            hint=(
                "Set CACHE_URL to a Redis server shared by every worker "
                "(e.g. redis://127.0.0.1:6379/1). Running a single worker only? "
                "Add 'ipt_site.W001' to DJANGO_SILENCED_SYSTEM_CHECKS."
            ),
            id="ipt_site.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def two_factor_is_required(app_configs, **kwargs):
    if settings.DEBUG or settings.REQUIRE_2FA:
        return []
    return [
        checks.Warning(
            "Staff can reach the admin, and the enquiries in it, with a password alone.",
            hint="Remove IPT_REQUIRE_2FA=false from the environment.",
            id="ipt_site.W002",
        )
    ]
