from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.requests import RequestSite
from django.urls import reverse

from ipt_site.pagecache import cacheable

# App pages (not markdown) that people should find through search engines.
NAMED_PAGES = (
    "therapists:list",
    "contact:form",
    "selfcheck:index",
    "selfcheck:mood",
    "selfcheck:areas",
    "selfcheck:relationships",
)


class AppPageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return list(NAMED_PAGES)

    def location(self, item):
        return reverse(item)


@cacheable(depends={"content", "data"})  # lists pages and therapists: purged with either
def sitemap(request, sitemaps, **kwargs):
    """Django's sitemap view, naming the host it was asked on (as before the sites app was
    installed for the redirects), not the Site row's domain."""
    domain = RequestSite(request).domain

    def on_request_host(section):
        section = section() if isinstance(section, type) else section
        section.get_domain = lambda site=None: domain
        return section

    sections = {name: on_request_host(section) for name, section in sitemaps.items()}
    return sitemap_views.sitemap(request, sections, **kwargs)
