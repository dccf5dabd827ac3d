"""The page django-axes shows when sign-ins are paused: the site's own look at /account/,
the admin's page everywhere else (AXES_LOCKOUT_CALLABLE)."""

from axes.helpers import get_cool_off, get_cool_off_iso8601
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse


def lockout_response(request, original_response=None, credentials=None):
    context = {"cooloff_time": "", "cooloff_minutes": None}
    cool_off = get_cool_off(request)
    if cool_off:
        context["cooloff_time"] = get_cool_off_iso8601(cool_off)
        context["cooloff_minutes"] = max(1, int(cool_off.total_seconds() // 60))
    template = settings.AXES_LOCKOUT_TEMPLATE
    if request.path.startswith(reverse("accounts:home")):
        template = "accounts/locked_out.html"
    response = render(request, template, context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Cache-Control"] = "private, no-store"
    return response
