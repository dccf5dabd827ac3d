from django.contrib.sitemaps import Sitemap

from .models import Therapist


class TherapistSitemap(Sitemap):
    """Every published profile. (The directory page itself is in the app-pages sitemap.)"""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Therapist.objects.published().only("slug", "updated").order_by("slug")

    def lastmod(self, item):
        return item.updated
