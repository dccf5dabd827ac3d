from django.conf import settings
from django.conf.urls.static import static
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
    path("therapists/", include("ipt_site.therapists.urls")),
    path("contact/", include("ipt_site.contact.urls")),
    # Content pages last: they catch every other lower-case path.
    path("", include("ipt_site.pages.urls")),
]

if settings.DEBUG:
    # Therapist photos while developing; production serving is in docs/deployment.md.
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler500 = "ipt_site.pages.views.server_error"
