from django.contrib.sitemaps import Sitemap

from . import selectors


class PageSitemap(Sitemap):
    """Published content pages; drafts and pages with fatal errors are left out."""

    changefreq = "monthly"

    def items(self):
        return selectors.published().listed().order_by("url")

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.reviewed

    def priority(self, item):
        return 1.0 if item.url == "/" else 0.8 if item.is_section else 0.6
