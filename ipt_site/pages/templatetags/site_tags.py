import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ipt_site.pages.structured_data import absolute_url

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def ld_json(data):
    """A JSON-LD block. It is data, not script, so a strict CSP does not block it."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.filter
def tel(number: str) -> str:
    """'116 123' -> '116123' for a tel: link."""
    return "".join(ch for ch in str(number) if ch.isdigit() or ch == "+")


@register.simple_tag(takes_context=True)
def canonical_link(context):
    """<link rel="canonical"> for an app page: its own path, never its query string."""
    request = context["request"]
    return format_html('<link rel="canonical" href="{}">', absolute_url(request, request.path))
