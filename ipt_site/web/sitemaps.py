from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
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
def sitemap(request, sitemaps):
    return sitemap_views.sitemap(request, sitemaps)
