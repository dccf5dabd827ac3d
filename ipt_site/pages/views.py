import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from ipt_site.pagecache import cacheable
from ipt_site.security.health import may_see_details

from . import placeholders, structured_data
from .render import split_lead
from .store import get_store

logger = logging.getLogger(__name__)

# A deploy can change templates without touching content: pages are never older than this.
STARTED_AT = time.time()


@cacheable  # problem-area pages show therapists: content, data and day versions all count
class PageView(TemplateView):
    """A markdown page from the content folder, looked up by its URL."""

    def get(self, request, *args, **kwargs):
        self.index = get_store().index()
        self.page = self.index.get("/" + kwargs.get("url", ""))
        self.staff = request.user.is_authenticated and request.user.is_staff
        if self.page is None or (self.page.meta.draft and not self.staff):
            raise Http404("No such page")
        response = super().get(request, *args, **kwargs)
        if self.page.meta.draft or self.staff:
            # Staff may see drafts and notices: never share their copy.
            patch_cache_control(response, private=True, no_cache=True)
            if self.page.meta.draft:
                response["X-Robots-Tag"] = "noindex"
        else:
            patch_cache_control(response, public=True, max_age=settings.CONTENT_CACHE_SECONDS)
            # ConditionalGetMiddleware answers If-Modified-Since / If-None-Match with 304.
            response["Last-Modified"] = http_date(max(self.index.last_modified, STARTED_AT))
        return response

    def get_template_names(self):
        return [self.page.template_name, "pages/page.html"]

    def get_context_data(self, **kwargs):
        page, index = self.page, self.index
        previous_page, next_page = index.siblings(page, include_drafts=self.staff)
        breadcrumbs = index.ancestors(page)
        context = super().get_context_data(**kwargs)
        context.update(
            page=page,
            breadcrumbs=breadcrumbs,
            children=index.children(page, include_drafts=self.staff) if page.is_section else [],
            previous_page=previous_page,
            next_page=next_page,
            show_toc=sum(1 + len(entry["children"]) for entry in page.toc) >= 3,
            canonical_url=structured_data.absolute_url(self.request, page.url),
            structured_data=structured_data.for_page(self.request, page, breadcrumbs),
        )
        blocks = {}
        if page.meta.template == "home":
            areas = index.get("/problem-areas/")
            context["problem_areas"] = index.children(areas) if areas else []
            # The body places the cards; without the placeholder the template appends them.
            context["cards_in_body"] = "[[problem_area_cards]]" in page.html
            if context["cards_in_body"]:
                blocks["problem_area_cards"] = render_to_string(
                    "includes/page_cards.html", {"pages": context["problem_areas"], "level": 3}
                )
        context["page_html"] = placeholders.fill(page.html, blocks)
        context["toc_lead"], context["toc_rest"] = split_lead(context["page_html"])
        return context


@never_cache
def health(request):
    """200 when the database and cache answer, 503 when either does not; for load balancers.
    Which one is down is shown only to this machine or a monitor with the token."""
    status = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        status["database"] = "unavailable"
    try:
        cache.set("health-check", "ok", 10)
        if cache.get("health-check") != "ok":
            status["cache"] = "unavailable"
    except Exception:  # a cache backend raises its own errors (e.g. redis ConnectionError)
        logger.exception("Health check: cache unavailable")
        status["cache"] = "unavailable"
    healthy = all(value == "ok" for value in status.values())
    body = {"status": "ok" if healthy else "unavailable"}
    if may_see_details(request):
        body.update(status)
    return JsonResponse(body, status=200 if healthy else 503)


def robots_txt(request):
    sitemap = structured_data.absolute_url(request, reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /contact/thanks/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
