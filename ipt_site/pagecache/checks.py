"""System checks for the edge purge settings (IPT_EDGE_PURGE and friends)."""

from django.conf import settings
from django.core import checks

BACKENDS = ("none", "nginx", "fastly", "cloudflare")


@checks.register(checks.Tags.caches, deploy=False)
def edge_purge_settings(app_configs, **kwargs):
    backend = settings.EDGE_PURGE
    if backend not in BACKENDS:
        return [
            checks.Error(
                f"IPT_EDGE_PURGE is {backend!r}: use one of {', '.join(BACKENDS)}.",
                id="pagecache.E001",
            )
        ]
    if backend != "none" and not settings.EDGE_PURGE_URLS:
        return [
            checks.Error(
                f"IPT_EDGE_PURGE is {backend!r} but IPT_EDGE_PURGE_URL is empty: say where "
                "purges go.",
                id="pagecache.E002",
            )
        ]
    odd = [url for url in settings.EDGE_PURGE_URLS if not url.startswith(("http://", "https://"))]
    if odd:
        return [
            checks.Error(
                f"IPT_EDGE_PURGE_URL must be http:// or https:// addresses, not {odd[0]!r}.",
                id="pagecache.E004",
            )
        ]
    if backend in ("fastly", "cloudflare") and not (
        settings.EDGE_PURGE_SERVICE and settings.EDGE_PURGE_TOKEN
    ):
        return [
            checks.Error(
                f"IPT_EDGE_PURGE is {backend!r}: set IPT_EDGE_PURGE_SERVICE (the service or "
                "zone id) and IPT_EDGE_PURGE_TOKEN.",
                id="pagecache.E003",
            )
        ]
    return []
