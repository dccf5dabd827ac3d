"""The shareable preview link: a page as it stands in the editor, for someone without a
sign-in (a clinician reviewing a draft), until the link expires.

It lives on its own path (/preview/<token>/), never as a query string on the public
address, so a cache of public pages can never serve it or be filled by it.
"""

from django.core import signing
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format

from ipt_site.pages import files, selectors

from . import previews


def _refused(request, expired: bool):
    response = TemplateResponse(
        request,
        "editor/preview_link_invalid.html",
        {"expired": expired},
        status=410 if expired else 404,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def preview_exists(token: str) -> bool:
    """Whether /preview/<token>/ shows a page (a link in a content page)."""
    try:
        relpath = files.check_relpath(previews.read_token(token))
    except (signing.BadSignature, files.BadPath, KeyError, TypeError):
        return False
    return selectors.text_of(relpath) is not None


def shared_preview(request, token):
    try:
        relpath = files.check_relpath(previews.read_token(token))
    except signing.SignatureExpired:
        return _refused(request, expired=True)
    except (signing.BadSignature, files.BadPath, KeyError, TypeError):
        return _refused(request, expired=False)
    text = selectors.text_of(relpath)
    if text is None:
        return _refused(request, expired=False)
    page = previews.preview_page(relpath, text)
    until = date_format(timezone.localtime(previews.expires_on(token)), "j F Y")
    notice = (
        "This is a preview shared by the practice's staff. It may change before it is "
        f"published{' (the public cannot see it yet)' if page.draft else ''}. "
        f"This link works until {until}."
    )
    response = previews.render_preview(request, page, notice)
    # The token is the key to the page: never send it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response
