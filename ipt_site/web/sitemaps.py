from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

# App pages (not markdown) that people should find through search engines.
NAMED_PAGES = (
    "therapists:list",
    "contact:form",
    "selfcheck:index",
    "selfcheck:mood",
    "selfcheck:areas",
)


class AppPageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        names = []
        for name in NAMED_PAGES:
            try:
                reverse(name)
            except NoReverseMatch:
                continue  # an app that has no such page (yet)
            names.append(name)
        return names

    def location(self, item):
        return reverse(item)
