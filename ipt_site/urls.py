from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from ipt_site.pages import views as page_views
from ipt_site.pages.sitemaps import PageSitemap

sitemaps = {"pages": PageSitemap}

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path("health/", page_views.health, name="health"),
    # Content pages last: they catch every other lower-case path.
    path("", include("ipt_site.pages.urls")),
]

handler500 = "ipt_site.pages.views.server_error"
