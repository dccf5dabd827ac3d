from django import template
from django.utils.html import format_html

register = template.Library()


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


@register.filter
def phone_link(line) -> str:
    if not getattr(line, "phone", ""):
        return ""
    return format_html('<a href="tel:{}">{}</a>', _digits(line.phone), line.phone)


@register.filter
def text_link(line) -> str:
    if not getattr(line, "text_number", ""):
        return ""
    return format_html('<a href="sms:{}">{}</a>', _digits(line.text_number), line.text_number)


@register.filter
def number_link(line) -> str:
    """A help line's number as a link: tel: for a phone, sms: for a text-only service."""
    return phone_link(line) or text_link(line)
