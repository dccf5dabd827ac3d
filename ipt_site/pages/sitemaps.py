from django.contrib.sitemaps import Sitemap

from .store import get_store


class PageSitemap(Sitemap):
    """Published content pages; drafts and pages with fatal errors are left out."""

    changefreq = "monthly"

    def items(self):
        return sorted(get_store().index().published(), key=lambda page: page.url)

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.meta.reviewed

    def priority(self, item):
        return 1.0 if item.url == "/" else 0.8 if item.is_section else 0.6
