import logging

from django import template
from django.urls import reverse

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def resource_download(context, page):
    """The PDF's address, pages and size, for the download link on a resource page."""
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    found = {"url": reverse("resources:pdf", args=[slug]), "pages": None, "size_kb": None}
    from ..pdf import pdf_for  # ReportLab costs 12 MB a worker: only on a resource page

    try:
        built = pdf_for(page, context["request"])
    except Exception:  # the page still shows; the PDF link explains itself
        logger.exception("Resource PDF: %s could not be built", page.relpath)
        return found
    return {**found, "pages": built.pages, "size_kb": built.size_kb}
