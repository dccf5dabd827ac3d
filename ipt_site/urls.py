from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from ipt_site.editor import views as editor_views
from ipt_site.pages.sitemaps import PageSitemap
from ipt_site.therapists.sitemaps import TherapistSitemap
from ipt_site.web import health, media, robots
from ipt_site.web import sitemaps as app_sitemaps
from ipt_site.web.security_txt import security_txt
from ipt_site.web.sitemaps import AppPageSitemap

admin.site.site_header = f"{settings.PRACTICE_NAME}: staff area"
admin.site.site_title = f"{settings.PRACTICE_NAME} staff"
admin.site.index_title = "Therapists, enquiries and staff accounts"

sitemaps = {"pages": PageSitemap, "app-pages": AppPageSitemap, "therapists": TherapistSitemap}

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path(
        "sitemap.xml",
        app_sitemaps.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    path("health/", health.health, name="health"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("two-factor/", include("ipt_site.twofactor.urls")),
    # Free calls and the waiting list: pages under /therapists/<slug>/ and /account/, and
    # their own signed links; before the therapists and accounts apps.
    path("", include("ipt_site.introcalls.urls")),
    path("", include("ipt_site.waitinglist.urls")),
    path("therapists/", include("ipt_site.therapists.urls")),
    path("contact/", include("ipt_site.contact.urls")),
    path("self-check/", include("ipt_site.selfcheck.urls")),
    # PDFs of the printable guides; the guides themselves are content pages.
    path("resources/", include("ipt_site.resources.urls")),
    path("account/", include("ipt_site.accounts.urls")),
    # Shared previews of pages being edited: their own path, never cached with public pages.
    path("preview/<str:token>/", editor_views.shared_preview, name="editor_preview"),
    path("articles/", include("ipt_site.articles.urls")),
    path("search/", include("ipt_site.search.urls")),
    # Content pages last: they catch every other lower-case path.
    path("", include("ipt_site.pages.urls")),
]

if settings.SERVE_MEDIA:
    # Therapist photos from MEDIA_ROOT, before the catch-all content pages.
    urlpatterns.insert(
        0, re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media.serve_media)
    )

handler400 = "ipt_site.web.errors.bad_request"
handler403 = "ipt_site.web.errors.permission_denied"
handler500 = "ipt_site.web.errors.server_error"
