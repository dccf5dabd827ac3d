"""Error pages rendered with the site's header, footer and urgent-help panel.

Django renders 400, 403 (including CSRF failures) and 500 pages without running context
processors, so the panel's numbers would be missing. These views add the same context:
the settings, and the help lines (which fall back to the built-in emergency routes when
the database is what failed).
"""

from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from ipt_site.helplines.context_processors import urgent_help
from ipt_site.pages.context_processors import site


def render_error(request, template_name: str, status: int, **extra) -> HttpResponse:
    context = {**site(request), **urgent_help(request)}
    context.update(request=request, **extra)
    return HttpResponse(loader.get_template(template_name).render(context), status=status)


def bad_request(request, exception=None):
    return render_error(request, "400.html", 400)


def permission_denied(request, exception=None):
    return render_error(request, "403.html", 403)


def csrf_failure(request, reason=""):
    # A message someone wrote is shown back to them (never stored) so going back to a
    # no-store form page does not cost them what they typed.
    message = request.POST.get("message", "") if request.method == "POST" else ""
    response = render_error(request, "403_csrf.html", 403, message=message[:5000])
    add_never_cache_headers(response)
    return response


def server_error(request):
    return render_error(request, "500.html", 500)
