"""The PDF of a resource page: content/resources/<slug>.md with `template: resource`."""

import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ipt_site.pages import selectors
from ipt_site.pages.structured_data import absolute_url

logger = logging.getLogger(__name__)

SECTION = "/resources/"


def resource_page(url: str, *, staff: bool):
    """The published resource page at this URL, or None (drafts only for staff)."""
    page = selectors.page_at(url, staff=staff)
    if page is None or page.template != "resource" or not url.startswith(SECTION):
        return None
    return page


def pdf_exists(slug: str) -> bool:
    """Whether /resources/<slug>.pdf is there for a visitor (a link in a content page)."""
    return resource_page(f"{SECTION}{slug}/", staff=False) is not None


@require_safe
def resource_pdf(request, slug):
    staff = request.user.is_authenticated and request.user.is_staff
    page = resource_page(f"{SECTION}{slug}/", staff=staff)
    if page is None:
        raise Http404("No such resource")
    from .pdf import pdf_for  # ReportLab costs 12 MB a worker: only where a PDF is wanted

    try:
        built = pdf_for(page, request)
    except Exception:  # a layout ReportLab cannot fit (say, a table row taller than a page)
        logger.exception("Resource PDF: %s could not be built", page.relpath)
        return render(request, "resources/pdf_unavailable.html", {"page": page}, status=503)
    response = HttpResponse(built.data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}.pdf"'
    # ConditionalGetMiddleware answers a matching If-None-Match with 304.
    response["ETag"] = f'"{built.digest}"'
    # The web page is the version search engines should show.
    response["Link"] = f'<{absolute_url(request, page.url)}>; rel="canonical"'
    response["X-Robots-Tag"] = "noindex"
    if page.draft:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.CONTENT_CACHE_SECONDS)
    return response
