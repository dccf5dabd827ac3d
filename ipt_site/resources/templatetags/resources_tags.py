from django import template
from django.urls import reverse

from ..pdf import pdf_for

register = template.Library()


@register.simple_tag(takes_context=True)
def resource_download(context, page):
    """The PDF's address, pages and size, for the download link on a resource page."""
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    built = pdf_for(page, context["request"])
    return {
        "url": reverse("resources:pdf", args=[slug]),
        "pages": built.pages,
        "size_kb": built.size_kb,
    }
