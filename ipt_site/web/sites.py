"""The one `Site` (django.contrib.sites, which the redirects need) follows the settings.

Anything that asks Django for the current site (the redirects, the sign-in views) gets
this row: its domain is IPT_SITE_URL's host and its name the site's name, set on every
migrate, so a deploy that changes IPT_SITE_URL changes the row and nothing says
example.com. Without IPT_SITE_URL (development, tests) the domain is "localhost"; the
sitemap and the feed name the host they were asked on (web.sitemaps, articles.feeds), as
canonical links do.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def site_from_settings():
    from django.contrib.sites.models import Site

    return Site(pk=settings.SITE_ID, domain=site_domain(), name=settings.SITE_NAME[:50])


def remember_site() -> None:
    """Put the site, as the settings make it, in Django's site cache: the row only ever
    holds these values (update_site), so asking for the current site costs no query, even
    the first time in a process."""
    from django.contrib.sites.models import SITE_CACHE

    SITE_CACHE[settings.SITE_ID] = site_from_settings()


def update_site(*, using="default", apps=None, **kwargs) -> None:
    """post_migrate: create or update the site row from the settings."""
    if apps is None:
        from django.apps import apps
    try:
        Site = apps.get_model("sites", "Site")
    except LookupError:  # a migrate run back to before the sites app
        return
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": site_domain(), "name": settings.SITE_NAME[:50]},
    )
    remember_site()  # saving a site empties Django's cache of them
