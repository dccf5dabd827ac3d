from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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
