"""The hooks drafts.js reads from the edit and new-page forms (data attributes only: no
inline script, for the Content Security Policy)."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from ipt_site.editor import session

register = template.Library()


@register.simple_tag(takes_context=True)
def draft_attributes(context, row=None, form="fields"):
    """Where this form's browser draft is kept (per page and per signed-in user) and how
    long the sign-in has left."""
    request = context["request"]
    page = row.pk if row is not None else "new"
    if form != "fields":
        page = f"{page}:{form}"  # the whole-file form keeps its own draft
    return format_html(
        ' data-draft-key="ipt-editor-draft:v1:{}:{}" data-session-url="{}"'
        ' data-session-left="{}" data-session-warn="{}" data-sign-in-url="{}"',
        request.user.pk,
        page,
        reverse("admin:editor_session"),
        session.seconds_left(request.session),
        session.warn_seconds(),
        f"{reverse('admin:login')}?{urlencode({'next': request.path})}",
    )


@register.simple_tag
def session_max_hours():
    return settings.SESSION_MAX_HOURS
