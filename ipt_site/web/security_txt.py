"""/.well-known/security.txt (RFC 9116): where to report a security problem.

Built from settings. Expires is always SECURITY_TXT_EXPIRES_DAYS ahead, counted from the
start of today (UTC), so the file stays current without anyone remembering to renew it
and stays the same all day (cacheable).
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from ipt_site.pages.structured_data import absolute_url


def security_txt_lines(request, today=None) -> list[str]:
    today = today or datetime.now(UTC).date()
    expires = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(
        days=settings.SECURITY_TXT_EXPIRES_DAYS
    )
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACTS]
    lines.append(f"Expires: {expires:%Y-%m-%dT%H:%M:%S.000Z}")
    if settings.SECURITY_TXT_POLICY:
        lines.append(f"Policy: {settings.SECURITY_TXT_POLICY}")
    lines.append(f"Preferred-Languages: {', '.join(settings.SECURITY_TXT_LANGUAGES)}")
    lines.append(f"Canonical: {absolute_url(request, request.path)}")
    return lines


@require_GET
def security_txt(request):
    response = HttpResponse(
        "\n".join(security_txt_lines(request)) + "\n", content_type="text/plain; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response
